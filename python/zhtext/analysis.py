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
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from . import ANALYSIS_FILTERS, TfidfExtractor, Tokenizer, iter_articles, read_articles
from ._atomic import atomic_path

if TYPE_CHECKING:
    from .report import Report

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
#: an archive's recurring names, and kept as one Arrow array (a few MB of UTF-8, not Python strings).
LEARN_WORDS_SAMPLE = 5_000
#: The n-gram table :func:`analyze_to` learns words with (``max_ngrams``). Measured on 2,000 news
#: articles, learning's peak does not depend on it (100,000 to 2 million: the same), but a cap
#: keeps a larger sample bounded.
LEARN_WORDS_MAX_NGRAMS = 500_000
#: Threads :func:`analyze_to` learns words on: each thread keeps its own n-gram maps of a chunk of
#: text alive, and learning peaked at 632 MB with two threads against 495 MB with one (2,000
#: articles); the learning sample is small, so one thread costs seconds.
LEARN_WORDS_THREADS = 1
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


def _texts(batches: Iterable[Any]) -> Iterator[list[str]]:
    """The texts of the rows that parsed, batch by batch."""
    import pyarrow.compute as pc

    for batch in batches:
        yield batch.filter(pc.is_null(batch.column("error"))).column("text").to_pylist()


def names_of(texts: pd.Series, *, tokenizer: Tokenizer | None = None, threads: int | None = None) -> tuple[Any, Any]:
    """The mentions and quotes of each text (missing texts: null), as pyarrow arrays of the ``.zh.mentions()``
    and ``.zh.quotes()`` types: what the report tallies.

    >>> import pandas as pd
    >>> from zhtext import analysis
    >>> mentions, quotes = analysis.names_of(pd.Series(["王毅说：“欢迎。”", None]))
    >>> mentions.to_pylist()[0][0]["text"], quotes.to_pylist()[1]
    ('王毅', None)
    """
    import pyarrow as pa

    def array(series: pd.Series) -> Any:
        column = pa.array(series.array)
        return column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column

    mentions = texts.zh.mentions(tokenizer=tokenizer, threads=threads)
    return array(mentions), array(texts.zh.quotes(tokenizer=tokenizer, threads=threads))


def _annotate_batch(texts: pd.Series, extractor: TfidfExtractor, *, top_k: int, threads: int | None) -> Any:
    """Tokens, keywords, mentions and quotes of a batch's texts as one Arrow record batch, row for row, with
    ``extractor`` and its tokenizer.

    The one place the streamed loop annotates a batch, with the columns and signature of a single pass
    per article (``annotate_batch``), so that one can replace the other."""
    import pyarrow as pa

    tokenizer = extractor.tokenizer
    tokens = texts.zh.cut(tokenizer=tokenizer, threads=threads, script="auto")
    keywords = texts.zh.keywords(
        top_k=top_k, with_weight=True, extractor=extractor, threads=threads, script="auto", fold_script="simplified"
    )
    mentions, quotes = names_of(texts, tokenizer=tokenizer, threads=threads)
    columns = [pa.array(tokens.array), pa.array(keywords.array)]
    columns = [c.combine_chunks() if isinstance(c, pa.ChunkedArray) else c for c in columns]
    return pa.RecordBatch.from_arrays([*columns, mentions, quotes], names=["tokens", "keywords", "mentions", "quotes"])


