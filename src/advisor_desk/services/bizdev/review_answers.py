"""A review's answers and result: face-to-face answers (the same rules the respondents'
page and API apply), the aggregation (rules 2–5, tallied by one grouped query), adoption
into the subject's register.

Answers document: `{"risks": [{"ref": "CY-01", "relevant": true, "likelihood": 4,
"impact": 5}, {"ref": "CY-03", "relevant": false}]}`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from advisor_desk.domain.review_results import Answer, ReviewResult, Tally, aggregate
from advisor_desk.services import validation as check
from advisor_desk.services.bizdev.common import now, subject_name, today_of
from advisor_desk.services.bizdev.reviews import (
    CLOSED,
    IN_PROGRESS,
    SUBMITTED,
    QuestionRisk,
    add_participant,
    find_review,
    participants,
    questionnaire,
)
from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.store.models import (
    ClientRisk,
    Partner,
    ReviewParticipant,
    ReviewResponse,
    RiskReview,
)


class AlreadySubmittedError(ServiceError):
    """A submitted response is final (rule 8): the server answers 409."""


def _level(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5


def parse_answers(doc: object, risks: Sequence[QuestionRisk], *, submit: bool) -> list[Answer]:
    """The answers of a document, every problem named by its ref."""
    if not isinstance(doc, dict) or not isinstance(doc.get("risks"), list):
        raise ValidationError([("risks", 'expected {"risks": [{"ref": ..., "relevant": ...}]}')])
    known = {risk.ref.casefold(): risk.ref for risk in risks}
    problems: list[tuple[str, str]] = []
    answers: dict[str, Answer] = {}
    for index, entry in enumerate(doc["risks"]):
        if not isinstance(entry, dict):
            problems.append((f"risks[{index}]", "is not an object"))
            continue
        raw = entry.get("ref")
        ref = known.get(raw.strip().casefold()) if isinstance(raw, str) else None
        if ref is None:
            problems.append((str(raw), "no such risk in this review"))
            continue
        relevant = entry.get("relevant")
        likelihood, impact = entry.get("likelihood"), entry.get("impact")
        if relevant is not None and not isinstance(relevant, bool):
            problems.append((ref, "relevant must be true or false"))
            continue
        bad = [
            n
            for n, v in (("likelihood", likelihood), ("impact", impact))
            if v is not None and not _level(v)
        ]
        if bad:
            problems.extend((ref, f"{n} must be a whole number from 1 to 5") for n in bad)
            continue
        if relevant is False:
            likelihood = impact = None
        if submit and relevant is True and (likelihood is None or impact is None):
            problems.append((ref, "a relevant risk needs likelihood and impact to submit"))
            continue
        answers[ref] = Answer(ref, relevant, likelihood, impact)
    if problems:
        raise ValidationError(problems)
    return list(answers.values())


def saved_answers(session: Session, participant_id: str) -> list[ReviewResponse]:
    return list(
        session.scalars(
            select(ReviewResponse)
            .where(
                ReviewResponse.participant_id == participant_id, ReviewResponse.deleted.is_(False)
            )
            .order_by(ReviewResponse.ref)
        )
    )


def write_answers(
    session: Session, person: ReviewParticipant, answers: Sequence[Answer], *, submit: bool
) -> str:
    """Save a participant's answers (a draft, or submitted: final). The status it has now."""
    if person.status == SUBMITTED:
        raise AlreadySubmittedError(f"{person.email} has already submitted (reopen it first)")
    have = {
        r.ref: r
        for r in session.scalars(
            select(ReviewResponse).where(
                ReviewResponse.participant_id == person.id, ReviewResponse.deleted.is_(False)
            )
        )
    }
    for answer in answers:
        row = have.get(answer.ref)
        if row is None:
            session.add(
                ReviewResponse(
                    partner_id=person.partner_id,
                    participant_id=person.id,
                    review_id=person.review_id,
                    client_id=person.client_id,
                    ref=answer.ref,
                    relevant=answer.relevant,
                    likelihood=answer.likelihood,
                    impact=answer.impact,
                )
            )
        elif (row.relevant, row.likelihood, row.impact) != (
            answer.relevant,
            answer.likelihood,
            answer.impact,
        ):
            row.relevant, row.likelihood, row.impact = (
                answer.relevant,
                answer.likelihood,
                answer.impact,
            )
    if submit:
        _check_complete(session, person)
        person.status = SUBMITTED
        person.submitted_at = now()
    elif person.status != IN_PROGRESS:
        person.status = IN_PROGRESS
    session.flush()
    return person.status


def apply_respond(
    session: Session,
    partner: Partner,
    review_key: str,
    email: str,
    doc: object,
    *,
    submit: bool = False,
) -> str:
    """Face-to-face answers on this laptop (interview mode, offline): someone not invited yet
    is added as a participant."""
    review = find_review(session, partner, review_key)
    if review.status == CLOSED:
        raise ServiceError(f"{review.title} is closed")
    clean = check.email(email, "participant")
    answers = parse_answers(doc, questionnaire(session, review), submit=submit)
    person = next((p for p in participants(session, review.id) if p.email == clean), None)
    if person is None:
        person = add_participant(session, review, clean, day=today_of(partner))
    return write_answers(session, person, answers, submit=submit)


