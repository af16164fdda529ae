"""What the hub shows first, in one read session: the month's charges, the count, the first
page, the totals, the heat map, the top risks and the tags (the window runs it in the
background; the benchmark times it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from advisor_desk.services.clock import today
from advisor_desk.services.hub.figures import (
    ClientFigures,
    HubQuery,
    MonthFigures,
    month_figures,
)
from advisor_desk.services.hub.risks import heatmap, top_risks
from advisor_desk.services.hub.sums import page_and_totals
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


def load_all(
    session: Session, partner: Partner, query: HubQuery, residual: bool, day: dt.date | None
) -> Loaded:
    """Everything the hub shows but the twelve months, in one read session."""
    month = month_figures(session, partner, day or today(partner.timezone))
    table = load_table(session, partner, month, query)
    return replace(
        table,
        heat=heatmap(session, partner, residual=residual),
        top=top_risks(session, partner),
        tags=_tags(session, partner),
    )


def load_table(session: Session, partner: Partner, month: MonthFigures, query: HubQuery) -> Loaded:
    """A new filter or sort over the month already read: the totals (with the count) and
    the first page."""
    first, sums = page_and_totals(session, partner, month, query, limit=PAGE)
    return Loaded(month, query, int(sums["clients"]), first, sums)
