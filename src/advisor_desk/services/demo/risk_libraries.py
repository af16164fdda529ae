"""The demo's risk libraries (cyber, privacy, WHS, fraud, third-party, climate) with their
risks, causes and impacts, and one assessment template in the contract's question format.

`add_risk_libraries(store)` gives the demo's library items of those titles their risks (the
demo's library names them: services/demo/library.py), so a review can be run on the demo
at once; and each client its first member as primary contact, and a few prospects. The data
is resources/demo/bizdev.json (causes, impacts and options separated by `|`).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisor_desk.domain.assessment_scoring import parse_options
from advisor_desk.resources import resource
from advisor_desk.services.clock import today
from advisor_desk.store.engine import Store
from advisor_desk.store.models import (
    AssessmentQuestion,
    Client,
    ContentItem,
    LibraryRisk,
    Member,
    Partner,
    Prospect,
    ProspectContact,
)

# A small demo may lack the health check: the Essential Eight one asks the same things.
FALLBACK_TEMPLATE = "Essential Eight maturity assessment"
DATA = ("demo", "bizdev.json")  # under resources/: the libraries' risks, the questions


@cache
def demo_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resource(*DATA).read_text(encoding="utf-8"))
    return data


def add_risk_libraries(store: Store) -> int:
    """Risks for the demo's risk libraries (made when missing) and the health check's
    questions. Returns how many risks were written."""
    written = 0
    with store.write() as session:
        partner = session.scalars(select(Partner).where(Partner.deleted.is_(False))).first()
        if partner is None:
            return 0
        for library in demo_data()["libraries"]:
            item = _item(session, library["title"], "risk_library")
            if item is None:
                continue
            domain = library["domain"]
            for position, risk in enumerate(library["risks"]):
                ref, name, text = risk["ref"], risk["title"], risk["description"]
                causes, impacts = risk["causes"], risk["impacts"]
                session.add(
                    LibraryRisk(
                        partner_id=partner.id,
                        content_id=item.id,
                        item_version=item.item_version,
                        position=position,
                        ref=ref,
                        title=name,
                        description=text,
                        domain=domain,
                        causes=causes.split("|"),
                        impacts=impacts.split("|"),
                    )
                )
                written += 1
        assessment = demo_data()["assessment"]
        item = _item(session, assessment["title"], "assessment_template") or _item(
            session, FALLBACK_TEMPLATE, "assessment_template"
        )
        if item is not None:
            _add_questions(session, partner, item, assessment["questions"])
        _contacts_and_prospects(session, partner)
    return written


def _add_questions(
    session: Session, partner: Partner, item: ContentItem, questions: list[dict[str, Any]]
) -> None:
    for position, question in enumerate(questions):
        ref, domain, text = question["ref"], question["domain"], question["text"]
        kind, options = question["type"], question["options"]
        session.add(
            AssessmentQuestion(
                partner_id=partner.id,
                content_id=item.id,
                item_version=item.item_version,
                position=position,
                ref=ref,
                domain=domain,
                text=text,
                answer_type=kind,
                options=[[label, rating] for label, rating in parse_options(options)]
                if options
                else [],
            )
        )


PROSPECTS = (
    (
        "Lumen Dental",
        "lumendental.example",
        "Health care",
        "Priya Raman",
        "priya@lumendental.example",
    ),
    (
        "Copperleaf Freight",
        "copperleaf.example",
        "Logistics",
        "Tom Ng",
        "tom.ng@copperleaf.example",
    ),
    (
        "Banksia Legal",
        "banksialegal.example",
        "Legal services",
        "Ada Moss",
        "ada@banksialegal.example",
    ),
)


def _contacts_and_prospects(session: Session, partner: Partner) -> None:
    """Each client's first member as its primary contact; a few prospects to court."""
    clients = session.scalars(select(Client).where(Client.deleted.is_(False))).all()
    for client in clients:
        if client.contact_email:
            continue
        first = session.scalars(
            select(Member)
            .where(Member.client_id == client.id, Member.deleted.is_(False))
            .order_by(Member.email)
            .limit(1)
        ).first()
        if first is not None:
            client.contact_email, client.contact_name = first.email, first.name
    for name, domain, industry, contact, email in PROSPECTS:
        prospect = Prospect(
            partner_id=partner.id,
            name=name,
            domain=domain,
            industry=industry,
            created=today(partner.timezone),
        )
        session.add(prospect)
        session.flush()
        session.add(
            ProspectContact(
                partner_id=partner.id,
                prospect_id=prospect.id,
                position=0,
                name=contact,
                email=email,
            )
        )


def _item(session: Session, title: str, kind: str) -> ContentItem | None:
    """The demo's item of that title (a small demo may not have made it)."""
    return session.scalars(
        select(ContentItem).where(
            ContentItem.deleted.is_(False),
            ContentItem.kind == kind,
            func.casefold(ContentItem.title) == title.casefold(),
        )
    ).first()
