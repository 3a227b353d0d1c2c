"""``read_articles``: archive files from a directory, glob, list or zip/tar archive into one table.

Source resolution and error policy live here; reading and parsing run in Rust
(:func:`zhtext._zhtext._read_batch`) in chunks of ``CHUNK`` files, each one Arrow
record batch in the schema Rust defines (:func:`zhtext.article_schema`), so a
progress bar can move while Rust works without the GIL.
"""

from __future__ import annotations

import glob
import os
import tarfile
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from . import _progress
from ._zhtext import ArticleError, _read_batch, article_schema

Errors = Literal["raise", "skip", "collect"]

#: File names read from directories and archives; other files (manifests, images) are left alone.
ARTICLE_SUFFIXES = (".md", ".txt")
#: Files per call into Rust: large enough to keep every core busy, small enough for a moving progress bar.
CHUNK = 2048

_ERROR_CLASSES: dict[str, type[Exception]] = {
    "FileNotFoundError": FileNotFoundError,
    "PermissionError": PermissionError,
    "OSError": OSError,
}


@dataclass
class _Failure:
    """An input that failed before parsing (a symlink loop, an unreadable directory or archive)."""

    path: str
    message: str
    kind: str = "OSError"


Entry = str | tuple[str, bytes] | _Failure


def _is_archive(path: str) -> bool:
    lower = path.lower()
    return lower.endswith((".zip", ".tar.gz", ".tgz", ".tar")) and os.path.isfile(path)


def _is_article_name(name: str) -> bool:
    base = os.path.basename(name)
    return not base.startswith(".") and base.lower().endswith(ARTICLE_SUFFIXES)


def _walk(root: str) -> Iterator[Entry]:
    """Files under ``root``, following directory symlinks once; a loop is reported, not followed."""
    seen: set[tuple[int, int]] = set()
    failures: list[_Failure] = []

    def on_error(err: OSError) -> None:
        failures.append(_Failure(str(err.filename or root), f"cannot list {err.filename}: {err.strerror}", _kind(err)))

    for directory, subdirs, files in os.walk(root, followlinks=True, onerror=on_error):
        try:
            st = os.stat(directory)
        except OSError as err:
            yield _Failure(directory, f"cannot read {directory}: {err.strerror}", _kind(err))
            subdirs[:] = []
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:
            target = os.path.realpath(directory)
            yield _Failure(directory, f"symlink loop: {directory} leads back to {target}, which was already read")
            subdirs[:] = []
            continue
        seen.add(key)
        subdirs.sort()
        for name in sorted(files):
            if _is_article_name(name):
                yield os.path.join(directory, name)
        yield from failures
        failures.clear()
    yield from failures


def _kind(err: OSError) -> str:
    if isinstance(err, PermissionError):
        return "PermissionError"
    if isinstance(err, FileNotFoundError):
        return "FileNotFoundError"
    return "OSError"


def _members(path: str) -> Iterator[Entry]:
    """``(name, bytes)`` for each article file in a zip or tar archive."""
    try:
        if path.lower().endswith(".zip"):
            with zipfile.ZipFile(path) as archive:
                for info in sorted(archive.infolist(), key=lambda i: i.filename):
                    if not info.is_dir() and _is_article_name(info.filename):
                        yield (f"{path}/{info.filename}", archive.read(info))
        else:
            with tarfile.open(path, "r:*") as archive:
                for member in sorted(archive.getmembers(), key=lambda m: m.name):
                    handle = archive.extractfile(member) if member.isfile() else None
                    if handle is not None and _is_article_name(member.name):
                        yield (f"{path}/{member.name}", handle.read())
    except (OSError, zipfile.BadZipFile, tarfile.TarError) as err:
        yield _Failure(path, f"cannot read archive {path}: {err}")


