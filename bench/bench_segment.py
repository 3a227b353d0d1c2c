"""Segmentation speed: zhtext vs rjieba, jieba_fast, jieba and native jieba-rs, in one run.

usage: python bench/bench_segment.py [--repeats 5] [--shared ../shared] [--sets pku,corpus,short] [--no-native]

Prints, for PKU text, the news-corpus paragraphs and short lines (PKU text re-cut to
~46 characters, where the fixed cost of each call counts most), the median MB/s of each
contender over the repeats and its ratio to rjieba. Machines are shared and
noisy: read the ratios, not the absolute times. Needs the bench extra
(pip install '.[bench]') and cargo for the native rows.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import zhtext as zt
from _common import ROOT, conftest, interleaved_medians, print_table, short_lines, use_shared


def build_native() -> Path | None:
    try:
        subprocess.run(["cargo", "build", "--quiet", "--release", "--example", "native_segment"], cwd=ROOT, check=True)
    except (OSError, subprocess.CalledProcessError) as err:
        print(f"  (native rows skipped: {err})", file=sys.stderr)
        return None
    return ROOT / "target" / "release" / "examples" / "native_segment"


def native_pass(binary: Path, path: str, results: dict[str, list[float]]) -> None:
    """One round of the native contenders: the median of three passes of each."""
    out = json.loads(subprocess.run([str(binary), path, "3"], capture_output=True, text=True, check=True).stdout)
    for key in ("jieba_rs", "zhtext_core", "zhtext_core_columnar"):
        results.setdefault(key, []).append(out[key])


def bench(name: str, lines: list[str], repeats: int, binary: Path | None) -> None:
    import jieba
    import jieba_fast
    import rjieba

    jieba.setLogLevel(60)
    jieba_fast.setLogLevel(60)
    jieba.initialize()
    jieba_fast.initialize()
    tok = zt.Tokenizer()
    mb = sum(len(line.encode()) for line in lines) / 1e6
    cores = os.cpu_count() or 1
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    native: dict[str, list[float]] = {}
    contenders: dict[str, Callable[[], object]] = {
        "zhtext Tokenizer.cut (loop)": lambda: [tok.cut(t) for t in lines],
        "zhtext cut_many threads=1": lambda: tok.cut_many(lines, threads=1),
        f"zhtext cut_many threads={cores}": lambda: tok.cut_many(lines, threads=cores),
        "zhtext cut_many columnar threads=1": lambda: tok.cut_many(lines, threads=1, output="numpy"),
        f"zhtext cut_many columnar threads={cores}": lambda: tok.cut_many(lines, threads=cores, output="numpy"),
        "rjieba.cut (loop)": lambda: [rjieba.cut(t) for t in lines],
        "jieba_fast.lcut (loop)": lambda: [jieba_fast.lcut(t) for t in lines],
        "jieba.lcut (loop)": lambda: [jieba.lcut(t) for t in lines],
    }
    if binary is not None:
        contenders["native"] = lambda: native_pass(binary, f.name, native)
    try:
        rows = interleaved_medians(contenders, repeats)
    finally:
        os.unlink(f.name)
    rows.pop("native", None)
    labels = {
        "jieba_rs": "native jieba-rs cut (Rust loop)",
        "zhtext_core": "native zhtext core cut (Rust loop)",
        "zhtext_core_columnar": "native zhtext columnar threads=1",
    }
    for key, ts in native.items():
        rows[labels[key]] = statistics.median(ts)
    base = rows["rjieba.cut (loop)"]
    print_table(
        f"{name}: {len(lines)} lines, {mb:.2f} MB, median of {repeats} interleaved rounds",
        rows,
        mb,
        "rjieba.cut (loop)",
    )
    single = rows["zhtext Tokenizer.cut (loop)"]
    print(f"Tokenizer.cut / jieba: {rows['jieba.lcut (loop)'] / single:.1f}x")
    print(f"cut_many threads={cores} (list) / rjieba loop: {base / rows[f'zhtext cut_many threads={cores}']:.2f}x")
    if native:
        columnar = rows["zhtext cut_many columnar threads=1"]
        print(f"columnar threads=1 (from Python) / native jieba-rs: {rows[labels['jieba_rs']] / columnar:.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument(
        "--sets",
        default="pku,corpus,short",
        help="comma-separated text sets to time: pku, corpus, short (default: all three)",
    )
    ap.add_argument("--no-native", action="store_true", help="skip the native rows (and their cargo release build)")
    a = ap.parse_args()
    sets = set(a.sets.split(","))
    if unknown := sets - {"pku", "corpus", "short"}:
        ap.error(f"unknown sets: {', '.join(sorted(unknown))}")
    use_shared(a.shared)
    pku = (a.shared / "sighan" / "pku_test.utf8").read_text(encoding="utf-8").splitlines()
    binary = None if a.no_native else build_native()
    if "pku" in sets:
        bench("PKU test text", pku, a.repeats, binary)
    if "corpus" in sets:
        bench("news corpus paragraphs", conftest.corpus_paragraphs(), a.repeats, binary)
    if "short" in sets:
        # Short lines: one call per ~46-character line, where per-call costs count most.
        bench("short lines (PKU text re-cut to ~46 characters)", short_lines(pku), a.repeats, binary)


if __name__ == "__main__":
    main()
