"""The `pdf` benchmark group runs (a smoke run on small data; no test asserts on a time)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_pdf_benchmark_runs_and_writes_its_json(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    command = [sys.executable, str(REPO / "benchmarks" / "run.py"), "--quick", "--only", "pdf"]
    completed = subprocess.run(
        [*command, "--scale", "0.01", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    (result,) = json.loads(out.read_text(encoding="utf-8"))["results"]
    assert result["name"] == "pdf.consolidated_2000_clients"
    assert result["value"] > 0
    assert result["baseline"] > 0
    assert "20 clients" in result["note"]
