"""A workspace file's `clients`: members, license, billing-model and grant history, as models."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Annotated, Any

from pydantic import Field

from advisor_desk.domain import values
from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.licenses import LicenseTier, TierInterval
from advisor_desk.domain.periods import Interval, Period, check_intervals
from advisor_desk.services.workspace.fields import (
    Bad,
    Count,
    Date,
    Email,
    Model,
    Name,
    OptionalDate,
    after,
    collect,
    date,
    history,
    in_month_order,
    member_of,
    month,
    not_null,
    optional_date,
    pair_of,
)
from advisor_desk.services.workspace.models_bizdev import (
    ClientRiskModel,
    ContactEmail,
    ContactName,
)
from advisor_desk.services.workspace.models_plans import ClientAssessmentModel
from advisor_desk.services.workspace.records import ClientRecord, MemberRecord, fold

Grant = tuple[str, dt.date, dt.date | None]


def _licenses(held: list[TierInterval]) -> list[TierInterval]:
    history([Interval(t.start, t.end) for t in held])
    return held


def _grant(title: object, start: object, end: object) -> Grant:
    if not isinstance(title, str) or not title.strip():
        raise Bad("the first entry must be a content title")
    return collect(lambda s, e: (title, s, e), (date, start), (optional_date, end))


def _grants(grants: list[Grant]) -> list[Grant]:
    """A client holds an item over intervals that neither overlap nor follow an open one."""
    by_title: dict[str, list[tuple[int, Interval]]] = defaultdict(list)
    for index, (title, start, end) in enumerate(grants):
        by_title[fold(title)].append((index, Interval(start, end)))
    problems = [
        (f"[{held[position][0]}]", message)
        for held in by_title.values()
        for position, message in check_intervals([interval for _, interval in held])
    ]
    if problems:
        raise Bad(problems)
    return grants


def _address(text: str) -> str:
    """The postal address as written (optional: files before it have none)."""
    return values.postal_address(text, "address")


License = Annotated[
    TierInterval,
    pair_of(
        '[tier, "YYYY-MM-DD", "YYYY-MM-DD" or null]',
        3,
        lambda tier, start, end: collect(
            TierInterval,
            (lambda v: member_of(LicenseTier, v), tier),
            (date, start),
            (optional_date, end),
        ),
    ),
]
ModelFrom = Annotated[
    tuple[Period, BillingModel],
    pair_of(
        '["YYYY-MM", "reseller" or "direct"]',
        2,
        lambda when, model: collect(
            lambda m, b: (m, b), (month, when), (lambda v: member_of(BillingModel, v), model)
        ),
    ),
]
GrantEntry = Annotated[Grant, pair_of('[title, "YYYY-MM-DD", "YYYY-MM-DD" or null]', 3, _grant)]


class MemberModel(Model):
    RECORD = MemberRecord
    email: Email
    name: str
    licenses: Annotated[list[License], after(_licenses)]


class ClientModel(Model):
    RECORD = ClientRecord
    RENAMED = {"billing_model": "billing_models"}
    name: Name
    domain: str
    address: Annotated[str, after(_address)] = ""
    employees: Count | None
    billing_model: Annotated[list[ModelFrom], after(in_month_order)]
    created: Date
    archived: OptionalDate
    tags: list[str]
    members: list[MemberModel]
    content: list[str]
    # Left out: None (a file from before grant history). A null given is refused.
    grants: Annotated[list[GrantEntry] | None, not_null("a list"), after(_grants)] = None
    template: Name | None
    template_revision: Annotated[int, Field(ge=1)] | None = None
    risks: list[ClientRiskModel] = []
    assessments: list[ClientAssessmentModel] = []
    contact_name: ContactName = ""
    contact_email: ContactEmail = ""

    def problems(self, info: Any) -> Iterable[tuple[str, str]]:
        if self.archived is not None and self.archived < self.created:
            yield ".archived", "is before the day the client was created"
