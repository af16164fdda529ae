"""The hub's totals over the clients a filter keeps, from the refresh's table (`totals`,
or beside the first page: `page_and_totals`), or in SQL as one aggregate (`totals_sql`);
money from billing's computation of the month (strings, as `billing --format json`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from advisor_desk.domain.money import format_money
from advisor_desk.domain.risk import Rating
from advisor_desk.services.hub.figures import (
    _FIGURES,
    TIERS,
    ClientFigures,
    HubFilter,
    HubQuery,
    MonthFigures,
    _params,
    _where,
)
from advisor_desk.services.hub.table import sums_of, table_of
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


def totals_sql(
    session: Session, partner: Partner, month: MonthFigures, flt: HubFilter | None = None
) -> dict[str, Any]:
    """`totals` in SQL, one aggregate (the reference the table's tests compare with)."""
    where, params = _where((flt or HubFilter()).checked())
    row = session.execute(
        text(_FIGURES + _TOTALS + where), {**_params(partner, month), **params}
    ).one()
    return _totals(dict(row._mapping), month)


def totals(
    session: Session, partner: Partner, month: MonthFigures, flt: HubFilter | None = None
) -> dict[str, Any]:
    """The filtered clients' totals, over the refresh's table; money from billing (strings)."""
    flt = (flt or HubFilter()).checked()
    return _totals(sums_of(table_of(session, partner, month).select(HubQuery(flt))), month)


def page_and_totals(
    session: Session,
    partner: Partner,
    month: MonthFigures,
    query: HubQuery | None = None,
    *,
    limit: int = 200,
) -> tuple[list[ClientFigures], dict[str, Any]]:
    """The first page and the filtered clients' totals: what a new sort or filter needs,
    from the refresh's table (no statement once it is read)."""
    query = query or HubQuery()
    query.filter.checked()
    table = table_of(session, partner, month)
    kept = table.select(query)
    return table.figures(kept[:limit]), _totals(sums_of(kept), month)


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
