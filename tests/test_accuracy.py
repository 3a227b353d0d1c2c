"""Word segmentation accuracy, scored as the SIGHAN scorer does: on the SIGHAN 2005 PKU test set when
../shared is present, else on the hand-segmented sentences in tests/fixtures/segmented.txt."""

from __future__ import annotations

import pytest
import zhtext as zt

from .conftest import gold_segmentation, pku_lines


def spans(words: list[str]) -> set[tuple[int, int]]:
    out, pos = set(), 0
    for w in words:
        w = "".join(w.split())
        if w:
            out.add((pos, pos + len(w)))
            pos += len(w)
    return out


def score(predicted: list[list[str]], gold: list[list[str]]) -> tuple[float, float, float]:
    hit = n_pred = n_gold = 0
    for p, g in zip(predicted, gold, strict=True):
        ps, gs = spans(p), spans(g)
        hit += len(ps & gs)
        n_pred += len(ps)
        n_gold += len(gs)
    precision, recall = hit / n_pred, hit / n_gold
    return precision, recall, 2 * precision * recall / (precision + recall)


def test_pku_f1_is_no_lower_than_jieba() -> None:
    jieba = pytest.importorskip("jieba", reason="needs jieba==0.42.1")
    lines = pku_lines()
    gold = gold_segmentation()
    ours = score(zt.Tokenizer().cut_many(lines), gold)
    theirs = score([jieba.lcut(line) for line in lines], gold)
    print(
        f"\nword P/R/F1: zhtext {ours[0]:.4f}/{ours[1]:.4f}/{ours[2]:.4f}, "
        f"jieba {theirs[0]:.4f}/{theirs[1]:.4f}/{theirs[2]:.4f}"
    )
    assert ours[2] >= theirs[2]
    assert ours[2] > 0.80
