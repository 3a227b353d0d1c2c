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
from collections.abc import Iterable, Iterator
from contextlib import closing
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from . import ANALYSIS_FILTERS, TfidfExtractor, Tokenizer, iter_articles, read_articles
from ._ahead import ahead
from ._atomic import atomic_path
from ._memory import release_unused
from ._parquet import RowGroupWriter

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
#: New words are learned and IDF fitted on this many articles spread evenly over the archive (all of
#: a smaller one): an IDF value is the logarithm of a share of documents, and a sample of thousands
#: ranks an archive's words as the whole archive does; the names worth keeping whole recur across
#: it. Learning and fitting then cost a fixed time and memory, not a pass over the archive.
ANALYSIS_SAMPLE = 2_000
#: The n-gram table new words are learned with (``max_ngrams``). Measured on 2,000 news articles,
#: learning's peak does not depend on it (100,000 to 2 million: the same), but a cap keeps a larger
#: sample bounded.
LEARN_WORDS_MAX_NGRAMS = 2_000_000
#: Threads :func:`analyze_to` learns words on: each thread keeps its own n-gram maps of a chunk of
#: text alive, and learning peaked at 632 MB with two threads against 495 MB with one (2,000
#: articles); the learning sample is small, so one thread costs seconds.
LEARN_WORDS_THREADS = 1
#: Rows per batch of :func:`analyze_to`: a batch's columns, tokens and keywords take about 0.1 MB a row,
#: and each is held a few times over while it is annotated, written and counted, so the batch sets how
#: far RSS rises above the rest during a batch, and the run's peak is that rise's highest over all the
#: batches. On 50,000 files the peaks of batches of 128 rows had a median of 304 MB (highest 324)
#: against 325 MB (350) with 256; 256 peaked about 20 MB lower than 512. The Parquet writer gathers
#: batches into row groups of its own size, so a small batch does not mean small row groups.
STREAM_BATCH_SIZE = 128


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
    return analyze_with_names(
        sources,
        top_k=top_k,
        threads=threads,
        errors=errors,
        progress=progress,
        dedup=dedup,
        keep=keep,
        learn_words=learn_words,
    )[0]


def analyze_with_names(
    sources: Iterable[str | os.PathLike[str]],
    *,
    top_k: int = 10,
    threads: int | None = None,
    errors: Errors = "raise",
    progress: bool | None = None,
    dedup: bool = False,
    keep: Literal["earliest", "latest"] = "earliest",
    learn_words: bool = True,
) -> tuple[pd.DataFrame, Any, Any, Any]:
    """:func:`analyze`, with the mentions, quotes and distinct words its one pass found: the frame and
    three Arrow columns, row for row (``Tokenizer.mentions_many``/``quotes_many(output="arrow")``'s
    types, and :func:`annotate_batch`'s ``words``), which :func:`zhtext.report.build` takes as
    ``mentions``, ``quotes`` and ``words`` instead of tagging and counting again.

    >>> import zhtext as zt
    >>> df, mentions, quotes, words = analyze_with_names([zt.sample_article_path()])
    >>> len(mentions) == len(df) == len(words), mentions[0][0]["text"].as_py()
    (True, '中国')
    """
    df = _read_grouped(sources, threads=threads, errors=errors, progress=progress, dedup=dedup, keep=keep)
    _, found = _annotate(df, top_k=top_k, threads=threads, learn_words=learn_words)
    return df, found.column("mentions"), found.column("quotes"), found.column("words")


def _read_grouped(
    sources: Iterable[str | os.PathLike[str]],
    *,
    threads: int | None,
    errors: Errors,
    progress: bool | None,
    dedup: bool,
    keep: Literal["earliest", "latest"],
) -> pd.DataFrame:
    """The articles read, with ``duplicate_group``, and only one of each group with ``dedup``
    (``df.attrs["dedup_removed"]``: how many were left out): :func:`analyze`'s first steps."""
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
    return df


