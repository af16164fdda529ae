"""The hub's figures agree with `billing --format json` and with each client's register, on
the demo; filters, sorting and paging happen in SQL and keep every row once."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from advisor_desk.cli import main
from advisor_desk.domain.risk import rating
from advisor_desk.services.clock import today
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.hub import (
    Column,
    HubFilter,
    HubQuery,
    client_page,
    count_clients,
    heatmap,
    month_figures,
    risks_in_cell,
    top_risks,
    totals,
)
from advisor_desk.services.hub.sums import page_and_totals
from advisor_desk.services.ops import run_query
from advisor_desk.services.partner import current_partner
from advisor_desk.store.engine import Store
from advisor_desk.store.models import AdvisorAccess, Client, ClientRisk


def _cli_json(capsys: pytest.CaptureFixture[str], folder: Path, *args: str) -> dict:
    capsys.readouterr()
    assert main(["--data-dir", str(folder), *args]) == 0
    return json.loads(capsys.readouterr().out)


def _month(store: Store):  # noqa: ANN202 - MonthFigures
    return run_query(store, lambda s, p: month_figures(s, p, today(p.timezone)))


def test_charges_referral_and_licenses_equal_billing_json(
    demo: Store, demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    period = str(_month(demo).period)
    billing = _cli_json(capsys, demo_dir, "billing", "--period", period, "--format", "json")
    board = _cli_json(capsys, demo_dir, "dashboard", "--format", "json")
    billed = {c["name"]: c for c in billing["clients"]}
    assert board["clients"], "the demo has clients"
    for client in board["clients"]:
        expected = billed[client["name"]]
        assert client["charge"] == expected["charge"], client["name"]
        assert client["referral"] == expected["referral"], client["name"]
        assert client["licenses"] == expected["licenses"], client["name"]
    totals_ = board["totals"]
    assert totals_["consolidated_total"] == billing["consolidated"]["total"]
    assert totals_["referral_total"] == billing["referral_total"]
    direct = sum(float(d["total"]) for d in billing["direct_invoices"])
    assert float(totals_["direct_invoices_total"]) == pytest.approx(direct)
    assert totals_["active_advisors"] == billing["advisors"]["active"]
    assert isinstance(client["charge"], str)  # amounts as strings, as in billing


def test_risk_counts_and_heatmap_equal_each_register(demo: Store) -> None:
    month = _month(demo)
    rows = run_query(demo, client_page, month, limit=None)
    with demo.read() as session:
        risks = [
            r
            for r in session.query(ClientRisk).filter(ClientRisk.deleted.is_(False)).all()
            if r.client_id and r.status != "closed"
        ]
        live = {c.id for c in session.query(Client).filter(Client.archived.is_(None)).all()}
    risks = [r for r in risks if r.client_id in live]
    assert risks, "the demo has registers"
    for row in rows:
        own = Counter(rating(r.likelihood, r.impact).value for r in risks if r.client_id == row.id)
        assert row.risks == {k: own.get(k, 0) for k in ("Extreme", "High", "Medium", "Low")}
    inherent = run_query(demo, heatmap)
    assert inherent == {
        (lk, im): sum(1 for r in risks if (r.likelihood, r.impact) == (lk, im))
        for lk in range(1, 6)
        for im in range(1, 6)
    }
    residual = run_query(demo, heatmap, residual=True)
    assert sum(residual.values()) == len(risks)
    for (lk, im), count in inherent.items():
        pairs = run_query(demo, risks_in_cell, lk, im)
        assert len(pairs) == count
        assert {p.risk_id for p in pairs} == {
            r.id for r in risks if (r.likelihood, r.impact) == (lk, im)
        }
    top = run_query(demo, top_risks)
    assert len(top) == min(20, len(risks))
    scores = [p.score for p in top]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] == max(r.likelihood * r.impact for r in risks)


@pytest.mark.parametrize("column", list(Column))
def test_every_column_sorts_in_sql_and_pages_keep_each_row_once(
    demo: Store, column: Column
) -> None:
    month = _month(demo)
    everyone = run_query(demo, client_page, month, HubQuery(sort=column), limit=None)
    paged = []
    for offset in range(0, len(everyone), 4):
        paged += run_query(demo, client_page, month, HubQuery(sort=column), offset=offset, limit=4)
    assert [c.id for c in paged] == [c.id for c in everyone]
    down = run_query(demo, client_page, month, HubQuery(sort=column, descending=True), limit=None)
    assert sorted(c.id for c in down) == sorted(c.id for c in everyone)
    key = {
        Column.NAME: lambda c: c.name.lower(),
        Column.CHARGE: lambda c: c.charge or 0,
        Column.EXTREME: lambda c: c.risks["Extreme"],
        Column.ATTENTION: lambda c: len(c.attention),
        Column.LAST_ACTIVITY: lambda c: c.last_activity or dt.date.min,
    }.get(column)
    if key is not None:
        assert [key(c) for c in everyone] == sorted(key(c) for c in everyone)
        assert [key(c) for c in down] == sorted((key(c) for c in down), reverse=True)


def test_filters_tag_tier_billing_model_and_mine(demo: Store) -> None:
    month = _month(demo)
    everyone = run_query(demo, client_page, month, limit=None)
    tag = next(t for c in everyone for t in c.tags)
    tagged = run_query(demo, client_page, month, HubQuery(HubFilter(tag=tag)), limit=None)
    assert tagged
    assert {c.id for c in tagged} == {c.id for c in everyone if tag in c.tags}
    tier = run_query(
        demo, client_page, month, HubQuery(HubFilter(tier="risk_compliance")), limit=None
    )
    assert {c.id for c in tier} == {
        c.id for c in everyone if c.licenses and c.licenses["risk_compliance"] > 0
    }
    direct = run_query(
        demo, client_page, month, HubQuery(HubFilter(billing_model="direct")), limit=None
    )
    assert {c.id for c in direct} == {c.id for c in everyone if c.billing_model == "direct"}
    with demo.read() as session:
        access = session.query(AdvisorAccess).filter(AdvisorAccess.deleted.is_(False)).first()
        assert access is not None
        me = access.advisor_id
        theirs = {
            a.client_id
            for a in session.query(AdvisorAccess).filter_by(advisor_id=me, deleted=False).all()
        }
    mine = run_query(demo, client_page, month, HubQuery(HubFilter(mine=True, me=me)), limit=None)
    assert {c.id for c in mine} == theirs & {c.id for c in everyone}
    flt = HubFilter(tag=tag)
    assert run_query(demo, count_clients, month, flt) == len(tagged)
    assert run_query(demo, totals, month, flt)["clients"] == len(tagged)


def test_bad_filter_values_are_refused_naming_the_field(demo: Store) -> None:
    month = _month(demo)
    for bad, field in (
        (HubFilter(tier="gold"), "tier"),
        (HubFilter(billing_model="barter"), "billing_model"),
        (HubFilter(attention="bored"), "attention"),
    ):
        with pytest.raises(ValidationError) as raised:
            run_query(demo, count_clients, month, bad)
        assert field in str(raised.value)
    with pytest.raises(ValidationError) as raised:
        run_query(demo, risks_in_cell, 6, 1)
    assert "likelihood" in str(raised.value)


def test_attention_reasons_in_words(demo_copy: Store) -> None:
    """An Extreme risk with no treatment, an overdue assessment, a pending license change and
    no activity for 60 days each put a client in Needs attention, saying why."""
    store = demo_copy
    month = _month(store)
    with store.write() as session:
        partner = current_partner(session)
        client = (
            session.query(Client).filter(Client.archived.is_(None)).order_by(Client.name).first()
        )
        assert client is not None
        for risk in session.query(ClientRisk).filter_by(client_id=client.id).all():
            risk.treatment = "mitigate"
        cid = client.id
    calm = run_query(
        store, client_page, month, HubQuery(HubFilter(attention="untreated")), limit=None
    )
    assert cid not in {c.id for c in calm}
    with store.write() as session:
        session.add(
            ClientRisk(partner_id=partner.id, client_id=cid, title="Flood", likelihood=5, impact=4)
        )
    flagged = run_query(
        store, client_page, month, HubQuery(HubFilter(attention="untreated")), limit=None
    )
    row = next(c for c in flagged if c.id == cid)
    assert any("Extreme risk with no treatment" in words for words in row.attention)
    # Rows are stamped with the real clock while the suite pins "today": 61 days after
    # whichever is later, so the test holds on any real date.
    stamped = dt.datetime.now(dt.UTC).date()
    later = max(month.today, stamped) + dt.timedelta(days=61)
    idle = run_query(store, lambda s, p: month_figures(s, p, later))
    quiet = run_query(store, client_page, idle, HubQuery(HubFilter(attention="idle")), limit=None)
    assert cid in {c.id for c in quiet}
    assert all("no activity for 60 days" in c.attention for c in quiet)
    anyone = run_query(store, count_clients, month, HubFilter(attention="any"))
    assert anyone >= 1


@pytest.mark.parametrize(
    "flt", [HubFilter(), HubFilter(attention="any"), HubFilter(tier="free"), HubFilter(text="zz")]
)
def test_one_statement_page_and_totals_equal_the_separate_queries(
    demo: Store, flt: HubFilter
) -> None:
    month = _month(demo)
    query = HubQuery(flt, Column.CHARGE, True)
    page, sums = run_query(demo, page_and_totals, month, query, limit=5)
    assert page == run_query(demo, client_page, month, query, limit=5)
    assert sums == run_query(demo, totals, month, flt)
    assert sums["clients"] == run_query(demo, count_clients, month, flt)
