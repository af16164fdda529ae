"""The charges of a period, computed by the domain from what the store holds.

Reads with a handful of Core queries (no ORM objects): this runs over thousands of clients.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from advisor_desk.domain.agreement import Agreement as AgreementRule
from advisor_desk.domain.agreement import ResaleTerms
from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.charges import (
    AdvisorInput,
    ClientInput,
    MemberInput,
    PeriodCharges,
    compute_charges,
)
from advisor_desk.domain.licenses import LicenseTier, TierInterval
from advisor_desk.domain.periods import Interval, Period
from advisor_desk.services.errors import ServiceError
from advisor_desk.services.partner import current_partner
from advisor_desk.store.engine import Store
from advisor_desk.store.models import (
    Advisor,
    AdvisorActivity,
    Agreement,
    Client,
    ClientBillingModel,
    Member,
    MemberLicense,
    ResaleSettings,
)


def charges_for_period(store: Store, period: Period) -> PeriodCharges:
    with store.read() as session:
        return compute_period(session, period)


def compute_period(session: Session, period: Period) -> PeriodCharges:
    partner = current_partner(session)
    agreements = load_agreements(session, partner.id)
    if not agreements:
        raise ServiceError("the partner has no agreement yet: set its prices first")
    return compute_charges(
        period,
        agreements,
        _advisors(session, partner.id),
        _clients(session, partner.id, period),
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


def _advisors(session: Session, partner_id: str) -> list[AdvisorInput]:
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


def _clients(session: Session, partner_id: str, period: Period) -> list[ClientInput]:
    # Deleted clients keep counting for the days they existed: deleting sets `archived`.
    existed = and_(
        Client.partner_id == partner_id,
        Client.created < period.end,
        or_(Client.archived.is_(None), Client.archived > period.first_day),
    )
    clients = session.execute(
        select(Client.id, Client.name, Client.created, Client.archived).where(existed)
    ).all()
    models: dict[str, list[tuple[Period, BillingModel]]] = defaultdict(list)
    for client_id, month, model in session.execute(
        select(
            ClientBillingModel.client_id,
            ClientBillingModel.effective_from,
            ClientBillingModel.model,
        )
        .join(Client, Client.id == ClientBillingModel.client_id)
        .where(existed, ClientBillingModel.deleted.is_(False))
    ):
        models[client_id].append((Period.parse(month), BillingModel(model)))
    licenses: dict[str, dict[str, list[TierInterval]]] = defaultdict(lambda: defaultdict(list))
    member_names: dict[str, str] = {}
    for client_id, member_id, member_name, tier, start, end in session.execute(
        select(
            Member.client_id,
            Member.id,
            Member.name,
            MemberLicense.tier,
            MemberLicense.start,
            MemberLicense.end,
        )
        .join(Member, Member.id == MemberLicense.member_id)
        .join(Client, Client.id == Member.client_id)
        .where(
            existed,
            Member.deleted.is_(False),
            MemberLicense.deleted.is_(False),
            MemberLicense.start < period.end,
            or_(MemberLicense.end.is_(None), MemberLicense.end > period.first_day),
        )
    ):
        member_names[member_id] = member_name
        licenses[client_id][member_id].append(TierInterval(LicenseTier(tier), start, end))
    return [
        ClientInput(
            key=client_id,
            name=name,
            created=created,
            archived=archived,
            billing_models=tuple(models[client_id]),
            members=tuple(
                MemberInput(member_id, member_names[member_id], tuple(spans))
                for member_id, spans in licenses[client_id].items()
            ),
        )
        for client_id, name, created, archived in clients
    ]
