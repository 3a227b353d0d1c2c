"""Conversion speed: zhtext.convert against the opencc package (OpenCC 1.4, C++), in one run.

usage: python bench/bench_convert.py [--repeats 5] [--configs s2t,t2s,s2twp,tw2sp] [--shared ../shared]

Text: every corpus paragraph and PKU test line (simplified), and for the configs that convert
traditional text, the same converted to traditional by OpenCC. Prints, per config, the median MB/s
of opencc (one str at a time: it has no batch call), zhtext one str at a time, and zhtext's batch
call on 1 and 2 threads, with each row's ratio to opencc. Machines are shared and noisy: read the
ratios, not the absolute times. Needs opencc (pip install '.[bench]').
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import zhtext as zt
from _common import ROOT, conftest, interleaved_medians, print_table, use_shared

SOURCE_OF = {"t2s": "s2t", "tw2s": "s2tw", "hk2s": "s2hk", "tw2sp": "s2twp"}


def contenders(reference: Any, config: str, texts: list[str]) -> dict[str, Callable[[], object]]:
    return {
        "opencc (one str per call)": lambda: [reference.convert(t) for t in texts],
        "zhtext (one str per call)": lambda: [zt.convert(t, config=config) for t in texts],  # type: ignore[call-overload]
        "zhtext batch, 1 thread": lambda: zt.convert(texts, config=config, threads=1),  # type: ignore[call-overload]
        "zhtext batch, 2 threads": lambda: zt.convert(texts, config=config, threads=2),  # type: ignore[call-overload]
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--configs", default="s2t,t2s,s2twp,tw2sp")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    use_shared(args.shared)
    import opencc

    simplified = conftest.corpus_paragraphs() + conftest.pku_lines()
    print(f"opencc {opencc.__version__}, zhtext {zt.__version__}; {len(simplified)} texts")
    for config in args.configs.split(","):
        texts = simplified
        if config in SOURCE_OF:
            texts = [opencc.OpenCC(SOURCE_OF[config]).convert(t) for t in simplified]
        mb = sum(len(t.encode()) for t in texts) / 1e6
        reference = opencc.OpenCC(config)
        assert zt.convert(texts, config=config) == [reference.convert(t) for t in texts]
        seconds = interleaved_medians(contenders(reference, config, texts), args.repeats)
        print_table(f"{config}: {mb:.2f} MB", seconds, mb, "opencc (one str per call)")


if __name__ == "__main__":
    main()
