"""The business over twelve months: billing's own figures per month (consolidated total,
direct invoices, referral income, active advisors, licenses per tier) and the prospects
pipeline (reviews sent, submitted, converted to clients)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.orm import Session

from advisor_desk.domain.periods import Period
from advisor_desk.services.billing.charges import compute_period, load_agreements
from advisor_desk.services.hub.figures import TIERS
from advisor_desk.store.models import Partner


@dataclass(frozen=True)
class MonthPoint:
    period: Period
    consolidated_total: Decimal
    direct_invoices: Decimal
    referral: Decimal
    active_advisors: int
    licenses: dict[str, int]
    reviews_sent: int
    reviews_submitted: int
    converted: int


def last_months(today: dt.date, count: int = 12) -> list[Period]:
    periods = [Period.of(today)]
    while len(periods) < count:
        periods.append(periods[-1].prev())
    return list(reversed(periods))


_PIPELINE = """
SELECT
  (SELECT COUNT(*) FROM risk_review WHERE partner_id = :partner AND deleted = 0
     AND prospect_id IS NOT NULL AND published_at >= :first AND published_at < :end) AS sent,
  (SELECT COUNT(DISTINCT p.review_id) FROM review_participant AS p
     JOIN risk_review AS r ON r.id = p.review_id
     WHERE p.partner_id = :partner AND p.deleted = 0 AND r.prospect_id IS NOT NULL
     AND p.submitted_at >= :first AND p.submitted_at < :end) AS submitted,
  (SELECT COUNT(*) FROM prospect WHERE partner_id = :partner AND deleted = 0
     AND converted >= :first AND converted < :end) AS converted
"""


def twelve_months(session: Session, partner: Partner, today: dt.date) -> list[MonthPoint]:
    """One point per month, oldest first, ending with `today`'s month."""
    billed = bool(load_agreements(session, partner.id))
    points = []
    for period in last_months(today):
        dates = {
            "partner": partner.id,
            "first": period.first_day.isoformat(),
            "end": period.end.isoformat(),
        }
        pipe = session.execute(text(_PIPELINE), dates).one()
        zero = Decimal(0)
        total = direct = referral = zero
        advisors = 0
        licenses = {t.value: 0 for t in TIERS}
        if billed:
            charges = compute_period(session, period, partner)
            total = charges.consolidated.total
            direct = sum((t.total for _, t in charges.direct_invoices), zero)
            referral = charges.referral_total
            advisors = charges.advisors.count
            for client in charges.clients:
                for tier in TIERS:
                    licenses[tier.value] += client.licenses.get(tier, 0)
        points.append(
            MonthPoint(
                period,
                total,
                direct,
                referral,
                advisors,
                licenses,
                int(pipe.sent),
                int(pipe.submitted),
                int(pipe.converted),
            )
        )
    return points
