"""The charges of a period, computed by the domain from what the store holds.

Reads with a handful of Core queries (no ORM objects): this runs over thousands of clients
(the clients' bulk read: client_rows.py).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain.agreement import Agreement as AgreementRule
from advisor_desk.domain.agreement import ResaleTerms
from advisor_desk.domain.charges import AdvisorInput, PeriodCharges, compute_charges
from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.domain.periods import Interval, Period
from advisor_desk.services.billing.client_rows import _PARAM as _PARAM  # re-exported
from advisor_desk.services.billing.client_rows import load_clients as load_clients
from advisor_desk.services.billing.client_rows import paused_gc as paused_gc
from advisor_desk.services.errors import ServiceError
from advisor_desk.services.ops import run_query
from advisor_desk.store.engine import Store
from advisor_desk.store.models import (
    Advisor,
    AdvisorActivity,
    Agreement,
    Partner,
    ResaleSettings,
)


def charges_for_period(store: Store, period: Period) -> PeriodCharges:
    return run_query(store, charges_of, period)


def charges_of(session: Session, partner: Partner, period: Period) -> PeriodCharges:
    """The query behind `charges_for_period`."""
    return compute_period(session, period, partner)


def compute_period(session: Session, period: Period, partner: Partner) -> PeriodCharges:
    """A period's charges for `partner`."""
    agreements = load_agreements(session, partner.id)
    if not agreements:
        raise ServiceError("the partner has no agreement yet: set its prices first")
    with paused_gc():
        return compute_charges(
            period,
            agreements,
            load_advisors(session, partner.id),
            load_clients(session, partner.id, period.first_day, period.end),
        )


def load_agreements(session: Session, partner_id: str) -> list[AgreementRule]:
    rows = session.scalars(
        select(Agreement).where(Agreement.partner_id == partner_id, Agreement.deleted.is_(False))
    )
    return [to_agreement_rule(row) for row in rows]


def to_agreement_rule(row: Agreement) -> AgreementRule:
    return AgreementRule.create(
        currency=row.currency,
        advisor_fee=row.advisor_fee,
        license_price={
            LicenseTier.FREE: row.price_free,
            LicenseTier.JUST_RISK: row.price_just_risk,
            LicenseTier.RISK_COMPLIANCE: row.price_risk_compliance,
        },
        referral_rate=row.referral_rate,
        tax_rate=row.tax_rate,
        effective_from=row.effective_from,
    )


def load_resale_terms(session: Session, partner_id: str, currency: str) -> ResaleTerms | None:
    row = session.scalars(
        select(ResaleSettings).where(
            ResaleSettings.partner_id == partner_id, ResaleSettings.deleted.is_(False)
        )
    ).first()
    if row is None:
        return None
    return ResaleTerms.create(
        license_price={
            LicenseTier.FREE: Decimal(0),
            LicenseTier.JUST_RISK: row.price_just_risk,
            LicenseTier.RISK_COMPLIANCE: row.price_risk_compliance,
        },
        tax_rate=row.tax_rate,
        legal_name=row.legal_name,
        tax_number=row.tax_number,
        address=row.address,
        bank_details=row.bank_details,
        invoice_prefix=row.invoice_prefix,
        payment_terms_days=row.payment_terms_days,
        currency=currency,
    )


def load_advisors(session: Session, partner_id: str) -> list[AdvisorInput]:
    intervals: dict[str, list[Interval]] = defaultdict(list)
    names: dict[str, str] = {}
    rows = session.execute(
        select(Advisor.id, Advisor.name, AdvisorActivity.start, AdvisorActivity.end)
        .join(AdvisorActivity, AdvisorActivity.advisor_id == Advisor.id)
        .where(
            Advisor.partner_id == partner_id,
            Advisor.deleted.is_(False),
            AdvisorActivity.deleted.is_(False),
        )
        .order_by(Advisor.id, AdvisorActivity.start)
    )
    for advisor_id, name, start, end in rows:
        names[advisor_id] = name
        intervals[advisor_id].append(Interval(start, end))
    return [AdvisorInput(key, names[key], tuple(spans)) for key, spans in intervals.items()]