def analyze_report(
    sources: Iterable[str | os.PathLike[str]],
    *,
    top_k: int = 10,
    threads: int | None = None,
    errors: Errors = "raise",
    progress: bool | None = None,
    dedup: bool = False,
    keep: Literal["earliest", "latest"] = "earliest",
    learn_words: bool = True,
    title: str | None = None,
    tokens: bool = True,
) -> tuple[pd.DataFrame, Report]:
    """:func:`analyze`'s frame and the report on it (``zhtext analyze`` without a streamed ``--out``):
    the same frame and report as :func:`analyze_with_names` then :func:`zhtext.report.build`, sooner.
    Without ``tokens`` the frame has no ``tokens`` column, which the report does not need (a list of
    every word of every article: ``zhtext analyze`` without ``--out`` and :func:`zhtext.report` of a
    source skip it).
    The report's state counts the rows slice by slice (its :data:`~zhtext.report.state.FRAME_BATCH`,
    as ``build`` feeds it) while the pass annotates the next slice on a worker thread: the counting is
    Python and holds one core, the pass runs in Rust without the GIL, and after the whole pass the
    counting had the machine to itself.

    >>> import zhtext as zt
    >>> df, rep = analyze_report([zt.sample_article_path()], top_k=3)
    >>> [k["word"] for k in df.loc[0, "keywords"]], rep.top_keywords["word"].tolist()
    (['中亚', '王毅', '访问'], ['中亚', '王毅', '访问'])
    """
    import pyarrow as pa

    from ._progress import bar
    from .report.state import FRAME_BATCH, ReportState

    df = _read_grouped(sources, threads=threads, errors=errors, progress=progress, dedup=dedup, keep=keep)
    texts = df["text"].zh._texts()
    extractor, learned = fitted_extractor(_spread_sample(texts), learn_words=learn_words, threads=threads)
    chunks: dict[str, list[Any]] = {"tokens": [], "keywords": []} if tokens else {"keywords": []}
    done = bar(progress, len(texts), "annotate")
    # closing: an error or Ctrl-C here stops the worker after its slice, not when the generator is collected.
    slices = closing(_annotated_slices(texts, extractor, FRAME_BATCH, top_k=top_k, threads=threads, tokens=tokens))
    with ReportState(in_memory=True) as state, slices as annotated:
        try:
            for start, found in annotated:
                part = df.iloc[start : start + FRAME_BATCH]
                for name, column in chunks.items():
                    column.append(found.column(name))
                part = part.assign(keywords=_arrow_series(found.column("keywords"), part.index))
                state.add(part, **{name: found.column(name) for name in ("mentions", "quotes", "words")})
                if done is not None:
                    done.update(len(part))
        finally:
            if done is not None:
                done.close()
        _put_annotations(df, {name: pa.chunked_array(parts) for name, parts in chunks.items()}, extractor, learned)
        report = state.report(title=title, learned_words=learned, dedup_removed=df.attrs["dedup_removed"])
    return df, report


def _annotated_slices(
    texts: Any, extractor: TfidfExtractor, size: int, *, top_k: int, threads: int | None, tokens: bool
) -> Iterator[tuple[int, Any]]:
    """:func:`annotate_batch` of each slice of ``size`` of ``texts`` (an Arrow array), in order, with the
    slice's first position (one empty slice when there are no texts); the next slice is annotated on a
    worker thread while the caller works on the one given."""

    def annotated(start: int) -> Any:
        part = texts.slice(start, size)
        return annotate_batch(part, extractor, top_k=top_k, threads=threads, progress=False, keep_tokens=tokens)

    return ahead(annotated, range(0, max(len(texts), 1), size))


def annotate(df: pd.DataFrame, *, top_k: int = 10, threads: int | None = None, learn_words: bool = True) -> Tokenizer:
    """Add ``tokens`` and ``keywords`` to a frame of articles, as :func:`analyze` does; returns the tokenizer.

    The tokenizer returned knows the words learned from the archive (listed in
    ``df.attrs["learned_words"]``): use it for mentions and quotes so that names stay whole.
    New words and IDF come from ``ANALYSIS_SAMPLE`` articles spread over the frame
    (:func:`fitted_extractor`); each article is
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
    :func:`annotate_batch`'s record batch (its mentions, quotes and words are for the report)."""
    texts = df["text"].zh._texts()
    extractor, learned = fitted_extractor(_spread_sample(texts), learn_words=learn_words, threads=threads)
    found = annotate_batch(texts, extractor, top_k=top_k, threads=threads)
    _put_annotations(df, {name: found.column(name) for name in ("tokens", "keywords")}, extractor, learned)
    return extractor, found


