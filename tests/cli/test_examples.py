"""The sample files shipped in resources/examples (the README uses them) are accepted as
they are: the workspace by `import`, the clients by `clients import` after it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Run

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"
TODAY = "2026-12-06"


def test_the_sample_workspace_imports_and_exports_the_same(run_cli: Run, tmp_path: Path) -> None:
    sample = EXAMPLES / "workspace.json"
    imported = run_cli("import", str(sample), today=TODAY)
    assert imported.returncode == 0, imported.stderr
    assert "clients: 2 added" in imported.stdout
    out = tmp_path / "again.json"
    exported = run_cli("export", str(out), today=TODAY)
    assert exported.returncode == 0, exported.stderr
    assert out.read_bytes() == sample.read_bytes()  # the sample is a real export


def test_the_sample_clients_csv_imports_into_the_sample_workspace(
    run_cli: Run, tmp_path: Path
) -> None:
    assert run_cli("import", str(EXAMPLES / "workspace.json"), today=TODAY).returncode == 0
    imported = run_cli("clients", "import", str(EXAMPLES / "clients.csv"), today=TODAY)
    assert imported.returncode == 0, imported.stderr
    assert "clients: 4 added" in imported.stdout
    assert "members: 7 added" in imported.stdout
    out = tmp_path / "after.json"
    assert run_cli("export", str(out), today=TODAY).returncode == 0
    clients = {c["name"]: c for c in json.loads(out.read_text(encoding="utf-8"))["clients"]}
    cedar = clients["Cedar Health"]
    assert cedar["template"] == "ISO 27001 readiness"
    assert [m["licenses"][0][0] for m in cedar["members"]] == [
        "free",
        "risk_compliance",  # the template's tier when the row leaves it empty
        "just_risk",
    ]
