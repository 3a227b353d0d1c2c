"""``read_articles`` and ``iter_articles``: archive files from directories, globs, lists and
zip/tar archives, as Arrow record batches.

Sources are resolved, read and parsed in Rust (:class:`zhtext._zhtext.ArticleReader`,
``src/sources``), one Arrow record batch of :func:`zhtext.article_schema` at a time,
without the GIL; this module checks arguments, shows progress and warns about skipped inputs.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Iterator
from typing import Any, Literal

from . import _progress
from ._zhtext import ArticleReader, article_schema

Errors = Literal["raise", "skip", "collect"]

#: Rows per batch of :func:`iter_articles`: enough to keep every core busy, few chunks per column.
BATCH_SIZE = 2048
#: Files and archive members larger than this (uncompressed) are error rows, not read: 64 MB.
MAX_FILE_SIZE = 64 * 1024 * 1024


def source_list(source: Any) -> list[Any]:
    """``source`` as a list of paths, kept exactly (``bytes`` paths as ``os.fsdecode`` gives them, which Rust
    encodes back to the same bytes)."""
    if isinstance(source, (str, bytes, os.PathLike)):
        return [_exact(source)]
    if isinstance(source, Iterable):
        return [_exact(item) for item in source]
    raise TypeError(f"source must be a path, a glob pattern or a list of paths, not {type(source).__name__}")


def _exact(item: Any) -> Any:
    if isinstance(item, (str, bytes, os.PathLike)):
        path = os.fspath(item)
        return os.fsdecode(path) if isinstance(path, bytes) else path
    return item


def reader(
    source: Any,
    *,
    batch_size: int = BATCH_SIZE,
    errors: Errors = "raise",
    threads: int | None = None,
    encoding_errors: str = "strict",
    max_file_size: int = MAX_FILE_SIZE,
) -> ArticleReader:
    """The Rust batch reader over ``source``."""
    if errors not in ("raise", "skip", "collect"):
        raise ValueError(f'errors must be "raise", "skip" or "collect", not {errors!r}')
    if not isinstance(batch_size, int) or batch_size <= 0:
        raise ValueError(f"batch_size must be a positive integer, not {batch_size!r}")
    if not isinstance(max_file_size, int) or max_file_size < 0:
        raise ValueError(f"max_file_size must be a non-negative integer, not {max_file_size!r}")
    if threads is not None and (not isinstance(threads, int) or threads <= 0):
        raise ValueError(f"threads must be a positive integer or None, not {threads!r}")
    return ArticleReader(
        source_list(source),
        batch_size=batch_size,
        errors=errors,
        encoding_errors=encoding_errors,
        threads=threads,
        max_file_size=max_file_size,
    )


def batches(rows: ArticleReader, *, progress: bool | None = None, stacklevel: int = 2) -> Iterator[Any]:
    """The reader's batches as ``pyarrow.RecordBatch``; warns once at the end about skipped inputs."""
    bar = None
    read = 0
    try:
        for number, batch in enumerate(rows):
            if number == 0 and progress is not False:
                # The total is unknown while sources stream: a full first batch says the input is large.
                large = batch.num_rows >= BATCH_SIZE
                hint = max(batch.num_rows, _progress.AUTO_ITEMS) if large else batch.num_rows
                bar = _progress.bar(progress, hint, desc="read_articles", unit="file")
                if bar is not None:
                    bar.total = None
            if bar is not None:
                bar.update(batch.num_rows)
            read += batch.num_rows
            yield batch
    finally:
        rows.close()
        if bar is not None:
            bar.close()
    if rows.skipped:
        warnings.warn(
            f"read_articles skipped {rows.skipped} of {rows.skipped + read} files that could not be read;"
            f" the first: {rows.first_skipped}",
            stacklevel=stacklevel,
        )


def iter_articles(source: Any, **options: Any) -> Any:
    """A ``pyarrow.RecordBatchReader`` over the rows of ``source`` (see :func:`zhtext.iter_articles`)."""
    import pyarrow as pa

    rows = reader(source, **options)
    return pa.RecordBatchReader.from_batches(article_schema(), batches(rows, progress=False))


def read_tables(
    source: Any,
    *,
    errors: Errors = "raise",
    threads: int | None = None,
    progress: bool | None = None,
    encoding_errors: str = "strict",
    max_file_size: int = MAX_FILE_SIZE,
) -> Any:
    """All rows of ``source`` as one ``pyarrow.Table``, the ``errors`` policy applied."""
    import pyarrow as pa

    rows = reader(source, errors=errors, threads=threads, encoding_errors=encoding_errors, max_file_size=max_file_size)
    # The warning points at the caller of read_articles.
    return pa.Table.from_batches(list(batches(rows, progress=progress, stacklevel=4)), schema=article_schema())


def finish(table: Any, output: Literal["pandas", "arrow"] = "pandas") -> Any:
    """The table as users get it: as Arrow or pandas."""
    return table if output == "arrow" else to_pandas(table)


def to_pandas(table: Any) -> Any:
    """A DataFrame of Arrow-backed columns, with ``published`` as ``datetime64[ns, UTC]``."""
    try:
        import pandas as pd
        import pyarrow as pa
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError("read_articles needs pandas: pip install 'zhtext[pandas]'") from err
    from . import accessor  # noqa: F401  (the frame's text columns get the .zh accessor)

    strings = pd.StringDtype("pyarrow")

    def mapper(arrow_type: Any) -> Any:
        # Arrow-backed columns keep the data where Rust wrote it: strings as
        # pandas' "string[pyarrow]" (as Dask makes them too), lists and structs
        # as ArrowDtype; only the timestamp becomes NumPy datetime64[ns, UTC].
        if pa.types.is_timestamp(arrow_type):
            return None
        if pa.types.is_large_string(arrow_type) or pa.types.is_string(arrow_type):
            return strings
        return pd.ArrowDtype(arrow_type)

    return table.to_pandas(types_mapper=mapper)
