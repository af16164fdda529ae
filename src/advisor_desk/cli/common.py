"""What every command shares: the data folder, the store, periods, a progress bar."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from advisor_desk.cli.errors import CommandError
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.periods import Period
from advisor_desk.logs import default_data_dir

if TYPE_CHECKING:
    from advisor_desk.store.engine import Store


def data_dir(args: argparse.Namespace) -> Path:
    return Path(args.data_dir) if args.data_dir else default_data_dir()


@contextmanager
def opened_store(args: argparse.Namespace) -> Iterator[Store]:
    from advisor_desk.store.engine import open_store

    store = open_store(data_dir(args))
    try:
        yield store
    finally:
        store.close()


def period_arg(text: str) -> Period:
    """argparse type: a strict YYYY-MM (bad usage, exit 2, if not)."""
    try:
        return Period.parse(text)
    except DomainError as error:
        raise argparse.ArgumentTypeError(error.message) from None


def read_text(path: str, what: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    except UnicodeDecodeError as error:
        raise CommandError(f"{path}: not UTF-8 text ({what}): {error.reason}") from None
    except OSError as error:
        raise CommandError(f"{path}: cannot read it: {error.strerror}") from None


def read_bytes(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    except OSError as error:
        raise CommandError(f"{path}: cannot read it: {error.strerror}") from None


def write_bytes(path: str, content: bytes) -> None:
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        partial.write_bytes(content)
        partial.replace(target)
    except OSError as error:
        raise CommandError(f"{path}: cannot write it: {error.strerror}") from None


class Progress:
    """A one-line progress bar on a terminal; silent when stderr is piped."""

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._last = ""

    def __call__(self, done: int, total: int, stage: str) -> None:
        if not self.enabled:
            return
        width = 30
        filled = width if total <= 0 else min(width, int(width * done / total))
        line = f"\r{stage:<24} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        if line != self._last:
            sys.stderr.write(line)
            sys.stderr.flush()
            self._last = line

    def finish(self) -> None:
        if self.enabled and self._last:
            sys.stderr.write("\n")
            self._last = ""


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")
