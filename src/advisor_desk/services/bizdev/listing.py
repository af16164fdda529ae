"""Read-only queries the business-development window lists and fills its dialogs from (run
with `services.ops.run_query`; the window never touches a session):

- `review_list`: every live review (of one client, if asked);
- `review_sheet`: what interview mode needs (the questionnaire and the participants);
- `library_titles`, `library_risk_list`: library items of a kind, the risks of the chosen
  risk libraries;
- `subject_names`: prospects and clients a review or assessment can be about;
- `draft_answers`: a participant's saved answers, to carry on with in interview mode.

Who an assessment send reaches is `send_preview.preview_send`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisor_desk.domain.licenses import ContentKind
from advisor_desk.services.bizdev.common import item_titled
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
