"""Speed of ``zt.discover_words`` against a straightforward Python implementation of the same method.

The Python contender, written for this benchmark, does what ``discover_words`` does with dicts:
count every Han n-gram of 1 to ``max_len + 1`` characters and the texts each occurs in, then
for each candidate of 2 to ``max_len`` characters with ``min_count`` occurrences compute the
PMI of its weakest split and its left and right boundary entropies (from the n-grams one
character longer; occurrences at a run's edge count as contexts of their own). It leaves out
the refinements (dictionary checks, filters), which cost ``discover_words`` extra time.
Like it, ``discover_words`` reads the characters as written here (``script="as_is"``); one more row
times the default ``script="auto"``, which also folds traditional texts to simplified.
Medians of interleaved runs, MB/s of UTF-8 text. ``--cpu`` adds a table of the single-threaded
contenders timed by the process's CPU time, interleaved as well: on a shared machine wall time
measures the neighbours' load as much as the contenders (two threads cannot be timed that way).

    python bench/bench_words.py --mb 1 --repeats 3 [--cpu]
"""

from __future__ import annotations

import argparse
import math
import re
import statistics
import time
from collections import defaultdict

import zhtext as zt
from _common import ROOT, conftest, interleaved_medians, print_table, use_shared

HAN_RUN = re.compile(r"[\u4e00-\u9fd5]+")


def python_discover(texts: list[str], min_count: int = 5, max_len: int = 6) -> list[tuple]:
    counts: dict[str, int] = defaultdict(int)
    documents: dict[str, int] = defaultdict(int)
    for text in texts:
        seen = set()
        for run in HAN_RUN.findall(text):
            for i in range(len(run)):
                for n in range(1, min(max_len + 1, len(run) - i) + 1):
                    gram = run[i : i + n]
                    counts[gram] += 1
                    seen.add(gram)
        for gram in seen:
            documents[gram] += 1
    total = sum(c for g, c in counts.items() if len(g) == 1)
    right: dict[str, float] = defaultdict(float)
    left: dict[str, float] = defaultdict(float)
    for gram, c in counts.items():
        if len(gram) >= 3:
            term = c * math.log(c)
            right[gram[:-1]] += term
            left[gram[1:]] += term
    out = []
    for gram, c in counts.items():
        if not 2 <= len(gram) <= max_len or c < min_count:
            continue
        cohesion = min(math.log(c * total / (counts[gram[:k]] * counts[gram[k:]])) for k in range(1, len(gram)))
        h_left = max(math.log(c) - left[gram] / c, 0.0)
        h_right = max(math.log(c) - right[gram] / c, 0.0)
        score = (min(h_left, h_right) + max(cohesion, 0.0) / 4) * math.log(c)
        out.append((gram, c, documents[gram], cohesion, h_left, h_right, score))
    out.sort(key=lambda r: -r[-1])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=1.0, help="MB of corpus text (the corpus repeated as needed)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--cpu", action="store_true", help="also time the one-thread contenders by CPU time")
    args = ap.parse_args()
    from pathlib import Path

    use_shared(Path(args.shared))
    corpus = conftest.corpus_texts()
    texts: list[str] = []
    while sum(len(t.encode()) for t in texts) < args.mb * 1e6:
        texts.extend(corpus)
    mb = sum(len(t.encode()) for t in texts) / 1e6
    tok = zt.Tokenizer()
    ours = zt.discover_words(texts, tokenizer=tok, threads=1, script="as_is")
    theirs = python_discover(texts)
    # The same statistics for the same n-grams (before zhtext's filters).
    row = ours.iloc[0]
    match = next(r for r in theirs if r[0] == row["word"])
    assert match[1:3] == (row["count"], row["documents"]), (match, row)
    assert math.isclose(match[3], row["cohesion"]) and math.isclose(match[6], row["score"])
    seconds = interleaved_medians(
        {
            "Python (dicts, same method)": lambda: python_discover(texts),
            "zt.discover_words threads=1": lambda: zt.discover_words(texts, tokenizer=tok, threads=1, script="as_is"),
            "zt.discover_words threads=2": lambda: zt.discover_words(texts, tokenizer=tok, threads=2, script="as_is"),
            "zt.discover_words threads=1 script=auto": lambda: zt.discover_words(texts, tokenizer=tok, threads=1),
        },
        args.repeats,
    )
    title = f"discover_words on {mb:.1f} MB ({len(texts)} articles), medians of {args.repeats}"
    print_table(title, seconds, mb, "Python (dicts, same method)")
    if args.cpu:
        one_thread = {
            "Python (dicts, same method)": lambda: python_discover(texts),
            "zt.discover_words threads=1": lambda: zt.discover_words(texts, tokenizer=tok, threads=1, script="as_is"),
        }
        cpu: dict[str, list[float]] = {name: [] for name in one_thread}
        for _ in range(args.repeats):
            for name, fn in one_thread.items():
                start = time.process_time()
                fn()
                cpu[name].append(time.process_time() - start)
        medians = {name: statistics.median(times) for name, times in cpu.items()}
        print_table(f"{title}, CPU time", medians, mb, "Python (dicts, same method)")


if __name__ == "__main__":
    main()