def resolve_sources(source: Any) -> list[Entry]:
    """The inputs ``source`` stands for, in a stable order.

    ``source`` is a directory (walked recursively), a glob pattern, a ``.zip`` /
    ``.tar.gz`` archive, a file, or a list of any of these.
    """
    if isinstance(source, (str, os.PathLike)):
        sources: Iterable[Any] = [source]
    elif isinstance(source, Iterable):
        sources = source
    else:
        raise TypeError(f"source must be a path, a glob pattern or a list of paths, not {type(source).__name__}")
    entries: list[Entry] = []
    for item in sources:
        path = os.fspath(item)
        if os.path.isdir(path):
            entries.extend(_walk(path))
        elif _is_archive(path):
            entries.extend(_members(path))
        elif glob.has_magic(path):
            for match in sorted(glob.glob(path, recursive=True)):
                if os.path.isfile(match):
                    entries.append(match)
        else:
            # A missing or unreadable file is reported by the reader, naming it.
            entries.append(path)
    return entries


def _batches(entries: list[Entry]) -> Iterator[list[Entry]]:
    """Runs of entries of one kind (paths, members, failures), at most ``CHUNK`` long."""
    run: list[Entry] = []
    for entry in entries:
        if run and (type(entry) is not type(run[0]) or len(run) >= CHUNK):
            yield run
            run = []
        run.append(entry)
    if run:
        yield run


def read_tables(
    source: Any,
    *,
    errors: Errors = "raise",
    threads: int | None = None,
    progress: bool | None = None,
    encoding_errors: str = "strict",
) -> Any:
    """All rows of ``source`` as one ``pyarrow.Table`` (with ``error_kind``), the ``errors`` policy applied."""
    if errors not in ("raise", "skip", "collect"):
        raise ValueError(f'errors must be "raise", "skip" or "collect", not {errors!r}')
    return read_entries(
        resolve_sources(source), errors=errors, threads=threads, progress=progress, encoding_errors=encoding_errors
    )


def read_entries(
    entries: list[Entry],
    *,
    errors: Errors = "raise",
    threads: int | None = None,
    progress: bool | None = None,
    encoding_errors: str = "strict",
) -> Any:
    """Read resolved entries (paths, ``(name, bytes)`` members, failures) into one table."""
    import pyarrow as pa
    import pyarrow.compute as pc

    bar = _progress.bar(progress, len(entries), desc="read_articles", unit="file")
    tables = []
    try:
        for batch in _batches(entries):
            if isinstance(batch[0], _Failure):
                table = _failure_table(batch)  # type: ignore[arg-type]
            else:
                table = pa.Table.from_batches([_read_batch(batch, encoding_errors=encoding_errors, threads=threads)])
            if errors == "raise":
                _raise_first(table)
            tables.append(table)
            if bar is not None:
                bar.update(len(batch))
    finally:
        if bar is not None:
            bar.close()
    table = pa.concat_tables(tables) if tables else article_schema().empty_table()
    if errors == "skip":
        failed = table.column("error").is_valid()
        skipped = pc.sum(failed).as_py() or 0
        if skipped:
            first = table.filter(failed).column("error")[0].as_py()
            warnings.warn(
                f"read_articles skipped {skipped} of {table.num_rows} files that could not be read; the first: {first}",
                stacklevel=4,
            )
            table = table.filter(pc.invert(failed))
    return table


def _raise_first(table: Any) -> None:
    errors = table.column("error")
    if errors.null_count == len(errors):
        return
    first = errors.is_valid().index(True).as_py()
    kind = table.column("error_kind")[first].as_py()
    raise _ERROR_CLASSES.get(kind, ArticleError)(errors[first].as_py())


def _failure_table(failures: list[_Failure]) -> Any:
    import pyarrow as pa

    schema = article_schema()
    columns: dict[str, Any] = {name: pa.nulls(len(failures), schema.field(name).type) for name in schema.names}
    columns["id"] = pa.array([os.path.splitext(os.path.basename(f.path))[0] for f in failures], pa.large_string())
    columns["path"] = pa.array([f.path for f in failures], pa.large_string())
    columns["error"] = pa.array([f.message for f in failures], pa.large_string())
    columns["error_kind"] = pa.array([f.kind for f in failures], pa.large_string())
    return pa.Table.from_pydict(columns, schema=schema)


def finish(table: Any, output: Literal["pandas", "arrow"] = "pandas") -> Any:
    """The table as users get it: without the internal ``error_kind``, as Arrow or pandas."""
    table = table.drop_columns(["error_kind"])
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
