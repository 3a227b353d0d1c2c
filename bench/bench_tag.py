"""Part-of-speech tagging speed: ``Tokenizer.tag_many`` against ``cut_many`` and ``jieba.posseg``, in one run.

usage: python bench/bench_tag.py [--n 300] [--repeats 3] [--shared ../shared]

Builds a corpus of N archive files with ../shared/tools/make_bench_corpus.py, reads their text with
``zt.read_articles`` and times, interleaved round by round (medians), single-threaded:
``tag_many`` (output identical to ``jieba.posseg``), ``cut_many`` (what tagging costs on top of
cutting) and ``jieba.posseg.lcut`` in a loop (on a tenth of the texts, scaled: it is slow). Then
``tag_many`` over ``cut_many`` pair by pair, which cancels the drift of a shared machine.
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
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    tok = zt.Tokenizer()
    mb = sum(len(d.encode()) for d in docs) / 1e6
    sample = docs[: max(1, len(docs) // 10)]
    scale = mb / (sum(len(d.encode()) for d in sample) / 1e6)
    contenders = {
        "tag_many threads=1": lambda: tok.tag_many(docs, threads=1),
        "cut_many threads=1": lambda: tok.cut_many(docs, threads=1),
        "jieba.posseg.lcut (loop, scaled)": lambda: [jieba.posseg.lcut(d) for d in sample],
    }
    seconds = interleaved_medians(contenders, repeats)
    seconds["jieba.posseg.lcut (loop, scaled)"] *= scale
    print_table(f"{len(docs)} articles, {mb:.2f} MB, median of {repeats}", seconds, mb, "tag_many threads=1")
    rounds = 4 * repeats + 1
    ratios = paired_ratios(lambda: tok.tag_many(docs, threads=1), lambda: tok.cut_many(docs, threads=1), rounds)
    print(
        f"\ntag_many time / cut_many time (threads=1, {rounds} paired rounds): median "
        f"{statistics.median(ratios):.2f} (range {ratios[0]:.2f}–{ratios[-1]:.2f})"
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
