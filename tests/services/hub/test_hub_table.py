"""The refresh's table (services/hub/table.py): read once, then sorted, filtered and paged in
memory exactly as the SQL does, without running the aggregates again nor recomputing a
charge; a change to the store reads it again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from advisor_desk.services.clock import today
from advisor_desk.services.hub import (
    Column,
    HubFilter,
    HubQuery,
    MonthFigures,
    client_page,
    client_page_sql,
    count_clients,
    count_clients_sql,
    month_figures,
    totals,
    totals_sql,
)
from advisor_desk.services.hub.screen import load_table
from advisor_desk.services.ops import run_query
from advisor_desk.services.partner import current_partner
from advisor_desk.store.engine import Store
from advisor_desk.store.models import AdvisorAccess, Client


def _month(store: Store) -> MonthFigures:
    return run_query(store, lambda s, p: month_figures(s, p, today(p.timezone)))


@contextmanager
def _statements(store: Store) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        seen.append(statement)

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", record)


def _awkward_names(store: Store) -> None:
    """Ties and letters SQLite's lower() leaves alone: the order must still be the SQL's."""
    with store.write() as session:
        partner = current_partner(session)
        for name in ("Émile Ltd", "émile Ltd", "Zed", "zed", "a", "B", "_x"):
            session.add(Client(partner_id=partner.id, name=name, created=dt.date(2020, 1, 1)))


def test_every_sort_and_filter_equals_the_sql(demo_copy: Store) -> None:
    store = demo_copy
    _awkward_names(store)
    month = _month(store)
    everyone = run_query(store, client_page_sql, month, limit=None)
    tag = next(t for c in everyone for t in c.tags)
    with store.read() as session:
        me = session.query(AdvisorAccess).filter_by(deleted=False).first().advisor_id
    filters = [
        HubFilter(),
        HubFilter(attention="any"),
        *(HubFilter(attention=a) for a in ("overdue", "untreated", "idle", "pending")),
        *(HubFilter(tier=t) for t in ("free", "just_risk", "risk_compliance")),
        HubFilter(billing_model="direct"),
        HubFilter(billing_model="reseller"),
        HubFilter(tag=tag),
        HubFilter(text="ÉMILE"),
        HubFilter(text="e"),
        HubFilter(mine=True, me=me),
        HubFilter(mine=True, me="nobody"),
        HubFilter(mine=True, me=me, attention="any", text="a"),
    ]
    for flt in filters:
        assert run_query(store, count_clients, month, flt) == run_query(
            store, count_clients_sql, month, flt
        ), flt
        assert run_query(store, totals, month, flt) == run_query(store, totals_sql, month, flt)
        for column in Column:
            for descending in (False, True):
                query = HubQuery(flt, column, descending)
                ours = run_query(store, client_page, month, query, limit=None)
                sql = run_query(store, client_page_sql, month, query, limit=None)
                assert [c.id for c in ours] == [c.id for c in sql], (flt, column, descending)
                assert ours == sql
                page = run_query(store, client_page, month, query, offset=3, limit=4)
                assert page == run_query(store, client_page_sql, month, query, offset=3, limit=4)


def test_a_sort_or_the_attention_filter_runs_no_aggregate_again(
    demo: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    month = _month(demo)
    run_query(demo, load_table, month, HubQuery())  # the refresh reads the table

    def no_charges(*_args: object) -> None:
        raise AssertionError("a sort or a filter must not compute the month's charges again")

    monkeypatch.setattr("advisor_desk.services.hub.figures.compute_period", no_charges)
    monkeypatch.setattr("advisor_desk.services.billing.charges.compute_charges", no_charges)
    with _statements(demo) as seen:
        for column in Column:
            run_query(demo, load_table, month, HubQuery(sort=column, descending=True))
        for reason in ("any", "overdue", "untreated", "idle", "pending"):
            run_query(demo, load_table, month, HubQuery(HubFilter(attention=reason)))
    aggregates = [s for s in seen if "client_risk" in s or "member_license" in s]
    assert aggregates == []


def test_an_edit_after_the_read_is_seen_by_the_next_sort(demo_copy: Store) -> None:
    store = demo_copy
    month = _month(store)
    first = run_query(store, client_page, month, HubQuery(), limit=None)
    with store.write() as session:
        client = session.get(Client, first[-1].id)
        assert client is not None
        client.name = "0 first now"
    again = run_query(store, client_page, month, HubQuery(), limit=None)
    assert again[0].id == first[-1].id
    assert again[0].name == "0 first now"
