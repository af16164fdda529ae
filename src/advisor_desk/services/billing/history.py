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

from advisor_desk.domain.charges import compute_charges
from advisor_desk.domain.money import money_sum
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing.charges import load_advisors, load_agreements, load_clients
from advisor_desk.services.errors import ServiceError
from advisor_desk.services.partner import current_partner
from advisor_desk.store.engine import Store


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
    with store.read() as session:
        partner = current_partner(session)
        agreements = load_agreements(session, partner.id)
        if not agreements:
            raise ServiceError("the partner has no agreement yet: set its prices first")
        start = min(a.effective_from for a in agreements)
        periods = [p for p in periods if p >= start]
        if not periods:
            return []
        first, last = min(periods), max(periods)
        advisors = load_advisors(session, partner.id)
        clients = load_clients(session, partner.id, first.first_day, last.end)
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