def _check_complete(session: Session, person: ReviewParticipant) -> None:
    """On submit the whole response counts, drafts saved earlier included (h10): a relevant
    risk without likelihood and impact is refused by its ref."""
    session.flush()
    missing = [
        (row.ref, "a relevant risk needs likelihood and impact to submit")
        for row in saved_answers(session, person.id)
        if row.relevant is True and (row.likelihood is None or row.impact is None)
    ]
    if missing:
        raise ValidationError(missing)


@dataclass(frozen=True)
class Participation:
    email: str
    name: str
    status: str


@dataclass(frozen=True)
class ReviewResults:
    review: str
    subject: str
    status: str
    invited: int
    submitted: int
    result: ReviewResult
    people: tuple[Participation, ...]
    risks: tuple[QuestionRisk, ...]  # the questionnaire (descriptions, causes, impacts)

    def as_json(self) -> dict[str, Any]:
        return {
            "review": self.review,
            "subject": self.subject,
            "participants": {"invited": self.invited, "submitted": self.submitted},
            "risks": [risk.as_json() for risk in self.result.risks],
            "excluded_by_relevance": list(self.result.excluded_by_relevance),
            "heatmap": [cell.as_json() for cell in self.result.heatmap],
        }


def tallies(session: Session, review: RiskReview, risks: Sequence[QuestionRisk]) -> list[Tally]:
    """Counts and sums per risk over the submitted responses: one grouped query (rule 2)."""
    relevant = ReviewResponse.relevant.is_(True)
    rows = session.execute(
        select(
            ReviewResponse.ref,
            func.count(ReviewResponse.id),
            func.sum(case((relevant, 1), else_=0)),
            func.sum(case((relevant, ReviewResponse.likelihood), else_=0)),
            func.sum(case((relevant & ReviewResponse.likelihood.is_not(None), 1), else_=0)),
            func.sum(case((relevant, ReviewResponse.impact), else_=0)),
            func.sum(case((relevant & ReviewResponse.impact.is_not(None), 1), else_=0)),
        )
        .join(ReviewParticipant, ReviewParticipant.id == ReviewResponse.participant_id)
        .where(
            ReviewResponse.review_id == review.id,
            ReviewResponse.deleted.is_(False),
            ReviewResponse.relevant.is_not(None),
            ReviewParticipant.deleted.is_(False),
            ReviewParticipant.status == SUBMITTED,
        )
        .group_by(ReviewResponse.ref)
    ).all()
    counted = {row[0]: tuple(int(v or 0) for v in row[1:]) for row in rows}
    return [Tally(risk.ref, risk.title, *counted.get(risk.ref, (0,) * 6)) for risk in risks]


def results(session: Session, partner: Partner, review_key: str) -> ReviewResults:
    review = find_review(session, partner, review_key)
    risks = questionnaire(session, review)
    people = participants(session, review.id)
    return ReviewResults(
        review.title,
        subject_name(session, review.client_id, review.prospect_id),
        review.status,
        len(people),
        sum(1 for p in people if p.status == SUBMITTED),
        aggregate(tallies(session, review, risks)),
        tuple(Participation(p.email, p.name, p.status) for p in people),
        tuple(risks),
    )


def apply_adopt(session: Session, partner: Partner, review_key: str) -> int:
    """Copy the result into the subject's register (a prospect's risks follow it when it
    becomes a client). Adopting again updates the risks adopted before. Returns how many."""
    review = find_review(session, partner, review_key)
    outcome = results(session, partner, review.id)
    if not outcome.result.risks:
        raise ServiceError(f"{review.title} has no risk in its result yet (nobody submitted)")
    by_ref = {risk.ref: risk for risk in outcome.risks}
    before = {
        row.ref: row
        for row in session.scalars(
            select(ClientRisk).where(
                ClientRisk.review_id == review.id, ClientRisk.deleted.is_(False)
            )
        )
    }
    for risk in outcome.result.risks:
        asked = by_ref[risk.ref]
        row = before.get(risk.ref)
        if row is None:
            session.add(
                ClientRisk(
                    partner_id=partner.id,
                    client_id=review.client_id,
                    prospect_id=review.prospect_id,
                    review_id=review.id,
                    ref=risk.ref,
                    title=risk.title[:300],
                    description=asked.description,
                    domain=asked.domain[:200],
                    causes=list(asked.causes),
                    impacts=list(asked.impacts),
                    likelihood=risk.likelihood,
                    impact=risk.impact,
                    status="open",
                )
            )
        elif (row.likelihood, row.impact) != (risk.likelihood, risk.impact):
            row.likelihood, row.impact = risk.likelihood, risk.impact
    review.adopted_at = now()
    session.flush()
    return len(outcome.result.risks)


def apply_remind(session: Session, partner: Partner, review_key: str) -> list[Participation]:
    """Remind every participant of a published review who has not submitted (and whose link
    still opens): marked reminded (the server e-mails them), listed for the window."""
    from advisor_desk.services.bizdev.reviews import PUBLISHED, link_status

    review = find_review(session, partner, review_key)
    if review.status != PUBLISHED:
        raise ServiceError(f"{review.title} is {review.status}: only a published review reminds")
    day = today_of(partner)
    at = now()
    reminded = []
    for person in participants(session, review.id):
        if link_status(person, day) in (IN_PROGRESS, "invited"):
            person.reminded_at = at
            reminded.append(Participation(person.email, person.name, person.status))
    session.flush()
    return reminded