def _put_annotations(df: pd.DataFrame, columns: Any, extractor: TfidfExtractor, learned: list[str]) -> None:
    """The pass's Arrow columns (``columns``: name to array; ``keywords``, and ``tokens`` where kept) on
    ``df``, and the words learned in ``df.attrs["learned_words"]``: what :func:`annotate` and
    :func:`analyze_report` leave on their frames."""
    for name, column in columns.items():
        df[name] = _arrow_series(column, df.index)
    df.attrs["learned_words"] = LearnedWords(learned, extractor.tokenizer)


def _arrow_series(column: Any, index: pd.Index) -> pd.Series:
    """An Arrow array or chunked array as a pandas column on ``index``, Arrow-backed (no copy)."""
    return pd.Series(column, index=index, dtype=pd.ArrowDtype(column.type))


class LearnedWords(tuple):  # type: ignore[type-arg]
    """The words learned from an archive (``df.attrs["learned_words"]``): an immutable sequence, so
    that the copy pandas makes of a frame's ``attrs`` at every operation shares it instead of
    copying each word (with thousands of words, that copying took longer than the report).
    ``tokenizer`` is the tokenizer that learned them (None when unknown): the report finds a frame's
    mentions and quotes with it, as the analysis pass did, so that learned names stay whole."""

    tokenizer: Tokenizer | None

    def __new__(cls, words: Iterable[str] = (), tokenizer: Tokenizer | None = None) -> LearnedWords:
        learned = super().__new__(cls, words)
        learned.tokenizer = tokenizer
        return learned

    def __deepcopy__(self, memo: dict[int, Any]) -> LearnedWords:
        return self


def _spread_sample(texts: Any) -> Any:
    """At most ``ANALYSIS_SAMPLE`` of the texts present, evenly spaced: an archive read directory
    by directory has its outlets one after another, and its first articles are of one outlet."""
    import numpy as np
    import pyarrow as pa

    chunks = texts.chunks if isinstance(texts, pa.ChunkedArray) else [texts]
    # Positions of the texts present (all of them when none is missing: no mask to build).
    present = np.arange(len(texts))
    if texts.null_count:
        present = np.flatnonzero(texts.is_valid().to_numpy(zero_copy_only=False))
    if len(present) > ANALYSIS_SAMPLE:
        present = present[np.linspace(0, len(present) - 1, ANALYSIS_SAMPLE).round().astype(np.int64)]
    # Taken chunk by chunk: a take from the chunked column joins its chunks first, a copy of every text.
    ends = np.cumsum([len(chunk) for chunk in chunks])
    owner = np.searchsorted(ends, present, side="right")
    parts = [chunk.take(pa.array(present[owner == k] - (ends[k] - len(chunk)))) for k, chunk in enumerate(chunks)]
    return pa.chunked_array(parts, type=texts.type)


def fitted_extractor(
    texts: Any, *, learn_words: bool = True, threads: int | None = None
) -> tuple[TfidfExtractor, list[str]]:
    """The extractor :func:`annotate_batch` uses for an archive, and the words it learned.

    ``texts`` are a sample of the archive's texts (a list or an Arrow string array without nulls;
    :func:`analyze` and :func:`analyze_to` take ``ANALYSIS_SAMPLE`` spread over the archive): a
    fresh tokenizer learns the archive's new words from them (``learn_words``), and from
    ``IDF_FIT_MIN_DOCUMENTS`` texts on the IDF table is fitted on them, counted in simplified
    characters as the keywords are.
    The extractor has ``ANALYSIS_FILTERS``; ``extractor.tokenizer`` knows the learned words.

    >>> extractor, learned = fitted_extractor(["王毅访问中亚。", "王毅会见记者。"] * 60, learn_words=False)
    >>> extractor.idf("王毅") < extractor.idf("中亚"), learned
    (True, [])
    """
    tokenizer, learned = _learning_tokenizer(texts if learn_words else [], threads=threads)
    extractor = TfidfExtractor(tokenizer, filters=ANALYSIS_FILTERS)
    if len(texts) >= IDF_FIT_MIN_DOCUMENTS:
        extractor.fit(texts, threads=threads, fold_script="simplified")
    return extractor, learned


