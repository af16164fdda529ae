"""Prospects: organisations the partner courts. Never billed: no members, no licenses, no
documents; billing reads clients only.

Converting a prospect runs onboarding (services/clients/onboarding.py) and re-points its
reviews, assessments and adopted risks at the new client.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from advisor_desk.services import validation as check
from advisor_desk.services.bizdev.common import client_named, prospect_named, today_of
from advisor_desk.services.clients.onboarding import NewClient, onboard_in
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.tabular import read_table
from advisor_desk.services.uniqueness import name_taken
from advisor_desk.store.models import (
    Assessment,
    AssessmentAnswer,
    Client,
    ClientRisk,
    Partner,
    Prospect,
    ProspectContact,
    ReviewLibrary,
    ReviewParticipant,
    ReviewResponse,
    ReviewRisk,
    RiskReview,
)


@dataclass(frozen=True)
class ProspectSummary:
    id: str
    name: str
    domain: str
    industry: str
    contact_name: str
    contact_email: str
    created: dt.date
    converted_to: str | None = None  # the client's name once converted

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "domain": self.domain,
            "industry": self.industry,
            "contact_name": self.contact_name,
            "contact_email": self.contact_email,
            "created": self.created.isoformat(),
            "converted_to": self.converted_to,
        }


def _contact(name: str | None, email: str | None, *, prefix: str = "contact_") -> tuple[str, str]:
    problems = check.Problems()
    clean_name = (name or "").strip()
    problems.check(lambda: check.domain_rule(lambda: _limit(clean_name, f"{prefix}name")))
    clean_email = ""
    if (email or "").strip():
        clean_email = problems.check(check.email, email, f"{prefix}email") or ""
    problems.done()
    return clean_name, clean_email


def _limit(value: str, field: str) -> str:
    from advisor_desk.domain import values

    return values.text(value, field, max_length=200)


def apply_add_prospect(
    session: Session,
    partner: Partner,
    name: str,
    *,
    domain: str = "",
    industry: str = "",
    contact_email: str = "",
    contact_name: str = "",
) -> ProspectSummary:
    problems = check.Problems()
    clean = problems.check(check.required_text, name, "name")
    clean_domain = problems.check(check.domain, domain, "domain")
    clean_industry = (industry or "").strip()
    problems.check(lambda: check.domain_rule(lambda: _limit(clean_industry, "industry")))
    contact = problems.check(_contact, contact_name, contact_email)
    problems.done()
    assert clean is not None
    assert contact is not None
    _unique_name(session, partner, clean)
    row = Prospect(
        partner_id=partner.id,
        name=clean,
        domain=clean_domain or "",
        industry=clean_industry,
        created=today_of(partner),
    )
    session.add(row)
    session.flush()
    if contact[0] or contact[1]:
        session.add(
            ProspectContact(
                partner_id=partner.id,
                prospect_id=row.id,
                position=0,
                name=contact[0],
                email=contact[1],
            )
        )
        session.flush()
    return summary(session, row)


def _unique_name(session: Session, partner: Partner, name: str, except_id: str = "") -> None:
    """Prospect names are unique per partner, case-blind, among live prospects
    (services/uniqueness.py), the prospect itself aside."""
    if name_taken(session, Prospect.name, partner.id, name, except_id=except_id):
        raise ValidationError([("name", f"there is already a prospect named {name}")])


def apply_edit_prospect(
    session: Session,
    partner: Partner,
    prospect: str,
    *,
    name: str | None = None,
    domain: str | None = None,
    industry: str | None = None,
) -> ProspectSummary:
    """Change a prospect's name, domain or industry (None keeps a field as it is). Each bad
    field is named; a name another prospect has is refused; a converted prospect is the
    client's now and is changed there."""
    row = prospect_named(session, partner, prospect)
    if row.converted_client_id:
        raise ValidationError([("prospect", f"{row.name} is now a client: change the client")])
    problems = check.Problems()
    clean = row.name if name is None else problems.check(check.required_text, name, "name")
    if clean is not None and clean != row.name:  # a name taken is said with the other fields
        problems.check(_unique_name, session, partner, clean, row.id)
    clean_domain = row.domain if domain is None else problems.check(check.domain, domain, "domain")
    clean_industry = row.industry if industry is None else (industry or "").strip()
    if industry is not None:
        problems.check(lambda: check.domain_rule(lambda: _limit(clean_industry, "industry")))
    problems.done()
    assert clean is not None
    if clean != row.name:
        row.name = clean
    if (clean_domain or "") != row.domain:
        row.domain = clean_domain or ""
    if clean_industry != row.industry:
        row.industry = clean_industry
    session.flush()
    return summary(session, row)


def contact_list(session: Session, partner: Partner, prospect: str) -> list[tuple[str, str]]:
    """(name, e-mail) of a prospect's contacts, the primary one first (a query)."""
    row = prospect_named(session, partner, prospect)
    return [(c.name, c.email) for c in contacts(session, row.id)]


def apply_add_contact(
    session: Session, partner: Partner, prospect: str, *, name: str = "", email: str = ""
) -> ProspectSummary:
    row = prospect_named(session, partner, prospect)
    clean_name, clean_email = _contact(name, email, prefix="")
    if not clean_email:
        raise ValidationError([("email", "give the contact's e-mail address")])
    count = len(contacts(session, row.id))
    session.add(
        ProspectContact(
            partner_id=partner.id,
            prospect_id=row.id,
            position=count,
            name=clean_name,
            email=clean_email,
        )
    )
    session.flush()
    return summary(session, row)


def contacts(session: Session, prospect_id: str) -> list[ProspectContact]:
    return list(
        session.scalars(
            select(ProspectContact)
            .where(ProspectContact.prospect_id == prospect_id, ProspectContact.deleted.is_(False))
            .order_by(ProspectContact.position, ProspectContact.email)
        )
    )


