"""Turning what went wrong into exit codes and plain messages on stderr."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

from advisor_desk.domain.errors import DomainError
from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.store.errors import StoreError

MAX_PROBLEMS_SHOWN = 50
USER_ERROR = 1
OFFLINE = 3  # the server could not be reached (cli-and-formats.md)
INTERNAL_ERROR = 70  # EX_SOFTWARE
log = logging.getLogger("advisor_desk.cli")


class CommandError(Exception):
    """A user error found by the command line itself (a file that cannot be read, …)."""


def _error(message: str) -> None:
    sys.stderr.write(f"advisor-desk: error: {message}\n")


def run_reporting_errors(command: Callable[[], int | None], log_file: Path | None = None) -> int:
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
    except Exception as error:
        sync_exit = _sync_error_exit(error)
        if sync_exit is not None:
            return sync_exit
        # a bug: say so briefly, keep the details in the log
        log.exception("unexpected error")
        where = f"; details in {log_file}" if log_file else ""
        _error(f"internal error ({type(error).__name__}: {error}){where}")
        return INTERNAL_ERROR


def _sync_error_exit(error: Exception) -> int | None:
    """A sync error any command met (the sync module is loaded only by commands that talk
    to the server): 3 when the server could not be reached, else 1, with its one line."""
    transport = sys.modules.get("advisor_desk.sync.transport")
    if transport is None or not isinstance(error, transport.SyncError):
        return None
    if isinstance(error, transport.ServerUnreachable):
        _error(f"offline: {error}; nothing was sent")
        return OFFLINE
    _error(str(error))
    return USER_ERROR
