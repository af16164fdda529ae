"""`advisor-desk library list|search|add|push`, run as a user's script would."""

from __future__ import annotations

import json
from pathlib import Path

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services.billing.partners import create_partner
from advisor_desk.services.clients.teams import create_client
from advisor_desk.services.people import members
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


def _item(run_cli: Run, title: str) -> dict[str, object]:
    listed = run_cli("library", "search", title, "--format", "json")
    assert listed.returncode == 0, listed.stderr
    found = [i for i in json.loads(listed.stdout)["items"] if i["title"] == title]
    assert len(found) == 1, listed.stdout
    return found[0]


def test_add_copy_honours_title_price_and_publish(run_cli: Run, data_dir: Path) -> None:
    _seed(data_dir)
    added = run_cli(
        "library",
        "add",
        "--copy",
        "ISO/IEC 27001:2022",
        "--title",
        "HRA ISO 27001 toolkit",
        "--price",
        "150.00",
        "--tags",
        "iso,toolkit",
        "--publish",
    )
    assert added.returncode == 0, added.stderr
    assert "added HRA ISO 27001 toolkit" in added.stdout
    item = _item(run_cli, "HRA ISO 27001 toolkit")
    assert (item["library"], item["price"], item["published"]) == ("partner", "150.00", True)
    assert item["tags"] == ["iso", "toolkit"]
    again = run_cli(
        "library", "add", "--copy", "ISO/IEC 27001:2022", "--title", "hra iso 27001 toolkit"
    )
    assert again.returncode == 1
    assert "already exists" in again.stderr
    bad_price = run_cli("library", "add", "--copy", "Privacy policy", "--price", "1.005")
    assert bad_price.returncode == 1
    assert "price" in bad_price.stderr
    assert "Traceback" not in bad_price.stderr


def test_edit_changes_price_publishing_and_lock(run_cli: Run, data_dir: Path) -> None:
    _seed(data_dir)
    title = "HRA Board cyber checklist"
    edited = run_cli("library", "edit", title, "--price", "80", "--publish", "--lock")
    assert edited.returncode == 0, edited.stderr
    assert edited.stdout.strip() == f"{title}: price 80.00, published, locked"
    item = _item(run_cli, title)
    assert (item["price"], item["published"], item["locked"]) == ("80.00", True, True)

    edited = run_cli(
        "library", "edit", title.upper(), "--no-price", "--unpublish", "--unlock",
        "--title", "HRA Board checklist",
    )  # fmt: skip
    assert edited.returncode == 0, edited.stderr
    item = _item(run_cli, "HRA Board checklist")
    assert (item["price"], item["published"], item["locked"]) == (None, False, False)

    nothing = run_cli("library", "edit", "HRA Board checklist")
    assert nothing.returncode == 1
    assert "nothing to change" in nothing.stderr
    open_item = run_cli("library", "edit", "Privacy policy", "--price", "10")
    assert open_item.returncode == 1
    assert "add a copy instead" in open_item.stderr
    both = run_cli("library", "edit", "HRA Board checklist", "--publish", "--unpublish")
    assert both.returncode == 2


def test_a_usage_error_is_printed_once(run_cli: Run) -> None:
    for args in (
        ("library", "edit"),
        ("library", "add", "--price"),
        ("billing", "--period", "2026-13"),
        ("no-such-command",),
    ):
        result = run_cli(*args)
        assert result.returncode == 2, args
        assert result.stderr.count("usage:") == 1, result.stderr
        assert result.stderr.count("error:") == 1, result.stderr
