"""Issue 17: the partner's priced content reaches its invoices (billing-rules.md rules 6–9),
through the command line as users run it: the extended worked example to the cent."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from tests.cli.conftest import Run, worked_example_workspace

TOOLKIT = "Harbour ISO 27001 toolkit"
PACK = "Board risk workshop pack"


def _item(title: str, price: str, charging: str) -> dict[str, Any]:
    return {
        "title": title,
        "kind": "playbook",
        "library": "partner",
        "version": "1.0",
        "price": price,
        "published": True,
        "locked": False,
        "tags": [],
        "charging": charging,
        "prices": [["2026-01", price]],
    }


def extended_example() -> dict[str, Any]:
    """The worked example, with the partner's resale terms and its two priced items."""
    data = worked_example_workspace()
    data["partner"]["resale"] = {  # type: ignore[index]
        "license_price": {"just_risk": "49.00", "risk_compliance": "99.00"},
        "tax_rate": "0.10",
        "legal_name": "Harbour Risk Advisory Pty Ltd",
        "tax_number": "51 824 753 556",
        "address": "1 Harbour St, Sydney NSW 2000",
        "bank_details": "BSB 062-000 Account 1234 5678",
        "invoice_prefix": "HRA-",
        "payment_terms_days": 14,
    }
    data["content"] = [_item(TOOLKIT, "150.00", "monthly"), _item(PACK, "400.00", "once")]
    acme, birch = data["clients"]  # type: ignore[misc]
    acme["content"], acme["grants"] = [TOOLKIT], [[TOOLKIT, "2026-11-10", None]]
    birch["content"], birch["grants"] = [PACK], [[PACK, "2026-11-20", None]]
    return data


def _load(run_cli: Run, tmp_path: Path, data: dict[str, Any]) -> None:
    path = tmp_path / "ws.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = run_cli("import", str(path))
    assert loaded.returncode == 0, loaded.stderr


def _billing(run_cli: Run, period: str) -> dict[str, Any]:
    shown = run_cli("billing", "--period", period, "--format", "json")
    assert shown.returncode == 0, shown.stderr
    return json.loads(shown.stdout)


def test_extended_worked_example_in_billing_json(run_cli: Run, tmp_path: Path) -> None:
    _load(run_cli, tmp_path, extended_example())
    november = _billing(run_cli, "2026-11")
    assert november["partner_invoices"] == [
        {
            "client": "Acme",
            "lines": [
                {
                    "description": "Risk & Compliance licenses",
                    "quantity": "4",
                    "unit_price": "99.00",
                    "amount": "396.00",
                },
                {
                    "description": "Free licenses",
                    "quantity": "4",
                    "unit_price": "0.00",
                    "amount": "0.00",
                },
                {
                    "description": f"{TOOLKIT} — monthly",
                    "quantity": "1",
                    "unit_price": "150.00",
                    "amount": "150.00",
                },
            ],
            "subtotal": "546.00",
            "tax": "54.60",
            "total": "600.60",
        },
        {
            "client": "Birch",
            "lines": [
                {
                    "description": f"{PACK} — once",
                    "quantity": "1",
                    "unit_price": "400.00",
                    "amount": "400.00",
                }
            ],
            "subtotal": "400.00",
            "tax": "40.00",
            "total": "440.00",
        },
    ]
    december = _billing(run_cli, "2026-12")
    assert [p["client"] for p in december["partner_invoices"]] == ["Acme"]  # no pack again


def test_platform_figures_byte_identical_with_and_without_content(
    run_cli: Run, tmp_path: Path, data_dir: Path
) -> None:
    plain = copy.deepcopy(extended_example())
    plain["content"] = []
    for client in plain["clients"]:
        client["content"], client["grants"] = [], []
    _load(run_cli, tmp_path, plain)
    before = {p: _billing(run_cli, p) for p in ("2026-11", "2026-12")}
    for shown in before.values():
        shown.pop("partner_invoices")
    # the same store, now with the items priced and granted (merged in)
    priced = extended_example()
    priced["clients"], priced["advisors"] = [], []
    merged = tmp_path / "content.json"
    merged.write_text(json.dumps(priced), encoding="utf-8")
    assert run_cli("import", str(merged), "--merge").returncode == 0
    for title, client in ((TOOLKIT, "Acme"), (PACK, "Birch")):
        pushed = run_cli("library", "push", title, "--client", client, today="2026-11-20")
        assert pushed.returncode == 0, pushed.stderr
    for period, shown in before.items():
        after = _billing(run_cli, period)
        assert after.pop("partner_invoices")  # content is charged …
        assert json.dumps(after, sort_keys=True) == json.dumps(
            shown, sort_keys=True
        )  # … only there


