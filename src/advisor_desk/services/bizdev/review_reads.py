"""What a risk review is and shows, read only: its questionnaire, participants, links and
summary, and how a review is named (by id, or by a title no other live review has).
`reviews.py` holds the operations that change a review."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisor_desk.domain.respondent_links import link_url
from advisor_desk.services.bizdev.common import server_url, subject_name, today_of
from advisor_desk.services.bizdev.risk_libraries import library_risks
from advisor_desk.services.errors import NotFoundError, ValidationError
from advisor_desk.store.models import (
    ContentItem,
    LibraryRisk,
    Partner,
    ReviewLibrary,
    ReviewParticipant,
    ReviewRisk,
    RiskReview,
)

DRAFT, PUBLISHED, CLOSED = "draft", "published", "closed"
INVITED, IN_PROGRESS, SUBMITTED = "invited", "in_progress", "submitted"


@dataclass(frozen=True)
class QuestionRisk:
    """One risk a review asks about, as the respondent sees it."""

    ref: str
    title: str
    description: str = ""
    domain: str = ""
    causes: tuple[str, ...] = ()
    impacts: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReviewSummary:
    id: str
    title: str
    subject: str
    status: str
    due: dt.date | None
    risks: int
    participants: int
    submitted: int


@dataclass(frozen=True)
class Link:
    email: str
    url: str
    status: str

    def as_json(self) -> dict[str, str]:
        return {"email": self.email, "url": self.url, "status": self.status}


@dataclass(frozen=True)
class Published:
    review: ReviewSummary
    links: tuple[Link, ...]
    sent_by_server: bool  # False: no server yet, the links are to be sent by hand
    notes: tuple[str, ...] = field(default=())


def find_review(session: Session, partner: Partner, key: str, field: str = "review") -> RiskReview:
    """A live review by id, or by its title when that is unique."""
    wanted = (key or "").strip()
    row = session.get(RiskReview, wanted)
    if row is not None and not row.deleted and row.partner_id == partner.id:
        return row
    rows = session.scalars(
        select(RiskReview).where(
            RiskReview.partner_id == partner.id,
            RiskReview.deleted.is_(False),
            func.casefold(RiskReview.title) == wanted.casefold(),
        )
    ).all()
    if len(rows) == 1:
        return rows[0]
    if rows:
        raise ValidationError([(field, f"{len(rows)} reviews are titled {wanted!r}: use the id")])
    raise NotFoundError(f"{field}: no review {wanted!r}")


def questionnaire(session: Session, review: RiskReview) -> list[QuestionRisk]:
    """The risks the review asks about: its libraries' (at their chosen versions) less the
    excluded ones, then the ones added by hand; a ref asked once."""
    excluded = {ref.casefold() for ref in review.excluded_refs or ()}
    seen: set[str] = set()
    out: list[QuestionRisk] = []
    for chosen in _libraries(session, review.id):
        item = session.get(ContentItem, chosen.content_id)
        if item is None:
            continue
        for risk in library_risks(session, item, chosen.item_version):
            key = risk.ref.casefold()
            if key in excluded or key in seen:
                continue
            seen.add(key)
            out.append(_asked(risk))
    for added in _added(session, review.id):
        if added.ref.casefold() not in seen:
            seen.add(added.ref.casefold())
            out.append(_asked(added))
    return out


def _asked(risk: LibraryRisk | ReviewRisk) -> QuestionRisk:
    return QuestionRisk(
        risk.ref,
        risk.title,
        risk.description,
        risk.domain,
        tuple(risk.causes or ()),
        tuple(risk.impacts or ()),
    )


def _libraries(session: Session, review_id: str) -> list[ReviewLibrary]:
    return list(
        session.scalars(
            select(ReviewLibrary)
            .where(ReviewLibrary.review_id == review_id, ReviewLibrary.deleted.is_(False))
            .order_by(ReviewLibrary.position)
        )
    )


def _added(session: Session, review_id: str) -> list[ReviewRisk]:
    return list(
        session.scalars(
            select(ReviewRisk)
            .where(ReviewRisk.review_id == review_id, ReviewRisk.deleted.is_(False))
            .order_by(ReviewRisk.position)
        )
    )


def participants(session: Session, review_id: str) -> list[ReviewParticipant]:
    return list(
        session.scalars(
            select(ReviewParticipant)
            .where(ReviewParticipant.review_id == review_id, ReviewParticipant.deleted.is_(False))
            .order_by(ReviewParticipant.email)
        )
    )


def summary(session: Session, review: RiskReview) -> ReviewSummary:
    people = participants(session, review.id)
    return ReviewSummary(
        review.id,
        review.title,
        subject_name(session, review.client_id, review.prospect_id),
        review.status,
        review.due,
        len(questionnaire(session, review)),
        len(people),
        sum(1 for p in people if p.status == SUBMITTED),
    )


def link_status(row: ReviewParticipant, day: dt.date) -> str:
    if row.revoked_at is not None:
        return "revoked"
    if row.status != SUBMITTED and row.token_expires is not None and day > row.token_expires:
        return "expired"
    return row.status


def links(session: Session, partner: Partner, review_key: str) -> tuple[Link, ...]:
    review = find_review(session, partner, review_key)
    day = today_of(partner)
    base = server_url(session)
    return tuple(
        Link(p.email, link_url(base, p.token), link_status(p, day))
        for p in participants(session, review.id)
    )


def participant(session: Session, review: RiskReview, email: str) -> ReviewParticipant:
    wanted = (email or "").strip().lower()
    for person in participants(session, review.id):
        if person.email == wanted:
            return person
    raise NotFoundError(f"participant: {wanted} is not invited to {review.title}")
