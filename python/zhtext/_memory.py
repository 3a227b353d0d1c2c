"""Freed memory handed back to the system between the phases and batches of a streamed run."""

from __future__ import annotations

import sys
from typing import Any


def release_unused() -> None:
    """Return the memory Arrow and the C allocators freed to the system.

    Arrow's allocator keeps freed pages for reuse, and the phases of :func:`zhtext.analysis.analyze_to`
    (the sampling read, each batch, the report's reading of its spill) leave differently sized
    buffers behind, which would otherwise stay resident side by side. glibc's ``malloc`` (Python's
    large strings, pandas, numpy) keeps the free pages of its heap between live blocks until
    ``malloc_trim`` returns them. The extension's mimalloc returns a thread's free pages only when
    that thread allocates again: a pool thread gone idle (the one that learned words, a batch call's
    after its last batch) would keep them.

    >>> release_unused()
    """
    import pyarrow as pa

    from ._zhtext import _release_freed_memory

    pa.default_memory_pool().release_unused()
    _release_freed_memory()
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def _malloc_trim() -> Any:
    """glibc's ``malloc_trim``, or None on another C library."""
    import ctypes
    import ctypes.util

    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


_MALLOC_TRIM = _malloc_trim() if sys.platform.startswith("linux") else None
