"""Segmentation accuracy on traditional text: the PKU gold converted to traditional, scored per script.

usage: python bench/eval_script.py [--config s2t] [--shared ../shared]

There is no traditional gold set at hand, so one is made: each PKU gold line is converted to
traditional with OpenCC (``s2t`` by default; ``s2tw``, ``s2hk`` or ``s2twp`` with --config) with its
word boundaries unchanged (the line is converted whole, for phrase context, and split at the gold
word lengths when the conversion kept its length, else word by word). Prints word P/R/F1 of
``zhtext.Tokenizer`` with ``script="as_is"``, ``"auto"`` and ``"simplified"`` and of jieba, on the
traditional set and on the original simplified set. ``auto`` and ``simplified`` also read full-width
letters, digits and ``%`` as ASCII, which lifts both sets above jieba's simplified F1 (docs/convert.md
has the figures: 0.8206 on s2t and on simplified, 0.8202 on s2twp, against 0.8183).

Then one term for both spellings: each simplified corpus article is converted to traditional with
OpenCC, and the top-10 TF-IDF keywords of the two versions are compared (overlap = shared keywords
/ 10, in simplified characters for the folded rows; mean over the articles).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import zhtext as zt
from _common import ROOT, conftest, use_shared

from tests.test_accuracy import score


def traditional_gold(gold: list[list[str]], config: str) -> list[list[str]]:
    """``gold`` converted by OpenCC's ``config``, word boundaries unchanged."""
    import opencc

    converter = opencc.OpenCC(config)
    out = []
    for words in gold:
        line = converter.convert("".join(words))
        if len(line) == sum(map(len, words)):
            split, pos = [], 0
            for w in words:
                split.append(line[pos : pos + len(w)])
                pos += len(w)
            out.append(split)
        else:
            out.append([converter.convert(w) for w in words])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", default="s2t", choices=["s2t", "s2tw", "s2hk", "s2twp"])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    use_shared(args.shared)
    gold_path = conftest.shared_path("sighan", "pku_test_gold.utf8")
    gold = [line.split() for line in gold_path.read_text("utf-8").splitlines()]
    sets = {"simplified": gold, f"traditional ({args.config})": traditional_gold(gold, args.config)}
    try:
        import jieba
    except ImportError:
        jieba = None
    tok = zt.Tokenizer()
    print("| text | segmenter | P | R | F1 |")
    print("|---|---|---:|---:|---:|")
    for name, words in sets.items():
        lines = ["".join(w) for w in words]
        rows = {f'zhtext script="{s}"': tok.cut_many(lines, script=s) for s in ("as_is", "auto", "simplified")}
        if jieba is not None:
            rows["jieba 0.42.1"] = [jieba.lcut(line) for line in lines]
        for label, predicted in rows.items():
            p, r, f = score(predicted, words)
            print(f"| {name} | {label} | {p:.4f} | {r:.4f} | {f:.4f} |")
    keyword_overlap(args.config)


def overlap(a: list[str], b: list[str], k: int) -> float:
    return len(set(a) & set(b)) / max(1, min(k, max(len(a), len(b))))


def keyword_overlap(config: str, k: int = 10) -> None:
    import opencc

    converter = opencc.OpenCC(config)
    articles = [t for t in conftest.corpus_texts() if zt.convert(t, config="s2t") != t]
    traditional = [converter.convert(t) for t in articles]
    both = articles + traditional
    ex = zt.TfidfExtractor(zt.Tokenizer())
    print(f"\n{len(articles)} simplified corpus articles and their OpenCC {config} conversions, top-{k} keywords:")
    print("| extraction | mean overlap | articles with overlap 1.0 |")
    print("|---|---:|---:|")
    runs = {
        "as_is (jieba)": {},
        'script="auto"': {"script": "auto"},
        'fold_script="simplified"': {"fold_script": "simplified"},
    }
    for label, kwargs in runs.items():
        found = ex.extract_many(both, top_k=k, **kwargs)
        simplified, trad = found[: len(articles)], found[len(articles) :]
        if "fold_script" not in kwargs:  # compare in one script
            trad = [[zt.convert(w) for w in words] for words in trad]
        scores = [overlap(a, b, k) for a, b in zip(simplified, trad, strict=True)]
        perfect = sum(s == 1.0 for s in scores)
        print(f"| {label} | {sum(scores) / len(scores):.4f} | {perfect}/{len(scores)} |")


if __name__ == "__main__":
    main()
