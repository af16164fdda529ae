"""Run the benchmarks: the app against the bare libraries, as ratios measured in one run.

    .venv/bin/python benchmarks/run.py [--quick] [--only GROUP]... [--json FILE] [--scale X]

Groups are the modules of `benchmarks/groups/` (see its README). Prints an aligned table and,
with `--json`, writes `{"results": [{"name", "value", "unit", "baseline", "ratio", "note"}]}`.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # run as a script: make `groups` importable
    sys.path.insert(0, str(HERE))

from groups import Context, Result  # noqa: E402 - after the path set-up above


def available_groups() -> list[str]:
    import groups

    return sorted(
        m.name for m in pkgutil.iter_modules(groups.__path__) if not m.name.startswith("_")
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (CI smoke run)")
    parser.add_argument(
        "--only", action="append", metavar="GROUP", help="run only this group (repeatable)"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results here")
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        metavar="X",
        help="multiply data sizes by X (e.g. 0.05 for a smoke test; results are then not "
        "comparable with full-size ones)",
    )
    args = parser.parse_args(argv)
    known = available_groups()
    for name in args.only or []:
        if name not in known:
            parser.error(f"unknown group {name!r}; groups: {', '.join(known)}")
    if not args.scale > 0:
        parser.error("--scale must be greater than 0")
    return args


def format_seconds(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.0f} µs"


def format_value(value: float, unit: str) -> str:
    return format_seconds(value) if unit == "s" else f"{value:.4g} {unit}"


def table(results: Sequence[Result]) -> str:
    header = ("name", "app", "baseline", "ratio", "note")
    rows = [
        (
            r.name,
            format_value(r.value, r.unit),
            format_value(r.baseline, r.unit),
            f"{r.ratio:.2f}",
            r.note,
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    aligned = [
        f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:>{widths[2]}}  "
        f"{row[3]:>{widths[3]}}  {row[4]}"
        for row in [header, *rows]
    ]
    aligned.insert(1, "-" * max(len(line) for line in aligned))
    return "\n".join(aligned)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    names = args.only or available_groups()
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="advisor-desk-bench-") as tmp:
        ctx = Context(
            quick=args.quick,
            scale=args.scale,
            workdir=Path(tmp),
            log=lambda message: print(f"  {message}", file=sys.stderr, flush=True),
        )
        for name in names:
            print(f"[{name}]", file=sys.stderr, flush=True)
            started = time.perf_counter()
            module = importlib.import_module(f"groups.{name}")
            results.extend(module.run(ctx))
            ctx.log(f"done in {time.perf_counter() - started:.1f} s")
    print(table(results))
    if args.json is not None:
        payload = {"results": [r.as_json() for r in results]}
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
