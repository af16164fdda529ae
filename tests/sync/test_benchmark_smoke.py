"""The `sync` benchmark group runs (tiny data): the harness, not the numbers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_sync_benchmarks_run(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    command = [sys.executable, str(REPO / "benchmarks" / "run.py"), "--quick", "--only", "sync"]
    finished = subprocess.run(
        [*command, "--scale", "0.01", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    results = {r["name"]: r for r in json.loads(out.read_text())["results"]}
    expected = {"sync.initial_5000_clients", "sync.incremental_100", "sync.push_concurrency"}
    concurrency = ["sync.push_concurrency", "sync.push_concurrency_bare"]
    if any(os.environ.get(name) for name in ("ADVISOR_DESK_BENCH_PG", "ADVISOR_DESK_TEST_PG")):
        # the deployment's set-up too: PostgreSQL behind several workers
        concurrency.append("sync.push_concurrency_postgres_workers")
    assert set(results) == expected | set(concurrency)
    for name in concurrency:
        assert "all arrived once" in results[name]["note"], results[name]["note"]
