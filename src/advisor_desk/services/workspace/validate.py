"""Reading a workspace file: the whole file is checked, every problem reported with its path.

`read_workspace_file` (bytes) and `validate_workspace` (an already-parsed JSON value) either
return a complete, consistent `Workspace` or raise one ValidationError listing every problem,
e.g. `clients[3].members[0].licenses[1]: overlaps the interval before it`.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterable
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError

from advisor_desk.domain.agreement import Agreement, ResaleTerms, minor_units_checked
from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.licenses import ContentKind, LicenseTier
from advisor_desk.domain.periods import Interval
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.library.content import Library
from advisor_desk.services.people.advisors import Role
from advisor_desk.services.workspace.checks import MISSING, Checker, at, enum_values, is_email
from advisor_desk.services.workspace.content_billing import (
    CONTENT_BILLING,
    check_grant_titles,
    read_content_billing,
)
from advisor_desk.services.workspace.records import (
    DEFAULT_CURRENCY,
    FORMAT,
    VERSION,
    AdvisorRecord,
    ContentRecord,
    PartnerRecord,
    TemplateRecord,
    Workspace,
    fold,
)
from advisor_desk.services.workspace.validate_clients import check_history, client, unique_names
from advisor_desk.services.workspace.validate_documents import document, series
from advisor_desk.services.workspace.validate_issued import check_documents
from advisor_desk.services.workspace.validate_plans import (
    CONTENT_CHILDREN,
    TEMPLATE_PLAN,
    check_plan_references,
    content_children,
    template_plan,
)

TOP_KEYS = (
    "format",
    "version",
    "partner",
    "advisors",
    "clients",
    "content",
    "templates",
    "documents",
)
LISTS = ("advisors", "clients", "content", "templates", "documents")
PARTNER_KEYS = ("name", "timezone", "agreement")
AGREEMENT_KEYS = ("currency", "advisor_fee", "license_price", "referral_rate", "tax_rate", "from")
RESALE_KEYS = (
    "license_price",
    "tax_rate",
    "legal_name",
    "tax_number",
    "address",
    "bank_details",
    "invoice_prefix",
    "payment_terms_days",
)
ADVISOR_KEYS = ("email", "name", "role", "active", "client_access")
CONTENT_KEYS = ("title", "kind", "library", "version", "price", "published", "locked", "tags")
TEMPLATE_KEYS = ("name", "license_tier", "billing_model", "content", "members")
R = TypeVar("R")
PAID_TIERS = (LicenseTier.JUST_RISK.value, LicenseTier.RISK_COMPLIANCE.value)


def read_workspace_file(data: bytes, *, source: str = "workspace.json") -> Workspace:
    """Decode and validate a workspace file's bytes."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError([(source, f"is not UTF-8 text (byte {error.start + 1})")]) from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        place = f"{source} line {error.lineno} column {error.colno}"
        raise ValidationError([(place, f"not valid JSON: {error.msg}")]) from None
    return validate_workspace(value, source=source)


def validate_workspace(value: object, *, source: str = "workspace.json") -> Workspace:
    """A Workspace from a parsed JSON value, or ValidationError with every problem."""
    ck = Checker(root=source)
    data = ck.obj(value, "", TOP_KEYS, ("number_series",))
    if data is None:
        raise ValidationError(ck.problems)
    if data.get("format") != FORMAT:
        ck.add("format", f'expected "{FORMAT}"; this is not an Advisor Desk workspace file')
        raise ValidationError(ck.problems)
    if data.get("version") != VERSION:
        ck.add("version", f"this Advisor Desk reads version {VERSION}, not {data.get('version')!r}")
        raise ValidationError(ck.problems)
    partner = _partner(ck, data.get("partner", MISSING), "partner")
    documents = _placed(ck, data, "documents", document)
    workspace = Workspace(
        partner=partner or PartnerRecord(name=""),
        advisors=_each(ck, data, "advisors", _advisor),
        clients=_each(ck, data, "clients", client),
        content=_each(ck, data, "content", lambda c, v, p: _content(c, v, p, partner)),
        templates=_each(ck, data, "templates", _template),
        documents=tuple(record for _, record in documents),
        number_series=_each(ck, data, "number_series", series),
    )
    _check_names_and_references(ck, data)
    check_documents(ck, documents, workspace.number_series)
    if ck.problems:
        raise ValidationError(ck.problems)
    return workspace


