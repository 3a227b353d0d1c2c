"""Time to first result: a fresh Python process imports the library, cuts one sentence, then extracts
keywords from one paragraph; zhtext against jieba 0.42.1 and rjieba (and jieba_fast, if installed).

    python bench/bench_first_call.py --repeats 7

Each round starts one process per contender in turn, so that all see the same machine load; each process
reports the wall time of its import, of its first ``cut`` and of its first keyword call after it. Prints
medians, and the whole process's wall time (interpreter start-up included) as the parent saw it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
import time

SENTENCE = "我来到北京清华大学"
PARAGRAPH = "记者从市政府获悉，本市将在明年年底前建成覆盖全市的公共充电网络，新能源汽车的充电难问题将得到缓解。" * 3

# {import} imports the library as `lib`; {cut} and {keywords} are expressions over `lib`, `s` and `p`.
WORKLOAD = """
import json, time
t0 = time.perf_counter()
{import}
t1 = time.perf_counter()
s, p = {sentence!r}, {paragraph!r}
words = {cut}
t2 = time.perf_counter()
keywords = {keywords}
t3 = time.perf_counter()
assert words and keywords
print(json.dumps({{"import": t1 - t0, "first cut": t2 - t1, "first keywords": t3 - t2}}))
"""

CONTENDERS = {
    "zhtext": ("import zhtext as lib", "lib.cut(s)", "lib.extract_tags(p, top_k=5)"),
    "jieba 0.42.1": (
        "import jieba as lib, jieba.analyse; lib.setLogLevel(60)",
        "lib.lcut(s)",
        "lib.analyse.extract_tags(p, topK=5)",
    ),
    "rjieba": ("import rjieba as lib", "lib.cut(s)", "lib.tag(p)"),  # rjieba has no keyword extraction
    "jieba_fast": (
        "import jieba_fast as lib, jieba_fast.analyse; lib.setLogLevel(60)",
        "lib.lcut(s)",
        "lib.analyse.extract_tags(p, topK=5)",
    ),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args()
    contenders = {
        name: WORKLOAD.format(
            **{"import": imp, "cut": cut, "keywords": kw, "sentence": SENTENCE, "paragraph": PARAGRAPH}
        )
        for name, (imp, cut, kw) in CONTENDERS.items()
        if importlib.util.find_spec(imp.split()[1].rstrip(",")) is not None
    }
    times: dict[str, dict[str, list[float]]] = {name: {} for name in contenders}
    for _ in range(args.repeats):
        for name, code in contenders.items():
            start = time.perf_counter()
            run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
            wall = time.perf_counter() - start
            for phase, seconds in [*json.loads(run.stdout).items(), ("whole process", wall)]:
                times[name].setdefault(phase, []).append(seconds)
    phases = ["import", "first cut", "first keywords", "whole process"]
    print(f"\n### Time to first result (seconds, medians of {args.repeats} fresh processes)")
    print("| contender | " + " | ".join(phases) + " |")
    print("|---|" + "---:|" * len(phases))
    for name, by_phase in times.items():
        print(f"| {name} | " + " | ".join(f"{statistics.median(by_phase[p]):.3f}" for p in phases) + " |")
    print("\nrjieba's keyword column times its first `tag` (it has no keyword extraction).")


if __name__ == "__main__":
    main()
