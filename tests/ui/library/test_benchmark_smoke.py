"""The `library` benchmark group runs (small data): the harness, not the numbers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def test_the_library_benchmarks_run(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    command = [sys.executable, str(REPO / "benchmarks" / "run.py"), "--quick", "--only", "library"]
    finished = subprocess.run(
        [*command, "--scale", "0.01", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    results = {r["name"]: r for r in json.loads(out.read_text(encoding="utf-8"))["results"]}
    assert set(results) == {"library.filter_100k", "library.memory_100k"}
    assert all(r["value"] > 0 and r["baseline"] > 0 for r in results.values())
    assert "1000 items" in results["library.filter_100k"]["note"]
