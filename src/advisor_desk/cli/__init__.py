"""The `advisor-desk` command line: the window's jobs, scriptable (cli-and-formats.md).

Exit codes: 0 done, 1 a user error (one clear line per problem on stderr, never a
traceback), 2 bad usage (argparse), 3 the server could not be reached (any command).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import logging
import sys
from collections.abc import Callable, Sequence

from advisor_desk.cli.common import data_dir
from advisor_desk.cli.errors import run_reporting_errors
from advisor_desk.cli.parser import build_parser
from advisor_desk.cli.session import talks_to_server, with_server_session
from advisor_desk.logs import setup_logging

log = logging.getLogger("advisor_desk")


def wants_window(argv: Sequence[str]) -> bool:
    """No command (only global options such as --data-dir): the user wants the window."""
    if any(arg in {"-h", "--help", "--version"} for arg in argv):
        return False
    try:
        # Quietly: a usage error is printed once, by `main` (which parses again and exits 2).
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            args, _rest = build_parser().parse_known_args(list(argv))
    except SystemExit:
        return False
    return args.command is None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    log_file = setup_logging(data_dir(args))
    refused = run_reporting_errors(lambda: _refuse_by_role(args), log_file)
    if refused:
        return refused
    handler = resolve_handler(args.handler)
    if talks_to_server(args):
        return run_reporting_errors(with_server_session(handler, args), log_file)
    return run_reporting_errors(lambda: handler(args), log_file)


def _refuse_by_role(args: argparse.Namespace) -> int:
    """Exit 1 with the permission table's words when this role may not run the command."""
    from advisor_desk.cli.errors import CommandError
    from advisor_desk.cli.permissions import refusal

    words = refusal(args)
    if words is not None:
        raise CommandError(words)
    return 0


def resolve_handler(handler: str | Callable[[argparse.Namespace], int]) -> Callable[..., int]:
    if callable(handler):
        return handler
    module, function = handler.split(":")
    found: Callable[..., int] = getattr(
        importlib.import_module(f"advisor_desk.cli.{module}"), function
    )
    return found
