"""Every problem of a partner's resale settings at once, each at its field.

`ResaleTerms.create` stops at the first problem; a form wants them all (an empty legal name
AND a missing price AND a bad tax rate), so each field is checked on its own here first.
"""

from __future__ import annotations

from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.money import parse_money, parse_rate
from advisor_desk.domain.numbering import check_partner_prefix

PRICE_FIELDS = (
    ("just_risk", "Just Risk"),
    ("risk_compliance", "Risk & Compliance"),
)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def resale_problems(
    *,
    currency: str,
    just_risk: object,
    risk_compliance: object,
    tax_rate: object,
    legal_name: object,
    invoice_prefix: object,
    payment_terms_days: object,
) -> list[tuple[str, str]]:
    """(place, message) for every field that is wrong; [] when all of them are right."""
    problems: list[tuple[str, str]] = []
    if _blank(legal_name):
        problems.append(("resale.legal_name", "enter the legal name your invoices show"))
    prices = {"just_risk": just_risk, "risk_compliance": risk_compliance}
    for key, label in PRICE_FIELDS:
        place = f"resale.license_price.{key}"
        if _blank(prices[key]):
            problems.append((place, f"enter your {label} price"))
            continue
        try:
            parse_money(prices[key], currency, place)
        except DomainError as error:
            problems.append((place, error.message))
    if _blank(tax_rate):
        problems.append(("resale.tax_rate", "enter a tax rate as a fraction, such as 0.10"))
    else:
        try:
            parse_rate(tax_rate, "resale.tax_rate")
        except DomainError as error:
            message = error.message
            if "is not a number" in message:  # not "such as 12.50": a rate is a fraction
                message = f"{str(tax_rate).strip()!r} is not a fraction such as 0.10"
            problems.append(("resale.tax_rate", message))
    if _blank(invoice_prefix):
        problems.append(("resale.invoice_prefix", "enter an invoice prefix, such as HRA-"))
    else:
        try:
            check_partner_prefix(str(invoice_prefix))
        except DomainError as error:
            problems.append((error.field, error.message))
    if (
        not isinstance(payment_terms_days, int)
        or isinstance(payment_terms_days, bool)
        or payment_terms_days < 0
    ):
        problems.append(("resale.payment_terms_days", "enter a number of days, such as 14"))
    return problems
