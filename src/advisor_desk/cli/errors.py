"""Turning what went wrong into exit codes and plain messages on stderr."""

from __future__ import annotations

import sys
from collections.abc import Callable

from advisor_desk.domain.errors import DomainError
from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.store.engine import StoreError

MAX_PROBLEMS_SHOWN = 50
USER_ERROR = 1


class CommandError(Exception):
    """A user error found by the command line itself (a file that cannot be read, …)."""


def _error(message: str) -> None:
    sys.stderr.write(f"advisor-desk: error: {message}\n")


def run_reporting_errors(command: Callable[[], int | None]) -> int:
    try:
        return command() or 0
    except ValidationError as error:
        lines = error.lines()
        for line in lines[:MAX_PROBLEMS_SHOWN]:
            _error(line)
        if len(lines) > MAX_PROBLEMS_SHOWN:
            _error(f"… and {len(lines) - MAX_PROBLEMS_SHOWN} more problems")
        return USER_ERROR
    except DomainError as error:
        _error(str(error))
        return USER_ERROR
    except (ServiceError, StoreError, CommandError) as error:
        _error(str(error))
        return USER_ERROR
    except KeyboardInterrupt:
        _error("interrupted; nothing half-written was kept")
        return 130
    except BrokenPipeError:
        return 0