def _each(
    ck: Checker, data: dict[str, Any], key: str, read: Callable[[Checker, object, str], R | None]
) -> tuple[R, ...]:
    return tuple(record for _, record in _placed(ck, data, key, read))


def _placed(
    ck: Checker, data: dict[str, Any], key: str, read: Callable[[Checker, object, str], R | None]
) -> list[tuple[str, R]]:
    """As _each, each record with its JSON path."""
    placed = []
    for index, value in enumerate(ck.items(data, key, "")):
        record = read(ck, value, f"{key}[{index}]")
        if record is not None:
            placed.append((f"{key}[{index}]", record))
    return placed


def _partner(ck: Checker, value: object, path: str) -> PartnerRecord | None:
    data = ck.obj(value, path, PARTNER_KEYS, ("locale", "agreement_history", "resale"))
    if data is None:
        return None
    mark = ck.mark()
    timezone = ck.text(data, "timezone", path, empty=False, default="Australia/Sydney")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        ck.add(at(path, "timezone"), f'"{timezone}" is not a time zone such as "Australia/Sydney"')
    locale = ck.text(data, "locale", path, empty=False, default="en_AU")
    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        ck.add(at(path, "locale"), f'"{locale}" is not a locale such as "en_AU"')
    agreements = _agreements(ck, data, path)
    currency = agreements[-1].currency if agreements else DEFAULT_CURRENCY
    resale = None
    if data.get("resale") is not None:
        resale = _resale(ck, data["resale"], at(path, "resale"), currency)
    record = PartnerRecord(
        name=ck.text(data, "name", path, empty=False),
        timezone=timezone,
        locale=locale,
        agreements=agreements,
        resale=resale,
        logo_png=_logo(ck, data.get("resale"), at(path, "resale")),
    )
    return record if ck.clean_since(mark) else None


def _agreements(ck: Checker, data: dict[str, Any], path: str) -> tuple[Agreement, ...]:
    """The agreement and its history, oldest first, each from a later month."""
    history_path = at(path, "agreement_history")
    history = ck.items(data, "agreement_history", path)
    if data.get("agreement") is None:
        if history:
            ck.add(history_path, "an agreement history needs an agreement")
        return ()
    entries = [(at(path, "agreement"), data["agreement"])]
    entries += [(at(history_path, index), entry) for index, entry in enumerate(history)]
    agreements = [_agreement(ck, entry, entry_path) for entry_path, entry in entries]
    valid = [a for a in agreements if a is not None]
    if len(valid) < len(agreements):
        return ()
    for (entry_path, _), before, after in zip(entries[1:], valid, valid[1:], strict=False):
        if after.effective_from <= before.effective_from:
            ck.add(at(entry_path, "from"), "is not after the month of the agreement before it")
    return tuple(valid)


def _domain_place(path: str, field: str, prefix: str) -> str:
    """`agreement.effective_from` → `partner.agreement.from` (the file's names)."""
    rest = field.removeprefix(prefix).replace("effective_from", "from")
    return path + rest


