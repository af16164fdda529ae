"""The demo partner: requested sizes, reproducible from its seed, believable and valid."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from advisor_desk.domain.periods import Interval, check_intervals, parse_date
from advisor_desk.services.demo import DemoSummary, make_demo
from advisor_desk.services.demo.generator import build_workspace
from advisor_desk.services.errors import ServiceError
from advisor_desk.services.library.content import list_items
from advisor_desk.services.templates.plan import list_template_plans, template_versions
from advisor_desk.services.workspace import export_workspace, import_workspace
from advisor_desk.store.engine import Store, open_store
from advisor_desk.store.models import Client, ContentItem, Document, Member, Partner
from advisor_desk.store.types import new_id

TODAY = "2026-11-15"
REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def _frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_DESK_TODAY", TODAY)


def _demo_export(folder: Path, **options: Any) -> bytes:
    store = open_store(folder)
    try:
        make_demo(store, **options)
        return export_workspace(store)
    finally:
        store.close()


def _count(store: Store, model: Any) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_demo_fills_an_empty_store_with_the_requested_sizes(store: Store) -> None:
    stages: list[str] = []
    summary = make_demo(
        store, clients=12, content=150, seed=3, progress=lambda d, t, s: stages.append(s)
    )
    assert isinstance(summary, DemoSummary)
    assert (summary.partner, summary.today) == ("Harbour Risk Advisory", TODAY)
    assert (summary.clients, summary.content) == (12, 150)
    assert _count(store, Client) == 12
    assert _count(store, ContentItem) == 150
    assert _count(store, Member) == summary.members
    assert 12 * 3 <= summary.members <= 12 * 25
    assert 6 <= summary.advisors <= 9
    assert 4 <= summary.templates <= 6
    assert summary.documents > 0  # the two previous months were issued
    with store.read() as session:
        periods = set(session.scalars(select(Document.period).where(Document.status == "issued")))
    assert periods == {"2026-09", "2026-10"}
    assert {"generating", "importing", "issuing"} <= set(stages)


def test_the_same_seed_gives_the_same_export_byte_for_byte(tmp_path: Path) -> None:
    first = _demo_export(tmp_path / "a", clients=15, content=80, seed=7)
    again = _demo_export(tmp_path / "b", clients=15, content=80, seed=7)
    other = _demo_export(tmp_path / "c", clients=15, content=80, seed=8)
    assert b'"issued_at": "' in first  # the demo has issued documents (numbers, PDF hashes)
    assert first == again  # issue times come from the frozen clock too
    assert first != other


def test_the_demo_refuses_a_store_that_is_not_empty(store: Store) -> None:
    pid = new_id()
    with store.write() as session:
        session.add(Partner(id=pid, partner_id=pid, name="Someone Else"))
    with pytest.raises(ServiceError, match="empty"):
        make_demo(store, clients=2, content=20)
    assert _count(store, Client) == 0


def test_a_second_demo_into_the_same_store_is_refused(store: Store) -> None:
    make_demo(store, clients=3, content=30)
    with pytest.raises(ServiceError, match="empty"):
        make_demo(store, clients=3, content=30)
    assert _count(store, Client) == 3


def test_the_exported_demo_is_believable_and_valid(tmp_path: Path) -> None:
    data = json.loads(_demo_export(tmp_path / "d", clients=30, content=120, seed=11))
    assert data["partner"]["agreement"]["advisor_fee"] == "120.00"
    assert data["partner"]["resale"]["invoice_prefix"] == "HRA-"
    today = dt.date.fromisoformat(TODAY)
    for client in data["clients"]:
        created = parse_date(client["created"], "created")
        archived = client["archived"] and parse_date(client["archived"], "archived")
        assert client["billing_model"], client["name"]
        assert client["billing_model"][0][0] == client["created"][:7]
        assert client["domain"].endswith(".example")
        assert 3 <= len(client["members"]) <= 25
        assert client["tags"]
        for member in client["members"]:
            assert member["email"].endswith("@" + client["domain"])
            spans = [
                Interval(parse_date(s, "start"), e and parse_date(e, "end"))
                for _, s, e in member["licenses"]
            ]
            assert check_intervals(spans) == [], member
            assert spans[0].start >= created
            assert all(span.start <= today for span in spans)
            if archived:
                assert spans[-1].end is not None
                assert spans[-1].end <= archived
    advisors = data["advisors"]
    assert any(span[-1][1] is not None for span in (a["active"] for a in advisors))  # one left
    assert any(a["role"] == "administrator" for a in advisors)


def test_names_stay_unique_and_the_mix_holds_at_thousands_of_clients() -> None:
    workspace = build_workspace(
        dt.date.fromisoformat(TODAY), clients=6000, content=5000, seed=5, members=(3, 4)
    )
    names = [c["name"].casefold() for c in workspace["clients"]]
    assert len(set(names)) == len(names) == 6000
    domains = [c["domain"] for c in workspace["clients"]]
    assert len(set(domains)) == len(domains)
    titles = [item["title"].casefold() for item in workspace["content"]]
    assert len(set(titles)) == len(titles) == 5000
    for client in workspace["clients"]:
        emails = [m["email"] for m in client["members"]]
        assert len(set(emails)) == len(emails)
    first_model = Counter(c["billing_model"][0][1] for c in workspace["clients"])
    assert 0.65 < first_model["reseller"] / 6000 < 0.75
    industries = Counter(c["tags"][0] for c in workspace["clients"])
    assert {"health", "mining", "fintech", "council", "legal", "energy"} <= set(industries)
    library = Counter(item["library"] for item in workspace["content"])
    assert library["partner"] > 0
    assert library["open"] > library["partner"]
    assert any(item["price"] for item in workspace["content"] if item["library"] == "partner")
    assert "ISO/IEC 27001:2022" in {item["title"] for item in workspace["content"]}


def test_the_billing_benchmark_runs_and_writes_its_json(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    completed = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "run.py"),
            "--quick",
            "--only",
            "billing",
            "--scale",
            "0.01",
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    results = json.loads(out.read_text(encoding="utf-8"))["results"]
    assert {r["name"] for r in results} == {
        "billing.period_5000_clients",
        "store.import_5000_clients",
    }
    for result in results:
        assert set(result) == {"name", "value", "unit", "baseline", "ratio", "note"}
        assert result["value"] > 0
        assert result["baseline"] > 0
    assert "billing.period_5000_clients" in completed.stdout  # the table


def test_the_demo_has_library_history_and_plans_and_round_trips(tmp_path: Path) -> None:
    first = _demo_export(tmp_path / "e", clients=20, content=600, seed=2)
    data = json.loads(first)
    items = data["content"]
    assert sum(len(i["versions"]) for i in items) > 0
    assert sum(len(i["pushes"]) for i in items) > 0
    uploaded = [i for i in items if i["files"]]
    assert uploaded
    assert all(i["library"] == "partner" for i in uploaded)
    framework = next(i for i in items if i["kind"] == "framework" and i["provisions"])
    assert {p["kind"] for p in framework["provisions"]} == {"provision"}
    survey = next(i for i in items if i["kind"] == "assessment_template" and i["provisions"])
    assert {p["kind"] for p in survey["provisions"]} == {"question"}
    assert any(t["risks"] for t in data["templates"])
    assert any(t["assessments"] for t in data["templates"])
    assert all(t["advisors"] for t in data["templates"])
    onboarded = [c for c in data["clients"] if c["template"]]
    assert onboarded
    assert any(c["risks"] for c in onboarded)
    assert any(c["assessments"] for c in onboarded)
    # Every template was saved twice; its revisions name content and advisors portably.
    for template in data["templates"]:
        assert template["revision"] == 2
        older, newer = (r["snapshot"] for r in template["revisions"])
        assert newer["content"] == template["content"]
        assert newer["advisors"] == template["advisors"]
        assert older["advisors"] == []
        assert set(older["content"]) <= set(newer["content"])
    assert any(
        len(t["revisions"][0]["snapshot"]["content"]) < len(t["content"]) for t in data["templates"]
    )
    assert {c["template_revision"] for c in onboarded} == {1, 2}
    store = open_store(tmp_path / "again")
    try:
        import_workspace(store, first)
        assert export_workspace(store) == first
        # The app's own list of a template's revisions: ids of the new store's rows.
        titles = {item.id: item.title for item in list_items(store)}
        for plan in list_template_plans(store):
            versions = template_versions(store, plan.template.id)
            assert [v.revision for v in versions] == [1, 2]
            assert sorted(titles[i] for i in versions[1].content_ids) == sorted(
                titles[i] for i in plan.template.content_ids
            )
            assert versions[1].advisor_ids == plan.advisor_ids
    finally:
        store.close()


def test_the_demos_tax_invoices_name_their_supplier(store: Store) -> None:
    make_demo(store, clients=3, content=30)
    with store.read() as session:
        snapshots = [
            json.loads(text)
            for text in session.scalars(
                select(Document.snapshot_json).where(
                    Document.status == "issued", Document.kind == "consolidated_invoice"
                )
            )
        ]
    assert snapshots
    printed = [json.dumps(s) for s in snapshots]
    assert all("ABN 51 824 753 556" in text for text in printed)
    assert all("Sydney NSW 2000" in text for text in printed)