def primary_contact(session: Session, prospect_id: str) -> ProspectContact | None:
    found = contacts(session, prospect_id)
    return found[0] if found else None


def summary(session: Session, row: Prospect) -> ProspectSummary:
    contact = primary_contact(session, row.id)
    converted = session.get(Client, row.converted_client_id) if row.converted_client_id else None
    return ProspectSummary(
        row.id,
        row.name,
        row.domain,
        row.industry,
        contact.name if contact else "",
        contact.email if contact else "",
        row.created,
        converted.name if converted is not None else None,
    )


def list_prospects(
    session: Session, partner: Partner, *, include_converted: bool = False
) -> list[ProspectSummary]:
    rows = session.scalars(
        select(Prospect)
        .where(Prospect.partner_id == partner.id, Prospect.deleted.is_(False))
        .order_by(func.casefold(Prospect.name))
    ).all()
    return [
        summary(session, row) for row in rows if include_converted or not row.converted_client_id
    ]


def apply_set_client_contact(
    session: Session, partner: Partner, client: str, *, name: str = "", email: str = ""
) -> str:
    """A client's primary contact (name, e-mail; either may be cleared)."""
    row = client_named(session, partner, client)
    clean_name, clean_email = _contact(name, email)
    row.contact_name = clean_name
    row.contact_email = clean_email
    return row.name


# The rows under a prospect's reviews and assessments (each carries the owner's client_id).
_Child = TypeVar(
    "_Child", ReviewLibrary, ReviewRisk, ReviewParticipant, ReviewResponse, AssessmentAnswer
)


def apply_convert_prospect(
    session: Session, partner: Partner, prospect: str, request: NewClient
) -> str:
    """Onboard the prospect as a client (from `request.template`) and keep its reviews,
    assessments and adopted risks: they now belong to the client. Returns the client's id."""
    row = prospect_named(session, partner, prospect)
    if row.converted_client_id:
        raise ValidationError([("prospect", f"{row.name} is already a client")])
    if not request.domain and row.domain:
        request = replace(request, domain=row.domain)
    client = onboard_in(session, partner, request)
    contact = primary_contact(session, row.id)
    if contact is not None and not client.contact_email:
        client.contact_name = contact.name
        client.contact_email = contact.email
    repoint(session, row.id, client.id)
    row.converted_client_id = client.id
    row.converted = today_of(partner)
    session.flush()
    return client.id


def repoint(session: Session, prospect_id: str, client_id: str) -> None:
    """Every row about the prospect now belongs to the client (through the ORM, so each
    change is a synced update; the server then scopes them to the client)."""
    reviews = session.scalars(
        select(RiskReview).where(
            RiskReview.prospect_id == prospect_id, RiskReview.deleted.is_(False)
        )
    ).all()
    review_ids = [r.id for r in reviews]
    for review in reviews:
        review.client_id = client_id
    assessments = session.scalars(
        select(Assessment).where(
            Assessment.prospect_id == prospect_id, Assessment.deleted.is_(False)
        )
    ).all()
    assessment_ids = [a.id for a in assessments]
    for assessment in assessments:
        assessment.client_id = client_id
    for risk in session.scalars(
        select(ClientRisk).where(
            ClientRisk.prospect_id == prospect_id, ClientRisk.deleted.is_(False)
        )
    ):
        risk.client_id = client_id
    _repoint_children(session, ReviewLibrary, ReviewLibrary.review_id, review_ids, client_id)
    _repoint_children(session, ReviewRisk, ReviewRisk.review_id, review_ids, client_id)
    _repoint_children(
        session, ReviewParticipant, ReviewParticipant.review_id, review_ids, client_id
    )
    _repoint_children(session, ReviewResponse, ReviewResponse.review_id, review_ids, client_id)
    _repoint_children(
        session, AssessmentAnswer, AssessmentAnswer.assessment_id, assessment_ids, client_id
    )


def _repoint_children(
    session: Session,
    model: type[_Child],
    parent: InstrumentedAttribute[str],
    ids: list[str],
    client_id: str,
) -> None:
    if not ids:
        return
    for child in session.scalars(select(model).where(parent.in_(ids), model.deleted.is_(False))):
        child.client_id = client_id


PROSPECT_COLUMNS = ("name", "domain", "industry", "contact_email", "contact_name")


def apply_import_prospects(
    session: Session, partner: Partner, data: bytes | str, *, source: str = "prospects.csv"
) -> int:
    """Prospects from a CSV or .xlsx (`name` and optionally `domain,industry,contact_email,
    contact_name`): every bad row named by its line, nothing written unless all are good.
    Returns how many were added."""
    table = read_table(data, source=source)
    first = table.header()
    if first is None:
        raise ValidationError([(f"{source} line 1", "the file is empty: it needs a header row")])
    header = [cell.strip().lower() for cell in first[1]]
    if "name" not in header:
        raise ValidationError([(f"{source} {table.place(first[0])}", 'missing column "name"')])
    problems: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    for number, cells in table.body():
        place = f"{source} {table.place(number)}"
        row = dict(zip(header, (cell.strip() for cell in cells), strict=False))
        name = row.get("name", "")
        key = name.casefold()
        if key and key in seen:
            problems.append((place, f"name {name!r} is already on {seen[key]}"))
            continue
        seen[key] = table.place(number)
        try:
            with session.begin_nested():
                apply_add_prospect(
                    session,
                    partner,
                    name,
                    **{column: row.get(column, "") for column in PROSPECT_COLUMNS[1:]},
                )
        except ValidationError as error:
            problems += [(place, ": ".join(part for part in p if part)) for p in error.problems]
    if problems:
        raise ValidationError(problems)
    return len(seen)
