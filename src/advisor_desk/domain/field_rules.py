"""The domain rules of every synced entity's fields, and of a row's fields taken together.

The sync codec (sync/codec.py) first turns a JSON value into its column's Python type and
refuses what the database could not hold; `check_field` then applies the rule below, the same
one the laptop applies when a user enters the value (domain/values.py). `check_record` sees
a whole row (the stored values with the pushed ones over them): an interval that ends before
it starts, an amount with more decimals than its currency has.

Fields without a rule (row ids of parents, booleans, free text) are checked by their column
type alone. Entity names are the store's table names.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from . import values as v
from .billing_model import BillingModel
from .bizdev_fields import (
    BIZDEV_FIELD_RULES,
    BIZDEV_RECORD_RULES,
    CLIENT_FIELDS,
    CLIENT_RISK_FIELDS,
)
from .content_charges import ChargingMode
from .documents import DocumentKind
from .errors import DomainError
from .licenses import ContentKind, LicenseTier
from .numbering import check_partner_prefix

Rule = Callable[[Any, str], Any]


def _required(limit: int) -> Rule:
    return partial(v.text, max_length=limit, required=True)


def _partner_prefix(value: Any, field: str) -> str:
    """A partner's own series: never one whose numbers could be the platform's."""
    return check_partner_prefix(v.text(value, field, max_length=16, required=True), field)


def _number(minimum: int = 0, maximum: int = v.INT32_MAX, what: str = "") -> Rule:
    return partial(v.whole_number, minimum=minimum, maximum=maximum, what=what)


def _enum(enum: Any) -> Rule:
    return partial(v.member_of, enum)


def _one_of(*choices: str) -> Rule:
    return partial(v.choice, choices)


_MONEY: Rule = v.amount
_SIGNED: Rule = partial(v.amount, allow_negative=True)
_SCALE = _number(1, 5, "1 to 5")

FIELD_RULES: Mapping[str, Mapping[str, Rule]] = {
    "partner": {"name": _required(200), "timezone": v.timezone_name, "locale": v.locale_name},
    "agreement": {
        "currency": v.currency,
        "advisor_fee": _MONEY,
        "price_free": _MONEY,
        "price_just_risk": _MONEY,
        "price_risk_compliance": _MONEY,
        "referral_rate": v.rate,
        "tax_rate": v.rate,
        "effective_from": v.month,
    },
    "resale_settings": {
        "price_just_risk": _MONEY,
        "price_risk_compliance": _MONEY,
        "tax_rate": v.rate,
        "legal_name": _required(200),
        "invoice_prefix": _partner_prefix,
        "payment_terms_days": _number(0, 3650, "days"),
    },
    "advisor": {"email": v.email_address, "name": _required(200), "role": _enum(v.Role)},
    "advisor_activity": {},
    "advisor_access": {},
    "content_item": {
        "title": _required(300),
        "kind": _enum(ContentKind),
        "library": _enum(v.Library),
        "price": _MONEY,
        "charging": _enum(ChargingMode),
        "tags": v.word_list,
    },
    "content_price": {"effective_from": v.month, "price": _MONEY},
    "content_grant": {},
    "client_template": {
        "name": _required(200),
        "license_tier": _enum(LicenseTier),
        "billing_model": _enum(BillingModel),
        "members": _number(),
        "revision": _number(1),
    },
    "template_content": {},
    "template_risk": {"title": _required(300), "likelihood": _SCALE, "impact": _SCALE},
    "template_assessment": {"due_in_days": _number(0, v.MAX_DUE_IN_DAYS, "days")},
    "template_advisor": {},
    "template_revision": {"revision": _number(1), "snapshot_json": v.json_object_text},
    "client": {
        "name": _required(200),
        "domain": v.web_domain,
        "address": v.postal_address,
        "employees": _number(),
        "tags": v.word_list,
        "template_version": _number(1),
        **CLIENT_FIELDS,
    },
    "client_billing_model": {"effective_from": v.month, "model": _enum(BillingModel)},
    "member": {"email": v.email_address, "name": _required(200)},
    "member_license": {"tier": _enum(LicenseTier)},
    "client_content": {},
    "client_risk": {
        "title": _required(300),
        "likelihood": _SCALE,
        "impact": _SCALE,
        **CLIENT_RISK_FIELDS,
    },
    "client_assessment": {},
    "document": {
        "kind": _enum(DocumentKind),
        "status": _one_of(*v.DOCUMENT_STATUSES),
        "period": v.month,
        "recipient": _required(200),
        "currency": v.currency,
        "tax_rate": v.rate,
        "subtotal": _SIGNED,
        "tax": _SIGNED,
        "total": _SIGNED,
        "snapshot_json": v.json_object_text,
        "pdf_sha256": v.sha256_hex,
    },
    "document_line": {
        "position": _number(),
        "quantity": _SIGNED,
        "unit_price": _SIGNED,
        "amount": _SIGNED,
    },
    "content_version": {"title": _required(300), "tags": v.word_list, "price": _MONEY},
    "content_file": {
        "file_name": _required(255),
        "media_type": _required(100),
        "size": _number(0, v.MAX_FILE_BYTES, "bytes"),
        "sha256": v.sha256_hex,
        "data": v.file_bytes,
    },
    "content_provision": {
        "position": _number(),
        "kind": _one_of(*v.ENTRY_KINDS),
        "answer_type": _one_of("", *v.ANSWER_TYPES),
    },
    "library_push": {
        "clients": _number(),
        "templates": _number(),
        "targets": partial(v.word_list, max_length=300),
    },
    **BIZDEV_FIELD_RULES,
}


def field_rule(entity: str, name: str) -> Rule | None:
    """The rule of one field (called with the value and the field's name), if it has one."""
    return FIELD_RULES.get(entity, {}).get(name)


def check_field(entity: str, name: str, value: Any) -> Any:
    """`value` (already of its column's type, not None) if the field's rule takes it."""
    rule = field_rule(entity, name)
    return value if rule is None else rule(value, name)


def _intervals(row: Mapping[str, Any]) -> None:
    v.interval_end(row.get("start"), row.get("end"))


def _client(row: Mapping[str, Any]) -> None:
    v.not_before(row.get("created"), row.get("archived"), "archived", "the client was created")


def _in_currency(*names: str) -> Callable[[Mapping[str, Any]], None]:
    def check(row: Mapping[str, Any]) -> None:
        code = row.get("currency")
        if not isinstance(code, str):
            return
        for name in names:
            if row.get(name) is not None:
                v.in_currency(row[name], code, name)

    return check


def _agreement(row: Mapping[str, Any]) -> None:
    _in_currency("advisor_fee", "price_just_risk", "price_risk_compliance")(row)
    free = row.get("price_free")
    if free is not None and free != 0:
        raise DomainError("price_free", "the free tier is always 0")


def _file(row: Mapping[str, Any]) -> None:
    data = row.get("data")
    if not isinstance(data, bytes):
        return
    if row.get("size") is not None and row["size"] != len(data):
        raise DomainError("size", f"{row['size']} is not the size of the data ({len(data)})")
    if row.get("sha256") is not None and row["sha256"] != hashlib.sha256(data).hexdigest():
        raise DomainError("sha256", "is not the SHA-256 of the data")


RECORD_RULES: Mapping[str, Callable[[Mapping[str, Any]], None]] = {
    "advisor_activity": _intervals,
    "member_license": _intervals,
    "content_grant": _intervals,
    "client": _client,
    "agreement": _agreement,
    "document": _in_currency("subtotal", "tax", "total"),
    "content_file": _file,
    **BIZDEV_RECORD_RULES,
}


def check_record(entity: str, row: Mapping[str, Any]) -> None:
    """Rules across a row's fields; DomainError names the field to correct."""
    rule = RECORD_RULES.get(entity)
    if rule is not None:
        rule(row)
