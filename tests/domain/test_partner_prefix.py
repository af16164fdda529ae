"""A partner's invoice series never takes numbers the platform's own series use."""

from __future__ import annotations

import pytest

from advisor_desk.domain.agreement import ResaleTerms
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.field_rules import check_field
from advisor_desk.domain.numbering import (
    check_partner_prefix,
    default_partner_prefix,
    number_series,
)


@pytest.mark.parametrize("prefix", ["INV-", "inv-", "RS-", "CN-", "INV-H", " INV- "])
def test_a_prefix_whose_numbers_could_be_the_platforms_is_refused(prefix: str) -> None:
    with pytest.raises(DomainError) as refused:
        check_partner_prefix(prefix)
    assert refused.value.field == "resale.invoice_prefix"
    assert "platform" in refused.value.message


@pytest.mark.parametrize("prefix", ["HRA-", "IN", "INV", "C-", "2026/"])
def test_own_prefixes_never_give_a_platform_number(prefix: str) -> None:
    assert check_partner_prefix(prefix) == prefix
    platform = {
        number_series(key).format(n)
        for key in ("platform-invoice", "platform-statement", "platform-credit")
        for n in (1, 42, 1_000_000)
    }
    partner = {
        number_series(key, prefix).format(n)
        for key in ("partner-resale", "partner-credit")
        for n in (1, 42, 1_000_000)
    }
    assert not platform & partner


def test_the_default_is_the_partners_initials() -> None:
    assert default_partner_prefix("Harbour Risk Advisory") == "HRA-"
    assert default_partner_prefix("Ink Network Ventures") == "PI-"  # "INV-" is the platform's
    assert default_partner_prefix("Solo") == "PI-"


def test_resale_terms_and_synced_settings_refuse_it_too() -> None:
    with pytest.raises(DomainError, match="platform"):
        ResaleTerms.create(
            license_price={"free": "0", "just_risk": "49.00", "risk_compliance": "99.00"},
            tax_rate="0.10",
            legal_name="Harbour Risk Advisory Pty Ltd",
            tax_number="",
            address="",
            bank_details="",
            invoice_prefix="INV-",
            payment_terms_days=14,
            currency="AUD",
        )
    with pytest.raises(DomainError, match="platform"):
        check_field("resale_settings", "invoice_prefix", "INV-")
