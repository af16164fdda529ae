"""The command line through real subprocesses: contracts of cli-and-formats.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from advisor_desk import __version__
from tests.cli.conftest import Run, worked_example_workspace


def test_version(run_cli: Run) -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"advisor-desk {__version__}"


def test_import_then_billing_json_gives_the_worked_example(
    run_cli: Run, workspace_file: Path
) -> None:
    assert run_cli("import", str(workspace_file)).returncode == 0
    result = run_cli("billing", "--period", "2026-11", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "period": "2026-11",
        "currency": "AUD",
        "advisors": {"active": 2, "unit": "120.00", "amount": "240.00"},
        "clients": [
            {
                "name": "Acme",
                "billing_model": "reseller",
                "licenses": {"free": 4, "just_risk": 0, "risk_compliance": 4},
                "charge": "316.00",
                "referral": "63.20",
            },
            {
                "name": "Birch",
                "billing_model": "direct",
                "licenses": {"free": 0, "just_risk": 2, "risk_compliance": 0},
                "charge": "70.00",
                "referral": "14.00",
            },
        ],
        "consolidated": {"subtotal": "556.00", "tax": "55.60", "total": "611.60"},
        "direct_invoices": [
            {"client": "Birch", "subtotal": "70.00", "tax": "7.00", "total": "77.00"}
        ],
        "referral_total": "77.20",
        "partner_invoices": [],  # no resale settings in this example
    }


def test_billing_csv_and_table(run_cli: Run, workspace_file: Path) -> None:
    run_cli("import", str(workspace_file))
    csv_out = run_cli("billing", "--period", "2026-11", "--format", "csv").stdout.splitlines()
    assert (
        csv_out[0] == "client,billing_model,free,just_risk,risk_compliance,charge,referral,currency"
    )
    assert csv_out[1] == "Acme,reseller,4,0,4,316.00,63.20,AUD"
    table = run_cli("billing", "--period", "2026-11").stdout
    assert "Consolidated invoice: subtotal 556.00, tax 55.60, total 611.60" in table


def test_invoice_lifecycle(run_cli: Run, workspace_file: Path, tmp_path: Path) -> None:
    run_cli("import", str(workspace_file))
    assert run_cli("invoice", "draft", "--period", "2026-11").returncode == 0
    issued = run_cli("invoice", "issue", "--period", "2026-11")
    assert issued.returncode == 0, issued.stderr
    listed = json.loads(run_cli("invoice", "list", "--format", "json").stdout)
    assert {(d["number"], d["kind"], d["total"]) for d in listed} == {
        ("INV-000001", "consolidated_invoice", "611.60"),
        ("INV-000002", "client_invoice", "77.00"),
        ("RS-000001", "referral_statement", "77.20"),
    }
    assert set(listed[0]) == {
        "id",
        "number",
        "kind",
        "recipient",
        "period",
        "status",
        "subtotal",
        "tax",
        "total",
    }
    out = tmp_path / "inv.pdf"
    assert run_cli("invoice", "pdf", "INV-000001", "--out", str(out)).returncode == 0
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "INV-000001" in text
    assert "$611.60" in text
    credit = run_cli("invoice", "credit", "INV-000002", "--amount", "10.00")
    assert credit.returncode == 0, credit.stderr
    assert "CN-000001" in credit.stdout
    again = json.loads(run_cli("invoice", "list", "--format", "json").stdout)
    assert ("CN-000001", "-11.00") in {(d["number"], d["total"]) for d in again}


def test_export_import_round_trip_is_byte_identical(
    run_cli: Run, workspace_file: Path, tmp_path: Path
) -> None:
    run_cli("import", str(workspace_file))
    first = tmp_path / "first.json"
    assert run_cli("export", str(first)).returncode == 0
    other = tmp_path / "other"
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, "-m", "advisor_desk.app", "--data-dir", str(other), "import", str(first)],
        check=True,
        capture_output=True,
    )
    second = tmp_path / "second.json"
    subprocess.run(
        [sys.executable, "-m", "advisor_desk.app", "--data-dir", str(other), "export", str(second)],
        check=True,
        capture_output=True,
    )
    assert first.read_bytes() == second.read_bytes()


def _broken(mutate: object) -> dict[str, object]:
    data = worked_example_workspace()
    mutate(data)  # type: ignore[operator]
    return data


BAD_WORKSPACES = {
    "float amount": (
        lambda d: d["partner"]["agreement"].__setitem__("advisor_fee", 120.0),
        "partner.agreement.advisor_fee",
    ),
    "overlapping intervals": (
        lambda d: d["clients"][0]["members"][3].__setitem__(
            "licenses",
            [["just_risk", "2026-01-10", "2026-11-20"], ["risk_compliance", "2026-11-01", None]],
        ),
        "clients[0].members[3].licenses[1]",
    ),
    "unknown tier": (
        lambda d: d["clients"][1]["members"][0].__setitem__(
            "licenses", [["gold", "2026-01-10", None]]
        ),
        "clients[1].members[0].licenses[0]",
    ),
    "duplicate client name": (
        lambda d: d["clients"][1].__setitem__("name", "acme"),
        "clients[1].name",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_WORKSPACES))
def test_bad_workspace_exits_1_naming_the_place_and_changes_nothing(
    run_cli: Run, tmp_path: Path, case: str
) -> None:
    mutate, place = BAD_WORKSPACES[case]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(_broken(mutate)), encoding="utf-8")
    result = run_cli("import", str(path))
    assert result.returncode == 1
    assert place in result.stderr
    assert "Traceback" not in result.stderr
    after = run_cli("billing", "--period", "2026-11")
    assert after.returncode == 1
    assert "no partner yet" in after.stderr


def test_malformed_json_names_line_and_column(run_cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format": "advisor-desk/workspace",\n "version": 1,,}', encoding="utf-8")
    result = run_cli("import", str(path))
    assert result.returncode == 1
    assert "line 2" in result.stderr
    assert "Traceback" not in result.stderr


def test_csv_with_a_missing_column(run_cli: Run, workspace_file: Path, tmp_path: Path) -> None:
    run_cli("import", str(workspace_file))
    path = tmp_path / "clients.csv"
    path.write_text("name,domain,template\nCedar,cedar.example,\n", encoding="utf-8")
    result = run_cli("clients", "import", str(path))
    assert result.returncode == 1
    assert "billing_model" in result.stderr
    assert "Traceback" not in result.stderr


def test_import_into_a_non_empty_store_needs_merge(run_cli: Run, workspace_file: Path) -> None:
    assert run_cli("import", str(workspace_file)).returncode == 0
    again = run_cli("import", str(workspace_file))
    assert again.returncode == 1
    assert "--merge" in again.stderr


def test_merge_refuses_another_partners_file_in_one_line(
    run_cli: Run, workspace_file: Path, tmp_path: Path
) -> None:
    assert run_cli("import", str(workspace_file)).returncode == 0
    theirs = json.loads(workspace_file.read_text(encoding="utf-8"))
    theirs["partner"]["name"] = "Somebody Else"
    other = tmp_path / "theirs.json"
    other.write_text(json.dumps(theirs), encoding="utf-8")
    merged = run_cli("import", str(other), "--merge")
    assert merged.returncode == 1
    assert merged.stderr.splitlines() == [
        "advisor-desk: error: the file's partner is \"Somebody Else\", not this store's "
        '("Harbour Risk Advisory"): --merge adds only a partner\'s own data'
    ]


def test_bad_usage_exits_2(run_cli: Run) -> None:
    assert run_cli("billing", "--period", "November").returncode == 2
    assert run_cli("invoice", "frobnicate").returncode == 2


def test_missing_file_is_a_user_error(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("import", str(tmp_path / "nope.json"))
    assert result.returncode == 1
    assert "no such file" in result.stderr
