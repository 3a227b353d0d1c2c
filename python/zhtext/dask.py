"""Scale out on Dask: the same articles, tokens, keywords and TF-IDF over archives larger than one machine.

Workers read their own files: the graph carries file lists, not text. Every
zhtext object pickles as a small recipe, the default tokenizer is created once
per worker process, and each task's Rust work runs on ``threads`` threads
(1 by default, so N workers × 1 thread match N cores; ``ZHTEXT_THREADS`` sets
the default of calls made with ``threads=None`` in a worker's environment).

>>> import zhtext as zt
>>> import zhtext.dask as zd
>>> ddf = zd.read_articles(zt.sample_article_path())
>>> ddf["keywords"] = ddf["text"].map_partitions(lambda s: s.zh.keywords(top_k=3, threads=1))
>>> ddf["keywords"].compute().tolist()
[['中亚', '王毅', '访问']]

Needs ``pip install 'zhtext[dask]'``.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
import scipy.sparse as sp

from . import _articles
from ._zhtext import PlannedSource, TfidfExtractor, _plan_sources, article_schema

__all__ = ["fit_idf", "fit_vectorizer", "meta", "near_duplicates", "read_articles", "transform"]

Errors = Literal["raise", "skip", "collect"]


@dataclass(frozen=True)
class _Remote:
    """A file behind an fsspec URL (``s3://``, ``gs://``, ``https://``, …), read by the worker."""

    url: str
    storage_options: tuple[tuple[str, Any], ...] = ()

    def fetch(self) -> tuple[str, bytes] | PlannedSource:
        import fsspec

        try:
            with fsspec.open(self.url, "rb", **dict(self.storage_options)) as f:
                return (self.url, f.read())
        except OSError as err:
            return PlannedSource.failed(self.url, f"cannot read {self.url}: {err}")


def _is_url(path: Any) -> bool:
    return isinstance(path, str) and "://" in path and not path.startswith("file://")


def _plan(
    source: Any, storage_options: dict[str, Any] | None, files_per_partition: int, max_file_size: int
) -> list[Any]:
    """Local sources planned by zhtext's one resolver (files, archive member ranges, errors); URLs listed by fsspec."""
    options = tuple(sorted((storage_options or {}).items()))
    entries: list[Any] = []
    local: list[Any] = []

    def flush() -> None:
        entries.extend(_plan_sources(local, files_per_partition, max_file_size=max_file_size))
        local.clear()

    for item in _articles.source_list(source):
        path = os.fspath(item)
        if not _is_url(path):
            local.append(path)
            continue
        flush()
        import fsspec

        fs, _, paths = fsspec.core.get_fs_token_paths(path, storage_options=storage_options)
        for found in sorted(paths):
            names = sorted(fs.find(found)) if fs.isdir(found) else [found]
            entries.extend(_Remote(fs.unstrip_protocol(name), options) for name in names if _is_article_name(name))
    flush()
    return entries


def _is_article_name(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return not base.startswith(".") and base.lower().endswith((".md", ".txt"))


def _partitions(entries: list[Any], files_per_partition: int) -> list[list[Any]]:
    """Consecutive entries, about ``files_per_partition`` files per partition (an archive range counts its members)."""
    partitions: list[list[Any]] = []
    current: list[Any] = []
    size = 0
    for entry in entries:
        n = len(entry) if isinstance(entry, PlannedSource) else 1
        if current and size + n > files_per_partition:
            partitions.append(current)
            current, size = [], 0
        current.append(entry)
        size += n
    if current:
        partitions.append(current)
    return partitions


def meta() -> pd.DataFrame:
    """The empty frame with the columns and dtypes of :func:`zhtext.read_articles`.

    >>> list(meta().columns[:4]), str(meta()["published"].dtype)
    (['id', 'path', 'outlet', 'url'], 'datetime64[ns, UTC]')
    """
    return _articles.finish(article_schema().empty_table())


def _read_partition(
    entries: list[Any], errors: Errors, encoding_errors: str, threads: int | None, max_file_size: int
) -> pd.DataFrame:
    fetched = [e.fetch() if isinstance(e, _Remote) else e for e in entries]
    table = _articles.read_tables(
        fetched,
        errors=errors,
        threads=threads,
        progress=False,
        encoding_errors=encoding_errors,
        max_file_size=max_file_size,
    )
    return _articles.finish(table)


def read_articles(
    source: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    files_per_partition: int = 256,
    errors: Errors = "raise",
    encoding_errors: Literal["strict", "replace"] = "strict",
    threads: int | None = 1,
    storage_options: dict[str, Any] | None = None,
    max_file_size: int = _articles.MAX_FILE_SIZE,
) -> dd.DataFrame:
    """:func:`zhtext.read_articles` as a Dask DataFrame: the same columns and dtypes, one
    partition per ``files_per_partition`` files, each read by the worker that computes it.

    ``source`` is what :func:`zhtext.read_articles` takes, or fsspec URLs and globs
    (``s3://bucket/archive/**/*.md``, with ``storage_options``). With ``errors="raise"``
    a bad file raises at compute time, naming the file; ``"collect"`` gives its row
    with ``error`` set and loses no other row.

    >>> import zhtext as zt, zhtext.dask as zd
    >>> ddf = zd.read_articles([zt.sample_article_path()] * 3, files_per_partition=2)
    >>> ddf.npartitions, ddf["outlet"].compute().tolist()
    (2, ['rfa', 'rfa', 'rfa'])
    """
    if files_per_partition <= 0:
        raise ValueError(f"files_per_partition must be positive, not {files_per_partition}")
    if errors not in ("raise", "skip", "collect"):
        raise ValueError(f'errors must be "raise", "skip" or "collect", not {errors!r}')
    partitions = _partitions(_plan(source, storage_options, files_per_partition, max_file_size), files_per_partition)
    if not partitions:
        return dd.from_pandas(meta(), npartitions=1)
    return dd.from_map(
        _read_partition,
        partitions,
        errors=errors,
        encoding_errors=encoding_errors,
        threads=threads,
        max_file_size=max_file_size,
        meta=meta(),
        label="zhtext-read-articles",
        enforce_metadata=False,
    )


def _idf_counts(texts: pd.Series, extractor: TfidfExtractor, threads: int | None) -> tuple[Counter[str], int]:
    frequencies, n_docs = extractor.document_frequencies(texts.tolist(), threads=threads, missing="empty")
    return Counter(frequencies), n_docs


def _sum_idf_counts(parts: list[tuple[Counter[str], int]]) -> tuple[dict[str, int], int]:
    total: Counter[str] = Counter()
    for frequencies, _ in parts:
        total.update(frequencies)
    return dict(total), sum(n for _, n in parts)


def fit_idf(texts: dd.Series, extractor: TfidfExtractor | None = None, *, threads: int | None = 1) -> TfidfExtractor:
    """Fit ``extractor``'s IDF table (a new default extractor when ``None``) on a Dask Series of
    texts: document frequencies are counted per partition and summed, so no worker holds the
    corpus. Equal to ``extractor.fit(all_texts, missing="empty")`` on one machine.

    >>> import zhtext as zt, zhtext.dask as zd
    >>> ddf = zd.read_articles([zt.sample_article_path()] * 2, files_per_partition=1)
    >>> ex = zd.fit_idf(ddf["text"])
    >>> ex.idf("王毅") == zt.TfidfExtractor().fit(ddf["text"].compute().tolist()).idf("王毅")
    True
    """
    extractor = extractor or TfidfExtractor()
    parts = [dask.delayed(_idf_counts)(part, extractor, threads) for part in texts.to_delayed()]
    frequencies, n_docs = dask.delayed(_sum_idf_counts)(parts).compute()
    return extractor.fit_document_frequencies(frequencies, n_docs)


def _term_statistics(texts: pd.Series, vectorizer: Any) -> pd.DataFrame:
    terms, dfs, tfs, n_docs = vectorizer.document_frequencies(texts.tolist())
    frame = pd.DataFrame({"df": dfs, "tf": tfs}, index=pd.Index(terms, dtype=object, name="term"))
    frame.attrs["n_docs"] = n_docs
    return frame


def _sum_term_statistics(parts: list[pd.DataFrame]) -> tuple[pd.DataFrame, int]:
    n_docs = sum(p.attrs["n_docs"] for p in parts)
    total = pd.concat(parts).groupby(level="term", sort=False).sum()
    return total, n_docs


def fit_vectorizer(texts: dd.Series, vectorizer: Any = None) -> Any:
    """Fit a :class:`zhtext.TfidfVectorizer` on a Dask Series of texts, map-reduce style: per-partition
    term statistics (document and total counts) are summed, then the vocabulary and ``idf_`` are
    chosen exactly as ``vectorizer.fit(all_texts)`` would. Returns the fitted vectorizer; use
    :func:`transform` for the matrix.

    >>> import zhtext as zt, zhtext.dask as zd
    >>> ddf = zd.read_articles([zt.sample_article_path()] * 2, files_per_partition=1)
    >>> vec = zd.fit_vectorizer(ddf["text"])
    >>> zd.transform(ddf["text"], vec).shape == (2, len(vec.vocabulary_))
    True
    """
    if vectorizer is None:
        from . import TfidfVectorizer

        vectorizer = TfidfVectorizer(threads=1)
    parts = [dask.delayed(_term_statistics)(part, vectorizer) for part in texts.to_delayed()]
    total, n_docs = dask.delayed(_sum_term_statistics)(parts).compute()
    return vectorizer.fit_document_frequencies(
        total.index.to_numpy(dtype=object), total["df"].to_numpy(np.int64), total["tf"].to_numpy(np.int64), n_docs
    )


def transform(texts: dd.Series, vectorizer: Any) -> sp.csr_matrix:
    """The TF-IDF matrix of a Dask Series of texts, each partition transformed by a worker and the
    rows stacked in order (the result, unlike the texts, is gathered on the client); see
    :func:`fit_vectorizer` for an example."""
    parts = [dask.delayed(vectorizer.transform)(part) for part in texts.to_delayed()]
    return sp.vstack(dask.compute(*parts), format="csr")


def _sketch(texts: pd.Series, options: dict[str, Any], threshold: float, bands: int | None) -> dict[str, Any]:
    """A partition's signatures and band keys; rows without shingles get no keys (they match nothing)."""
    from ._dedup import _texts_of
    from ._zhtext import _band_keys, minhash

    signatures = minhash(_texts_of(texts), **options)
    keys = _band_keys(signatures, threshold=threshold, bands=bands)
    empty = (signatures == np.iinfo(np.uint32).max).all(axis=1)
    return {"signatures": signatures, "keys": keys, "present": np.flatnonzero(~empty)}


def _band_shards(sketch: dict[str, Any], part: int, n_shards: int) -> list[np.ndarray]:
    """The partition's ``(band, key, part, row)`` entries, split into shards by key."""
    rows = sketch["present"]
    keys = sketch["keys"][rows]
    n_bands = keys.shape[1]
    table = np.empty((len(rows) * n_bands, 4), dtype=np.uint64)
    table[:, 0] = np.tile(np.arange(n_bands, dtype=np.uint64), len(rows))
    table[:, 1] = keys.ravel()
    table[:, 2] = part
    table[:, 3] = np.repeat(rows.astype(np.uint64), n_bands)
    shard = table[:, 1] % np.uint64(n_shards)
    return [table[shard == s] for s in range(n_shards)]


def _shard_candidates(tables: list[np.ndarray]) -> np.ndarray:
    """``(part_a, row_a, part_b, row_b)`` of every two entries of a shard with the same band and key."""
    table = np.concatenate(tables)
    table = table[np.lexsort((table[:, 3], table[:, 2], table[:, 1], table[:, 0]))]
    same = (table[1:, 0] == table[:-1, 0]) & (table[1:, 1] == table[:-1, 1])
    starts = np.flatnonzero(np.concatenate(([True], ~same)))
    ends = np.append(starts[1:], len(table))
    pairs = []
    for start, end in zip(starts, ends, strict=True):
        if end - start > 1:
            a, b = np.triu_indices(end - start, k=1)
            members = table[start:end, 2:]
            pairs.append(np.hstack([members[a], members[b]]))
    return np.concatenate(pairs) if pairs else np.empty((0, 4), dtype=np.uint64)


def _similarities(
    left: dict[str, Any],
    right: dict[str, Any],
    left_texts: pd.Series | None,
    right_texts: pd.Series | None,
    rows: np.ndarray,
    options: dict[str, Any],
) -> np.ndarray:
    """Jaccard similarity of each pair ``rows[k] = (left row, right row)``: exact from the texts when given,
    else the fraction of agreeing signature values."""
    from ._dedup import _texts_of
    from ._zhtext import _exact_jaccard

    a, b = rows[:, 0], rows[:, 1]
    if left_texts is None or right_texts is None:
        same = (left["signatures"][a] == right["signatures"][b]).sum(axis=1)
        return same / left["signatures"].shape[1]
    return _exact_jaccard(
        _texts_of(left_texts.iloc[a]),
        _texts_of(right_texts.iloc[b]),
        shingle=options["shingle"],
        script=options["script"],
        threads=options["threads"],
    )


def near_duplicates(
    texts: dd.Series,
    *,
    threshold: float = 0.8,
    num_perm: int = 128,
    verify: bool = True,
    bands: int | None = None,
    shingle: int = 5,
    seed: int = 1,
    scheme: Literal["affine32", "legacy"] = "affine32",
    script: Literal["as_is", "auto", "simplified"] = "auto",
    threads: int | None = 1,
    missing: Literal["raise", "empty"] = "raise",
) -> pd.DataFrame:
    """:func:`zhtext.near_duplicates` of a Dask Series of texts: the same pairs, ``i`` and ``j`` being
    positions in the whole series.

    Each partition's signatures and band keys are computed by a worker and kept there; the band
    keys are shuffled into shards so that texts sharing a band meet, whichever partitions they are
    in; then each pair of partitions with candidates is verified by one task (exact Jaccard from
    the texts, or the signatures' estimate with ``verify=False``). Only candidate pairs come back to
    the client. The texts are persisted on the workers while this runs.

    >>> import zhtext as zt, zhtext.dask as zd
    >>> ddf = zd.read_articles([zt.sample_article_path()] * 3, files_per_partition=2)
    >>> zd.near_duplicates(ddf["text"])
       i  j  jaccard
    0  0  1      1.0
    1  0  2      1.0
    2  1  2      1.0
    """
    options = {
        "num_perm": num_perm,
        "shingle": shingle,
        "seed": seed,
        "scheme": scheme,
        "script": script,
        "threads": threads,
        "missing": missing,
    }
    texts = texts.persist()
    parts = texts.to_delayed()
    sketches = dask.persist(*[dask.delayed(_sketch)(part, options, threshold, bands) for part in parts])
    n_shards = len(parts)
    shards = [dask.delayed(_band_shards, nout=n_shards)(sketch, p, n_shards) for p, sketch in enumerate(sketches)]
    found = [dask.delayed(_shard_candidates)([shard[s] for shard in shards]) for s in range(n_shards)]
    lengths = [dask.delayed(lambda sketch: len(sketch["signatures"]))(sketch) for sketch in sketches]
    found, lengths = dask.compute(found, lengths)
    offsets = np.concatenate(([0], np.cumsum(lengths)))
    candidates = np.unique(np.concatenate(found).astype(np.int64), axis=0)
    # Each pair once, with the earlier text first.
    first = candidates[:, 0] * offsets[-1] + candidates[:, 1] <= candidates[:, 2] * offsets[-1] + candidates[:, 3]
    candidates = np.where(first[:, None], candidates, candidates[:, [2, 3, 0, 1]])
    candidates = np.unique(candidates, axis=0)
    tasks, blocks = [], []
    for (pa, pb), group in pd.DataFrame(candidates).groupby([0, 2], sort=True):
        rows = group[[1, 3]].to_numpy()
        a_texts, b_texts = (parts[pa], parts[pb]) if verify else (None, None)
        tasks.append(dask.delayed(_similarities)(sketches[pa], sketches[pb], a_texts, b_texts, rows, options))
        blocks.append((offsets[pa] + rows[:, 0], offsets[pb] + rows[:, 1]))
    similarities = dask.compute(*tasks)
    empty = np.empty(0, dtype=np.int64)
    i = np.concatenate([b[0] for b in blocks] or [empty])
    j = np.concatenate([b[1] for b in blocks] or [empty])
    jaccard = np.concatenate([*similarities, np.empty(0)])
    keep = jaccard >= threshold
    frame = pd.DataFrame({"i": i[keep], "j": j[keep], "jaccard": jaccard[keep]})
    return frame.sort_values(["i", "j"], ignore_index=True)
