"""The bundle's entry script: the same `advisor_desk.app:main` as the installed command."""

from __future__ import annotations

import sys

from advisor_desk.app import main

if __name__ == "__main__":
    sys.exit(main())
