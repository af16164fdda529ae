"""Validating the `clients` of a workspace file (members, license and billing-model history)."""

from __future__ import annotations

from typing import Any

from advisor_desk.domain import values
from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.licenses import LicenseTier, TierInterval
from advisor_desk.domain.periods import Interval, Period, check_intervals
from advisor_desk.services.workspace.checks import MISSING, Checker, at, is_email
from advisor_desk.services.workspace.content_billing import CLIENT_BILLING, read_grants
from advisor_desk.services.workspace.records import ClientRecord, MemberRecord, fold
from advisor_desk.services.workspace.validate_plans import CLIENT_PLAN, client_plan

CLIENT_KEYS = (
    "name",
    "domain",
    "employees",
    "billing_model",
    "created",
    "archived",
    "tags",
    "members",
    "content",
    "template",
)
MEMBER_KEYS = ("email", "name", "licenses")


def check_history(ck: Checker, intervals: list[Interval], path: str) -> None:
    """The domain's interval rules, each problem at `path[index]`."""
    for index, message in check_intervals(intervals):
        ck.add(at(path, index), message)


def client(ck: Checker, value: object, path: str) -> ClientRecord | None:
    optional = ("address", "template_revision", *CLIENT_PLAN, *CLIENT_BILLING)
    data = ck.obj(value, path, CLIENT_KEYS, optional)
    if data is None:
        return None
    mark = ck.mark()
    name = ck.text(data, "name", path, empty=False)
    created = ck.date(data.get("created", MISSING), at(path, "created"))
    archived = ck.optional_date(data.get("archived", MISSING), at(path, "archived"))
    if archived is not None and ck.clean_since(mark) and archived < created:
        ck.add(at(path, "archived"), "is before the day the client was created")
    record = ClientRecord(
        name=name,
        created=created,
        domain=ck.text(data, "domain", path),
        address=_address(ck, data, path),
        employees=ck.optional_integer(data, "employees", path),
        billing_models=_billing_models(ck, data, path),
        archived=archived,
        tags=ck.strings(data, "tags", path),
        members=_members(ck, data, path),
        content=ck.strings(data, "content", path),
        grants=read_grants(ck, data, path),
        template=ck.optional_text(data, "template", path),
        template_revision=ck.optional_integer(data, "template_revision", path, minimum=1),
        **client_plan(ck, data, path),
    )
    return record if ck.clean_since(mark) else None


def _address(ck: Checker, data: dict[str, Any], path: str) -> str:
    """The postal address as written (optional: files before it have none)."""
    mark = ck.mark()
    text = ck.text(data, "address", path)
    if not ck.clean_since(mark):
        return ""
    try:
        return values.postal_address(text, "address")
    except DomainError as error:
        ck.add(at(path, "address"), error.message)
        return ""


def _billing_models(
    ck: Checker, data: dict[str, Any], path: str
) -> tuple[tuple[Period, BillingModel], ...]:
    history: list[tuple[Period, BillingModel]] = []
    list_path = at(path, "billing_model")
    for index, entry in enumerate(ck.items(data, "billing_model", path)):
        entry_path = at(list_path, index)
        pair = ck.tuple_of(entry, entry_path, 2, '["YYYY-MM", "reseller" or "direct"]')
        if pair is None:
            continue
        mark = ck.mark()
        month = ck.month(pair[0], entry_path)
        model = ck.choice(BillingModel, pair[1], entry_path)
        if ck.clean_since(mark) and history and month < history[-1][0]:
            ck.add(entry_path, "is before the month before it")
        history.append((month, model))
    return tuple(history)


def _members(ck: Checker, data: dict[str, Any], path: str) -> tuple[MemberRecord, ...]:
    members: list[MemberRecord] = []
    emails: list[tuple[str, str]] = []
    list_path = at(path, "members")
    for index, value in enumerate(ck.items(data, "members", path)):
        member_path = at(list_path, index)
        member = ck.obj(value, member_path, MEMBER_KEYS)
        if member is None:
            continue
        email = ck.text(member, "email", member_path, empty=False)
        if email and not is_email(email):
            ck.add(at(member_path, "email"), f'"{email}" is not an email address')
        emails.append((at(member_path, "email"), email))
        members.append(
            MemberRecord(
                email=email,
                name=ck.text(member, "name", member_path),
                licenses=_licenses(ck, member, member_path),
            )
        )
    unique_names(ck, emails, "email")
    return tuple(members)


def _licenses(ck: Checker, member: dict[str, Any], path: str) -> tuple[TierInterval, ...]:
    licenses: list[TierInterval] = []
    list_path = at(path, "licenses")
    mark = ck.mark()
    for index, entry in enumerate(ck.items(member, "licenses", path)):
        entry_path = at(list_path, index)
        triple = ck.tuple_of(entry, entry_path, 3, '[tier, "YYYY-MM-DD", "YYYY-MM-DD" or null]')
        if triple is None:
            continue
        licenses.append(
            TierInterval(
                ck.choice(LicenseTier, triple[0], entry_path),
                ck.date(triple[1], entry_path),
                ck.optional_date(triple[2], entry_path),
            )
        )
    if ck.clean_since(mark):
        check_history(ck, [Interval(t.start, t.end) for t in licenses], list_path)
    return tuple(licenses)


def unique_names(ck: Checker, names: list[tuple[str, str]], what: str) -> None:
    """Report every `(path, name)` whose name (case-insensitive) an earlier one already has."""
    first: dict[str, str] = {}
    for path, name in names:
        earlier = first.setdefault(fold(name), path)
        if earlier != path:
            ck.add(path, f'"{name}" is already the {what} of {earlier.rsplit(".", 1)[0]}')
