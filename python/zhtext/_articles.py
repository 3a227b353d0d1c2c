"""``read_articles`` and ``iter_articles``: archive files from directories, globs, lists and
zip/tar archives, as Arrow record batches.

Sources are resolved, read and parsed in Rust (:class:`zhtext._zhtext.ArticleReader`,
``src/sources``), one batch at a time without the GIL; this module wraps the batches as
Arrow and applies the ``errors`` policy's warning.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Iterator
from typing import Any, Literal

from . import _progress
from ._zhtext import ArticleReader

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
        for number, buffers in enumerate(rows):
            batch = to_batch(buffers)
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
    return pa.RecordBatchReader.from_batches(_schema(), batches(rows, progress=False))


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
    return pa.Table.from_batches(list(batches(rows, progress=progress, stacklevel=4)), schema=_schema())


def _schema() -> Any:
    import pyarrow as pa

    text = pa.large_string()
    words = pa.large_list(text)

    def records(*names: str) -> Any:
        return pa.large_list(pa.struct([(n, text) for n in names]))

    return pa.schema(
        [
            ("id", text),
            ("path", text),
            ("outlet", text),
            ("url", text),
            ("section", text),
            ("title", text),
            ("published", pa.timestamp("ns", tz="UTC")),
            ("script", text),
            ("n_chars", pa.int64()),
            ("paragraphs", words),
            ("subheadings", words),
            ("text", text),
            ("images", records("src", "alt", "caption", "credit")),
            ("links", records("text", "url")),
            ("related", records("text", "url")),
            ("embeds", records("kind", "url", "author", "handle", "date", "text")),
            (
                "byline",
                pa.struct(
                    [
                        ("reporters", words),
                        ("location", text),
                        ("editors", words),
                        ("web_editors", words),
                        ("raw", text),
                    ]
                ),
            ),
            ("error", text),
        ]
    )


def _bitmap(valid: Any) -> Any:
    """An Arrow validity bitmap, or ``None`` when every value is valid."""
    import numpy as np
    import pyarrow as pa

    if valid.all():
        return None
    return pa.py_buffer(np.packbits(valid, bitorder="little"))


def _utf8(buffers: dict[str, Any], name: str) -> Any:
    import pyarrow as pa

    valid = buffers[f"{name}.valid"]
    return pa.Array.from_buffers(
        pa.large_string(),
        len(valid),
        [_bitmap(valid), pa.py_buffer(buffers[f"{name}.offsets"]), pa.py_buffer(buffers[f"{name}.data"])],
    )


def _lists(buffers: dict[str, Any], name: str, items: Any) -> Any:
    import pyarrow as pa

    valid = buffers[f"{name}.lists_valid"]
    return pa.Array.from_buffers(
        pa.large_list(items.type),
        len(valid),
        [_bitmap(valid), pa.py_buffer(buffers[f"{name}.lists"])],
        children=[items],
    )


def _records(buffers: dict[str, Any], name: str, fields: tuple[str, ...]) -> Any:
    import pyarrow as pa

    items = pa.StructArray.from_arrays([_utf8(buffers, f"{name}.{f}") for f in fields], names=list(fields))
    return _lists(buffers, name, items)


def to_batch(buffers: dict[str, Any]) -> Any:
    """The Arrow record batch over the numpy buffers of one batch (no copy of the string data)."""
    import pyarrow as pa

    parsed = buffers["parsed"]
    mask = ~parsed
    published = pa.array(buffers["published_ms"], pa.int64(), mask=mask).cast(pa.timestamp("ms", tz="UTC"))

    def words(name: str) -> Any:
        return _lists(buffers, name, _utf8(buffers, f"{name}.items"))

    byline = pa.StructArray.from_arrays(
        [
            words("byline.reporters"),
            _utf8(buffers, "byline.location"),
            words("byline.editors"),
            words("byline.web_editors"),
            _utf8(buffers, "byline.raw"),
        ],
        names=["reporters", "location", "editors", "web_editors", "raw"],
        mask=pa.array(mask),
    )
    columns = {
        "id": _utf8(buffers, "id"),
        "path": _utf8(buffers, "path"),
        "outlet": _utf8(buffers, "outlet"),
        "url": _utf8(buffers, "url"),
        "section": _utf8(buffers, "section"),
        "title": _utf8(buffers, "title"),
        "published": published.cast(pa.timestamp("ns", tz="UTC")),
        "script": _utf8(buffers, "script"),
        "n_chars": pa.array(buffers["n_chars"], pa.int64(), mask=mask),
        "paragraphs": words("paragraphs"),
        "subheadings": words("subheadings"),
        "text": _utf8(buffers, "text"),
        "images": _records(buffers, "images", ("src", "alt", "caption", "credit")),
        "links": _records(buffers, "links", ("text", "url")),
        "related": _records(buffers, "related", ("text", "url")),
        "embeds": _records(buffers, "embeds", ("kind", "url", "author", "handle", "date", "text")),
        "byline": byline,
        "error": _utf8(buffers, "error"),
    }
    return pa.RecordBatch.from_pydict(columns, schema=_schema())


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
