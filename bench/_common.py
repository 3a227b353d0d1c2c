"""What the benchmark scripts share: test material, interleaved timing, the table."""

from __future__ import annotations

import argparse
import contextlib
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import conftest  # noqa: E402  (the tests' paragraph extractor, so benches and tests see the same text)


def add_corpus_arguments(ap: argparse.ArgumentParser, n: int) -> None:
    """``--n`` (files in the generated archive), ``--repeats`` and ``--shared``."""
    ap.add_argument("--n", type=int, default=n, help="archive files in the generated corpus")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")


@contextlib.contextmanager
def bench_corpus(shared: Path, n: int) -> Iterator[Path]:
    """A temporary archive of ``n`` files made by ``shared/tools/make_bench_corpus.py``."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, str(shared / "tools" / "make_bench_corpus.py"), tmp, "--n", str(n)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        yield Path(tmp)


def use_shared(shared: Path) -> None:
    """Read test material from ``shared`` instead of ../shared."""
    conftest.SHARED = shared


def short_lines(lines: list[str], width: int = 46) -> list[str]:
    """``lines`` re-cut into short lines of about ``width`` characters, as headlines, captions and
    social-media posts are: each line is split after its sentence and clause marks (。！？；，) and
    the pieces are joined again until a line reaches ``width``. Sets of such lines measure the fixed
    costs of a call, which long texts hide."""
    import re

    out = []
    for line in lines:
        current = ""
        for piece in re.findall(r"[^。！？；，]*[。！？；，]?", line):
            current += piece
            if len(current) >= width:
                out.append(current)
                current = ""
        if current:
            out.append(current)
    return out


def article_texts(folder: Path) -> list[str]:
    """The article text (paragraphs) of every archive file under ``folder``, as ``zt.read_articles`` gives it."""
    import zhtext as zt

    return zt.read_articles(folder)["text"].tolist()


def interleaved_medians(
    contenders: dict[str, Callable[[], object]], repeats: int, min_seconds: float = 0.5
) -> dict[str, float]:
    """Median seconds per call of each contender, timing them round-robin so that all see the same
    machine load. As ``timeit``'s autorange, a contender that is faster than ``min_seconds`` is called
    several times in each timing (as many as its first call says fit in ``min_seconds``), so that a
    40 ms call is not timed alone on a noisy machine; slower contenders are called once."""
    loops: dict[str, int] = {}
    for name, fn in contenders.items():  # a first call each, untimed: it warms up and sizes the loops
        start = time.perf_counter()
        fn()
        loops[name] = max(1, int(min_seconds / max(time.perf_counter() - start, 1e-9)))
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(repeats):
        for name, fn in contenders.items():
            start = time.perf_counter()
            for _ in range(loops[name]):
                fn()
            times[name].append((time.perf_counter() - start) / loops[name])
    return {name: statistics.median(ts) for name, ts in times.items()}


def paired_ratios(
    base: Callable[[], object], contender: Callable[[], object], rounds: int, min_seconds: float = 0.5
) -> list[float]:
    """``base``'s time over ``contender``'s, once per round, sorted. In each round the two are timed back to
    back, alternating which goes first: the speed of a shared machine drifts over seconds, and a ratio of
    two adjacent timings cancels the drift that a ratio of medians over a whole run keeps. Both are called
    as many times per timing as ``base``'s first call says fit in ``min_seconds``."""
    start = time.perf_counter()
    base()
    loops = max(1, int(min_seconds / max(time.perf_counter() - start, 1e-9)))
    contender()  # warm-up
    ratios = []
    for i in range(rounds):
        seconds = {}
        for fn in (base, contender) if i % 2 == 0 else (contender, base):
            start = time.perf_counter()
            for _ in range(loops):
                fn()
            seconds[fn] = time.perf_counter() - start
        ratios.append(seconds[base] / seconds[contender])
    return sorted(ratios)


def print_table(title: str, seconds: dict[str, float], mb: float, base: str) -> None:
    """A Markdown table of MB/s and the ratio of each row to ``base``."""
    print(f"\n### {title}")
    print(f"| {'contender':<48} | {'MB/s':>8} | {'× ' + base.split()[0]:>14} |")
    print(f"|{'-' * 50}|{'-' * 9}:|{'-' * 15}:|")
    for label, secs in seconds.items():
        print(f"| {label:<48} | {mb / secs:8.2f} | {seconds[base] / secs:14.2f} |")
