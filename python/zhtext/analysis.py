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
#: :func:`analyze_to` learns new words from at most this many articles (the first read): enough for
#: an archive's names, and a bound on the memory the texts take.
LEARN_WORDS_SAMPLE = 20_000
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
    words; ``df.attrs["learned_words"]`` lists them. Keywords use ``ANALYSIS_FILTERS`` and,
    from ``IDF_FIT_MIN_DOCUMENTS`` articles on, an IDF fitted on the archive.
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
    annotate(df, top_k=top_k, threads=threads, learn_words=learn_words)
    return df


def annotate(df: pd.DataFrame, *, top_k: int = 10, threads: int | None = None, learn_words: bool = True) -> Tokenizer:
    """Add ``tokens`` and ``keywords`` to a frame of articles, as :func:`analyze` does; returns the tokenizer.

    The tokenizer returned knows the words learned from the archive (listed in
    ``df.attrs["learned_words"]``): use it for mentions and quotes so that names stay whole.

    >>> from zhtext import read_articles, sample_article_path
    >>> df = read_articles([sample_article_path()], progress=False)
    >>> tokenizer = annotate(df, top_k=2)
    >>> [k["word"] for k in df.loc[0, "keywords"]]
    ['中亚', '王毅']
    """
    texts = df["text"].dropna().tolist()
    tokenizer = Tokenizer()
    learned: list[str] = []
    if learn_words and texts:
        learned = tokenizer.learn_words(texts, threads=threads)["word"].tolist()
    extractor = TfidfExtractor(tokenizer, filters=ANALYSIS_FILTERS)
    if len(texts) >= IDF_FIT_MIN_DOCUMENTS:
        extractor.fit(texts, threads=threads)
    df["tokens"] = df["text"].zh.cut(tokenizer=tokenizer, threads=threads, script="auto")
    df["keywords"] = df["text"].zh.keywords(
        top_k=top_k, with_weight=True, extractor=extractor, threads=threads, script="auto", fold_script="simplified"
    )
    df.attrs["learned_words"] = learned
    return tokenizer


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
