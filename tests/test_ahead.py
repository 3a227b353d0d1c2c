"""``zhtext._ahead.ahead``: work on threads ahead of the caller, handed over in order, memory bounded."""

from __future__ import annotations

import threading
import time

import pytest
from zhtext._ahead import ahead


def test_results_come_in_the_order_of_the_items_whatever_order_they_finish_in() -> None:
    def slow_for_small(n: int) -> int:
        time.sleep(0.01 * (5 - n))
        return n * n

    assert list(ahead(slow_for_small, range(5), threads=3)) == [(n, n * n) for n in range(5)]


def test_work_runs_at_most_threads_items_ahead_of_the_caller() -> None:
    started: list[int] = []
    taken = 0

    def record(n: int) -> int:
        started.append(n)
        return n

    for n, _ in ahead(record, range(20), threads=2):
        time.sleep(0.005)  # the workers are free to run ahead while the caller is busy
        taken += 1
        # The item handed over and at most two after it have been started, never more.
        assert len(started) <= n + 3
    assert taken == 20


def test_closing_early_cancels_the_items_not_started() -> None:
    release = threading.Event()
    started: list[int] = []

    def wait(n: int) -> int:
        started.append(n)
        release.wait(5)
        return n

    results = ahead(wait, range(100), threads=1)
    release.set()
    assert next(results) == (0, 0)
    results.close()
    assert len(started) <= 3


def test_an_error_in_the_work_reaches_the_caller_at_its_item() -> None:
    def fail_on_two(n: int) -> int:
        if n == 2:
            raise ValueError("two")
        return n

    results = ahead(fail_on_two, range(5), threads=2)
    assert [next(results), next(results)] == [(0, 0), (1, 1)]
    with pytest.raises(ValueError, match="two"):
        next(results)
