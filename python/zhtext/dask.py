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
from ._zhtext import TfidfExtractor

__all__ = ["fit_idf", "fit_vectorizer", "meta", "read_articles", "transform"]

Errors = Literal["raise", "skip", "collect"]


@dataclass(frozen=True)
class _Remote:
    """A file behind an fsspec URL (``s3://``, ``gs://``, ``https://``, …), read by the worker."""

    url: str
    storage_options: tuple[tuple[str, Any], ...] = ()

    def fetch(self) -> tuple[str, bytes] | _articles._Failure:
        import fsspec

        try:
            with fsspec.open(self.url, "rb", **dict(self.storage_options)) as f:
                return (self.url, f.read())
        except OSError as err:
            return _articles._Failure(self.url, f"cannot read {self.url}: {err}")


def _is_url(path: str) -> bool:
    return "://" in path and not path.startswith("file://")


def _resolve(source: Any, storage_options: dict[str, Any] | None) -> list[Any]:
    sources = [source] if isinstance(source, (str, os.PathLike)) else list(source)
    options = tuple(sorted((storage_options or {}).items()))
    entries: list[Any] = []
    for item in sources:
        path = os.fspath(item)
        if not _is_url(path):
            entries.extend(_articles.resolve_sources(path))
            continue
        import fsspec

        fs, _, paths = fsspec.core.get_fs_token_paths(path, storage_options=storage_options)
        for found in sorted(paths):
            names = sorted(fs.find(found)) if fs.isdir(found) else [found]
            entries.extend(
                _Remote(fs.unstrip_protocol(name), options) for name in names if _articles._is_article_name(name)
            )
    return entries


def meta() -> pd.DataFrame:
    """The empty frame with the columns and dtypes of :func:`zhtext.read_articles`.

    >>> list(meta().columns[:4]), str(meta()["published"].dtype)
    (['id', 'path', 'outlet', 'url'], 'datetime64[ns, UTC]')
    """
    return _articles.finish(_articles._schema().empty_table())


def _read_partition(entries: list[Any], errors: Errors, encoding_errors: str, threads: int | None) -> pd.DataFrame:
    fetched = [e.fetch() if isinstance(e, _Remote) else e for e in entries]
    table = _articles.read_entries(
        fetched, errors=errors, threads=threads, progress=False, encoding_errors=encoding_errors
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
    entries = _resolve(source, storage_options)
    partitions = [entries[i : i + files_per_partition] for i in range(0, len(entries), files_per_partition)]
    if not partitions:
        return dd.from_pandas(meta(), npartitions=1)
    return dd.from_map(
        _read_partition,
        partitions,
        errors=errors,
        encoding_errors=encoding_errors,
        threads=threads,
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
