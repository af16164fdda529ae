"""The hub's totals over the clients a filter keeps: one aggregate (`totals`), or beside
the first page as window sums in the same statement (`page_and_totals`); money from billing's
computation of the month (strings, as `billing --format json`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from advisor_desk.domain.money import format_money
from advisor_desk.domain.risk import Rating
from advisor_desk.services.hub.figures import (
    _FIGURES,
    _ORDER,
    _SELECT,
    TIERS,
    ClientFigures,
    Column,
    HubFilter,
    HubQuery,
    MonthFigures,
    _figures,
    _params,
    _where,
)
from advisor_desk.store.models import Partner

_SUMS = {
    "clients": "COUNT(*)",
    "free": "SUM(COALESCE(free, 0))",
    "just_risk": "SUM(COALESCE(just_risk, 0))",
    "risk_compliance": "SUM(COALESCE(risk_compliance, 0))",
    "extreme": "SUM(extreme)",
    "high": "SUM(high)",
    "medium": "SUM(medium)",
    "low": "SUM(low)",
    "overdue": "SUM(overdue)",
    "in_progress": "SUM(in_progress)",
    "attention": "SUM(a_overdue OR a_untreated OR a_idle OR a_pending)",
}
_TOTALS = "SELECT " + ", ".join(f"{sql} AS {name}" for name, sql in _SUMS.items())
_TOTALS += " FROM figures AS c"
# The same sums over every row the filter keeps, beside each row of a page (one statement)
_WINDOW = "".join(f", {sql} OVER () AS t_{name}" for name, sql in _SUMS.items())


def totals(
    session: Session, partner: Partner, month: MonthFigures, flt: HubFilter | None = None
) -> dict[str, Any]:
    """The filtered clients' totals in one aggregate; money from billing (strings)."""
    where, params = _where((flt or HubFilter()).checked())
    row = session.execute(
        text(_FIGURES + _TOTALS + where), {**_params(partner, month), **params}
    ).one()
    return _totals(dict(row._mapping), month)


def page_and_totals(
    session: Session,
    partner: Partner,
    month: MonthFigures,
    query: HubQuery | None = None,
    *,
    limit: int = 200,
) -> tuple[list[ClientFigures], dict[str, Any]]:
    """The first page and the filtered clients' totals in ONE statement (window sums): what
    a new sort or filter needs, the figures computed once."""
    query = query or HubQuery()
    where, params = _where(query.filter.checked())
    direction = "DESC" if query.descending else "ASC"
    order = f" ORDER BY {_ORDER[Column(query.sort)]} {direction}, lower(c.name), c.id"
    sql = _FIGURES + _SELECT.replace("\nFROM figures", _WINDOW + "\nFROM figures")
    rows = session.execute(
        text(sql + where + order + " LIMIT :limit"),
        {**_params(partner, month), **params, "limit": limit},
    ).all()
    sums = {name: rows[0]._mapping[f"t_{name}"] for name in _SUMS} if rows else {}
    return [_figures(row) for row in rows], _totals(sums, month)


def _totals(sums: dict[str, Any], month: MonthFigures) -> dict[str, Any]:
    def n(name: str) -> int:
        return int(sums.get(name) or 0)

    result: dict[str, Any] = {
        "period": str(month.period),
        "clients": n("clients"),
        "licenses": {t.value: n(t.value) for t in TIERS},
        "risks": {r.value: n(r.value.lower()) for r in reversed(Rating)},
        "assessments": {"overdue": n("overdue"), "in_progress": n("in_progress")},
        "attention": n("attention"),
    }
    charges = month.charges
    if charges is not None:
        result.update(
            currency=charges.currency,
            consolidated_total=format_money(charges.consolidated.total, charges.currency),
            direct_invoices_total=format_money(
                sum((t.total for _, t in charges.direct_invoices), Decimal(0)), charges.currency
            ),
            referral_total=format_money(charges.referral_total, charges.currency),
            active_advisors=charges.advisors.count,
        )
    return result
