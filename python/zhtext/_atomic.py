"""Output files replaced whole or not at all: written beside the target, then renamed over it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from typing import IO, Any


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[str]:
    """A temporary path in ``path``'s folder; renamed to ``path`` when the block ends without an error.

    On an error (a full disk, a file size limit, Ctrl-C) the temporary file is removed and an
    existing ``path`` is left as it was.

    >>> import os, tempfile
    >>> target = os.path.join(tempfile.mkdtemp(), "rows.csv")
    >>> with atomic_path(target) as tmp:
    ...     _ = open(tmp, "w").write("a\\n")
    >>> open(target).read()
    'a\\n'
    """
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(target)}.", suffix=".tmp")
    os.close(fd)
    try:
        yield tmp
        if os.path.exists(target):
            # mkstemp creates the file 0600; the result keeps the permissions of the file it replaces.
            os.chmod(tmp, os.stat(target).st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(tmp)
        raise


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "w", **open_args: Any) -> Iterator[IO[Any]]:
    """``open(path, mode)`` for writing, through :func:`atomic_path`."""
    with atomic_path(path) as tmp, open(tmp, mode, **open_args) as f:
        yield f
