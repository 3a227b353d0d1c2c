"""Mentions and quotes speed against tagging the same texts, in one run.

usage: python bench/bench_mentions.py [--n 300] [--repeats 3] [--shared ../shared]

Builds a corpus of N archive files with ../shared/tools/make_bench_corpus.py, reads their text with
``zt.read_articles`` and times, interleaved round by round (medians), ``Tokenizer.tag_many`` (the
POS tagging both build on), ``mentions_many``, ``quotes_many`` and ``quotes`` in a loop, with 1 and 2
threads, then ``tag_many`` against ``mentions_many`` and ``quotes_many`` back to back, pair by pair.
The target is mentions and quotes within 2× of ``tag_many``. Read the ratios: the machines are noisy.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import zhtext as zt
from _common import add_corpus_arguments, article_texts, bench_corpus, interleaved_medians, paired_ratios, print_table


def bench(docs: list[str], repeats: int) -> None:
    tok = zt.Tokenizer()
    mb = sum(len(d.encode()) for d in docs) / 1e6
    for threads in (1, 2):
        contenders = {
            f"tag_many threads={threads}": lambda t=threads: tok.tag_many(docs, threads=t),
            f"mentions_many threads={threads}": lambda t=threads: tok.mentions_many(docs, threads=t),
            f"quotes_many threads={threads}": lambda t=threads: tok.quotes_many(docs, threads=t),
        }
        if threads == 1:
            contenders["quotes (loop)"] = lambda: [tok.quotes(d) for d in docs]
        seconds = interleaved_medians(contenders, repeats)
        title = f"{len(docs)} articles, {mb:.2f} MB, threads={threads}, median of {repeats}"
        print_table(title, seconds, mb, f"tag_many threads={threads}")
    rounds = 4 * repeats + 1
    tag = lambda: tok.tag_many(docs, threads=2)  # noqa: E731
    for name, fn in (
        ("mentions_many", lambda: tok.mentions_many(docs, threads=2)),
        ("quotes_many", lambda: tok.quotes_many(docs, threads=2)),
    ):
        ratios = paired_ratios(fn, tag, rounds)
        print(
            f"\n{name} time / tag_many time (threads=2, {rounds} paired rounds): median "
            f"{statistics.median(ratios):.2f} (range {ratios[0]:.2f}–{ratios[-1]:.2f}; target ≤ 2)"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_corpus_arguments(ap, n=300)
    args = ap.parse_args()
    with bench_corpus(args.shared, args.n) as folder:
        docs = article_texts(folder)
    bench(docs, args.repeats)


if __name__ == "__main__":
    main()
