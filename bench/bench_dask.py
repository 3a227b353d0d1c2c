"""Scaling out: the same pipeline locally and on a Dask cluster of 2 worker processes, in one run.

usage: python bench/bench_dask.py [--n 20000] [--repeats 3] [--shared ../shared]

The pipeline: read every file of an archive of N files (make_bench_corpus.py),
cut each text and extract 10 keywords. Locally: ``zt.read_articles`` and the
``.zh`` accessor with 2 threads. On Dask: ``zhtext.dask.read_articles`` and
``map_partitions`` over a ``LocalCluster(n_workers=2, threads_per_worker=1)``
with 1 Rust thread per task. Prints medians, files/s and Dask's overhead.
Needs ``pip install '.[dask]'``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import zhtext as zt
from _common import add_corpus_arguments, bench_corpus, interleaved_medians


def local_pipeline(folder: Path) -> int:
    df = zt.read_articles(folder, threads=2)
    df["tokens"] = df["text"].zh.cut(threads=2)
    df["keywords"] = df["text"].zh.keywords(top_k=10, threads=2)
    return int((df["tokens"].list.len() + df["keywords"].list.len()).sum())


def dask_pipeline(folder: Path, files_per_partition: int) -> int:
    import zhtext.dask as zd

    ddf = zd.read_articles(folder, files_per_partition=files_per_partition)
    ddf["tokens"] = ddf["text"].map_partitions(lambda s: s.zh.cut(threads=1))
    ddf["keywords"] = ddf["text"].map_partitions(lambda s: s.zh.keywords(top_k=10, threads=1))
    # Reduce on the workers over both columns (so neither is optimised away): the rows stay
    # where they were made, as in a real job that writes them out from the workers.
    sizes = ddf.map_partitions(lambda df: df["tokens"].list.len() + df["keywords"].list.len())
    return int(sizes.sum().compute())


def main() -> None:
    import distributed

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_corpus_arguments(ap, 20000)
    ap.add_argument("--files-per-partition", type=int, default=500)
    a = ap.parse_args()
    with bench_corpus(a.shared, a.n) as folder:
        with (
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c,
            distributed.Client(c),
        ):
            # interleaved_medians calls each pipeline once untimed first, which warms the workers
            # (imports, default tokenizer).
            seconds = interleaved_medians(
                {
                    "local: read_articles + .zh, 2 threads": lambda: local_pipeline(folder),
                    "dask: 2 workers x 1 thread": lambda: dask_pipeline(folder, a.files_per_partition),
                },
                a.repeats,
            )
    print(f"\n### read + cut + keywords, {a.n} files, median of {a.repeats}")
    print(f"| {'pipeline':<40} | {'seconds':>8} | {'files/s':>8} |")
    print(f"|{'-' * 42}|{'-' * 9}:|{'-' * 9}:|")
    for name, secs in seconds.items():
        print(f"| {name:<40} | {secs:8.2f} | {a.n / secs:8.0f} |")
    local, remote = seconds.values()
    print(f"Dask overhead: {remote / local - 1:+.0%} of the local time")


if __name__ == "__main__":
    main()
