"""`advisor-desk library list|search|add|push`, run as a user's script would."""

from __future__ import annotations

import json
from pathlib import Path

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services import members
from advisor_desk.services.clients import create_client
from advisor_desk.services.partners import create_partner
from advisor_desk.store.engine import open_store
from tests.cli.conftest import Run
from tests.helpers.library import BAD_CSV, FRAMEWORK_CSV, seed_library


def _seed(data_dir: Path) -> None:
    store = open_store(data_dir)
    try:
        create_partner(store, name="Harbour Risk Partners")
        seed_library(store)
        acme = create_client(store, name="Acme Logistics")
        members.add_member(
            store, acme.id, email="jo@acme.example", name="Jo", tier=LicenseTier.JUST_RISK
        )
    finally:
        store.close()


def test_list_search_add_and_push(run_cli: Run, data_dir: Path, tmp_path: Path) -> None:
    _seed(data_dir)
    listed = run_cli("library", "list", "--source", "partner", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    items = json.loads(listed.stdout)
    assert items["total"] == 2
    assert {i["title"] for i in items["items"]} == {
        "HRA Board cyber checklist",
        "HRA Ransomware readiness workshop kit",
    }
    found = run_cli("library", "search", "ransom")
    assert found.returncode == 0
    assert "HRA Ransomware readiness workshop kit" in found.stdout
    assert found.stdout.rstrip().endswith("1 item(s)")

    csv_file = tmp_path / "baseline.csv"
    csv_file.write_text(FRAMEWORK_CSV, encoding="utf-8")
    added = run_cli(
        "library",
        "add",
        str(csv_file),
        "--title",
        "HRA baseline",
        "--kind",
        "control_set",
        "--publish",
    )
    assert added.returncode == 0, added.stderr
    assert "3 provisions or questions" in added.stdout

    bad_file = tmp_path / "bad.csv"
    bad_file.write_text(BAD_CSV, encoding="utf-8")
    bad = run_cli("library", "add", str(bad_file), "--title", "Bad", "--kind", "framework")
    assert bad.returncode == 1
    assert "line 3: ref is empty" in bad.stderr
    assert "Traceback" not in bad.stderr

    refused = run_cli("library", "push", "HRA baseline", "--client", "Acme Logistics")
    assert refused.returncode == 1
    assert "Control set needs a Risk & Compliance license" in refused.stderr
    pushed = run_cli("library", "push", "Privacy policy", "--client", "acme logistics")
    assert pushed.returncode == 0, pushed.stderr
    assert "pushed 1 item(s) to 1 client(s)" in pushed.stdout
    unknown = run_cli("library", "push", "Nothing like it", "--client", "Acme Logistics")
    assert unknown.returncode == 1
    assert "no content item titled 'Nothing like it'" in unknown.stderr
