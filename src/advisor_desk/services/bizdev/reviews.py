"""Risk reviews: build (title, subject, libraries, excluded and added risks, due date,
participants), publish, answer (face to face on this laptop, or in a browser through the
server), results (rules 2–5), close, adopt into the register.

A review is named by its id (what `review create` prints) or by its title when no other
live review has that title.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisor_desk.domain.bizdev_entitlements import review_refusal
from advisor_desk.domain.licenses import ContentKind
from advisor_desk.domain.respondent_links import expires, new_link
from advisor_desk.services import validation as check
from advisor_desk.services.bizdev.common import (
    Subject,
    item_titled,
    now,
    subject_name,
    subject_of,
    tiers_this_month,
    today_of,
    url_for,
)
from advisor_desk.services.bizdev.files import RiskEntry
from advisor_desk.services.bizdev.review_reads import (
    CLOSED,
    DRAFT,
    IN_PROGRESS,
    INVITED,
    PUBLISHED,
    SUBMITTED,
    Link,
    Published,
    QuestionRisk,
    ReviewSummary,
    find_review,
    link_status,
    links,
    participant,
    participants,
    questionnaire,
    summary,
)
from advisor_desk.services.bizdev.risk_libraries import library_risks
from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.store.models import (
    ContentItem,
    Partner,
    ReviewLibrary,
    ReviewParticipant,
    ReviewRisk,
    RiskReview,
)


def _check_entitled(session: Session, partner: Partner, review: RiskReview | Subject) -> None:
    client_id = review.client_id
    if not client_id:
        return  # prospects: always (that is business development)
    day = today_of(partner)
    others = session.scalar(
        select(func.count(RiskReview.id)).where(
            RiskReview.client_id == client_id,
            RiskReview.deleted.is_(False),
            RiskReview.status == PUBLISHED,
            RiskReview.id != getattr(review, "id", ""),
        )
    )
    refusal = review_refusal(tiers_this_month(session, client_id, day), open_published=others or 0)
    if refusal is not None:
        name = subject_name(session, client_id, None)
        raise ValidationError([("client", f"{name}: {refusal}")])


def apply_create_review(
    session: Session,
    partner: Partner,
    title: str,
    *,
    client: str | None = None,
    prospect: str | None = None,
    libraries: Sequence[str] = (),
    exclude: Sequence[str] = (),
    due: dt.date | None = None,
    description: str = "",
    added: Sequence[RiskEntry] = (),
) -> ReviewSummary:
    """A draft review (rule 7 for a client: a member on Just Risk or Risk & Compliance)."""
    clean = check.required_text(title, "title", max_length=300)
    subject = subject_of(session, partner, client=client, prospect=prospect)
    if subject.client_id:
        _check_entitled(session, partner, subject)
    if not libraries and not added:
        raise ValidationError([("library", "choose at least one risk library")])
    items: list[ContentItem] = []
    for name in libraries:
        item = item_titled(session, partner, name, ContentKind.RISK_LIBRARY.value, "library")
        if item.id not in {i.id for i in items}:
            items.append(item)
    known = {risk.ref.casefold() for item in items for risk in library_risks(session, item)} | {
        risk.ref.casefold() for risk in added
    }
    unknown = [ref for ref in exclude if ref.strip().casefold() not in known]
    if unknown:
        raise ValidationError(
            [("exclude", f"{ref}: no such risk in the libraries") for ref in unknown]
        )
    review = RiskReview(
        partner_id=partner.id,
        title=clean,
        description=(description or "").strip(),
        client_id=subject.client_id,
        prospect_id=subject.prospect_id,
        due=due,
        status=DRAFT,
        created=today_of(partner),
        excluded_refs=sorted({ref.strip() for ref in exclude}),
    )
    session.add(review)
    session.flush()
    for position, item in enumerate(items):
        session.add(
            ReviewLibrary(
                partner_id=partner.id,
                review_id=review.id,
                client_id=subject.client_id,
                content_id=item.id,
                item_version=item.item_version,
                position=position,
            )
        )
    for position, risk in enumerate(added):
        session.add(
            ReviewRisk(
                partner_id=partner.id,
                review_id=review.id,
                client_id=subject.client_id,
                position=position,
                ref=risk.ref,
                title=risk.title,
                description=risk.description,
                domain=risk.domain,
                causes=list(risk.causes),
                impacts=list(risk.impacts),
            )
        )
    session.flush()
    if not questionnaire(session, review):
        raise ValidationError([("exclude", "every risk is excluded: nothing left to ask")])
    return summary(session, review)


def _open(review: RiskReview) -> None:
    if review.status == CLOSED:
        raise ServiceError(f"{review.title} is closed")


def apply_invite(
    session: Session,
    partner: Partner,
    review_key: str,
    emails: Iterable[str],
    *,
    names: Sequence[str] = (),
) -> tuple[Link, ...]:
    """Add participants (one private link each); inviting someone twice changes nothing.
    After publication the new invitations are sent at once (marked sent)."""
    review = find_review(session, partner, review_key)
    _open(review)
    problems = check.Problems()
    wanted: list[str] = []
    for index, email in enumerate(emails):
        clean = problems.check(check.email, email, f"email[{index}]" if index else "email")
        if clean and clean not in wanted:
            wanted.append(clean)
    problems.done()
    if not wanted:
        raise ValidationError([("email", "give at least one e-mail address")])
    have = {p.email for p in participants(session, review.id)}
    day = today_of(partner)
    for index, email in enumerate(wanted):
        if email in have:
            continue
        add_participant(session, review, email, names[index] if index < len(names) else "", day=day)
    session.flush()
    return links(session, partner, review.id)


def add_participant(
    session: Session, review: RiskReview, email: str, name: str = "", *, day: dt.date
) -> ReviewParticipant:
    row = ReviewParticipant(
        partner_id=review.partner_id,
        review_id=review.id,
        client_id=review.client_id,
        email=email,
        name=(name or "").strip()[:200],
        status=INVITED,
        **new_link(),
        token_expires=expires(review.due, day),
        invited_at=now() if review.status == PUBLISHED else None,
    )
    session.add(row)
    session.flush()
    return row


def apply_publish(session: Session, partner: Partner, review_key: str) -> Published:
    """draft → published: the invitations go out (through the server, which sends them when
    this laptop next syncs; without a server they are marked sent, the links to hand on)."""
    from advisor_desk.services.bizdev.common import has_server

    review = find_review(session, partner, review_key)
    if review.status != DRAFT:
        raise ServiceError(f"{review.title} is already {review.status}")
    people = participants(session, review.id)
    if not people:
        raise ValidationError([("participants", "invite someone first (review invite)")])
    _check_entitled(session, partner, review)
    review.status = PUBLISHED
    review.published_at = now()
    day = today_of(partner)
    for person in people:
        if person.invited_at is None:
            person.invited_at = review.published_at
        person.token_expires = expires(review.due, day)
    session.flush()
    return Published(
        summary(session, review), links(session, partner, review.id), has_server(session)
    )


def apply_close(session: Session, partner: Partner, review_key: str) -> ReviewSummary:
    review = find_review(session, partner, review_key)
    _open(review)
    review.status = CLOSED
    review.closed_at = now()
    session.flush()
    return summary(session, review)


def apply_revoke(session: Session, partner: Partner, review_key: str, email: str) -> Link:
    review = find_review(session, partner, review_key)
    person = participant(session, review, email)
    if person.revoked_at is None:
        person.revoked_at = now()
    session.flush()
    return Link(person.email, url_for(session, person.token), "revoked")


def apply_reopen(
    session: Session, partner: Partner, review_key: str, email: str, *, by: str = ""
) -> Link:
    """A submitted response back to a draft the respondent may change (logged)."""
    review = find_review(session, partner, review_key)
    _open(review)
    person = participant(session, review, email)
    if person.status != SUBMITTED:
        raise ServiceError(f"{person.email} has not submitted")
    person.status = IN_PROGRESS
    person.submitted_at = None
    log = list(person.reopen_log or [])
    log.append({"at": now().isoformat(timespec="seconds"), "by": by or "advisor"})
    person.reopen_log = log
    session.flush()
    return Link(person.email, url_for(session, person.token), person.status)


# The reads (review_reads.py) stay importable from here, where callers found them.
__all__ = [
    "CLOSED",
    "DRAFT",
    "IN_PROGRESS",
    "INVITED",
    "PUBLISHED",
    "SUBMITTED",
    "add_participant",
    "apply_close",
    "apply_create_review",
    "apply_invite",
    "apply_publish",
    "apply_reopen",
    "apply_revoke",
    "find_review",
    "Link",
    "link_status",
    "links",
    "participant",
    "participants",
    "Published",
    "questionnaire",
    "QuestionRisk",
    "ReviewSummary",
    "summary",
]
