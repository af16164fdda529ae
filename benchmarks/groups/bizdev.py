"""Business development (issue 14). `bizdev.respond_page_p95_50_respondents`: see
`_respond_bench.py`."""

from __future__ import annotations

from groups import Context, Result
from groups._respond_bench import run_respond


def run(ctx: Context) -> list[Result]:
    return run_respond(ctx)