def _learning_tokenizer(texts: Any, *, threads: int | None = None) -> tuple[Tokenizer, list[str]]:
    """A fresh tokenizer that learned the new words of ``texts`` (a sample, as for
    :func:`fitted_extractor`), and the words it learned: the one way the analysis and the report
    learn an archive's words."""
    tokenizer = Tokenizer()
    learned: list[str] = []
    if len(texts):
        learned = tokenizer.learn_words(texts, threads=threads, max_ngrams=LEARN_WORDS_MAX_NGRAMS)["word"].tolist()
    return tokenizer, learned


def annotate_batch(
    texts: Any,
    extractor: TfidfExtractor,
    *,
    top_k: int = 10,
    threads: int | None = None,
    progress: bool | None = None,
    keep_tokens: bool = True,
) -> Any:
    """Tokens, keywords, words, mentions and quotes of each of ``texts`` in one pass: a ``pyarrow.RecordBatch``.

    One row per text (a list or an Arrow string array; a missing text gives a row of nulls), with the
    columns ``tokens`` (``list<string>``, the words in the text's own characters), ``keywords``
    (``list<struct<word, weight>>``, ``top_k`` TF-IDF keywords in simplified characters), ``words``
    (``list<string>``, the text's distinct words in simplified characters, first appearance first:
    what the report counts "mentioned in" with), ``mentions`` and ``quotes`` (as
    ``Tokenizer.mentions_many`` and ``quotes_many`` give them with ``output="arrow"``), all with
    ``extractor`` and its tokenizer, traditional texts read through their simplified form
    (``script="auto"``). Each text is tagged once, in Rust on ``threads`` threads without the GIL,
    and everything comes from that tagging: the tokens are the tagger's words (those of
    ``Tokenizer.tag_many``; they differ from ``cut``'s only where the two HMMs of jieba guess
    differently at words the dictionary does not know), the keywords TF-IDF over them (as
    ``extract_many`` with every tag in ``allow_pos``); mentions and quotes equal the separate calls'.
    A separate cut for jieba's exact ``cut`` tokens would cost half as much again (docs/analysis.md).
    ``progress``: a bar (None: for a large batch in a terminal or notebook). Without ``keep_tokens``
    the batch has no ``tokens`` column: a report needs only the distinct ``words``.

    >>> batch = annotate_batch(["外交部长王毅说：“欢迎。”"], TfidfExtractor(), top_k=2)
    >>> batch.column("tokens")[0].as_py()[:3], batch.column("quotes")[0][0]["speaker"].as_py()
    (['外交部长', '王毅', '说'], '王毅')
    """
    from ._zhtext import _annotate_many

    return _annotate_many(
        extractor, texts, top_k=top_k, threads=threads, script="auto", progress=progress, keep_tokens=keep_tokens
    )


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
    written). The archive is read twice: the first read keeps ``ANALYSIS_SAMPLE`` articles drawn
    uniformly from it, on which new words are learned and IDF fitted (:func:`fitted_extractor`);
    then each batch is read once for its tokens, keywords, mentions and quotes
    (:func:`annotate_batch`), written and counted. Near-duplicate groups need the whole archive
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

    # The first read keeps a uniform sample of the parsed texts (reservoir sampling: the archive's
    # size is not known before it is read); new words and IDF come from it, as in analyze().
    sample = _reservoir(_texts(batches("skip" if errors == "skip" else "collect")), ANALYSIS_SAMPLE)
    extractor, learned = fitted_extractor(sample, learn_words=learn_words, threads=LEARN_WORDS_THREADS)
    del sample
    release_unused()

    # The report's temporary file of words goes beside the output (a folder known to be writable).
    with ReportState(spill_dir=os.path.dirname(os.path.abspath(target)), duplicates=False) as state:
        # Written beside the target and renamed when done: a failed run leaves an existing file whole.
        with atomic_path(target) as tmp:
            writer = _BatchWriter(tmp, jsonl=suffix == ".jsonl")
            try:
                for batch in batches():
                    added = annotate_batch(batch.column("text"), extractor, top_k=top_k, threads=threads)
                    rows = _rows_batch(batch, added)
                    writer.write_arrow(rows)
                    # The state reads a few light columns: texts, paragraphs and tokens (the pass's
                    # distinct words stand for them) never become pandas.
                    read = [c for c in state.columns_read if c in rows.schema.names and c != "tokens"]
                    state.add(
                        _to_pandas(rows.select(read)),
                        mentions=added.column("mentions"),
                        quotes=added.column("quotes"),
                        words=added.column("words"),
                    )
                    del batch, added, rows
                    release_unused()
                # Neither the last row group, the footer nor the report's tables need the learned
                # tokenizer: its copy of the dictionary goes before they are written.
                del extractor
                release_unused()
            finally:
                writer.close()
        release_unused()  # the writer's last row group and the last batch's buffers, before the report's tables
        return state.report(title=title, learned_words=learned)