def analyze_to(
    sources: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    top_k: int = 10,
    threads: int | None = None,
    errors: Errors = "raise",
    learn_words: bool = True,
    batch_size: int = STREAM_BATCH_SIZE,
    title: str | None = None,
) -> Report:
    """:func:`analyze`, streamed: rows are written to ``out`` (``.parquet`` or ``.jsonl``) batch by batch.

    Memory does not grow with the archive: it holds a batch, the learning sample and the report's
    bounded state (:class:`zhtext.report.state.ReportState`, each batch added to it as it is
    written). The archive is read three times: new words are learned from its first
    ``LEARN_WORDS_SAMPLE`` articles (with an n-gram table of ``LEARN_WORDS_MAX_NGRAMS``), IDF is
    fitted on all of it (document frequencies summed batch by batch), then each batch is cut, given
    keywords, mentions and quotes, written and counted. Near-duplicate groups need the whole archive
    at once and are not computed here (``duplicate_group`` is missing). Returns the report
    (``report.rows``: the rows written).

    >>> import os, tempfile
    >>> from zhtext import sample_article_path
    >>> path = os.path.join(tempfile.mkdtemp(), "rows.jsonl")
    >>> rep = analyze_to([sample_article_path()], path, top_k=3)
    >>> rep.top_keywords["word"].tolist(), rep.rows, sum(1 for _ in open(path, encoding="utf-8"))
    (['中亚', '王毅', '访问'], 1, 1)
    """
    from .report.state import ReportState

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
        import pyarrow as pa
        import pyarrow.compute as pc

        parts: list[Any] = []
        kept = 0
        for batch in batches():
            texts = batch.filter(pc.is_null(batch.column("error"))).column("text")
            parts.append(texts.slice(0, LEARN_WORDS_SAMPLE - kept))
            kept += len(parts[-1])
            if kept >= LEARN_WORDS_SAMPLE:
                break
        if kept:
            sample = pa.concat_arrays(parts)
            found = tokenizer.learn_words(sample, threads=LEARN_WORDS_THREADS, max_ngrams=LEARN_WORDS_MAX_NGRAMS)
            learned = found["word"].tolist()
        del parts
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

    # The report's temporary file of words goes beside the output (a folder known to be writable).
    with ReportState(spill_dir=os.path.dirname(os.path.abspath(target)), duplicates=False) as state:
        # Written beside the target and renamed when done: a failed run leaves an existing file whole.
        with atomic_path(target) as tmp:
            writer = _BatchWriter(tmp, jsonl=suffix == ".jsonl")
            try:
                for batch in batches():
                    df = _to_pandas(batch)
                    df["duplicate_group"] = pd.array([pd.NA] * len(df), dtype="Int64")
                    added = _annotate_batch(df["text"], extractor, top_k=top_k, threads=threads)
                    for name in ("tokens", "keywords"):
                        column = added.column(name)
                        df[name] = pd.Series(column, index=df.index, dtype=pd.ArrowDtype(column.type))
                    writer.write(df)
                    state.add(df, mentions=added.column("mentions"), quotes=added.column("quotes"))
            finally:
                writer.close()
        return state.report(title=title, learned_words=learned)


def _to_pandas(batch: Any) -> pd.DataFrame:
    import pyarrow as pa

    from ._articles import to_pandas
    from ._zhtext import article_schema

    table = pa.Table.from_batches([batch]) if batch is not None else article_schema().empty_table()
    return to_pandas(table)


def _rows_table(df: pd.DataFrame) -> Any:
    """The frame as an Arrow table without pandas' metadata (readers then map the Arrow types themselves:
    pandas cannot parse its own names for nested Arrow dtypes back)."""
    import pyarrow as pa

    return pa.Table.from_pandas(df, preserve_index=False).replace_schema_metadata(None)


class _BatchWriter:
    """Rows appended to a Parquet or JSON Lines file as they come (JSON Lines written by serde in Rust)."""

    def __init__(self, path: str, *, jsonl: bool) -> None:
        self.path = path
        self.rows = 0
        self._parquet: Any = None
        self._jsonl = jsonl
        if jsonl:
            open(path, "wb").close()

    def write(self, df: pd.DataFrame) -> None:
        from ._zhtext import _write_jsonl

        table = _rows_table(df)
        if self._jsonl:
            _write_jsonl(table, self.path)
        else:
            import pyarrow.parquet as pq

            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self.path, table.schema)
            self._parquet.write_table(table.cast(self._parquet.schema))
        self.rows += len(df)

    def close(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
        elif not self._jsonl:
            import pyarrow.parquet as pq

            pq.write_table(_rows_table(_to_pandas(None)), self.path)


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
    if suffix in (".parquet", ".jsonl"):
        writer = _BatchWriter(target, jsonl=suffix == ".jsonl")
        try:
            writer.write(df)
        finally:
            writer.close()
        return
    import pyarrow as pa

    rows = pa.Table.from_pandas(df, preserve_index=False).to_pylist()
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
