"""Threads in tests that cannot hang the suite: every wait has a generous limit and fails with
a message when it runs out, and the threads are daemons, so one stuck in the code under test
keeps neither the test nor the test process (its exit) waiting."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, wait
from typing import TypeVar

T = TypeVar("T")
Item = TypeVar("Item")

WAIT_S = 120.0  # generous: the machine may be loaded; nothing here is a timing assert


def in_thread(work: Callable[[], T], name: str = "test-worker") -> Future[T]:
    """`work()` in a daemon thread of its own; its outcome as a future."""
    future: Future[T] = Future()

    def run() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(work())
        except BaseException as error:  # noqa: BLE001 - handed to the test through the future
            future.set_exception(error)

    threading.Thread(target=run, name=name, daemon=True).start()
    return future


def finished(futures: Sequence[Future[T]], timeout: float = WAIT_S) -> Sequence[Future[T]]:
    """`futures`, once all are done; fails if some are not within `timeout` seconds."""
    _done, pending = wait(futures, timeout)
    assert not pending, (
        f"{len(pending)} of {len(futures)} threads still running after {timeout:g} s"
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
    """`work(item)` for every item, each in a daemon thread (at most `at_once` running at a
    time, as a pool of that many); the results in order."""
    gate = threading.BoundedSemaphore(at_once) if at_once else None

    def one(item: Item) -> T:
        if gate is None:
            return work(item)
        assert gate.acquire(timeout=timeout), f"no turn to run within {timeout:g} s"
        try:
            return work(item)
        finally:
            gate.release()

    return results([in_thread(lambda item=item: one(item)) for item in items], timeout)


def join_all(threads: Iterable[threading.Thread], timeout: float = WAIT_S) -> None:
    """Join every thread, `timeout` seconds in all; fails naming those still running."""
    deadline = time.monotonic() + timeout
    threads = list(threads)
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    stuck = [thread.name for thread in threads if thread.is_alive()]
    assert not stuck, f"still running after {timeout:g} s: {stuck}"
