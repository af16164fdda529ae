"""The partner itself: creating it on a fresh store, its agreement and resale settings."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain.agreement import Agreement as AgreementRule
from advisor_desk.domain.agreement import ResaleTerms
from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.domain.numbering import default_partner_prefix
from advisor_desk.domain.periods import Period
from advisor_desk.services import validation as check
from advisor_desk.services.billing.charges import load_agreements, load_resale_terms
from advisor_desk.services.billing.resale_check import resale_problems
from advisor_desk.services.clock import today
from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.services.ops import run_op, run_query
from advisor_desk.services.partner import has_partner
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Agreement, Partner, ResaleSettings, SyncState
from advisor_desk.store.types import new_id

DEFAULT_PRICES = {"advisor_fee": "120.00", "just_risk": "35.00", "risk_compliance": "79.00"}


@dataclass(frozen=True)
class PartnerSummary:
    id: str
    name: str
    timezone: str
    locale: str
    currency: str | None
    agreements: tuple[AgreementRule, ...]
    resale: ResaleTerms | None
    server_url: str | None
    logo_png: bytes | None = None

    @property
    def agreement_read_only(self) -> bool:
        """With a server, the agreement is set there (`advisor-desk-server agreement set`)."""
        return self.server_url is not None


def create_partner(
    store: Store,
    *,
    name: str,
    currency: str = "AUD",
    timezone: str = "Australia/Sydney",
    locale: str = "en_AU",
) -> PartnerSummary:
    """A fresh store's partner, with the platform's standard prices from this month."""
    with store.write() as session:
        if has_partner(session):
            raise ServiceError("this data folder already has a partner")
        clean = check.required_text(name, "name")
        _check_timezone(timezone)
        _check_locale(locale)
        partner_id = new_id()
        session.add(
            Partner(
                id=partner_id, partner_id=partner_id, name=clean, timezone=timezone, locale=locale
            )
        )
        rule = check.domain_rule(
            lambda: AgreementRule.create(
                currency=currency.strip().upper(),
                advisor_fee=DEFAULT_PRICES["advisor_fee"],
                license_price={
                    "free": "0",
                    "just_risk": DEFAULT_PRICES["just_risk"],
                    "risk_compliance": DEFAULT_PRICES["risk_compliance"],
                },
                referral_rate="0.20",
                tax_rate="0.10",
                effective_from=Period.of(today(timezone)),
            )
        )
        session.add(agreement_row(partner_id, rule))
    return get_partner(store)


def agreement_row(partner_id: str, rule: AgreementRule) -> Agreement:
    return Agreement(
        partner_id=partner_id,
        currency=rule.currency,
        advisor_fee=rule.advisor_fee,
        price_free=rule.license_price[LicenseTier.FREE],
        price_just_risk=rule.license_price[LicenseTier.JUST_RISK],
        price_risk_compliance=rule.license_price[LicenseTier.RISK_COMPLIANCE],
        referral_rate=rule.referral_rate,
        tax_rate=rule.tax_rate,
        effective_from=str(rule.effective_from),
    )


def get_partner(store: Store) -> PartnerSummary:
    return run_query(store, partner_of)


def partner_of(session: Session, partner: Partner) -> PartnerSummary:
    """The query behind `get_partner`."""
    agreements = sorted(load_agreements(session, partner.id), key=lambda a: a.effective_from)
    currency = agreements[-1].currency if agreements else None
    resale = load_resale_terms(session, partner.id, currency) if currency else None
    state = session.get(SyncState, 1)
    logo = session.scalar(
        select(ResaleSettings.logo_png).where(
            ResaleSettings.partner_id == partner.id, ResaleSettings.deleted.is_(False)
        )
    )
    return PartnerSummary(
        id=partner.id,
        name=partner.name,
        timezone=partner.timezone,
        locale=partner.locale,
        currency=currency,
        agreements=tuple(agreements),
        resale=resale,
        server_url=state.server_url if state else None,
        logo_png=logo,
    )


def save_resale_settings(
    store: Store,
    *,
    just_risk: object,
    risk_compliance: object,
    tax_rate: object,
    legal_name: str,
    tax_number: str = "",
    address: str = "",
    bank_details: str = "",
    invoice_prefix: str | None = None,
    payment_terms_days: int = 14,
    logo_png: bytes | None = None,
    clear_logo: bool = False,
) -> PartnerSummary:
    """Validate every field (messages name it) and save the partner's resale settings.

    `logo_png` None keeps the saved logo; `clear_logo` removes it.
    """
    run_op(
        store,
        resale_settings_saved,
        just_risk=just_risk,
        risk_compliance=risk_compliance,
        tax_rate=tax_rate,
        legal_name=legal_name,
        tax_number=tax_number,
        address=address,
        bank_details=bank_details,
        invoice_prefix=invoice_prefix,
        payment_terms_days=payment_terms_days,
        logo_png=logo_png,
        clear_logo=clear_logo,
    )
    return get_partner(store)


def resale_settings_saved(
    session: Session,
    partner: Partner,
    *,
    just_risk: object,
    risk_compliance: object,
    tax_rate: object,
    legal_name: str,
    tax_number: str = "",
    address: str = "",
    bank_details: str = "",
    invoice_prefix: str | None = None,
    payment_terms_days: int = 14,
    logo_png: bytes | None = None,
    clear_logo: bool = False,
) -> None:
    """The operation behind `save_resale_settings`."""
    agreements = load_agreements(session, partner.id)
    if not agreements:
        raise ServiceError("set the partner's agreement before its resale settings")
    currency = max(agreements, key=lambda a: a.effective_from).currency
    if invoice_prefix is None:  # a series of the partner's own, never the platform's INV-
        invoice_prefix = default_partner_prefix(partner.name)
    problems = resale_problems(
        currency=currency,
        just_risk=just_risk,
        risk_compliance=risk_compliance,
        tax_rate=tax_rate,
        legal_name=legal_name,
        invoice_prefix=invoice_prefix,
        payment_terms_days=payment_terms_days,
    )
    if problems:  # every problem at once, each at its field
        raise ValidationError(problems)
    terms = check.domain_rule(
        lambda: ResaleTerms.create(
            license_price={
                "free": "0",
                "just_risk": just_risk,
                "risk_compliance": risk_compliance,
            },
            tax_rate=tax_rate,
            legal_name=legal_name.strip(),
            tax_number=tax_number.strip(),
            address=address.strip(),
            bank_details=bank_details.strip(),
            invoice_prefix=invoice_prefix.strip(),
            payment_terms_days=payment_terms_days,
            currency=currency,
        )
    )
    if logo_png is not None and not logo_png.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ValidationError([("logo", "the logo must be a PNG image")])
    row = session.scalars(
        select(ResaleSettings).where(
            ResaleSettings.partner_id == partner.id, ResaleSettings.deleted.is_(False)
        )
    ).first()
    if row is None:
        row = ResaleSettings(partner_id=partner.id)
        session.add(row)
    row.price_just_risk = terms.license_price[LicenseTier.JUST_RISK]
    row.price_risk_compliance = terms.license_price[LicenseTier.RISK_COMPLIANCE]
    row.tax_rate = terms.tax_rate
    row.legal_name = terms.legal_name
    row.tax_number = terms.tax_number
    row.address = terms.address
    row.bank_details = terms.bank_details
    row.invoice_prefix = terms.invoice_prefix
    row.payment_terms_days = terms.payment_terms_days
    if clear_logo:
        row.logo_png = None
    elif logo_png is not None:
        row.logo_png = logo_png


def _check_timezone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError([("timezone", f"{name!r} is not a time zone")]) from None


def _check_locale(name: str) -> None:
    try:
        Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        raise ValidationError([("locale", f"{name!r} is not a locale such as en_AU")]) from None
