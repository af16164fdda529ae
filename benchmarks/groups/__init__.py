"""Benchmark groups: one module per group, each with `run(ctx: Context) -> list[Result]`.

Every result times the app doing a job and, in the same run on the same data, the bare
library doing the same job (`baseline`); `ratio = value / baseline` is the number to watch,
since absolute times depend on the machine. Times are medians of several repetitions.
Modules whose name starts with `_` are helpers, not groups.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Result:
    name: str  # "<group>.<job>"
    value: float  # the app, median seconds
    unit: str
    baseline: float  # the bare library, same job, same run
    note: str

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline > 0 else float("inf")

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": round(self.value, 6),
            "unit": self.unit,
            "baseline": round(self.baseline, 6),
            "ratio": round(self.ratio, 3),
            "note": self.note,
        }


@dataclass(frozen=True)
class Context:
    quick: bool  # fewer repetitions
    scale: float  # data sizes are multiplied by this (1.0 = the documented sizes)
    workdir: Path  # a scratch folder, removed after the run
    log: Callable[[str], None]

    def repeats(self, full: int = 7, quick: int = 3) -> int:
        return quick if self.quick else full

    def scaled(self, size: int) -> int:
        return max(1, round(size * self.scale))

    def scratch(self, name: str) -> Path:
        """A new, empty folder under the work folder."""
        n = 0
        while (self.workdir / f"{name}-{n}").exists():
            n += 1
        path = self.workdir / f"{name}-{n}"
        path.mkdir(parents=True)
        return path


@contextmanager
def _nothing() -> Iterator[None]:
    yield None


def median_seconds(
    job: Callable[[T], object],
    *,
    repeats: int,
    prepare: Callable[[], AbstractContextManager[T]] | None = None,
) -> float:
    """The median wall time of `job(prepared)`; `prepare()` (untimed) makes a fresh input for
    each repetition and cleans it up after."""
    times = []
    for _ in range(repeats):
        with (prepare or _nothing)() as prepared:  # type: ignore[operator]
            gc.collect()
            start = time.perf_counter()
            job(prepared)
            times.append(time.perf_counter() - start)
    return statistics.median(times)
