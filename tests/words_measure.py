"""How well segmentation gets the words jieba's dictionary lacks, before and after ``learn_words``.

Shared by tests/test_words.py and bench/words_accuracy.py. On a segmented text with its gold
segmentation: the *target words* are the gold words that are not in the dictionary, have at least
3 Han characters and occur at least 3 times; *recall* is the share of their occurrences that a
segmentation cuts exactly (same span); F1 is the SIGHAN word F1 over the whole text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import zhtext as zt

HAN = re.compile(r"^[\u4e00-\u9fd5]+$")


def spans(words: list[str]) -> list[tuple[int, int]]:
    out, pos = [], 0
    for w in words:
        w = "".join(w.split())
        if w:
            out.append((pos, pos + len(w)))
            pos += len(w)
    return out


def target_words(gold: list[list[str]], tokenizer: zt.Tokenizer) -> dict[str, int]:
    """Gold words not in the dictionary, of 3+ Han characters, occurring 3+ times, with their counts."""
    counts = Counter(w for line in gold for w in line)
    return {
        w: n for w, n in counts.items() if n >= 3 and len(w) >= 3 and HAN.match(w) and tokenizer.word_freq(w) is None
    }


@dataclass
class Scores:
    target_recall: float
    precision: float
    recall: float
    f1: float


def score(predicted: list[list[str]], gold: list[list[str]], targets: dict[str, int]) -> Scores:
    hit = n_pred = n_gold = target_hit = target_total = 0
    for p, g in zip(predicted, gold, strict=True):
        ps = set(spans(p))
        gold_spans = spans(g)
        hit += len(ps & set(gold_spans))
        n_pred += len(ps)
        n_gold += len(gold_spans)
        for word, span in zip((w for w in g if "".join(w.split())), gold_spans, strict=True):
            if word in targets:
                target_total += 1
                target_hit += span in ps
    precision, recall = hit / n_pred, hit / n_gold
    return Scores(
        target_recall=target_hit / max(target_total, 1),
        precision=precision,
        recall=recall,
        f1=2 * precision * recall / (precision + recall),
    )


def before_and_after(lines: list[str], gold: list[list[str]], **learn: Any) -> tuple[Scores, Scores, Any, dict]:
    """Scores of a fresh tokenizer's cut, then of the same after ``learn_words(lines, **learn)``;
    also the words learned and the target words."""
    tok = zt.Tokenizer()
    targets = target_words(gold, tok)
    before = score(tok.cut_many(lines), gold, targets)
    learned = tok.learn_words(lines, **learn)
    after = score(tok.cut_many(lines), gold, targets)
    return before, after, learned, targets
