"""An assessment's answers and scores: the questions of its template's version, answers
checked by ref (the same rules the respondents' page applies), saved as a draft or submitted
(final), and the domain and overall scores (rule 6)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain.assessment_scoring import TEXT, AssessmentScores, Question, score
from advisor_desk.services.bizdev.assessments import (
    CLOSED,
    IN_PROGRESS,
    SENT,
    SUBMITTED,
    find_assessment,
    shown_status,
)
from advisor_desk.services.bizdev.common import now, subject_name, today_of
from advisor_desk.services.bizdev.risk_libraries import template_questions
from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.store.models import Assessment, AssessmentAnswer, ContentItem, Partner


def questions_of(session: Session, row: Assessment) -> list[Question]:
    item = session.get(ContentItem, row.content_id)
    if item is None:
        return []
    return template_questions(session, item, row.item_version)


@dataclass(frozen=True)
class AssessmentResults:
    id: str
    title: str
    recipient: str
    status: str
    scores: AssessmentScores
    questions: tuple[Question, ...] = field(default=())
    answers: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        overall = self.scores.overall
        return {
            "assessment": self.title,
            "recipient": self.recipient,
            "status": self.status,
            "domains": [d.as_json() for d in self.scores.domains],
            "overall": {"score": overall.score, "rating": overall.rating},
        }


def answers_of(session: Session, assessment_id: str) -> list[AssessmentAnswer]:
    return list(
        session.scalars(
            select(AssessmentAnswer)
            .where(
                AssessmentAnswer.assessment_id == assessment_id, AssessmentAnswer.deleted.is_(False)
            )
            .order_by(AssessmentAnswer.ref)
        )
    )


def results(session: Session, partner: Partner, key: str) -> AssessmentResults:
    row = find_assessment(session, partner, key)
    questions = questions_of(session, row)
    answers = answers_of(session, row.id)
    choices = {a.ref: a.choice for a in answers if a.choice is not None}
    shown = {a.ref: (a.choice if a.choice is not None else a.text or "") for a in answers}
    return AssessmentResults(
        row.id,
        row.title,
        subject_name(session, row.client_id, row.prospect_id),
        shown_status(row, today_of(partner)),
        score(questions, choices),
        tuple(questions),
        shown,
    )


def parse_answers(
    doc: object, questions: Sequence[Question]
) -> list[tuple[str, str | None, str | None]]:
    """(ref, choice, text) of each answer of `{"answers": [{"ref", "choice"|"text"}]}`."""
    if not isinstance(doc, dict) or not isinstance(doc.get("answers"), list):
        raise ValidationError([("answers", 'expected {"answers": [{"ref": ..., "choice": ...}]}')])
    known = {q.ref.casefold(): q for q in questions}
    problems: list[tuple[str, str]] = []
    out: dict[str, tuple[str, str | None, str | None]] = {}
    for index, entry in enumerate(doc["answers"]):
        if not isinstance(entry, dict):
            problems.append((f"answers[{index}]", "is not an object"))
            continue
        raw = entry.get("ref")
        question = known.get(raw.strip().casefold()) if isinstance(raw, str) else None
        if question is None:
            problems.append((str(raw), "no such question in this assessment"))
            continue
        choice, text = entry.get("choice"), entry.get("text")
        if question.answer_type == TEXT:
            if choice is not None:
                problems.append((question.ref, "is a text question: answer with text"))
            elif text is not None and (
                not isinstance(text, str) or len(text) > 10_000 or "\x00" in text
            ):
                problems.append((question.ref, "text must be at most 10000 characters"))
            else:
                out[question.ref] = (question.ref, None, text)
            continue
        if text is not None:
            problems.append((question.ref, "is a choice question: answer with one of its options"))
        elif choice is not None and choice not in {label for label, _ in question.options}:
            options = ", ".join(label for label, _ in question.options)
            problems.append((question.ref, f"{choice!r} is not one of: {options}"))
        else:
            out[question.ref] = (question.ref, choice, None)
    if problems:
        raise ValidationError(problems)
    return list(out.values())


class AlreadySubmittedError(ServiceError):
    pass


def write_answers(
    session: Session,
    row: Assessment,
    answers: Sequence[tuple[str, str | None, str | None]],
    *,
    submit: bool,
) -> str:
    """Save answers (a draft, or submitted: final); the status it has now."""
    if row.status in (SUBMITTED, CLOSED):
        raise AlreadySubmittedError(f"the assessment is already {row.status}")
    have = {a.ref: a for a in answers_of(session, row.id)}
    for ref, choice, text in answers:
        found = have.get(ref)
        if found is None:
            session.add(
                AssessmentAnswer(
                    partner_id=row.partner_id,
                    assessment_id=row.id,
                    client_id=row.client_id,
                    ref=ref,
                    choice=choice,
                    text=text,
                )
            )
        elif (found.choice, found.text) != (choice, text):
            found.choice, found.text = choice, text
    if submit:
        row.status = SUBMITTED
        row.submitted_at = now()
    elif row.status == SENT:
        row.status = IN_PROGRESS
    session.flush()
    return row.status


def apply_respond(
    session: Session, partner: Partner, key: str, doc: object, *, submit: bool = False
) -> str:
    row = find_assessment(session, partner, key)
    return write_answers(
        session, row, parse_answers(doc, questions_of(session, row)), submit=submit
    )
