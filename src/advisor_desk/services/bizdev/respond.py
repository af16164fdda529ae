"""What a respondent's link reaches (rule 8), for the server's `/r/{token}` page and
`/v1/respond/{token}` API: one questionnaire, by the SHA-256 of its token.

`find_by_token` gives None for an unknown, revoked or expired token alike (the server
answers the same 404 for the three). `questionnaire` is the JSON a respondent sees (nothing
of the partner but its name); `answer` saves a draft or submits with the same checks the
laptop applies (ValidationError naming the ref → 422; AlreadySubmittedError → 409).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain.respondent_links import link_opens, token_hash
from advisor_desk.services.bizdev import assessment_answers, assessments, review_answers
from advisor_desk.services.bizdev.common import subject_name
from advisor_desk.services.bizdev.reviews import CLOSED, SUBMITTED
from advisor_desk.services.bizdev.reviews import questionnaire as risks_of
from advisor_desk.services.clock import today
from advisor_desk.store.models import Assessment, Partner, ReviewParticipant, RiskReview

AlreadySubmitted = (review_answers.AlreadySubmittedError, assessment_answers.AlreadySubmittedError)


@dataclass(frozen=True)
class Target:
    kind: str  # "review" | "assessment"
    row: ReviewParticipant | Assessment
    partner: Partner


def find_by_token(session: Session, token: str, day: dt.date | None = None) -> Target | None:
    """The participant or assessment the token opens, or None (unknown, revoked, expired,
    or its review deleted or closed)."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    digest = token_hash(token)
    person = session.scalars(
        select(ReviewParticipant).where(
            ReviewParticipant.token_hash == digest, ReviewParticipant.deleted.is_(False)
        )
    ).first()
    row: ReviewParticipant | Assessment | None = person
    kind = "review"
    if person is not None:
        review = session.get(RiskReview, person.review_id)
        if review is None or review.deleted or review.status == CLOSED:
            return None
    else:
        kind = "assessment"
        row = session.scalars(
            select(Assessment).where(
                Assessment.token_hash == digest,
                Assessment.deleted.is_(False),
                Assessment.status != assessments.CLOSED,
            )
        ).first()
    if row is None or row.token != token:
        return None
    partner = session.get(Partner, row.partner_id)
    if partner is None:
        return None
    when = day or today(partner.timezone)
    if not link_opens(expires_on=row.token_expires, revoked=row.revoked_at is not None, today=when):
        return None
    return Target(kind, row, partner)


def questionnaire(session: Session, target: Target) -> dict[str, Any]:
    """The questionnaire and the answers saved so far (read-only once submitted)."""
    if isinstance(target.row, ReviewParticipant):
        person = target.row
        review = session.get(RiskReview, person.review_id)
        assert review is not None
        saved = {
            r.ref: {"ref": r.ref, "relevant": r.relevant, "likelihood": r.likelihood,
                    "impact": r.impact}
            for r in review_answers.saved_answers(session, person.id)
        }  # fmt: skip
        return {
            "kind": "review",
            "partner": target.partner.name,
            "title": review.title,
            "description": review.description,
            "subject": subject_name(session, review.client_id, review.prospect_id),
            "due": review.due.isoformat() if review.due else None,
            "status": person.status,
            "read_only": person.status == SUBMITTED,
            "risks": [
                {"ref": r.ref, "title": r.title, "description": r.description,
                 "domain": r.domain, "causes": list(r.causes), "impacts": list(r.impacts)}
                for r in risks_of(session, review)
            ],
            "answers": list(saved.values()),
        }  # fmt: skip
    row = target.row
    answers = assessment_answers.answers_of(session, row.id)
    return {
        "kind": "assessment",
        "partner": target.partner.name,
        "title": row.title,
        "subject": subject_name(session, row.client_id, row.prospect_id),
        "due": row.due.isoformat(),
        "status": row.status,
        "read_only": row.status == assessments.SUBMITTED,
        "questions": [
            {"ref": q.ref, "domain": q.domain, "text": q.text, "type": q.answer_type,
             "options": [label for label, _ in q.options]}
            for q in assessment_answers.questions_of(session, row)
        ],
        "answers": [
            {"ref": a.ref, **({"choice": a.choice} if a.choice is not None else {"text": a.text})}
            for a in answers
        ],
    }  # fmt: skip


def answer(session: Session, target: Target, doc: object, *, submit: bool) -> str:
    """Save the answers document (a draft, or submitted: final). The status it has now."""
    if isinstance(target.row, ReviewParticipant):
        person = target.row
        review = session.get(RiskReview, person.review_id)
        assert review is not None
        if person.status == SUBMITTED:
            raise review_answers.AlreadySubmittedError("already submitted")
        parsed = review_answers.parse_answers(doc, risks_of(session, review), submit=submit)
        return review_answers.write_answers(session, person, parsed, submit=submit)
    row = target.row
    if row.status == assessments.SUBMITTED:
        raise assessment_answers.AlreadySubmittedError("already submitted")
    parsed_answers = assessment_answers.parse_answers(
        doc, assessment_answers.questions_of(session, row)
    )
    return assessment_answers.write_answers(session, row, parsed_answers, submit=submit)
