"""Conversion parity: zhtext.convert against the ``opencc`` package (OpenCC 1.4), every config.

usage: python bench/parity_convert.py [--shared ../shared]

Inputs per config: every corpus paragraph and every PKU test line, plus, for the configs that
convert traditional text (t2s, tw2s, hk2s, tw2sp), the same texts first converted to traditional
by OpenCC (s2t, s2tw, s2hk, s2twp respectively), so that those configs see the text they are made
for. Prints the share of identical outputs per config and lists every difference.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import zhtext as zt
from _common import ROOT, conftest, use_shared

CONFIGS = ["s2t", "t2s", "s2tw", "tw2s", "s2hk", "hk2s", "tw2sp", "s2twp"]
# The traditional text each config converting to simplified is made for.
SOURCE_OF = {"t2s": "s2t", "tw2s": "s2tw", "hk2s": "s2hk", "tw2sp": "s2twp"}


def inputs(opencc: object, config: str, texts: list[str]) -> list[str]:
    source = SOURCE_OF.get(config)
    if source is None:
        return texts
    converter = opencc.OpenCC(source)  # type: ignore[attr-defined]
    return texts + [converter.convert(t) for t in texts]


def compare(config: str, texts: list[str]) -> list[tuple[str, str, str]]:
    """``(input, opencc, zhtext)`` for every text whose outputs differ."""
    import opencc

    reference = opencc.OpenCC(config)
    ours = zt.convert(texts, config=config)  # type: ignore[arg-type]
    return [(t, r, o) for t, o in zip(texts, ours, strict=True) if (r := reference.convert(t)) != o]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    use_shared(args.shared)
    import opencc

    sets = {"corpus": conftest.corpus_paragraphs(), "pku": conftest.pku_lines()}
    print(f"opencc {opencc.__version__}")
    print("| config | set | texts | identical | share |")
    print("|---|---|---:|---:|---:|")
    listed = []
    for config in CONFIGS:
        for name, texts in sets.items():
            texts = inputs(opencc, config, texts)
            differ = compare(config, texts)
            share = 1 - len(differ) / len(texts)
            print(f"| {config} | {name} | {len(texts)} | {len(texts) - len(differ)} | {share:.5f} |")
            listed += [(config, name, *d) for d in differ]
    print(f"\n{len(listed)} differences")
    for config, name, text, ref, ours in listed:
        diff = [i for i, (a, b) in enumerate(zip(ref, ours, strict=False)) if a != b]
        at = diff[0] if diff else min(len(ref), len(ours))
        lo = max(0, at - 8)
        window = slice(lo, at + 12)
        print(f"- {config} {name}: input …{text[window]}… opencc …{ref[window]}… zhtext …{ours[window]}…")


if __name__ == "__main__":
    main()
