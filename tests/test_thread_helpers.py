"""tests/helpers/threads.py: a thread stuck in the code under test fails the test with a
message after the limit instead of hanging the suite (or the test process's exit)."""

from __future__ import annotations

import threading
import time

import pytest

from tests.helpers.threads import finished, in_thread, join_all, results, run_each


def test_the_results_come_in_order_and_a_failure_is_raised() -> None:
    assert run_each(lambda n: n * n, range(5), at_once=2) == [0, 1, 4, 9, 16]
    with pytest.raises(ZeroDivisionError):
        results([in_thread(lambda: 1), in_thread(lambda: 1 // 0)])


def test_at_once_runs_that_many_at_a_time() -> None:
    running: list[int] = []
    most = [0]
    lock = threading.Lock()

    def work(n: int) -> int:
        with lock:
            running.append(n)
            most[0] = max(most[0], len(running))
        time.sleep(0.02)
        with lock:
            running.remove(n)
        return n

    assert run_each(work, range(12), at_once=3) == list(range(12))
    assert 1 <= most[0] <= 3  # never more than three at once


def test_a_stuck_thread_fails_the_wait_and_is_a_daemon() -> None:
    never = threading.Event()
    stuck = in_thread(lambda: never.wait(), "stuck")
    with pytest.raises(AssertionError, match="after 0.2 s: 1 of 2 threads still running"):
        finished([in_thread(lambda: None), stuck], timeout=0.2)
    thread = threading.Thread(target=never.wait, name="stuck-too", daemon=True)
    thread.start()
    with pytest.raises(AssertionError, match=r"after 0.2 s: still running: \['stuck-too'\]"):
        join_all([thread], timeout=0.2)
    assert all(t.daemon for t in threading.enumerate() if t.name.startswith("stuck"))
    never.set()
