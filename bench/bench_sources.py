"""read_articles over the same articles as a directory, a zip and a ``tar czf`` archive (issue 20 item 4).

usage: python bench/bench_sources.py [--n 5000] [--repeats 3] [--shared ../shared]

Before the Rust resolver a ``.tar.gz`` of 5,000 articles took 563 s (members sorted, so every backward
seek decompressed the stream again) against 2.5 s as a zip. Now a tar stream is read once, front to
back. Prints the median of each source kind and its ratio to the directory.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

import zhtext as zt

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        subprocess.run(
            ["python", str(args.shared / "tools" / "make_bench_corpus.py"), str(corpus), "--n", str(args.n)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        tgz = Path(tmp) / "corpus.tar.gz"
        subprocess.run(["tar", "czf", str(tgz), "-C", tmp, "corpus"], check=True)
        zipped = Path(tmp) / "corpus.zip"
        with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(corpus.rglob("*.md")):
                archive.write(path, path.relative_to(tmp))
        sources = {"directory": corpus, "zip": zipped, "tar.gz": tgz}
        times: dict[str, list[float]] = {name: [] for name in sources}
        for _ in range(args.repeats):
            # Interleaved, so that a busy moment hurts every kind alike.
            for name, source in sources.items():
                start = time.perf_counter()
                rows = len(zt.read_articles(source, output="arrow", progress=False))
                times[name].append(time.perf_counter() - start)
                assert rows == args.n, (name, rows)
    base = statistics.median(times["directory"])
    print(f"{args.n} articles, median of {args.repeats}")
    for name, runs in times.items():
        median = statistics.median(runs)
        print(f"  {name:<10} {median:7.2f} s  {median / base:5.2f}× the directory")


if __name__ == "__main__":
    main()