def test_partner_invoices_drafted_issued_and_printed(run_cli: Run, tmp_path: Path) -> None:
    _load(run_cli, tmp_path, extended_example())
    drafted = run_cli("invoice", "draft", "--period", "2026-11", "--kind", "resale_invoice")
    assert drafted.returncode == 0, drafted.stderr
    listed = json.loads(run_cli("invoice", "list", "--format", "json").stdout)
    drafts = {d["recipient"]: d for d in listed if d["kind"] == "resale_invoice"}
    assert {name: d["total"] for name, d in drafts.items()} == {
        "Acme": "600.60",
        "Birch": "440.00",
    }
    issued = run_cli("invoice", "issue", drafts["Birch"]["id"], drafts["Acme"]["id"])
    assert issued.returncode == 0, issued.stderr
    listed = json.loads(run_cli("invoice", "list", "--format", "json").stdout)
    numbers = {d["recipient"]: d["number"] for d in listed if d["kind"] == "resale_invoice"}
    assert sorted(numbers.values()) == ["HRA-000001", "HRA-000002"]  # one series, no gap
    out = tmp_path / "acme.pdf"
    assert run_cli("invoice", "pdf", numbers["Acme"], "--out", str(out)).returncode == 0
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    for expected in ("Harbour Risk Advisory Pty Ltd", f"{TOOLKIT} — monthly", "600.60"):
        assert expected in text


def test_a_version_1_file_gets_its_grants_from_the_push_log(run_cli: Run, tmp_path: Path) -> None:
    data = extended_example()
    for item in data["content"]:
        del item["charging"], item["prices"]
        item["pushes"] = [
            {
                "version": "1.0",
                "pushed_by": "a@harbour.example",
                "pushed_at": "2026-11-10T09:00:00",
                "clients": 1,
                "templates": 0,
                "targets": ["Acme"],
            }
        ]
    for client in data["clients"]:
        del client["grants"]
    _load(run_cli, tmp_path, data)
    out = tmp_path / "out.json"
    assert run_cli("export", str(out)).returncode == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    grants = {c["name"]: c["grants"] for c in exported["clients"]}
    # Acme: its push date; Birch was never named by a push: the day it was created
    assert grants == {
        "Acme": [[TOOLKIT, "2026-11-10", None]],
        "Birch": [[PACK, "2026-01-10", None]],
    }
    assert {c["title"]: c["charging"] for c in exported["content"]} == {
        PACK: "monthly",
        TOOLKIT: "monthly",
    }
    # export → import → export is byte-identical
    again = tmp_path / "again.json"
    reimported = run_cli("--data-dir", str(tmp_path / "second"), "import", str(out))
    assert reimported.returncode == 0, reimported.stderr
    assert run_cli("--data-dir", str(tmp_path / "second"), "export", str(again)).returncode == 0
    assert again.read_bytes() == out.read_bytes()


def _content_lines(shown: dict[str, Any], client: str) -> list[tuple[str, str]]:
    invoice = next(p for p in shown["partner_invoices"] if p["client"] == client)
    return [
        (ln["description"], ln["amount"]) for ln in invoice["lines"] if "—" in ln["description"]
    ]


def test_price_change_and_charging_mode_from_the_command_line(run_cli: Run, tmp_path: Path) -> None:
    _load(run_cli, tmp_path, extended_example())
    edited = run_cli(
        "library",
        "edit",
        TOOLKIT,
        "--price",
        "180.00",
        "--price-from",
        "2026-12",
        today="2026-11-25",
    )
    assert edited.returncode == 0, edited.stderr
    assert f"{TOOLKIT}: price 180.00, published" in edited.stdout
    assert _content_lines(_billing(run_cli, "2026-11"), "Acme") == [
        (f"{TOOLKIT} — monthly", "150.00")
    ]
    assert _content_lines(_billing(run_cli, "2026-12"), "Acme") == [
        (f"{TOOLKIT} — monthly", "180.00")
    ]
    monthly = run_cli("library", "edit", PACK, "--charging", "monthly")
    assert monthly.returncode == 0, monthly.stderr
    assert f"{PACK}: charged monthly" in monthly.stdout
    assert _content_lines(_billing(run_cli, "2026-12"), "Birch") == [
        (f"{PACK} — monthly", "400.00")
    ]
    assert run_cli("library", "edit", PACK, "--charging", "weekly").returncode == 2
    alone = run_cli("library", "edit", PACK, "--price-from", "2026-12")
    assert alone.returncode == 1
    assert "--price-from" in alone.stderr
    bad = run_cli("library", "edit", PACK, "--price", "1", "--price-from", "2026-13")
    assert bad.returncode == 1
    assert "price_from" in bad.stderr


def test_a_priced_item_earlier_than_its_history_keeps_its_old_price(
    run_cli: Run, tmp_path: Path
) -> None:
    data = extended_example()
    for item in data["content"]:
        item["prices"] = []  # priced before the history was kept
    data["clients"][0]["grants"] = [[TOOLKIT, "2026-09-10", None]]
    _load(run_cli, tmp_path, data)
    changed = run_cli("library", "edit", TOOLKIT, "--price", "200.00", today="2026-11-25")
    assert changed.returncode == 0, changed.stderr
    lines = {p: _content_lines(_billing(run_cli, p), "Acme") for p in ("2026-10", "2026-11")}
    assert lines == {
        "2026-10": [(f"{TOOLKIT} — monthly", "150.00")],  # the old price, kept in history
        "2026-11": [(f"{TOOLKIT} — monthly", "200.00")],  # the change names this month
    }
