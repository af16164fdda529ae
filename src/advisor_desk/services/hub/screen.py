"""What the hub shows first, in one read session: the month's charges, the count, the first
page, the totals, the heat map, the top risks and the tags (the window runs it in the
background; the benchmark times it)."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from advisor_desk.services.clock import today
from advisor_desk.services.hub.figures import (
    ClientFigures,
    HubQuery,
    MonthFigures,
    month_figures,
)
from advisor_desk.services.hub.risks import heatmap, top_risks
from advisor_desk.services.hub.sums import page_and_totals
from advisor_desk.services.hub.table import Rows, keep_table, read_rows
from advisor_desk.store.models import Partner

PAGE = 200  # rows of the first page (the view pulls more as it scrolls)


@dataclass(frozen=True)
class Loaded:
    month: MonthFigures
    query: HubQuery
    total: int
    first: list[ClientFigures]
    totals: dict[str, Any]
    heat: dict[tuple[int, int], int] | None = None
    top: list[Any] | None = None
    tags: list[str] | None = None


def _tags(session: Session, partner: Partner) -> list[str]:
    sql = (
        "SELECT DISTINCT j.value FROM client AS c, json_each(c.tags) AS j WHERE c.partner_id ="
        " :p AND c.deleted = 0 AND c.archived IS NULL ORDER BY lower(j.value)"
    )
    return [str(v) for v in session.execute(text(sql), {"p": partner.id}).scalars()]


Side = tuple[Rows, dict[tuple[int, int], int], list[Any], list[str]]


def _side(session: Session, partner: Partner, residual: bool, day: dt.date) -> Side:
    """The table's rows but the charges, the heat map, the top risks and the tags: SQL
    only, nothing billing computes."""
    return (
        read_rows(session, partner, day),
        heatmap(session, partner, residual=residual),
        top_risks(session, partner),
        _tags(session, partner),
    )


def _side_apart(engine: Engine, partner: Partner, residual: bool, day: dt.date) -> Side:
    with Session(engine) as session:
        return _side(session, partner, residual, day)


def load_all(
    session: Session, partner: Partner, query: HubQuery, residual: bool, day: dt.date | None
) -> Loaded:
    """Everything the hub shows but the twelve months. The table's rows (but the charges),
    the heat map, the top risks and the tags are read on a connection of their own while
    this one computes the month's charges (Python, while SQLite runs those queries without
    the GIL); one session when the store has a single shared connection (in memory)."""
    day = day or today(partner.timezone)
    bind = session.get_bind()
    apart = bind if isinstance(bind, Engine) and not isinstance(bind.pool, StaticPool) else None
    with ThreadPoolExecutor(max_workers=1) as pool:
        side = pool.submit(_side_apart, apart, partner, residual, day) if apart else None
        month = month_figures(session, partner, day)
        rows, heat, top, tags = (
            side.result() if side is not None else _side(session, partner, residual, day)
        )
    keep_table(month, rows)  # the table of this refresh (read again if the store changed)
    table = load_table(session, partner, month, query)
    return replace(table, heat=heat, top=top, tags=tags)


def load_table(session: Session, partner: Partner, month: MonthFigures, query: HubQuery) -> Loaded:
    """A new filter or sort over the month already read: the totals (with the count) and
    the first page."""
    first, sums = page_and_totals(session, partner, month, query, limit=PAGE)
    return Loaded(month, query, int(sums["clients"]), first, sums)
