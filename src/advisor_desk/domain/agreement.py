"""A partner's prices (the agreement with the platform) and its own resale terms."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .errors import DomainError
from .licenses import LicenseTier
from .money import minor_units, parse_money, parse_rate, zero
from .numbering import check_partner_prefix
from .periods import Period


@dataclass(frozen=True)
class Agreement:
    """Prices from `effective_from` on; build it with `create`, which validates everything."""

    currency: str
    advisor_fee: Decimal
    license_price: Mapping[LicenseTier, Decimal]
    referral_rate: Decimal
    tax_rate: Decimal
    effective_from: Period

    @classmethod
    def create(
        cls,
        currency: str,
        advisor_fee: object,
        license_price: Mapping[LicenseTier | str, object],
        referral_rate: object,
        tax_rate: object,
        effective_from: Period | str,
    ) -> Agreement:
        minor_units_checked(currency, "agreement.currency")
        return cls(
            currency=currency,
            advisor_fee=parse_money(advisor_fee, currency, "agreement.advisor_fee"),
            license_price=parse_prices(license_price, currency, "agreement.license_price"),
            referral_rate=parse_rate(referral_rate, "agreement.referral_rate"),
            tax_rate=parse_rate(tax_rate, "agreement.tax_rate"),
            effective_from=(
                effective_from
                if isinstance(effective_from, Period)
                else Period.parse(effective_from, "agreement.effective_from")
            ),
        )


def agreement_for_period(agreements: Sequence[Agreement], p: Period) -> Agreement:
    """The agreement in force in p: the one with the greatest `effective_from <= p`."""
    candidates = [a for a in agreements if a.effective_from <= p]
    if not candidates:
        raise DomainError("agreement", f"no agreement is in force in {p}")
    return max(candidates, key=lambda a: a.effective_from)


@dataclass(frozen=True)
class ResaleTerms:
    """What a partner charges its reseller clients, and what its invoices show."""

    license_price: Mapping[LicenseTier, Decimal]
    tax_rate: Decimal
    legal_name: str
    tax_number: str
    address: str
    bank_details: str
    invoice_prefix: str
    payment_terms_days: int

    @classmethod
    def create(
        cls,
        license_price: Mapping[LicenseTier | str, object],
        tax_rate: object,
        legal_name: str,
        tax_number: str,
        address: str,
        bank_details: str,
        invoice_prefix: str,
        payment_terms_days: int,
        *,
        currency: str,
    ) -> ResaleTerms:
        """Validated terms; `currency` is the one the prices are in (the agreement's)."""
        minor_units_checked(currency, "resale.currency")
        if not isinstance(legal_name, str) or not legal_name.strip():
            raise DomainError("resale.legal_name", "must not be empty")
        check_partner_prefix(invoice_prefix)
        if (
            not isinstance(payment_terms_days, int)
            or isinstance(payment_terms_days, bool)
            or payment_terms_days < 0
        ):
            raise DomainError(
                "resale.payment_terms_days", f"{payment_terms_days!r} is not a number of days"
            )
        return cls(
            license_price=parse_prices(license_price, currency, "resale.license_price"),
            tax_rate=parse_rate(tax_rate, "resale.tax_rate"),
            legal_name=legal_name,
            tax_number=tax_number,
            address=address,
            bank_details=bank_details,
            invoice_prefix=invoice_prefix,
            payment_terms_days=payment_terms_days,
        )


def minor_units_checked(currency: str, field: str) -> int:
    """minor_units, with the error naming `field`."""
    try:
        return minor_units(currency)
    except DomainError as error:
        raise DomainError(field, error.message) from None


def parse_prices(
    prices: Mapping[LicenseTier | str, object], currency: str, field: str
) -> dict[LicenseTier, Decimal]:
    """A price for every tier: the paid tiers are required, `free` may be left out but is 0."""
    if not isinstance(prices, Mapping):
        raise DomainError(field, "expected a price for each license tier")
    parsed: dict[LicenseTier, Decimal] = {}
    for key, value in prices.items():
        tier = LicenseTier.parse(key, field)
        parsed[tier] = parse_money(value, currency, f"{field}.{tier.value}")
    if parsed.setdefault(LicenseTier.FREE, zero(currency)) != 0:
        raise DomainError(f"{field}.free", "the free tier is always 0")
    for tier in LicenseTier:
        if tier not in parsed:
            raise DomainError(f"{field}.{tier.value}", "a price is required")
    return {tier: parsed[tier] for tier in LicenseTier}
