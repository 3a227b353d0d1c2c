"""Work done ahead on threads, handed over in order: how zhtext overlaps its Python with work that
releases the GIL (a Rust batch call, Arrow compute functions)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: The prefix of the worker threads' names.
THREAD_NAME = "zhtext-ahead"


def ahead(work: Callable[[T], R], items: Iterable[T], *, threads: int = 1) -> Iterator[tuple[T, R]]:
    """``(item, work(item))`` for each of ``items``, in order, ``work`` running on ``threads`` threads up to
    ``threads`` items ahead of the caller: while the caller handles one result the next are computed, and
    memory holds at most ``threads + 1`` of them, whatever the number of items. Closing the generator
    (an error, Ctrl-C) cancels the items not started and waits for those that are.

    >>> [r for _, r in ahead(len, ["a", "bb", "ccc"], threads=2)]
    [1, 2, 3]
    """
    pool = ThreadPoolExecutor(threads, thread_name_prefix=THREAD_NAME)
    try:
        pending: deque[tuple[T, Future[R]]] = deque()
        for item in items:
            pending.append((item, pool.submit(work, item)))
            if len(pending) > threads:
                oldest, future = pending.popleft()
                yield oldest, future.result()
        while pending:
            oldest, future = pending.popleft()
            yield oldest, future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