def _agreement(ck: Checker, value: object, path: str) -> Agreement | None:
    data = ck.obj(value, path, AGREEMENT_KEYS)
    if data is None:
        return None
    mark = ck.mark()
    if "currency" not in data:
        return None  # reported as a missing key; the amounts cannot be read without it
    currency = ck.text(data, "currency", path, empty=False)
    try:
        minor_units_checked(currency, at(path, "currency"))
    except DomainError as error:
        ck.add(error.field, error.message)
        return None
    ck.money(data.get("advisor_fee", MISSING), currency, at(path, "advisor_fee"))
    prices = _prices(ck, data, path, currency, ("free",))
    ck.rate(data.get("referral_rate", MISSING), at(path, "referral_rate"))
    ck.rate(data.get("tax_rate", MISSING), at(path, "tax_rate"))
    ck.month(data.get("from", MISSING), at(path, "from"))
    if not ck.clean_since(mark):
        return None
    try:
        return Agreement.create(
            currency,
            data["advisor_fee"],
            prices,
            data["referral_rate"],
            data["tax_rate"],
            data["from"],
        )
    except DomainError as error:
        ck.add(_domain_place(path, error.field, "agreement"), error.message)
        return None


def _prices(
    ck: Checker, data: dict[str, Any], path: str, currency: str, optional: tuple[str, ...] = ()
) -> dict[str, Any]:
    """A price per license tier; `free` (always 0) may be left out of an agreement."""
    price_path = at(path, "license_price")
    prices = ck.obj(data.get("license_price", MISSING), price_path, PAID_TIERS, optional)
    if prices is None:
        return {}
    for tier in (*optional, *PAID_TIERS):
        if tier in prices:
            ck.money(prices[tier], currency, at(price_path, tier))
    return prices


def _resale(ck: Checker, value: object, path: str, currency: str) -> ResaleTerms | None:
    data = ck.obj(value, path, RESALE_KEYS, ("logo_png",))
    if data is None:
        return None
    mark = ck.mark()
    prices = _prices(ck, data, path, currency)
    ck.rate(data.get("tax_rate", MISSING), at(path, "tax_rate"))
    texts = {
        key: ck.text(data, key, path)
        for key in ("legal_name", "tax_number", "address", "bank_details", "invoice_prefix")
    }
    days = ck.integer(data, "payment_terms_days", path, default=14)
    if not ck.clean_since(mark):
        return None
    try:
        return ResaleTerms.create(
            prices, data["tax_rate"], payment_terms_days=days, currency=currency, **texts
        )
    except DomainError as error:
        ck.add(_domain_place(path, error.field, "resale"), error.message)
        return None


def _logo(ck: Checker, resale: object, path: str) -> bytes | None:
    if not isinstance(resale, dict) or resale.get("logo_png") is None:
        return None
    try:
        return base64.b64decode(ck.text(resale, "logo_png", path), validate=True)
    except binascii.Error:
        ck.add(at(path, "logo_png"), "is not a PNG image written in base64")
        return None


def _advisor(ck: Checker, value: object, path: str) -> AdvisorRecord | None:
    data = ck.obj(value, path, ADVISOR_KEYS)
    if data is None:
        return None
    mark = ck.mark()
    email = ck.text(data, "email", path, empty=False)
    if email and not is_email(email):
        ck.add(at(path, "email"), f'"{email}" is not an email address')
    active_path = at(path, "active")
    active: list[Interval] = []
    for index, entry in enumerate(ck.items(data, "active", path)):
        entry_path = at(active_path, index)
        pair = ck.tuple_of(entry, entry_path, 2, '["YYYY-MM-DD", "YYYY-MM-DD" or null]')
        if pair is not None:
            start = ck.date(pair[0], entry_path)
            active.append(Interval(start, ck.optional_date(pair[1], entry_path)))
    if ck.clean_since(mark):
        check_history(ck, active, active_path)
    record = AdvisorRecord(
        email=email,
        name=ck.text(data, "name", path),
        role=ck.one_of(data.get("role", MISSING), at(path, "role"), enum_values(Role)),
        active=tuple(active),
        client_access=ck.strings(data, "client_access", path),
    )
    return record if ck.clean_since(mark) else None


