"""The main job behind ``zhtext analyze``: archive files → one row per article with
tokens and keywords, and a file pandas can read back (the report on it: :func:`zhtext.report`).

Keywords here are for reading an archive, not jieba's: words learned from the
archive itself are kept whole (``Tokenizer.learn_words``), numbers, dates,
percentages, punctuation, Latin fragments and newsroom boilerplate are left out
(``zhtext.ANALYSIS_FILTERS``), and from :data:`IDF_FIT_MIN_DOCUMENTS` articles on,
IDF is fitted on the archive itself, so that a word in every article weighs little.

>>> from zhtext import analysis, sample_article_path
>>> df = analysis.analyze([sample_article_path()], top_k=3)
>>> [k["word"] for k in df.loc[0, "keywords"]]
['中亚', '王毅', '访问']
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any, Literal

import pandas as pd

from . import ANALYSIS_FILTERS, TfidfExtractor, Tokenizer, iter_articles, read_articles
from ._atomic import atomic_path

Errors = Literal["raise", "skip", "collect"]
#: Formats ``write`` picks from the file's extension.
FORMATS = (".parquet", ".csv", ".jsonl")
#: From this many articles on, ``analyze`` fits IDF on the archive instead of using jieba's table.
#: A fitted IDF has only as many levels as there are articles, and below about a hundred a
#: word's document count is mostly chance (one article more or less moves its IDF by up to
#: ln 2); jieba's table, from a large general corpus, ranks rarity better there. From a hundred
#: on, what the archive repeats (an outlet's boilerplate, the story of the month) matters more.
IDF_FIT_MIN_DOCUMENTS = 100
#: New words are learned from at most this many articles (the first read): enough for an archive's
#: names, and a bound on the memory the texts and the time learning takes.
LEARN_WORDS_SAMPLE = 20_000
#: :func:`annotate` learns new words and fits IDF on this many articles, spread evenly over the
#: archive (all of a smaller one). An IDF value is the logarithm of a share of documents, and a
#: sample of thousands ranks an archive's words as the whole archive does; the names worth keeping
#: whole recur across it. Learning and fitting then cost a fixed time, not a pass over the archive.
ANALYSIS_SAMPLE = 2_000
#: :func:`fitted_extractor` fits IDF on at most this many of the texts it is given.
IDF_FIT_SAMPLE = ANALYSIS_SAMPLE
#: The n-gram table :func:`analyze_to` learns words with (``max_ngrams``): about 90 MB, where the
#: default 8 million n-grams take about 370 MB, most of the streamed run's peak.
LEARN_WORDS_MAX_NGRAMS = 2_000_000
#: Rows per batch of :func:`analyze_to`: each batch's frame, tokens and keywords take about 0.1 MB a row.
STREAM_BATCH_SIZE = 512


def analyze(
    sources: Iterable[str | os.PathLike[str]],
    *,
    top_k: int = 10,
    threads: int | None = None,
    errors: Errors = "raise",
    progress: bool | None = None,
    dedup: bool = False,
    keep: Literal["earliest", "latest"] = "earliest",
    learn_words: bool = True,
) -> pd.DataFrame:
    """Read the articles, cut their text and extract ``top_k`` TF-IDF keywords with weights.

    The frame has the columns of :func:`zhtext.read_articles` plus ``duplicate_group``
    (``Int64``: articles that are near-duplicates of each other, by
    :func:`zhtext.duplicate_groups` at Jaccard similarity 0.8, share a number), ``tokens``
    (``list<string>``) and ``keywords`` (``list<struct<word, weight>>``); rows that
    failed (``errors="collect"``) keep their ``error`` and have missing tokens, keywords and group.
    With ``learn_words`` (the default) a fresh tokenizer first learns the archive's new
    words (from its first ``LEARN_WORDS_SAMPLE`` articles); ``df.attrs["learned_words"]`` lists
    them. Keywords use ``ANALYSIS_FILTERS`` and, from ``IDF_FIT_MIN_DOCUMENTS`` articles on, an
    IDF fitted on the archive (on its first ``IDF_FIT_SAMPLE`` articles).
    Traditional articles are cut through their simplified form (``script="auto"``; tokens keep
    the article's characters) and their keywords are given in simplified characters
    (``fold_script="simplified"``), so that the report counts 俄羅斯 and 俄罗斯 as one keyword.
    With ``dedup=True`` only one article of each group is kept (the ``keep="earliest"``
    published, or the ``"latest"``) before anything is counted; ``df.attrs["dedup_removed"]``
    says how many were left out.

    >>> from zhtext import sample_article_path
    >>> analyze([sample_article_path()], top_k=2).loc[0, "tokens"][:3]
    ['中国', '外长', '王毅']
    """
    df, _, _ = analyze_with_tables(
        sources,
        top_k=top_k,
        threads=threads,
        errors=errors,
        progress=progress,
        dedup=dedup,
        keep=keep,
        learn_words=learn_words,
    )
    return df


def analyze_with_tables(
    sources: Iterable[str | os.PathLike[str]],
    *,
    top_k: int = 10,
    threads: int | None = None,
    errors: Errors = "raise",
    progress: bool | None = None,
    dedup: bool = False,
    keep: Literal["earliest", "latest"] = "earliest",
    learn_words: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """:func:`analyze`, with the mentions and quotes found in the same pass: the frame, the
    :func:`zhtext.top_mentions` table (``top_k=None``) and the :func:`zhtext.quote_table` of its
    articles (what :func:`zhtext.report.build` takes as ``mentions`` and ``quotes``).

    >>> import zhtext as zt
    >>> df, mentions, quotes = analyze_with_tables([zt.sample_article_path()])
    >>> mentions.equals(zt.top_mentions(df, top_k=None, tokenizer=annotate(df.copy())))
    True
    """
    if keep not in ("earliest", "latest"):
        raise ValueError(f'keep must be "earliest" or "latest", not {keep!r}')
    df = read_articles(list(sources), errors=errors, threads=threads, progress=progress)
    text = df["text"].where(df["error"].isna())
    df["duplicate_group"] = text.zh.duplicate_groups(threads=threads)
    removed = 0
    if dedup:
        grouped = df[df["duplicate_group"].notna()]
        # Ties on the date go to the first file read, as a stable sort keeps it.
        order = grouped.sort_values("published", ascending=keep == "earliest", kind="stable")
        kept = order.drop_duplicates("duplicate_group").index
        dropped = grouped.index.difference(kept)
        removed = len(dropped)
        df = df.drop(index=dropped).reset_index(drop=True)
    df.attrs["dedup_removed"] = removed
    _, found = _annotate(df, top_k=top_k, threads=threads, learn_words=learn_words)
    mentions, quotes = _found_tables(df, found)
    return df, mentions, quotes


def annotate(df: pd.DataFrame, *, top_k: int = 10, threads: int | None = None, learn_words: bool = True) -> Tokenizer:
    """Add ``tokens`` and ``keywords`` to a frame of articles, as :func:`analyze` does; returns the tokenizer.

    The tokenizer returned knows the words learned from the archive (listed in
    ``df.attrs["learned_words"]``): use it for mentions and quotes so that names stay whole.
    New words and IDF come from the first articles (:func:`fitted_extractor`); each article is
    then read once (:func:`annotate_batch`).

    >>> from zhtext import read_articles, sample_article_path
    >>> df = read_articles([sample_article_path()], progress=False)
    >>> tokenizer = annotate(df, top_k=2)
    >>> [k["word"] for k in df.loc[0, "keywords"]]
    ['中亚', '王毅']
    """
    extractor, _ = _annotate(df, top_k=top_k, threads=threads, learn_words=learn_words)
    return extractor.tokenizer


def _annotate(df: pd.DataFrame, *, top_k: int, threads: int | None, learn_words: bool) -> tuple[TfidfExtractor, Any]:
    """:func:`annotate`'s work: adds ``tokens`` and ``keywords`` to ``df``; returns the extractor and
    :func:`annotate_batch`'s record batch (its mentions and quotes are for the report)."""
    texts = df["text"].zh._texts()
    extractor, learned = fitted_extractor(_spread_sample(texts), learn_words=learn_words, threads=threads)
    found = annotate_batch(texts, extractor, top_k=top_k, threads=threads)
    for name in ("tokens", "keywords"):
        column = found.column(name)
        df[name] = pd.Series(column, index=df.index, dtype=pd.ArrowDtype(column.type))
    df.attrs["learned_words"] = LearnedWords(learned)
    return extractor, found


class LearnedWords(tuple):  # type: ignore[type-arg]
    """The words learned from an archive (``df.attrs["learned_words"]``): an immutable sequence, so
    that the copy pandas makes of a frame's ``attrs`` at every operation shares it instead of
    copying each word (with thousands of words, that copying took longer than the report)."""

    __slots__ = ()

    def __deepcopy__(self, memo: dict[int, Any]) -> LearnedWords:
        return self


def _spread_sample(texts: Any) -> Any:
    """At most ``ANALYSIS_SAMPLE`` of the texts present, evenly spaced: an archive read directory
    by directory has its outlets one after another, and its first articles are of one outlet."""
    import numpy as np

    present = texts.drop_null()
    if len(present) <= ANALYSIS_SAMPLE:
        return present
    return present.take(np.linspace(0, len(present) - 1, ANALYSIS_SAMPLE).round().astype(np.int64))


def _found_tables(df: pd.DataFrame, found: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The :func:`zhtext.top_mentions` (``top_k=None``) and :func:`zhtext.quote_table` tables of
    the articles of ``df`` from :func:`annotate_batch`'s columns (rows that failed have none)."""
    from ._mentions import mention_counts, quote_rows

    return mention_counts(found.column("mentions"), [""] * len(df)), quote_rows(df, found.column("quotes"))


def fitted_extractor(
    texts: Any, *, learn_words: bool = True, threads: int | None = None
) -> tuple[TfidfExtractor, list[str]]:
    """The extractor :func:`annotate_batch` uses for an archive, and the words it learned.

    ``texts`` are the archive's texts (a list or an Arrow string array without nulls; only the
    first ``LEARN_WORDS_SAMPLE`` and ``IDF_FIT_SAMPLE`` are read): a fresh tokenizer learns the
    archive's new words from them (``learn_words``), and from ``IDF_FIT_MIN_DOCUMENTS`` texts on
    the IDF table is fitted on them, counted in simplified characters as the keywords are.
    The extractor has ``ANALYSIS_FILTERS``; ``extractor.tokenizer`` knows the learned words.

    >>> extractor, learned = fitted_extractor(["王毅访问中亚。", "王毅会见记者。"] * 60, learn_words=False)
    >>> extractor.idf("王毅") < extractor.idf("中亚"), learned
    (True, [])
    """
    tokenizer = Tokenizer()
    learned: list[str] = []
    sample = texts[:LEARN_WORDS_SAMPLE]
    if learn_words and len(sample):
        learned = tokenizer.learn_words(sample, threads=threads, max_ngrams=LEARN_WORDS_MAX_NGRAMS)["word"].tolist()
    extractor = TfidfExtractor(tokenizer, filters=ANALYSIS_FILTERS)
    fit_sample = texts[:IDF_FIT_SAMPLE]
    if len(fit_sample) >= IDF_FIT_MIN_DOCUMENTS:
        extractor.fit(fit_sample, threads=threads, fold_script="simplified")
    return extractor, learned


def annotate_batch(texts: Any, extractor: TfidfExtractor, *, top_k: int = 10, threads: int | None = None) -> Any:
    """Tokens, keywords, mentions and quotes of each of ``texts`` in one pass: a ``pyarrow.RecordBatch``.

    One row per text (a list or an Arrow string array; a missing text gives a row of nulls), with the
    columns ``tokens`` (``list<string>``, the words in the text's own characters), ``keywords``
    (``list<struct<word, weight>>``, ``top_k`` TF-IDF keywords in simplified characters), ``mentions``
    and ``quotes`` (as ``Tokenizer.mentions_many`` and ``quotes_many`` give them with
    ``output="arrow"``), all with ``extractor`` and its tokenizer, traditional texts read through
    their simplified form (``script="auto"``). Each text is cut once and tagged once, in Rust on
    ``threads`` threads without the GIL; the results equal the separate calls'.

    >>> batch = annotate_batch(["外交部长王毅说：“欢迎。”"], TfidfExtractor(), top_k=2)
    >>> batch.column("tokens")[0].as_py()[:3], batch.column("quotes")[0][0]["speaker"].as_py()
    (['外交部长', '王毅', '说'], '王毅')
    """
    from ._zhtext import _annotate_many

    return _annotate_many(extractor, texts, top_k=top_k, threads=threads, script="auto")


#: The columns of a streamed batch that the report reads (texts are written, not kept).
_SLIM_COLUMNS = (
    "path",
    "url",
    "outlet",
    "published",
    "script",
    "byline",
    "error",
    "title",
    "duplicate_group",
    "keywords",
)


def _texts(batches: Iterable[Any]) -> Iterator[list[str]]:
    """The texts of the rows that parsed, batch by batch."""
    import pyarrow.compute as pc

    for batch in batches:
        yield batch.filter(pc.is_null(batch.column("error"))).column("text").to_pylist()


def analyze_to(
    sources: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    top_k: int = 10,
    threads: int | None = None,
    errors: Errors = "raise",
    learn_words: bool = True,
    batch_size: int = STREAM_BATCH_SIZE,
) -> pd.DataFrame:
    """:func:`analyze`, streamed: rows are written to ``out`` (``.parquet`` or ``.jsonl``) batch by batch.

    Memory holds about one batch, whatever the archive's size. The archive is read three times:
    new words are learned from its first ``LEARN_WORDS_SAMPLE`` articles (with an n-gram table of
    ``LEARN_WORDS_MAX_NGRAMS``), IDF is fitted on all of
    it (document frequencies summed batch by batch), then each batch is cut, given keywords and
    written. Near-duplicate groups need the whole archive at once and are not computed here
    (``duplicate_group`` is missing). Returns the slim frame :func:`report` reads: outlet, time,
    script, error and keywords per article, and each article's tokens that are keywords of some
    article (so memory grows with the keyword vocabulary, not with the texts).

    >>> import os, tempfile
    >>> from zhtext import sample_article_path
    >>> path = os.path.join(tempfile.mkdtemp(), "rows.jsonl")
    >>> slim = analyze_to([sample_article_path()], path, top_k=3)
    >>> [k["word"] for k in slim.loc[0, "keywords"]], sum(1 for _ in open(path, encoding="utf-8"))
    (['中亚', '王毅', '访问'], 1)
    """
    target = os.fspath(out)
    suffix = os.path.splitext(target)[1].lower()
    if suffix not in (".parquet", ".jsonl"):
        raise ValueError(f"streaming --out must end in .parquet or .jsonl, not {target!r}")
    sources = list(sources)

    def batches(errors: Errors = errors) -> Any:
        return iter_articles(sources, batch_size=batch_size, errors=errors, threads=threads)

    tokenizer = Tokenizer()
    learned: list[str] = []
    if learn_words:
        sample: list[str] = []
        for texts in _texts(batches()):
            sample.extend(texts[: LEARN_WORDS_SAMPLE - len(sample)])
            if len(sample) >= LEARN_WORDS_SAMPLE:
                break
        if sample:
            learned = tokenizer.learn_words(sample, threads=threads, max_ngrams=LEARN_WORDS_MAX_NGRAMS)["word"].tolist()
        del sample
    extractor = TfidfExtractor(tokenizer, filters=ANALYSIS_FILTERS)
    frequencies: Counter[str] = Counter()
    n_docs = 0
    for texts in _texts(batches("skip" if errors == "skip" else "collect")):
        counts, n = extractor.document_frequencies(texts, threads=threads)
        frequencies.update(counts)
        n_docs += n
    if n_docs >= IDF_FIT_MIN_DOCUMENTS:
        extractor.fit_document_frequencies(dict(frequencies), n_docs)
    del frequencies

    from ._mentions import quote_table, top_mentions

    slim_parts: list[pd.DataFrame] = []
    mention_parts: list[pd.DataFrame] = []
    quote_parts: list[pd.DataFrame] = []
    vocabulary: set[str] = set()
    start = 0
    # Written beside the target and renamed when done: a failed run leaves an existing file whole.
    with atomic_path(target) as tmp:
        writer = _BatchWriter(tmp, jsonl=suffix == ".jsonl")
        try:
            for batch in batches():
                df = _to_pandas(batch)
                df["duplicate_group"] = pd.array([pd.NA] * len(df), dtype="Int64")
                df["tokens"] = df["text"].zh.cut(tokenizer=tokenizer, threads=threads, script="auto")
                df["keywords"] = df["text"].zh.keywords(
                    top_k=top_k,
                    with_weight=True,
                    extractor=extractor,
                    threads=threads,
                    script="auto",
                    fold_script="simplified",
                )
                writer.write(df)
                # Mentions and quotes are tallied batch by batch (the texts are not kept): articles of
                # different batches are different, so per-batch counts add up.
                df.index = pd.RangeIndex(start, start + len(df))
                start += len(df)
                parsed = df[df["error"].isna()]
                mention_parts.append(top_mentions(parsed, top_k=None, tokenizer=tokenizer, threads=threads))
                quote_parts.append(quote_table(parsed, tokenizer=tokenizer, threads=threads))
                slim = df[[*_SLIM_COLUMNS]].copy()
                for keywords in slim["keywords"].dropna():
                    vocabulary.update(item["word"] for item in keywords)
                # What report() counts of the tokens: the keywords among them (folded as report folds them).
                slim["tokens"] = [
                    [w for w in set(tokens) if w in vocabulary] if ok else None
                    for tokens, ok in zip(df["tokens"], df["tokens"].notna(), strict=True)
                ]
                slim_parts.append(slim)
        finally:
            writer.close()
    slim = pd.concat(slim_parts, ignore_index=True) if slim_parts else _to_pandas(None)
    slim.attrs["learned_words"] = learned
    slim.attrs["rows_written"] = writer.rows
    slim.attrs["streamed"] = True
    slim.attrs["mentions"] = _summed_mentions(mention_parts)
    slim.attrs["quotes"] = pd.concat(quote_parts, ignore_index=True) if quote_parts else None
    return slim


def _summed_mentions(parts: list[pd.DataFrame]) -> pd.DataFrame | None:
    """Per-batch :func:`zhtext.top_mentions` tables (``top_k=None``) added up, most occurrences first."""
    if not parts:
        return None
    table = pd.concat(parts, ignore_index=True).groupby(["mention", "kind"], sort=False, as_index=False).sum()
    table = table.sort_values(["occurrences", "articles", "mention"], ascending=[False, False, True])
    return table.reset_index(drop=True)


def _to_pandas(batch: Any) -> pd.DataFrame:
    import pyarrow as pa

    from ._articles import to_pandas
    from ._zhtext import article_schema

    table = pa.Table.from_batches([batch]) if batch is not None else article_schema().empty_table()
    return to_pandas(table)


class _BatchWriter:
    """Rows appended to a Parquet or JSON Lines file as they come."""

    def __init__(self, path: str, *, jsonl: bool) -> None:
        self.path = path
        self.rows = 0
        self._parquet: Any = None
        self._jsonl = open(path, "w", encoding="utf-8") if jsonl else None

    def write(self, df: pd.DataFrame) -> None:
        import pyarrow as pa

        table = pa.Table.from_pandas(df, preserve_index=False).replace_schema_metadata(None)
        if self._jsonl is not None:
            for row in table.to_pylist():
                self._jsonl.write(
                    json.dumps({k: _jsonable(v) for k, v in row.items()}, ensure_ascii=False, default=str) + "\n"
                )
        else:
            import pyarrow.parquet as pq

            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self.path, table.schema)
            self._parquet.write_table(table.cast(self._parquet.schema))
        self.rows += len(df)

    def close(self) -> None:
        if self._jsonl is not None:
            self._jsonl.close()
        elif self._parquet is not None:
            self._parquet.close()
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            pq.write_table(pa.Table.from_pandas(_to_pandas(None), preserve_index=False), self.path)


def _jsonable(value: Any) -> Any:
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if value is pd.NA or value is None or (isinstance(value, float) and value != value):
        return None
    return value


def write(df: pd.DataFrame, path: str | os.PathLike[str]) -> None:
    """Write ``df`` as Parquet, CSV (nested columns as JSON text) or JSON Lines, by the extension.

    >>> import os, tempfile
    >>> from zhtext import sample_article_path
    >>> path = os.path.join(tempfile.mkdtemp(), "articles.parquet")
    >>> write(analyze([sample_article_path()]), path)
    >>> pd.read_parquet(path).shape
    (1, 21)
    """
    target = os.fspath(path)
    suffix = os.path.splitext(target)[1].lower()
    if suffix not in FORMATS:
        raise ValueError(f"--out must end in {', '.join(FORMATS)}, not {target!r}")
    # Written beside the target and renamed: a failed write (a full disk, a size limit) leaves the old file.
    with atomic_path(target) as tmp:
        _write(df, tmp, suffix)


def _write(df: pd.DataFrame, target: str, suffix: str) -> None:
    import pyarrow as pa

    if suffix == ".parquet":
        import pyarrow.parquet as pq

        # Without pandas' metadata: readers then map the Arrow types themselves
        # (pandas cannot parse its own names for nested Arrow dtypes back).
        pq.write_table(pa.Table.from_pandas(df, preserve_index=False).replace_schema_metadata(None), target)
        return
    table = pa.Table.from_pandas(df, preserve_index=False)
    rows = table.to_pylist()
    if suffix == ".jsonl":
        with open(target, "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps({k: _jsonable(v) for k, v in row.items()}, ensure_ascii=False, default=str) + "\n")
        return
    flat = pd.DataFrame(
        [
            {
                k: json.dumps(v, ensure_ascii=False, default=str) if isinstance(v, (list, dict)) else v
                for k, v in r.items()
            }
            for r in rows
        ],
        columns=df.columns,
    )
    flat.to_csv(target, index=False)
