"""Read-only queries the business-development views need that services/bizdev does not offer
yet, made only of its operations and lookups (run with `services.ops.run_query`; widgets never
touch a session). Candidates to move into services/bizdev (reported to the lead).

- `review_list`: every live review (services/bizdev has find_review and summary, no listing);
- `review_sheet`: what interview mode needs (the questionnaire and the participants);
- `preview_send`: who a send would reach and who it would skip and why — the same rules as
  `assessments.apply_send` (recipients, rule 7 entitlements, a contact), writing nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisor_desk.domain.bizdev_entitlements import assessment_refusal
from advisor_desk.domain.licenses import ContentKind
from advisor_desk.services import validation as check
from advisor_desk.services.bizdev.common import item_titled, tiers_by_client, today_of
from advisor_desk.services.bizdev.recipients import recipients
from advisor_desk.services.bizdev.reviews import (
    QuestionRisk,
    ReviewSummary,
    find_review,
    participants,
    questionnaire,
    summary,
)
from advisor_desk.store.models import ContentItem, Partner, RiskReview


def review_list(
    session: Session, partner: Partner, *, client_id: str | None = None
) -> list[ReviewSummary]:
    query = select(RiskReview).where(
        RiskReview.partner_id == partner.id, RiskReview.deleted.is_(False)
    )
    if client_id is not None:
        query = query.where(RiskReview.client_id == client_id)
    rows = session.scalars(query.order_by(func.casefold(RiskReview.title), RiskReview.id))
    return [summary(session, row) for row in rows]


@dataclass(frozen=True)
class ReviewSheet:
    id: str
    title: str
    status: str
    risks: tuple[QuestionRisk, ...]
    people: tuple[tuple[str, str, str], ...]  # (email, name, status)


def review_sheet(session: Session, partner: Partner, key: str) -> ReviewSheet:
    row = find_review(session, partner, key)
    return ReviewSheet(
        row.id,
        row.title,
        row.status,
        tuple(questionnaire(session, row)),
        tuple((p.email, p.name, p.status) for p in participants(session, row.id)),
    )


def library_titles(session: Session, partner: Partner, kind: str) -> list[str]:
    """Titles of the live library items of one kind (risk libraries, assessment templates)."""
    rows = session.scalars(
        select(ContentItem.title)
        .where(ContentItem.deleted.is_(False), ContentItem.kind == kind)
        .order_by(func.casefold(ContentItem.title))
    )
    return list(dict.fromkeys(rows))


@dataclass(frozen=True)
class SendPreview:
    template: str
    to_send: tuple[tuple[str, str], ...]  # (recipient, e-mail)
    skipped: tuple[tuple[str, str], ...]  # (recipient, why)


def preview_send(
    session: Session,
    partner: Partner,
    template: str,
    *,
    clients: Sequence[str] = (),
    prospects: Sequence[str] = (),
    all_clients: bool = False,
    tag: str | None = None,
    tier: str | None = None,
    billing_model: str | None = None,
    respondent_email: str | None = None,
    day: dt.date | None = None,
) -> SendPreview:
    item = item_titled(
        session, partner, template, ContentKind.ASSESSMENT_TEMPLATE.value, "template"
    )
    override = check.email(respondent_email, "respondent_email") if respondent_email else ""
    subjects = recipients(
        session, partner, clients=clients, prospects=prospects, all_clients=all_clients,
        tag=tag or None, tier=tier or None, billing_model=billing_model or None,
    )  # fmt: skip
    when = day or today_of(partner)
    tiers = tiers_by_client(session, [s.client_id for s in subjects if s.client_id], when)
    to_send: list[tuple[str, str]] = []
    skipped: list[tuple[str, str]] = []
    for subject in subjects:
        if subject.client_id:
            refusal = assessment_refusal(tiers.get(subject.client_id, set()), item.kind)
            if refusal is not None:
                skipped.append((subject.name, refusal))
                continue
        email = override or subject.contact_email
        if not email:
            skipped.append((subject.name, f"no contact e-mail (set the {subject.kind}'s contact)"))
            continue
        to_send.append((subject.name, email))
    return SendPreview(item.title, tuple(to_send), tuple(skipped))


def library_risk_list(
    session: Session, partner: Partner, titles: Sequence[str]
) -> list[tuple[str, str, str]]:
    """(library, ref, title) of every risk in the chosen risk libraries, in their order."""
    from advisor_desk.services.bizdev.risk_libraries import library_risks

    out: list[tuple[str, str, str]] = []
    for name in titles:
        item = item_titled(session, partner, name, ContentKind.RISK_LIBRARY.value, "library")
        out.extend((item.title, risk.ref, risk.title) for risk in library_risks(session, item))
    return out


def subject_names(session: Session, partner: Partner) -> tuple[list[str], list[str]]:
    """(prospects not converted, live clients not archived), by name."""
    from advisor_desk.services.bizdev.prospects import list_prospects
    from advisor_desk.services.clients.teams import list_clients_in

    prospects = [p.name for p in list_prospects(session, partner)]
    clients = [c.name for c in list_clients_in(session, partner, include_archived=False)]
    return prospects, sorted(clients, key=str.casefold)


def draft_answers(
    session: Session, partner: Partner, key: str, email: str
) -> tuple[str, list[dict[str, object]]]:
    """A participant's status and saved answers (a draft to carry on with in interview mode);
    ("", []) for someone not invited yet."""
    from advisor_desk.services.bizdev.review_answers import saved_answers

    review = find_review(session, partner, key)
    wanted = (email or "").strip().lower()
    person = next((p for p in participants(session, review.id) if p.email == wanted), None)
    if person is None:
        return "", []
    out: list[dict[str, object]] = []
    for row in saved_answers(session, person.id):
        if row.relevant is None:
            continue
        answer: dict[str, object] = {"ref": row.ref, "relevant": row.relevant}
        if row.relevant and row.likelihood is not None and row.impact is not None:
            answer |= {"likelihood": row.likelihood, "impact": row.impact}
        out.append(answer)
    return person.status, out