def _content(
    ck: Checker, value: object, path: str, partner: PartnerRecord | None
) -> ContentRecord | None:
    data = ck.obj(value, path, CONTENT_KEYS, ("description", *CONTENT_CHILDREN, *CONTENT_BILLING))
    if data is None:
        return None
    mark = ck.mark()
    currency = partner.currency if partner is not None else DEFAULT_CURRENCY
    kind = ck.choice(ContentKind, data.get("kind", MISSING), at(path, "kind"))
    known_kind = kind if ck.clean_since(mark) else None
    record = ContentRecord(
        title=ck.text(data, "title", path, empty=False),
        kind=kind,
        library=ck.one_of(data.get("library", MISSING), at(path, "library"), enum_values(Library)),
        version=ck.text(data, "version", path),
        price=ck.optional_money(data.get("price", MISSING), currency, at(path, "price")),
        published=ck.boolean(data, "published", path),
        locked=ck.boolean(data, "locked", path),
        tags=ck.strings(data, "tags", path),
        description=ck.text(data, "description", path),
        **content_children(ck, data, path, currency, known_kind),
        **read_content_billing(ck, data, path, currency),
    )
    return record if ck.clean_since(mark) else None


def _template(ck: Checker, value: object, path: str) -> TemplateRecord | None:
    data = ck.obj(
        value, path, TEMPLATE_KEYS, ("description", "revision", "archived", *TEMPLATE_PLAN)
    )
    if data is None:
        return None
    mark = ck.mark()
    record = TemplateRecord(
        name=ck.text(data, "name", path, empty=False),
        license_tier=ck.choice(
            LicenseTier, data.get("license_tier", MISSING), at(path, "license_tier")
        ),
        billing_model=ck.choice(
            BillingModel, data.get("billing_model", MISSING), at(path, "billing_model")
        ),
        content=ck.strings(data, "content", path),
        members=ck.integer(data, "members", path),
        description=ck.text(data, "description", path),
        revision=ck.integer(data, "revision", path, minimum=1, default=1),
        archived=ck.boolean(data, "archived", path),
        **template_plan(ck, data, path),
    )
    return record if ck.clean_since(mark) else None


def _check_names_and_references(ck: Checker, data: dict[str, Any]) -> None:
    """Names are unique (case-insensitive); every name used refers to something in the file.

    Paths are recomputed from the raw lists, so they stay right when a record was dropped.
    """
    raw = {key: data[key] if isinstance(data.get(key), list) else [] for key in LISTS}

    def named(key: str, field: str) -> list[tuple[str, str]]:
        return [
            (f"{key}[{i}].{field}", item[field])
            for i, item in enumerate(raw[key])
            if isinstance(item, dict) and isinstance(item.get(field), str)
        ]

    unique_names(ck, named("advisors", "email"), "email")
    unique_names(ck, named("clients", "name"), "name")
    unique_names(ck, named("content", "title"), "title")
    unique_names(ck, named("templates", "name"), "name")
    unique_names(ck, named("documents", "number"), "number")
    # Names of every item, valid or not: a broken client is reported once, not again by
    # each reference to it.
    clients, titles, templates, numbers = (
        {fold(name) for _, name in named(key, field)}
        for key, field in (
            ("clients", "name"),
            ("content", "title"),
            ("templates", "name"),
            ("documents", "number"),
        )
    )
    for key, field, known, what in (
        ("advisors", "client_access", clients, "client named"),
        ("clients", "content", titles, "content titled"),
        ("templates", "content", titles, "content titled"),
        ("clients", "template", templates, "template named"),
        ("documents", "client", clients, "client named"),
        ("documents", "references", numbers, "document numbered"),
    ):
        for index, item in enumerate(raw[key]):
            if not isinstance(item, dict):
                continue
            refs = item.get(field)
            places: Iterable[tuple[str, object]] = (
                [(f"{key}[{index}].{field}[{i}]", ref) for i, ref in enumerate(refs)]
                if isinstance(refs, list)
                else [(f"{key}[{index}].{field}", refs)]
            )
            for place, ref in places:
                if isinstance(ref, str) and fold(ref) not in known:
                    ck.add(place, f'no {what} "{ref}" in this file')
    check_plan_references(ck, raw)
    check_grant_titles(ck, raw["clients"], titles)
