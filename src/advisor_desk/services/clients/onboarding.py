"""Onboarding a client, usually from a template: what the wizard and `advisor-desk onboard` do.

A template gives the client its billing model (from the month it is created), its content,
its starter risks, its assessments (due some days after today), the advisors with access,
and the license tier of its members; the client remembers the template and its revision.
`Onboarding` is the session-level core: it reads what it needs once, checks a request
(every problem, by field), and creates clients in the caller's transaction, so a CSV import
can onboard many clients in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeGuard, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.errors import DomainError, parse_choice
from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services import validation as check
from advisor_desk.services.clients.recipes import TemplateRecipe, templates_by_name
from advisor_desk.services.clients.teams import ClientSummary, client_summary, new_client
from advisor_desk.services.clock import today
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.library.content import Library
from advisor_desk.services.ops import run_op
from advisor_desk.services.people.members import new_member
from advisor_desk.services.workspace.bulk import BulkWriter
from advisor_desk.services.workspace.checks import choice_message, enum_values
from advisor_desk.store.engine import Store
from advisor_desk.store.models import (
    Advisor,
    AdvisorAccess,
    Client,
    ClientAssessment,
    ClientContent,
    ClientRisk,
    ContentGrant,
    ContentItem,
    Partner,
)

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)
Problems = list[tuple[str, str]]  # (field, message)


@dataclass(frozen=True)
class NewMember:
    email: str
    name: str
    license_tier: LicenseTier | str | None = None  # None: the template's tier (free without)


@dataclass(frozen=True)
class NewClient:
    name: str
    template: str | None = None  # a template's name (case-insensitive)
    domain: str = ""
    employees: int | None = None
    tags: tuple[str, ...] = ()
    address: str = ""  # postal, printed on the client's invoices
    billing_model: BillingModel | str | None = None  # None: the template's
    members: tuple[NewMember, ...] = ()
    advisor_ids: tuple[str, ...] | None = None  # None: the template's default advisors


def onboard_client(
    store: Store,
    *,
    template: str | None,
    name: str,
    domain: str = "",
    employees: int | None = None,
    tags: Sequence[str] = (),
    billing_model: BillingModel | str | None = None,
    members: Iterable[NewMember] = (),
    advisor_ids: Sequence[str] | None = None,
    address: str = "",
) -> ClientSummary:
    """Create one client (from `template`, if given) in one transaction."""
    request = NewClient(
        name=name,
        template=template,
        domain=domain,
        employees=employees,
        tags=tuple(tags),
        address=address,
        billing_model=billing_model,
        members=tuple(members),
        advisor_ids=None if advisor_ids is None else tuple(advisor_ids),
    )
    return run_op(store, apply_onboard_client, request).value


def apply_onboard_client(session: Session, partner: Partner, request: NewClient) -> ClientSummary:
    """The operation: `onboard_in`, and the new client's summary."""
    return client_summary(session, partner, onboard_in(session, partner, request))


def onboard_in(session: Session, partner: Partner, request: NewClient) -> Client:
    """Check `request` (every problem, as a ValidationError) and create the client, in the
    caller's transaction (services/clients/undo.py records what it made)."""
    onboarding = Onboarding(session, partner)
    problems = onboarding.check(request)
    if problems:
        raise ValidationError(problems)
    return onboarding.create(request)