def _reservoir(batches: Iterable[list[str]], size: int) -> list[str]:
    """A uniform sample of ``size`` texts (all of them if fewer), in their order, from texts read
    batch by batch: memory holds the sample, not the archive (Vitter's algorithm R, seeded)."""
    import random

    rng = random.Random(0)
    kept: list[tuple[int, str]] = []
    seen = 0
    for texts in batches:
        for text in texts:
            if len(kept) < size:
                kept.append((seen, text))
            else:
                slot = rng.randrange(seen + 1)
                if slot < size:
                    kept[slot] = (seen, text)
            seen += 1
    return [text for _, text in sorted(kept)]


def _to_pandas(batch: Any) -> pd.DataFrame:
    import pyarrow as pa

    from ._articles import to_pandas
    from ._zhtext import article_schema

    table = pa.Table.from_batches([batch]) if batch is not None else article_schema().empty_table()
    return to_pandas(table)


def _rows_batch(batch: Any, added: Any) -> Any:
    """The rows :func:`analyze_to` writes for a batch, as Arrow: the article columns, ``duplicate_group``
    (not computed when streamed: null), ``tokens`` and ``keywords``; the columns and types
    :func:`write` gives a frame of :func:`analyze`."""
    import pyarrow as pa

    columns = [*batch.columns, pa.nulls(batch.num_rows, pa.int64()), added.column("tokens"), added.column("keywords")]
    return pa.RecordBatch.from_arrays(columns, names=[*batch.schema.names, "duplicate_group", "tokens", "keywords"])


def _rows_table(df: pd.DataFrame) -> Any:
    """The frame as an Arrow table without pandas' metadata (readers then map the Arrow types themselves:
    pandas cannot parse its own names for nested Arrow dtypes back)."""
    import pyarrow as pa

    return pa.Table.from_pandas(df, preserve_index=False).replace_schema_metadata(None)


class _BatchWriter:
    """Rows appended to a Parquet or JSON Lines file as they come (JSON Lines written by serde in Rust;
    Parquet in row groups of a bounded size, :class:`~zhtext._parquet.RowGroupWriter`)."""

    def __init__(self, path: str, *, jsonl: bool) -> None:
        self.path = path
        self.rows = 0
        self._parquet: Any = None
        self._jsonl = jsonl
        if jsonl:
            open(path, "wb").close()

    def write(self, df: pd.DataFrame) -> None:
        self.write_arrow(_rows_table(df))

    def write_arrow(self, table: Any) -> None:
        """Append an Arrow table or record batch."""
        from ._zhtext import _write_jsonl

        if self._jsonl:
            _write_jsonl(table, self.path)
        else:
            if self._parquet is None:
                self._parquet = RowGroupWriter(self.path)
            self._parquet.write(table)
        self.rows += table.num_rows

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
