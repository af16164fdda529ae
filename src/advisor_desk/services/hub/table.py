"""The hub's table, cached per refresh: every client's figures read ONCE (one statement,
`figures._FIGURES`, the month's charges already computed by billing), then sorted, filtered
and paged in memory, so a new sort, filter or page does not run the aggregates again nor
recompute a charge (5,000 clients: ~1 s in SQL, a few ms here).

The cache lives on the `MonthFigures` of the refresh (the window makes a new one on every
refresh) and is checked against the store's change generation (the outbox's last mid and the
sync cursor and time, one tiny query): a local edit or a sync since it was read reads it again.

The order and the filters are the SQL ones (`figures._ORDER`, `figures._where`), restated
for plain values; `tests/services/hub/test_hub_table.py` checks them against the SQL for
every column, both directions and every filter.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import namedtuple
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import text
from sqlalchemy.orm import Session

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing.charges import paused_gc
from advisor_desk.services.hub.figures import (
    _FIGURES,
    _SELECT,
    ClientFigures,
    Column,
    HubFilter,
    HubQuery,
    MonthFigures,
    _figures,
    _params,
)
from advisor_desk.store.models import Partner

# SQLite's lower() (no ICU) lowers ASCII letters only
_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}
_GENERATION = text(
    "SELECT (SELECT MAX(mid) FROM outbox), (SELECT cursor FROM sync_state WHERE id = 1),"
    " (SELECT last_synced_at FROM sync_state WHERE id = 1)"
)
_ACCESS = text(
    "SELECT advisor_id, client_id FROM advisor_access WHERE partner_id = :partner AND deleted = 0"
)
_KEEP_SELECTIONS = 16  # sorted selections kept per table (paging re-reads the same one)


class Entry(NamedTuple):
    """One client's plain values the SQL sorts and filters on, and its row (turned into
    `ClientFigures` only when shown: a page, an export)."""

    row: Any
    tags: tuple[str, ...]
    name_key: str  # lower(name), as SQLite lowers
    id: str
    free: int
    just_risk: int
    risk_compliance: int
    charge: float
    referral: float
    extreme: int
    high: int
    medium: int
    low: int
    overdue: int
    in_progress: int
    touched: str
    advisors: int
    model: str | None
    flags: tuple[bool, bool, bool, bool]  # overdue, untreated, idle, pending


_KEYS: dict[Column, Callable[[Entry], Any]] = {
    Column.NAME: lambda e: e.name_key,
    Column.FREE: lambda e: e.free,
    Column.JUST_RISK: lambda e: e.just_risk,
    Column.RISK_COMPLIANCE: lambda e: e.risk_compliance,
    Column.CHARGE: lambda e: e.charge,
    Column.REFERRAL: lambda e: e.referral,
    Column.EXTREME: lambda e: e.extreme,
    Column.HIGH: lambda e: e.high,
    Column.OVERDUE: lambda e: e.overdue,
    Column.IN_PROGRESS: lambda e: e.in_progress,
    Column.LAST_ACTIVITY: lambda e: e.touched,
    Column.ADVISORS: lambda e: e.advisors,
    Column.ATTENTION: lambda e: sum(e.flags),
}
_FLAG = {"overdue": 0, "untreated": 1, "idle": 2, "pending": 3}


@dataclass
class Table:
    partner_id: str
    generation: tuple[Any, ...]
    entries: list[Entry]  # by lower(name), then id: the ties' order
    access: dict[str, set[str]]  # advisor id -> the client ids they have access to
    selections: dict[HubQuery, list[Entry]] = field(default_factory=dict)
    shown: dict[str, ClientFigures] = field(default_factory=dict)

    def figures(self, entries: list[Entry]) -> list[ClientFigures]:
        """The `ClientFigures` of `entries`, each made once."""
        shown = self.shown
        out = []
        for e in entries:
            made = shown.get(e.id)
            if made is None:
                made = shown[e.id] = _figures(e.row)
            out.append(made)
        return out

    def select(self, query: HubQuery) -> list[Entry]:
        """The clients `query` keeps, in its order (ties by lower(name), then id)."""
        found = self.selections.get(query)
        if found is None:
            kept = [e for e in self.entries if _keeps(self, query.filter, e)]
            kept.sort(key=_KEYS[Column(query.sort)], reverse=query.descending)  # stable
            if len(self.selections) >= _KEEP_SELECTIONS:
                self.selections.clear()
            found = self.selections[query] = kept
        return found


def _keeps(table: Table, flt: HubFilter, e: Entry) -> bool:
    if flt.mine and e.id not in table.access.get(flt.me or "", ()):
        return False
    if flt.tag and flt.tag not in e.tags:
        return False
    if flt.tier and not getattr(e, flt.tier) > 0:  # checked: one of TIERS
        return False
    if flt.billing_model and e.model != flt.billing_model:
        return False
    if flt.attention == "any" and not any(e.flags):
        return False
    if flt.attention not in ("", "any") and not e.flags[_FLAG[flt.attention]]:
        return False
    return not flt.text or flt.text.casefold() in e.name_key


_lock = threading.Lock()


def table_of(session: Session, partner: Partner, month: MonthFigures) -> Table:
    """The refresh's table, read now if not yet read (or if the store changed since)."""
    generation = tuple(session.execute(_GENERATION).one())
    with _lock:
        table = month.cache.get("table")
    if table is None or table.partner_id != partner.id or table.generation != generation:
        table = keep_table(month, read_rows(session, partner, month.today))
    return table


