"""Vectorizer speed: zhtext's CountVectorizer / TfidfVectorizer vs scikit-learn's on jieba-rs words, in one run.

usage: python bench/bench_vectorizer.py [--n 1000] [--repeats 3] [--shared ../shared]

First, TfidfVectorizer on two small corpora of 357 documents (short lines of ~46 characters and
news paragraphs), where the fixed costs of a fit count most. Then it builds a corpus of N archive
files with ../shared/tools/make_bench_corpus.py, reads their text with ``zt.read_articles``, and
times fit_transform, interleaved round by round (medians), for each parameter set:

- counts: scikit-learn's ``CountVectorizer(tokenizer=rjieba.cut)`` vs ``zt.CountVectorizer``;
- the new parameters: ``ngram_range=(1, 2)``, ``binary=True``, ``stop_words``, a fixed
  ``vocabulary`` (fit_transform, then transform), ``max_features``;
- TF-IDF with ``ngram_range=(1, 2)``: scikit-learn's ``TfidfVectorizer(tokenizer=rjieba.cut)``
  vs ``zt.TfidfVectorizer``;

zhtext with 1 and 2 threads. rjieba (jieba-rs) is scikit-learn's fastest jieba tokenizer, so
the ratio is what zhtext's counting in Rust adds. Needs ``pip install '.[bench]'``.
"""

from __future__ import annotations

import argparse
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
    print_table,
    short_lines,
    use_shared,
)

STOP_WORDS = ["的", "了", "在", "是", "和", "也", "有", "就", "都", "而", "及", "与", "着", "或"]


def bench(name: str, docs: list[str], repeats: int) -> None:
    import rjieba
    from sklearn.feature_extraction import text as sk

    mb = sum(len(d.encode()) for d in docs) / 1e6
    # Both count the words as cut: zhtext's punctuation and number filters are off, so both count
    # nearly the same terms (rjieba's are jieba-rs's words, zhtext's jieba's).
    raw = {"drop_punctuation": False, "drop_numbers": False, "lowercase": False}
    cases: dict[str, tuple[dict, dict]] = {
        "counts": ({}, {}),
        "ngram_range=(1, 2)": ({"ngram_range": (1, 2)}, {"ngram_range": (1, 2)}),
        "binary=True": ({"binary": True}, {"binary": True}),
        "stop_words=list": ({"stop_words": STOP_WORDS}, {"stop_words": STOP_WORDS}),
        "max_features=5000, min_df=2": ({"max_features": 5000, "min_df": 2}, {"max_features": 5000, "min_df": 2}),
    }
    for case, (ours, theirs) in cases.items():

        def sklearn(theirs=theirs):
            return sk.CountVectorizer(
                tokenizer=rjieba.cut, token_pattern=None, lowercase=False, **theirs
            ).fit_transform(docs)

        def zhtext(threads, ours=ours):
            return lambda: zt.CountVectorizer(threads=threads, **raw, **ours).fit_transform(docs)

        contenders = {
            "sklearn CountVectorizer(tokenizer=rjieba.cut)": sklearn,
            "zhtext CountVectorizer threads=1": zhtext(1),
            "zhtext CountVectorizer threads=2": zhtext(2),
        }
        seconds = interleaved_medians(contenders, repeats)
        title = f"CountVectorizer {case}, {name}: {len(docs)} documents, {mb:.2f} MB, median of {repeats}"
        print_table(title, seconds, mb, "sklearn CountVectorizer(tokenizer=rjieba.cut)")

    fitted_sk = sk.CountVectorizer(tokenizer=rjieba.cut, token_pattern=None, lowercase=False).fit(docs)
    vocabulary = fitted_sk.vocabulary_
    contenders = {
        "sklearn CountVectorizer(vocabulary=...).transform": lambda: sk.CountVectorizer(
            tokenizer=rjieba.cut, token_pattern=None, lowercase=False, vocabulary=vocabulary
        ).transform(docs),
        "zhtext CountVectorizer(vocabulary=...) threads=2": lambda: zt.CountVectorizer(
            threads=2, vocabulary=vocabulary, **raw
        ).transform(docs),
    }
    seconds = interleaved_medians(contenders, repeats)
    title = f"transform with a fixed vocabulary, {name}: {len(docs)} documents, median of {repeats}"
    print_table(title, seconds, mb, "sklearn CountVectorizer(vocabulary=...).transform")

    contenders = {
        "sklearn TfidfVectorizer(rjieba.cut, ngram_range=(1, 2))": lambda: sk.TfidfVectorizer(
            tokenizer=rjieba.cut, token_pattern=None, lowercase=False, ngram_range=(1, 2)
        ).fit_transform(docs),
        "zhtext TfidfVectorizer(ngram_range=(1, 2)) threads=1": lambda: zt.TfidfVectorizer(
            threads=1, ngram_range=(1, 2), **raw
        ).fit_transform(docs),
        "zhtext TfidfVectorizer(ngram_range=(1, 2)) threads=2": lambda: zt.TfidfVectorizer(
            threads=2, ngram_range=(1, 2), **raw
        ).fit_transform(docs),
    }
    seconds = interleaved_medians(contenders, repeats)
    title = f"TfidfVectorizer ngram_range=(1, 2), {name}: {len(docs)} documents, {mb:.2f} MB, median of {repeats}"
    print_table(title, seconds, mb, "sklearn TfidfVectorizer(rjieba.cut, ngram_range=(1, 2))")


def bench_small(name: str, docs: list[str], repeats: int) -> None:
    """TfidfVectorizer.fit_transform on a small corpus, where the fixed costs of a fit count most."""
    import rjieba
    from sklearn.feature_extraction import text as sk

    mb = sum(len(d.encode()) for d in docs) / 1e6
    raw = {"drop_punctuation": False, "drop_numbers": False, "lowercase": False}
    base = "sklearn TfidfVectorizer(tokenizer=rjieba.cut)"
    contenders = {
        base: lambda: sk.TfidfVectorizer(tokenizer=rjieba.cut, token_pattern=None, lowercase=False).fit_transform(docs),
        "zhtext TfidfVectorizer threads=1": lambda: zt.TfidfVectorizer(threads=1, **raw).fit_transform(docs),
        "zhtext TfidfVectorizer threads=2": lambda: zt.TfidfVectorizer(threads=2, **raw).fit_transform(docs),
    }
    seconds = interleaved_medians(contenders, repeats)
    print_table(f"TfidfVectorizer, {name}: {len(docs)} documents, {mb:.3f} MB, median of {repeats}", seconds, mb, base)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_corpus_arguments(ap, 1000)
    a = ap.parse_args()
    use_shared(a.shared)
    # Small corpora: 357 documents, as short lines and as news paragraphs.
    pku = (a.shared / "sighan" / "pku_test.utf8").read_text(encoding="utf-8").splitlines()
    bench_small("short lines (PKU text re-cut to ~46 characters)", short_lines(pku)[:357], a.repeats)
    bench_small("news corpus paragraphs", conftest.corpus_paragraphs()[:357], a.repeats)
    with bench_corpus(a.shared, a.n) as folder:
        docs = article_texts(folder)
    bench(f"bench corpus of {a.n} articles", docs, a.repeats)


if __name__ == "__main__":
    main()
