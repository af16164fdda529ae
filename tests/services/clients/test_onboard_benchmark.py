"""The `onboard` benchmark group runs (small data) and both sides write the same rows."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def test_the_onboard_benchmark_runs(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    command = [sys.executable, str(REPO / "benchmarks" / "run.py"), "--quick", "--only", "onboard"]
    finished = subprocess.run(
        [*command, "--scale", "0.05", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    [result] = json.loads(out.read_text())["results"]
    assert result["name"] == "onboard.template_200_items"
    assert "DIFFER" not in result["note"]
    assert result["baseline"] > 0
