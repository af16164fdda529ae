"""The `advisor-desk` entry point: a command runs headless; no command opens the window.

Kept apart so the command line never imports Qt, and the window is only loaded when shown.
"""

from __future__ import annotations

import sys

from advisor_desk import cli


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if cli.wants_window(args):
        from advisor_desk.ui.main import run_window

        return run_window(args)
    return cli.main(args)


if __name__ == "__main__":
    sys.exit(main())
