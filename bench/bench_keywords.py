"""Keyword speed: zhtext vs jieba.analyse and scikit-learn's TfidfVectorizer, in one run.

usage: python bench/bench_keywords.py [--n 2000] [--repeats 3] [--shared ../shared]

Builds a corpus of N archive files with ../shared/tools/make_bench_corpus.py,
reads their text with ``zt.read_articles``, and times, interleaved round by round (medians):

- extract_tags, top 20: ``jieba.analyse.extract_tags`` in a loop vs
  ``TfidfExtractor.extract`` in a loop and ``extract_many`` with 1 and 2 threads, and then the
  ``extract`` loop against ``extract_many`` with 2 threads timed back to back, pair by pair;
- TF-IDF matrices: scikit-learn's ``TfidfVectorizer(tokenizer=jieba.lcut)`` and
  ``(tokenizer=rjieba.cut)`` vs ``zhtext.TfidfVectorizer`` with 1 and 2 threads;

on that corpus and on PKU lines grouped into ~2 KB documents. Needs
``pip install '.[bench]'``. Read the ratios: the machines are noisy.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import zhtext as zt
from _common import (
    add_corpus_arguments,
    article_texts,
    bench_corpus,
    conftest,
    interleaved_medians,
    paired_ratios,
    print_table,
    use_shared,
)


def bench(name: str, docs: list[str], repeats: int) -> None:
    import jieba
    import jieba.analyse
    import rjieba
    from sklearn.feature_extraction.text import TfidfVectorizer

    jieba.setLogLevel(60)
    jieba.initialize()
    mb = sum(len(d.encode()) for d in docs) / 1e6
    ex = zt.TfidfExtractor(zt.Tokenizer())
    extract = {
        "jieba.analyse.extract_tags (loop)": lambda: [jieba.analyse.extract_tags(d) for d in docs],
        "zhtext TfidfExtractor.extract (loop)": lambda: [ex.extract(d) for d in docs],
        "zhtext extract_many threads=1": lambda: ex.extract_many(docs, threads=1),
        "zhtext extract_many threads=2": lambda: ex.extract_many(docs, threads=2),
    }
    seconds = interleaved_medians(extract, repeats)
    title = f"extract_tags top 20, {name}: {len(docs)} documents, {mb:.2f} MB, median of {repeats}"
    print_table(title, seconds, mb, "jieba.analyse.extract_tags (loop)")
    rounds = 4 * repeats + 1
    loop, many = extract["zhtext TfidfExtractor.extract (loop)"], extract["zhtext extract_many threads=2"]
    ratios = paired_ratios(loop, many, rounds)
    print(
        f"extract_many threads=2 vs extract loop, {rounds} back-to-back pairs: "
        f"median {statistics.median(ratios):.2f}x (range {ratios[0]:.2f}-{ratios[-1]:.2f})"
    )

    def sk(tokenizer):
        return lambda: TfidfVectorizer(tokenizer=tokenizer, token_pattern=None, lowercase=False).fit_transform(docs)

    vectorize = {
        "sklearn TfidfVectorizer(tokenizer=jieba.lcut)": sk(jieba.lcut),
        "sklearn TfidfVectorizer(tokenizer=rjieba.cut)": sk(rjieba.cut),
        "zhtext TfidfVectorizer threads=1": lambda: zt.TfidfVectorizer(threads=1).fit_transform(docs),
        "zhtext TfidfVectorizer threads=2": lambda: zt.TfidfVectorizer(threads=2).fit_transform(docs),
    }
    seconds = interleaved_medians(vectorize, repeats)
    title = f"TF-IDF fit_transform, {name}: {len(docs)} documents, {mb:.2f} MB, median of {repeats}"
    print_table(title, seconds, mb, "sklearn TfidfVectorizer(tokenizer=rjieba.cut)")
    jieba_row = seconds["sklearn TfidfVectorizer(tokenizer=jieba.lcut)"]
    for threads in (1, 2):
        ratio = jieba_row / seconds[f"zhtext TfidfVectorizer threads={threads}"]
        print(f"zhtext threads={threads} vs sklearn+jieba: {ratio:.1f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_corpus_arguments(ap, 2000)
    a = ap.parse_args()
    use_shared(a.shared)
    with bench_corpus(a.shared, a.n) as folder:
        docs = article_texts(folder)
    bench(f"bench corpus of {a.n} articles", docs, a.repeats)
    bench("PKU documents", conftest.pku_documents(), a.repeats)


if __name__ == "__main__":
    main()
