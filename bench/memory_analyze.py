"""Peak memory of ``zhtext analyze`` as the archive grows: streamed to ``--out`` vs read whole.

usage: python bench/memory_analyze.py [--sizes 20000 200000] [--whole-up-to 20000] [--tgz-up-to 20000]
                                      [--shared ../shared] [--corpora DIR] [--phases] [--batches]

For each size, a corpus from ``shared/tools/make_bench_corpus.py`` is analysed in a fresh process (built
in a temporary folder, or with ``--corpora DIR`` kept as ``DIR/c<size>`` and reused by later runs: the
200,000-file corpus takes minutes to write):
- ``stream``: ``zhtext analyze DIR --out rows.parquet --report report.html`` (rows written batch by
  batch, the report counted in its bounded state as they go, then saved);
- ``stream tgz``: the same over a ``tar czf`` archive of the corpus (members read in stream order; up
  to ``--tgz-up-to`` files);
- ``whole``: ``zt.read_articles(DIR)`` alone, the frame the in-memory path starts from (up to
  ``--whole-up-to`` files).
It prints each run's peak RSS (``wait4``'s ``ru_maxrss``), wall time and the row groups of the streamed
``rows.parquet`` (pyarrow keeps each one's metadata until the file is closed), and the ratio of the
largest to the smallest size's streamed peak (flat = 1.0). Target: ≤ 400 MB at every size.
With ``--phases``, the streamed run of each size is made once more in a process that samples its RSS
every 10 ms and prints the peak of each phase: the sampling read, learning words and fitting IDF,
the batch loop, the report's tables, the HTML.
With ``--batches``, it is made once more sampling RSS every 2 ms and marking each batch's end: it
prints the RSS between batches (after freed memory is returned) and each batch's peak, as median /
highest per fifth of the run. A run's peak is the highest of its batches' peaks (or of the learning
phase): with ten times the batches, the highest lands further out in the same distribution, so a
flat peak needs flat between-batch RSS and a batch rise without a long tail.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]


def peak(command: list[str]) -> tuple[float, float]:
    """Peak RSS (MB) and wall seconds of ``command`` run in a child process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed: {child.stderr.read().decode() if child.stderr else ''}")
    return usage.ru_maxrss / 1024, wall


#: The streamed run with its phases marked: ``analyze_to`` as the CLI calls it, RSS sampled on a thread.
PHASES = """
import os, sys, threading, time
phase, peaks = ["import"], {}
page = os.sysconf("SC_PAGE_SIZE")
def sample():
    while True:
        with open("/proc/self/statm") as f:
            rss = int(f.read().split()[1]) * page / 2**20
        peaks[phase[0]] = max(peaks.get(phase[0], 0), rss)
        time.sleep(0.01)
threading.Thread(target=sample, daemon=True).start()
from zhtext import analysis
from zhtext.report import state
def marked(owner, name, label, after=None):
    function = getattr(owner, name)
    def run(*args, **kwargs):
        before, phase[0] = phase[0], label
        try:
            return function(*args, **kwargs)
        finally:
            phase[0] = after or before
    setattr(owner, name, run)
marked(analysis, "_reservoir", "sampling read")
marked(analysis, "fitted_extractor", "learn words + fit IDF", after="batch loop")
marked(state.ReportState, "report", "report tables")
report = analysis.analyze_to([sys.argv[1]], sys.argv[2])
phase[0] = "HTML"
report.save(sys.argv[3])
time.sleep(0.05)
for name, mb in peaks.items():
    print(f"         {name:<24} {mb:>8.0f}")
"""