class Onboarding:
    """Onboarding inside one transaction: templates and client names are read once."""

    def __init__(self, session: Session, partner: Partner) -> None:
        self.session = session
        self.partner = partner
        self.today = today(self.partner.timezone)
        self.templates = templates_by_name(session, self.partner.id)
        self._unpublished: dict[str, list[str]] = {}
        self.advisors = set(
            session.scalars(
                select(Advisor.id).where(
                    Advisor.partner_id == self.partner.id, Advisor.deleted.is_(False)
                )
            )
        )
        self.taken = {
            name.casefold()
            for name in session.scalars(
                select(Client.name).where(
                    Client.partner_id == self.partner.id, Client.deleted.is_(False)
                )
            )
        }

    # Checks: (field, message) pairs; a message starting with the value reads well after
    # the field's name ('license_tier "gold" is not one of …').

    def check(self, request: NewClient) -> Problems:
        """Every problem of a request; member fields as `members[i].email`."""
        problems = self.check_client(request)
        seen: set[str] = set()
        for index, member in enumerate(request.members):
            member_problems = self.check_member(member)
            address = member.email.strip().casefold()
            if address in seen and not member_problems:
                member_problems.append(("email", f'"{member.email}" is listed twice'))
            seen.add(address)
            problems += [(f"members[{index}].{field}", msg) for field, msg in member_problems]
        return problems

    def check_client(self, request: NewClient) -> Problems:
        """The client's own fields: name (unique among live clients), template, model, …"""
        problems: Problems = []
        name = _field(problems, "name", lambda: check.required_text(request.name, "name"))
        if name and name.casefold() in self.taken:
            problems.append(("name", f'a client named "{name}" already exists'))
        _field(problems, "domain", lambda: check.domain(request.domain))
        _field(problems, "address", lambda: check.address(request.address))
        _field(problems, "employees", lambda: check.employees(request.employees))
        _field(problems, "tags", lambda: check.tags(request.tags))
        template = self.template_for(request)
        if template is None and _named(request.template):
            known = sorted(t.name for t in self.templates.values() if not t.archived)
            problems.append(
                (
                    "template",
                    f'"{request.template}" is not a template '
                    + (f"(there are: {', '.join(known)})" if known else "(there are none yet)"),
                )
            )
        elif template is not None and template.archived:
            problems.append(("template", f'"{template.name}" is archived'))
        if request.billing_model is not None:
            _choice(problems, "billing_model", BillingModel, request.billing_model)
        elif not _named(request.template):
            problems.append(("billing_model", "is required when there is no template"))
        for advisor_id in request.advisor_ids or ():
            if advisor_id not in self.advisors:
                problems.append(("advisors", f'"{advisor_id}" is not an advisor'))
        return problems

    def unpublished_in(self, template: TemplateRecipe) -> list[str]:
        """Titles of the partner's unpublished items the template would give (never granted)."""
        if template.id not in self._unpublished:
            ids = {
                *template.content_ids,
                *(risk[0] for risk in template.risks),
                *(assessment[0] for assessment in template.assessments),
            }
            titles = self.session.scalars(
                select(ContentItem.title)
                .where(
                    ContentItem.id.in_(ids),
                    ContentItem.deleted.is_(False),
                    ContentItem.library == Library.PARTNER.value,
                    ContentItem.published.is_(False),
                )
                .order_by(ContentItem.title)
            )
            self._unpublished[template.id] = list(titles)
        return self._unpublished[template.id]

    def template_for(self, request: NewClient) -> TemplateRecipe | None:
        name = request.template
        return self.templates.get(name.strip().casefold()) if _named(name) else None

    def check_member(self, member: NewMember) -> Problems:
        """A member's fields: `email`, `name`, `license_tier`."""
        problems: Problems = []
        _field(problems, "email", lambda: check.email(member.email))
        _field(problems, "name", lambda: check.required_text(member.name, "name"))
        if member.license_tier is not None:
            _choice(problems, "license_tier", LicenseTier, member.license_tier)
        return problems

    # Writing (the request has been checked) ---------------------------------------------

    def create(self, request: NewClient) -> Client:
        """Create the client, its content and members, in the session's transaction."""
        template = self.template_for(request)
        if request.billing_model is not None:
            model = BillingModel(request.billing_model)
        elif template is not None:
            model = template.billing_model
        else:
            raise ValueError("a checked request has a billing model or a template")
        client = new_client(
            self.session,
            self.partner,
            name=request.name,
            domain=request.domain,
            address=request.address,
            employees=request.employees,
            tags=request.tags,
            billing_model=model,  # in force from the month the client is created
            created=self.today,
            template_id=template.id if template is not None else None,
            template_version=template.revision if template is not None else None,
        )
        self.taken.add(client.name.casefold())
        default_tier = template.license_tier if template is not None else LicenseTier.FREE
        self._plan(client, template, request)
        for member in request.members:
            tier = member.license_tier
            new_member(
                self.session,
                partner_id=self.partner.id,
                client_id=client.id,
                email=member.email,
                name=member.name,
                tier=default_tier if tier is None else LicenseTier(tier),
                start=self.today,
            )
        return client

    def _plan(self, client: Client, template: TemplateRecipe | None, request: NewClient) -> None:
        """The template's content, risks and assessments, and the advisors' access (bulk)."""
        bulk = BulkWriter(self.session, self.partner.id)
        advisors = request.advisor_ids
        if template is not None:
            for item in template.content_ids:
                bulk.add(ClientContent, client_id=client.id, content_id=item)
                bulk.add(
                    ContentGrant, client_id=client.id, content_id=item, start=self.today, end=None
                )
            for content_id, title, likelihood, impact in template.risks:
                bulk.add(
                    ClientRisk,
                    client_id=client.id,
                    content_id=content_id,
                    title=title,
                    likelihood=likelihood,
                    impact=impact,
                )
            for content_id, days in template.assessments:
                due = self.today + dt.timedelta(days=days)
                bulk.add(ClientAssessment, client_id=client.id, content_id=content_id, due=due)
            advisors = template.advisor_ids if advisors is None else advisors
        for advisor_id in dict.fromkeys(advisors or ()):
            bulk.add(AdvisorAccess, advisor_id=advisor_id, client_id=client.id)
        bulk.write()


def _named(template: str | None) -> TypeGuard[str]:
    return template is not None and bool(template.strip())


def _field(problems: Problems, field: str, parse: Callable[[], T]) -> T | None:
    """Run one of services.validation's checks, keeping its problems instead of raising."""
    try:
        return parse()
    except ValidationError as error:
        problems += [(field, message) for _, message in error.problems]
        return None


def _choice(problems: Problems, field: str, enum: type[E], value: object) -> E | None:
    try:
        return parse_choice(enum, value, field)
    except DomainError:
        problems.append((field, choice_message(value, enum_values(enum))))
        return None
