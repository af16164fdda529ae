"""The demo's business development under way: a published risk review of a prospect with
three of four participants submitted (one draft), and the health check sent to every
entitled client with a contact, one of them answered. Made through the operations, so the
demo's rows are what the app itself would write."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from advisor_desk.services.bizdev import review_answers, reviews
from advisor_desk.services.bizdev.assessment_answers import apply_respond
from advisor_desk.services.bizdev.assessments import apply_send
from advisor_desk.services.bizdev.files import RiskEntry
from advisor_desk.services.clock import today
from advisor_desk.services.demo.generator import PARTNER_TIMEZONE
from advisor_desk.services.demo.risk_libraries import demo_data
from advisor_desk.services.errors import ServiceError
from advisor_desk.services.ops import run_op
from advisor_desk.store.engine import Store
from advisor_desk.store.models import AssessmentQuestion, ContentItem, LibraryRisk, RiskReview

PROSPECT = "Lumen Dental"
PEOPLE = ("priya@lumendental.example", "sam@lumendental.example", "jo@lumendental.example")
LATE = "noor@lumendental.example"


def add_demo_activity(store: Store) -> None:
    day = today(PARTNER_TIMEZONE)
    with store.read() as session:
        libraries = session.scalars(
            select(ContentItem.title)
            .join(LibraryRisk, LibraryRisk.content_id == ContentItem.id)
            .where(ContentItem.title == "Cyber risk library")
            .limit(1)
        ).all()
        templates = session.scalars(
            select(ContentItem.title)
            .join(AssessmentQuestion, AssessmentQuestion.content_id == ContentItem.id)
            .limit(1)
        ).all()
    added = [] if libraries else _cyber_risks()
    review = run_op(
        store,
        reviews.apply_create_review,
        "Cyber health review",
        prospect=PROSPECT,
        libraries=list(libraries),
        due=day + dt.timedelta(days=21),
        description="A first look at the practice's cyber risks, before a proposal.",
        added=added,
    ).value
    run_op(store, reviews.apply_invite, review.id, [*PEOPLE, LATE])
    run_op(store, reviews.apply_publish, review.id)
    with store.read() as session:
        risks = [
            r.ref for r in reviews.questionnaire(session, session.get_one(RiskReview, review.id))
        ]
    for j, email in enumerate(PEOPLE):
        answers = [_answer(ref, i, j) for i, ref in enumerate(risks)]
        run_op(
            store, review_answers.apply_respond, review.id, email, {"risks": answers}, submit=True
        )
    draft = {"risks": [_answer(ref, i, 3) for i, ref in enumerate(risks[:3])]}
    run_op(store, review_answers.apply_respond, review.id, LATE, draft)
    if not templates:
        return
    try:
        sent = run_op(
            store, apply_send, templates[0], due=day + dt.timedelta(days=14), all_clients=True
        ).value
    except ServiceError:
        return
    if sent.sent:
        given = (("Q1", "Partially"), ("Q2", "No"), ("Q4", "Quarterly"), ("Q7", "Mostly"))
        choices = {"answers": [{"ref": ref, "choice": choice} for ref, choice in given]}
        run_op(store, apply_respond, sent.sent[0].id, choices, submit=True)


def _answer(ref: str, i: int, j: int) -> dict[str, object]:
    if (i + j) % 4 == 3:
        return {"ref": ref, "relevant": False}
    return {
        "ref": ref,
        "relevant": True,
        "likelihood": 1 + (i * 3 + j) % 5,
        "impact": 1 + (i * 7 + 2 * j) % 5,
    }


def _cyber_risks() -> list[RiskEntry]:
    cyber = next(lib for lib in demo_data()["libraries"] if lib["title"] == "Cyber risk library")
    return [
        RiskEntry(r["ref"], r["title"], r["description"], cyber["domain"],
                  tuple(r["causes"].split("|")), tuple(r["impacts"].split("|")))
        for r in cyber["risks"]
    ]  # fmt: skip
