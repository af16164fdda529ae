"""Twelve months of charges at once, for the billing panel's chart (read-only).

`charges_for_period` reads a month's rows with its own queries; over a year that would read
the same clients twelve times. Here the rows of the whole range are read once and the domain
computes each month from them (`compute_charges` keeps only what each month overlaps), so the
figures are the ones the panel, the CLI and the invoices show.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from advisor_desk.domain.agreement import Agreement
from advisor_desk.domain.charges import AdvisorInput, ClientInput, compute_charges
from advisor_desk.domain.money import money_sum
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing.charges import load_advisors, load_agreements, load_clients
from advisor_desk.services.errors import ServiceError
from advisor_desk.services.ops import run_query
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Partner


@dataclass(frozen=True)
class MonthTotals:
    period: Period
    currency: str
    partner_pays: Decimal  # the consolidated invoice's subtotal (advisors + reseller licenses)
    direct: Decimal  # what direct clients are invoiced, before tax
    referral: Decimal


def monthly_totals(
    store: Store, periods: Sequence[Period], progress: Callable[[int, int], None] | None = None
) -> list[MonthTotals]:
    """The totals of each of `periods` (consecutive or not) that an agreement covers (months
    before the first agreement are left out), computed from one read."""
    periods, agreements, advisors, clients = run_query(store, _inputs_of, periods)
    if not periods:
        return []
    result = []
    for done, period in enumerate(periods, start=1):
        charges = compute_charges(period, agreements, advisors, clients)
        cur = charges.currency
        result.append(
            MonthTotals(
                period,
                cur,
                charges.consolidated.subtotal,
                money_sum((c.charge for c in charges.direct_clients), cur),
                charges.referral_total,
            )
        )
        if progress is not None:
            progress(done, len(periods))
    return result


def _inputs_of(
    session: Session, partner: Partner, periods: Sequence[Period]
) -> tuple[list[Period], list[Agreement], list[AdvisorInput], list[ClientInput]]:
    """The query behind `monthly_totals`: the periods an agreement covers, and one read of
    what their charges are computed from."""
    agreements = load_agreements(session, partner.id)
    if not agreements:
        raise ServiceError("the partner has no agreement yet: set its prices first")
    start = min(a.effective_from for a in agreements)
    covered = [p for p in periods if p >= start]
    if not covered:
        return [], agreements, [], []
    first, last = min(covered), max(covered)
    advisors = load_advisors(session, partner.id)
    clients = load_clients(session, partner.id, first.first_day, last.end)
    return covered, agreements, advisors, clients