@dataclass(frozen=True)
class Rows:
    """Every client's figures but the month's charges (so they can be read while billing
    computes them), with the access and the generation they were read at."""

    partner_id: str
    today: dt.date
    generation: tuple[Any, ...]
    rows: Sequence[Any]
    access: dict[str, set[str]]


def read_rows(session: Session, partner: Partner, today: dt.date) -> Rows:
    generation = tuple(session.execute(_GENERATION).one())
    no_charges = MonthFigures(Period.of(today), today, None, {})
    rows = session.execute(text(_FIGURES + _SELECT), _params(partner, no_charges)).all()
    access: dict[str, set[str]] = {}
    for advisor_id, client_id in session.execute(_ACCESS, {"partner": partner.id}):
        access.setdefault(advisor_id, set()).add(client_id)
    return Rows(partner.id, today, generation, rows, access)


def keep_table(month: MonthFigures, read: Rows) -> Table:
    """The table of `read` with `month`'s charges, kept on `month` (the refresh)."""
    with paused_gc():  # ~10 objects a client, none cyclic (see billing's charges.py)
        table = _table(month, read)
    with _lock:
        month.cache["table"] = table
    return table


def _table(month: MonthFigures, read: Rows) -> Table:
    if not read.rows:
        return Table(read.partner_id, read.generation, [], read.access)
    shape = _shape(read.rows[0]._fields)
    entries = []
    for got in read.rows:
        row = shape._make(got)
        charge = month.by_client.get(row.id)
        if charge is not None:  # the values the SQL reads from the month's charges JSON
            row = row._replace(
                model=charge.billing_model.value,
                free=charge.licenses.get(LicenseTier.FREE, 0),
                just_risk=charge.licenses.get(LicenseTier.JUST_RISK, 0),
                risk_compliance=charge.licenses.get(LicenseTier.RISK_COMPLIANCE, 0),
                charge=str(charge.charge),
                referral=str(charge.referral),
                billed=1,
            )
        entries.append(_entry(row))
    entries.sort(key=lambda e: (e.name_key, e.id))
    return Table(read.partner_id, read.generation, entries, read.access)


def _shape(fields: tuple[str, ...]) -> Any:
    """A row type with the SQL's columns that `_replace` can give the month's charges."""
    return namedtuple("Row", fields)  # noqa: PYI024


def _entry(row: Any) -> Entry:
    return Entry(
        row=row,
        tags=tuple(row.tags if isinstance(row.tags, list) else json.loads(row.tags or "[]")),
        name_key=row.name.translate(_ASCII_LOWER),
        id=row.id,
        free=row.free or 0,
        just_risk=row.just_risk or 0,
        risk_compliance=row.risk_compliance or 0,
        charge=float(row.charge) if row.charge is not None else 0.0,
        referral=float(row.referral) if row.referral is not None else 0.0,
        extreme=row.extreme,
        high=row.high,
        medium=row.medium,
        low=row.low,
        overdue=row.overdue,
        in_progress=row.in_progress,
        touched=row.touched or "",
        advisors=row.advisors,
        model=row.model,
        flags=(bool(row.a_overdue), bool(row.a_untreated), bool(row.a_idle), bool(row.a_pending)),
    )


def client_page(
    session: Session,
    partner: Partner,
    month: MonthFigures,
    query: HubQuery | None = None,
    *,
    offset: int = 0,
    limit: int | None = 200,
) -> list[ClientFigures]:
    """One page of clients, sorted and filtered (ties by name, then id)."""
    query = query or HubQuery()
    query.filter.checked()
    table = table_of(session, partner, month)
    end = None if limit is None else offset + limit
    return table.figures(table.select(query)[offset:end])


def count_clients(
    session: Session, partner: Partner, month: MonthFigures, flt: HubFilter | None = None
) -> int:
    flt = (flt or HubFilter()).checked()
    return len(table_of(session, partner, month).select(HubQuery(flt)))


def sums_of(entries: list[Entry]) -> dict[str, int]:
    """The totals `sums._SUMS` computes in SQL, over `entries`."""
    if not entries:
        return {}
    sums = {
        name: sum(getattr(e, name) for e in entries)
        for name in (
            "free",
            "just_risk",
            "risk_compliance",
            "extreme",
            "high",
            "medium",
            "low",
            "overdue",
            "in_progress",
        )
    }
    sums["clients"] = len(entries)
    sums["attention"] = sum(1 for e in entries if any(e.flags))
    return sums
