"""The domain's value rules (domain/values.py, domain/field_rules.py): one set of rules for
the laptop's services and the server's push checks."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import pytest

from advisor_desk.domain import values
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.field_rules import check_field, check_record

D = Decimal


@pytest.mark.parametrize(
    ("entity", "field", "value"),
    [
        ("member_license", "tier", "gold"),
        ("client_template", "license_tier", "platinum"),
        ("client_billing_model", "model", "free-beer"),
        ("client_template", "billing_model", "free-beer"),
        ("client_billing_model", "effective_from", "13/99"),
        ("client_billing_model", "effective_from", "2026-13"),
        ("agreement", "effective_from", "2026-1"),
        ("document", "period", "2030-13"),
        ("client", "tags", {"vip": True}),
        ("client", "tags", ["ok", 3]),
        ("content_item", "tags", "a,b"),
        ("library_push", "targets", [["nested"]]),
        ("advisor", "role", "superuser"),
        ("agreement", "currency", "ZZZ"),
        ("document", "currency", "aud"),
        ("agreement", "tax_rate", D("1.5")),
        ("agreement", "referral_rate", D("-0.1")),
        ("agreement", "advisor_fee", D("-1")),
        ("document", "kind", "gift_voucher"),
        ("document", "status", "paid"),
        ("client", "name", "   "),
        ("client", "name", "a\x00b"),
        ("client", "domain", "not a domain"),
        ("client", "employees", -1),
        ("client", "employees", 2**31),
        ("member", "email", "not an email"),
        ("advisor", "email", "x@y"),
        ("template_risk", "likelihood", 6),
        ("client_risk", "impact", 0),
        ("template_assessment", "due_in_days", 3651),
        ("content_item", "kind", "novel"),
        ("content_item", "library", "shared"),
        ("content_provision", "kind", "answer"),
        ("content_provision", "answer_type", "essay"),
        ("partner", "timezone", "Mars/Olympus"),
        ("partner", "locale", "xx_NOPE_9"),
        ("resale_settings", "legal_name", ""),
        ("resale_settings", "invoice_prefix", " "),
        ("document", "pdf_sha256", "abc"),
        ("template_revision", "snapshot_json", "[1, 2]"),
        ("document", "snapshot_json", "{not json"),
        ("content_file", "size", values.MAX_FILE_BYTES + 1),
    ],
)
def test_a_value_the_laptop_refuses_is_refused_naming_its_field(
    entity: str, field: str, value: object
) -> None:
    with pytest.raises(DomainError) as error:
        check_field(entity, field, value)
    assert error.value.field == field


@pytest.mark.parametrize(
    ("entity", "field", "value"),
    [
        ("member_license", "tier", "risk_compliance"),
        ("client_billing_model", "model", "reseller"),
        ("client_billing_model", "effective_from", "2026-11"),
        ("client", "tags", ["b", "a"]),
        ("client", "tags", []),
        ("advisor", "role", "power_user"),
        ("agreement", "currency", "JPY"),
        ("agreement", "tax_rate", D("0.1")),
        ("client", "domain", ""),
        ("client", "domain", "acme.example"),
        ("client", "employees", 0),
        ("partner", "timezone", "Australia/Sydney"),
        ("partner", "locale", "en_AU"),
        ("content_provision", "answer_type", ""),
        ("document", "subtotal", D("-10.00")),
        ("template_revision", "snapshot_json", '{"name": "x"}'),
    ],
)
def test_a_value_the_laptop_stores_is_taken(entity: str, field: str, value: object) -> None:
    assert check_field(entity, field, value) == value


def test_an_interval_ends_after_it_starts() -> None:
    start = dt.date(2026, 5, 1)
    for entity in ("member_license", "advisor_activity"):
        check_record(entity, {"start": start, "end": None})
        check_record(entity, {"start": start, "end": dt.date(2026, 5, 2)})
        for end in (start, dt.date(2026, 4, 30)):
            with pytest.raises(DomainError) as error:
                check_record(entity, {"start": start, "end": end})
            assert error.value.field == "end"


def test_a_client_is_not_archived_before_it_was_created() -> None:
    with pytest.raises(DomainError, match="archived"):
        check_record("client", {"created": dt.date(2026, 5, 1), "archived": dt.date(2026, 4, 1)})


def test_amounts_have_no_more_decimals_than_their_currency() -> None:
    check_record("agreement", {"currency": "AUD", "advisor_fee": D("120.50")})
    with pytest.raises(DomainError, match="advisor_fee"):
        check_record("agreement", {"currency": "JPY", "advisor_fee": D("120.5")})
    with pytest.raises(DomainError, match="total"):
        check_record("document", {"currency": "AUD", "total": D("1.001")})
    with pytest.raises(DomainError, match="price_free"):
        check_record("agreement", {"currency": "AUD", "price_free": D("1")})


def test_a_file_matches_its_size_and_digest() -> None:
    data = b"%PDF-1.7"
    digest = hashlib.sha256(data).hexdigest()
    check_record("content_file", {"data": data, "size": len(data), "sha256": digest})
    with pytest.raises(DomainError, match="size"):
        check_record("content_file", {"data": data, "size": 3})
    with pytest.raises(DomainError, match="sha256"):
        check_record("content_file", {"data": data, "sha256": hashlib.sha256(b"x").hexdigest()})


def test_text_a_database_refuses_is_refused() -> None:
    with pytest.raises(DomainError, match="NUL"):
        values.storable_text("a\x00", "name")
    with pytest.raises(DomainError, match="Unicode"):
        values.storable_text("a\ud800", "name")
    with pytest.raises(DomainError, match="longer"):
        values.text("x" * 201, "name", max_length=200)


def test_services_and_domain_share_the_same_choices_and_limits() -> None:
    from advisor_desk.services.library import content
    from advisor_desk.services.library import parse as library_parse
    from advisor_desk.services.people import advisors
    from advisor_desk.services.templates import plan as template_plan

    assert [r.value for r in advisors.Role] == [r.value for r in values.Role]
    assert [r.value for r in content.Library] == [r.value for r in values.Library]
    assert tuple(template_plan.SCALE) == tuple(values.RISK_SCALE)
    assert template_plan.MAX_DUE_IN_DAYS == values.MAX_DUE_IN_DAYS
    assert tuple(library_parse.ANSWER_TYPES) == values.ANSWER_TYPES
    assert library_parse.MAX_FILE_BYTES == values.MAX_FILE_BYTES
