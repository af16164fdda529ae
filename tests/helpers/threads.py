"""Threads in tests that cannot hang the suite: every wait has a generous limit and fails with
a message when it runs out, and the threads are daemons, so one stuck in the code under test
keeps neither the test nor the test process (its exit) waiting.

The waits poll with `time.sleep` rather than a lock's timed wait: under libfaketime (CI's runs
as of other days, .ci/run) the monotonic clock Python computes a timed wait's deadline from is
faked but the kernel's wait (`sem_clockwait`) is not, so a timed `Event.wait`, `Thread.join`
or `Future.result` that has to wait never returns; `time.sleep` is faked consistently.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from typing import TypeVar

T = TypeVar("T")
Item = TypeVar("Item")

WAIT_S = 120.0  # generous: the machine may be loaded; nothing here is a timing assert
POLL_S = 0.005


def wait_until(done: Callable[[], bool], what: Callable[[], str], timeout: float = WAIT_S) -> None:
    """Return once `done()`; fail with `what()` (what is still not done) after `timeout` s."""
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, f"after {timeout:g} s: {what()}"
        time.sleep(POLL_S)


def _run(future: Future[T], work: Callable[[], T]) -> None:
    if not future.set_running_or_notify_cancel():
        return
    try:
        future.set_result(work())
    except BaseException as error:  # noqa: BLE001 - handed to the test through the future
        future.set_exception(error)


def in_thread(work: Callable[[], T], name: str = "test-worker") -> Future[T]:
    """`work()` in a daemon thread of its own; its outcome as a future."""
    future: Future[T] = Future()
    threading.Thread(target=_run, args=(future, work), name=name, daemon=True).start()
    return future


def finished(futures: Sequence[Future[T]], timeout: float = WAIT_S) -> Sequence[Future[T]]:
    """`futures`, once all are done; fails if some are not within `timeout` seconds."""
    wait_until(
        lambda: all(future.done() for future in futures),
        lambda: f"{sum(not f.done() for f in futures)} of {len(futures)} threads still running",
        timeout,
    )
    return futures


def results(futures: Sequence[Future[T]], timeout: float = WAIT_S) -> list[T]:
    """Each future's result, in order (raising the first failure's exception)."""
    return [future.result(0) for future in finished(futures, timeout)]


def run_each(
    work: Callable[[Item], T],
    items: Iterable[Item],
    timeout: float = WAIT_S,
    at_once: int | None = None,
) -> list[T]:
    """`work(item)` for every item in daemon threads, at most `at_once` at a time (as a pool
    of that many; all at once by default); the results in order."""
    jobs = list(enumerate(items))
    futures: list[Future[T]] = [Future() for _ in jobs]
    taking = threading.Lock()

    def worker() -> None:
        while True:
            with taking:
                if not jobs:
                    return
                n, item = jobs.pop(0)
            _run(futures[n], lambda item=item: work(item))

    for n in range(min(at_once or len(jobs), len(jobs))):
        threading.Thread(target=worker, name=f"test-worker-{n}", daemon=True).start()
    return results(futures, timeout)


def join_all(threads: Iterable[threading.Thread], timeout: float = WAIT_S) -> None:
    """Wait for every thread to end, `timeout` seconds in all; fails naming those running."""
    threads = list(threads)
    wait_until(
        lambda: not any(thread.is_alive() for thread in threads),
        lambda: f"still running: {[thread.name for thread in threads if thread.is_alive()]}",
        timeout,
    )