#: The streamed run with each batch's end marked (``release_unused``, called after each batch).
BATCHES = """
import os, statistics, sys, threading, time
page = os.sysconf("SC_PAGE_SIZE")
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * page / 2**20
highest, peaks, between = [0.0], [], []
def sample():
    while True:
        highest[0] = max(highest[0], rss())
        time.sleep(0.002)
threading.Thread(target=sample, daemon=True).start()
from zhtext import analysis
release = analysis.release_unused
def marked():
    peaks.append(highest[0])
    highest[0] = 0.0
    release()
    between.append(rss())
analysis.release_unused = marked
analysis.analyze_to([sys.argv[1]], sys.argv[2])
# The first mark ends the sampling read and learning; the last two, the loop and the writer's close.
loop = slice(1, len(peaks) - 2)
peaks, between = peaks[loop], between[loop]
fifth = max(1, len(peaks) // 5)
for start in range(0, len(peaks), fifth):
    p, b = peaks[start : start + fifth], between[start : start + fifth]
    print(f"         batches {start:>5}-{start + len(p) - 1:<5} between {statistics.median(b):>5.0f} / {max(b):>4.0f}"
          f"   peak {statistics.median(p):>5.0f} / {max(p):>4.0f}")
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[20_000, 200_000])
    ap.add_argument("--whole-up-to", type=int, default=20_000)
    ap.add_argument("--tgz-up-to", type=int, default=20_000)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--corpora", type=Path, help="keep each size's corpus as DIR/c<size> and reuse it")
    ap.add_argument("--phases", action="store_true", help="also print the peak RSS of each phase of the streamed run")
    ap.add_argument("--batches", action="store_true", help="also print RSS between batches and batch peaks")
    args = ap.parse_args()
    make = args.shared / "tools" / "make_bench_corpus.py"
    if not make.exists():
        raise SystemExit(f"{make} is absent")
    python = sys.executable
    print(f"{'files':>8} {'run':<11} {'peak RSS MB':>12} {'wall s':>8}")
    streamed: dict[int, float] = {}
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = args.corpora / f"c{n}" if args.corpora else Path(tmp) / "corpus"
            if not corpus.exists():
                # Built under another name and renamed: an interrupted build is not reused.
                partial = corpus.with_name(corpus.name + ".partial")
                shutil.rmtree(partial, ignore_errors=True)
                subprocess.run([python, str(make), str(partial), "--n", str(n)], check=True, stdout=subprocess.DEVNULL)
                partial.rename(corpus)
            out, report = Path(tmp) / "rows.parquet", Path(tmp) / "report.html"
            analyze = [python, "-m", "zhtext", "analyze", "--out", str(out), "--report", str(report), "-q"]
            mb, wall = peak([*analyze, str(corpus)])
            streamed[n] = mb
            row_groups = pq.read_metadata(out).num_row_groups
            print(f"{n:>8} {'stream':<11} {mb:>12.0f} {wall:>8.1f}   ({row_groups} row groups written)", flush=True)
            if args.phases:
                print(f"{n:>8} phases (peak RSS MB):", flush=True)
                subprocess.run([python, "-c", PHASES, str(corpus), str(out), str(report)], check=True)
            if args.batches:
                print(f"{n:>8} batches (RSS MB, median / highest):", flush=True)
                subprocess.run([python, "-c", BATCHES, str(corpus), str(out)], check=True)
            if n <= args.tgz_up_to:
                archive = Path(tmp) / "corpus.tar.gz"
                with tarfile.open(archive, "w:gz") as tar:
                    tar.add(corpus, arcname="corpus")
                mb, wall = peak([*analyze, str(archive)])
                print(f"{n:>8} {'stream tgz':<11} {mb:>12.0f} {wall:>8.1f}", flush=True)
            if n <= args.whole_up_to:
                code = f"import zhtext as zt; zt.read_articles({str(corpus)!r}, progress=False)"
                mb, wall = peak([python, "-c", code])
                print(f"{n:>8} {'whole':<11} {mb:>12.0f} {wall:>8.1f}", flush=True)
    if len(streamed) > 1:
        sizes = sorted(streamed)
        print(f"streamed peak at {sizes[-1]} / at {sizes[0]} files: {streamed[sizes[-1]] / streamed[sizes[0]]:.2f}")


if __name__ == "__main__":
    main()
