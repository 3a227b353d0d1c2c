"""Run speed of two or more builds of zhtext (e.g. the release and dist profiles), to decide which one ships.

    python bench/bench_builds.py release=/tmp/pp-release dist=/tmp/pp-dist --repeats 7

Each ``NAME=DIR`` is a directory holding a built ``zhtext`` package (copied from a venv's site-packages,
or a wheel unpacked). Every round runs each build once, in a fresh process, in turn, so that all builds see
the same machine load; each process times cut_many (1 thread), the extract loop and read_articles
(1 thread) on the PKU text and the news corpus in ../shared. Prints medians and ratios to the first build.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from _common import ROOT

WORKLOAD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
import zhtext as zt
shared = sys.argv[2]
lines = open(shared + "/sighan/pku_test.utf8", encoding="utf-8").read().splitlines()
docs = ["\n".join(lines[i:i + 25]) for i in range(0, len(lines), 25)]
tok, ex = zt.Tokenizer(), zt.TfidfExtractor()
tok.cut_many(lines[:50], threads=1); ex.extract(docs[0]); tok.tag(lines[0])  # load the tables untimed
out = {}
def timed(name, fn):
    start = time.perf_counter(); fn(); out[name] = time.perf_counter() - start
timed("cut_many threads=1 (PKU)", lambda: tok.cut_many(lines, threads=1))
timed("extract loop top 20 (PKU docs)", lambda: [ex.extract(d, top_k=20) for d in docs])
timed("tag loop (PKU, 500 lines)", lambda: [tok.tag(line) for line in lines[:500]])
timed("read_articles threads=1 (corpus)", lambda: zt.read_articles(shared + "/corpus", threads=1, output="arrow"))
print(json.dumps(out))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("builds", nargs="+", help="NAME=DIR: a directory containing a built zhtext package")
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    builds = dict(b.split("=", 1) for b in args.builds)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    times: dict[str, dict[str, list[float]]] = {name: {} for name in builds}
    for _ in range(args.repeats):
        for name, directory in builds.items():
            run = subprocess.run(
                [sys.executable, "-c", WORKLOAD, directory, str(args.shared)],
                capture_output=True, text=True, check=True, env=env, cwd="/",
            )  # fmt: skip
            for task, seconds in json.loads(run.stdout).items():
                times[name].setdefault(task, []).append(seconds)
    first = next(iter(builds))
    names = list(builds)
    print(f"median seconds of {args.repeats} interleaved rounds; ratio = {first} / build (> 1: faster than {first})")
    print("| task | " + " | ".join(names) + " | " + " | ".join(f"× {first}: {n}" for n in names[1:]) + " |")
    print("|---|" + "---:|" * (2 * len(names) - 1))
    for task in times[first]:
        medians = [statistics.median(times[n][task]) for n in names]
        ratios = [medians[0] / m for m in medians[1:]]
        cells = [f"{m:.3f}" for m in medians] + [f"{r:.2f}" for r in ratios]
        print(f"| {task} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
