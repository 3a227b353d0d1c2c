"""``zhtext analyze --report`` against reading, cutting and keyword extraction alone, in one run.

usage: python bench/report_speed.py [--n 20000] [--repeats 3] [--shared ../shared]

Builds an archive of N files with ../shared/tools/make_bench_corpus.py, then times, interleaved
round by round (medians):

- ``read + cut + keywords``: ``zt.read_articles`` then ``.zh.cut`` and ``.zh.keywords`` with the
  analysis filters (the work every analysis does, nothing of the report);
- ``zhtext analyze``: the command as a user runs it (learned words, near-duplicate groups, the
  text report with its mentions, quotes and tables);
- ``zhtext analyze --report``: the same, also writing the HTML report;
- ``zhtext analyze --no-learn-words --report``: without learning the archive's words first (the
  step that keeps names whole; it costs about as much as the whole report).

The target: ``zhtext analyze --report`` within 1.5× of ``read + cut + keywords``.

The posseg HMM remembers the runs it decoded on each thread of the pool, which lives as long as the
process: the timed rounds (after each contender's untimed first call) run with that memory filled, as
a long notebook session would, while a fresh ``zhtext analyze`` starts without it. The bench archive
repeats each corpus article about N/105 times, so nearly every run is remembered there; on an archive
of distinct articles fewer are (docs/benchmarks.md).

With ``--phases`` it also prints where ``zhtext analyze --report``'s time goes, step by step in the
order the command runs them (CPU seconds of the process, all threads: on a shared machine they vary
less than wall time), each as a share of ``read + cut + keywords``'s CPU time, and each step's wall
seconds (the command overlaps the pass with the report's counting; here they run one after the other).
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import zhtext as zt
from _common import add_corpus_arguments, bench_corpus, interleaved_medians
from zhtext.cli import main as cli


def bench(folder: Path, repeats: int) -> None:
    html = Path(tempfile.mkdtemp()) / "report.html"

    def baseline() -> None:
        df = zt.read_articles(folder, progress=False)
        df["tokens"] = df["text"].zh.cut(script="auto")
        extractor = zt.TfidfExtractor(filters=zt.ANALYSIS_FILTERS)
        df["keywords"] = df["text"].zh.keywords(top_k=10, with_weight=True, extractor=extractor, script="auto")

    def analyze(*extra: str) -> None:
        assert cli(["analyze", str(folder), "-q", *extra], out=io.StringIO()) == 0

    contenders = {
        "read + cut + keywords": baseline,
        "zhtext analyze": analyze,
        "zhtext analyze --report": lambda: analyze("--report", str(html)),
        "zhtext analyze --no-learn-words --report": lambda: analyze("--no-learn-words", "--report", str(html)),
    }
    seconds = interleaved_medians(contenders, repeats, min_seconds=0)
    base = seconds["read + cut + keywords"]
    files = sum(1 for _ in folder.rglob("*.md"))
    print(f"\n### {files} archive files, median of {repeats} (seconds; ratio to read + cut + keywords)")
    print(f"| {'contender':<42} | {'seconds':>8} | {'ratio':>6} |")
    print(f"|{'-' * 44}|{'-' * 9}:|{'-' * 7}:|")
    for label, secs in seconds.items():
        print(f"| {label:<42} | {secs:8.2f} | {secs / base:6.2f} |")
    print(f"\nzhtext analyze --report / read + cut + keywords: {seconds['zhtext analyze --report'] / base:.2f} (≤ 1.5)")
    print(f"HTML report: {html.stat().st_size / 1e3:.0f} kB")


def phases(folder: Path) -> None:
    """CPU seconds of each step of ``zhtext analyze --report`` (the in-memory route), as the command runs them."""
    import pandas as pd
    from zhtext import analysis
    from zhtext.report.state import ReportState

    steps: dict[str, float] = {}
    walls: dict[str, float] = {}
    last, last_wall = time.process_time(), time.perf_counter()

    def step(name: str) -> None:
        nonlocal last, last_wall
        now, now_wall = time.process_time(), time.perf_counter()
        steps[name], walls[name] = now - last, now_wall - last_wall
        last, last_wall = now, now_wall

    df = zt.read_articles(folder, progress=False)
    step("baseline: read")
    df["text"].zh.cut(script="auto")
    step("baseline: cut")
    extractor = zt.TfidfExtractor(filters=zt.ANALYSIS_FILTERS)
    df["text"].zh.keywords(top_k=10, with_weight=True, extractor=extractor, script="auto")
    step("baseline: keywords")
    base = sum(steps.values())
    df = zt.read_articles([folder], progress=False)
    step("read")
    df["duplicate_group"] = df["text"].where(df["error"].isna()).zh.duplicate_groups()
    step("near-duplicate groups")
    texts = df["text"].zh._texts()
    sample = analysis._spread_sample(texts)
    tokenizer = zt.Tokenizer()
    learned = tokenizer.learn_words(sample, max_ngrams=analysis.LEARN_WORDS_MAX_NGRAMS)["word"].tolist()
    step("learn_words (sample)")
    extractor = zt.TfidfExtractor(tokenizer, filters=zt.ANALYSIS_FILTERS).fit(sample, fold_script="simplified")
    step("IDF fit (sample)")
    found = analysis.annotate_batch(texts, extractor)
    for name in ("tokens", "keywords"):
        df[name] = pd.Series(found.column(name), index=df.index, dtype=pd.ArrowDtype(found.column(name).type))
    step("the pass (annotate_batch)")
    names = {name: found.column(name) for name in ("mentions", "quotes", "words")}
    with ReportState.of_frame(df, names=True, annotate=False, **names) as state:
        step("ReportState.add, batch by batch")
        report = state.report(learned_words=learned)
        step("ReportState.report (exact counts, tables)")
    report.text(), report.html()
    step("text + HTML")
    total = sum(steps.values()) - base
    print(f"\n### zhtext analyze --report, step by step (CPU seconds; share of read + cut + keywords, {base:.2f} s;")
    print("wall seconds: CPU / wall near the core count marks a parallel step, near 1 a serial one)")
    for name, secs in steps.items():
        print(f"| {name:<42} | {secs:8.2f} | {secs / base:6.2f} | {walls[name]:8.2f} |")
    print(f"| {'zhtext analyze --report, all steps':<42} | {total:8.2f} | {total / base:6.2f} |")


def run() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_corpus_arguments(ap, 20000)
    ap.add_argument("--phases", action="store_true", help="also print the CPU time of each step")
    args = ap.parse_args()
    with bench_corpus(args.shared, args.n) as folder:
        bench(folder, args.repeats)
        if args.phases:
            phases(folder)


if __name__ == "__main__":
    run()
