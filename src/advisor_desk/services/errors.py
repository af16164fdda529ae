"""Errors a service reports to its caller (CLI, UI): user mistakes, never bugs."""

from __future__ import annotations

from collections.abc import Sequence


class ServiceError(Exception):
    """A request that cannot be done as asked; `str()` is one line a user understands."""


class NotFoundError(ServiceError):
    pass


class ValidationError(ServiceError):
    """Bad input: every problem found, each with the place it is at (field, JSON path, line)."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        self.problems = list(problems)
        super().__init__(self._summary())

    def _summary(self) -> str:
        first = ": ".join(p for p in self.problems[0] if p) if self.problems else "invalid input"
        more = len(self.problems) - 1
        return first + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")

    def lines(self) -> list[str]:
        return [": ".join(p for p in problem if p) for problem in self.problems]
