"""Segmentation of the words jieba's dictionary lacks, before and after ``Tokenizer.learn_words``.

On the SIGHAN 2005 PKU test text: the gold words not in the dictionary with at least 3 Han
characters occurring at least 3 times (the *target words*); the share of their occurrences that
``cut`` gets exactly right, and the word F1 over the whole text, before and after learning words
from the same text. Also the effect of each refinement of the baseline method.

    python bench/words_accuracy.py
"""

from __future__ import annotations

import argparse
from pathlib import Path

import zhtext as zt
from _common import ROOT, conftest, use_shared


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    use_shared(args.shared)
    import words_measure as m

    lines = conftest.pku_lines()
    gold = [line.split() for line in (args.shared / "sighan" / "pku_test_gold.utf8").read_text("utf-8").splitlines()]
    print("| learn_words | words learned | target recall before → after | F1 before → after |")
    print("|---|---|---|---|")
    for label, options in [
        ("defaults (min_count=5, min_score=3)", {}),
        ("min_count=3", {"min_count": 3}),
        ("min_score=5", {"min_score": 5.0}),
        ("min_score=0", {"min_score": 0.0}),
    ]:
        before, after, learned, targets = m.before_and_after(lines, gold, **options)
        print(
            f"| {label} | {len(learned)} | {before.target_recall:.3f} → {after.target_recall:.3f} "
            f"| {before.f1:.4f} → {after.f1:.4f} |"
        )
    print(f"\n{len(targets)} target words, {sum(targets.values())} occurrences")

    # The baseline (mutual information + boundary entropy only) against each refinement: learn
    # every candidate not in the dictionary that passes the given filters.
    tok = zt.Tokenizer()
    base = m.score(tok.cut_many(lines), gold, targets)
    print("\n| candidates learned (score ≥ 3, not in the dictionary) | words | target recall | F1 |")
    print("|---|---|---|---|")
    print(f"| none (jieba) | 0 | {base.target_recall:.3f} | {base.f1:.4f} |")
    raw = zt.discover_words(lines, function_chars=False, nested_share=1.0)
    refined = zt.discover_words(lines)
    chars = raw.attrs["han_chars"]
    steps = [
        ("baseline: MI + entropy", raw, lambda d: d["score"] >= 3),
        ("+ function-character edges, nested suppression", refined, lambda d: d["score"] >= 3),
        ("+ not a phrase of known words (compound)", refined, lambda d: (d["score"] >= 3) & ~d["compound"]),
        (
            "+ edges agree with the dictionary's words (conflicts ≤ 0.5)",
            refined,
            lambda d: (d["score"] >= 3) & ~d["compound"] & (d["conflicts"] <= 0.5),
        ),
        (
            "+ novelty ≥ 9 (= learn_words)",
            refined,
            lambda d: (d["score"] >= 3) & ~d["compound"] & (d["conflicts"] <= 0.5) & (d["novelty"] >= 9),
        ),
    ]
    for label, table, keep in steps:
        chosen = table[~table["in_dictionary"] & keep(table)]
        tok = zt.Tokenizer()
        for word, count in zip(chosen["word"], chosen["count"], strict=True):
            estimated = min(int(count / (chars / 1.5) * tok.total), tok.total // 10_000)
            tok.add_word(word, max(tok.suggest_freq(word), estimated))
        s = m.score(tok.cut_many(lines), gold, targets)
        print(f"| {label} | {len(chosen)} | {s.target_recall:.3f} | {s.f1:.4f} |")


if __name__ == "__main__":
    main()
