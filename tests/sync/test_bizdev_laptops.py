"""Business development syncs between laptops through the live server: a review, its
answers and its result, an assessment and its scores, the register; scoped like the rest
(a plain advisor sees the prospect's review, not an unshared client's assessment); a
prospect converted on one laptop is the client on the other."""

from __future__ import annotations

import datetime as dt

import pytest

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services.bizdev import assessment_answers, review_answers, reviews
from advisor_desk.services.bizdev.assessments import apply_send, list_assessments
from advisor_desk.services.bizdev.prospects import (
    apply_add_prospect,
    apply_convert_prospect,
    apply_set_client_contact,
)
from advisor_desk.services.bizdev.register import register
from advisor_desk.services.bizdev.risk_libraries import (
    apply_upload_assessment_template,
    apply_upload_risk_library,
)
from advisor_desk.services.clients.onboarding import NewClient
from advisor_desk.services.clients.teams import create_client
from advisor_desk.services.ops import run_op, run_query
from advisor_desk.services.people import members
from tests.server.harness import Laptop
from tests.services.bizdev.conftest import ASSESSMENT_CSV, CYBER_CSV
from tests.sync.laptops import laptops, waiting

__all__ = ["laptops"]


def test_reviews_and_assessments_reach_the_other_laptops(
    laptops: dict[str, Laptop], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-05-14")
    a, b, bo = laptops["a"], laptops["b"], laptops["bo"]
    run_op(a.store, apply_upload_risk_library, file_name="c.csv", data=CYBER_CSV, title="Cyber")
    run_op(
        a.store,
        apply_upload_assessment_template,
        file_name="h.csv",
        data=ASSESSMENT_CSV,
        title="Health",
    )
    run_op(a.store, apply_add_prospect, "Lumen Dental", contact_email="ceo@lumen.example")
    review = run_op(
        a.store, reviews.apply_create_review, "Check", prospect="Lumen Dental", libraries=["Cyber"]
    ).value
    run_op(a.store, reviews.apply_invite, review.id, ["p1@l.example", "p2@l.example"])
    run_op(a.store, reviews.apply_publish, review.id)
    for email, (lk, im) in (("p1@l.example", (4, 5)), ("p2@l.example", (3, 4))):
        doc = {"risks": [{"ref": "CY-01", "relevant": True, "likelihood": lk, "impact": im},
                         {"ref": "CY-02", "relevant": False}]}  # fmt: skip
        run_op(a.store, review_answers.apply_respond, review.id, email, doc, submit=True)
    run_op(a.store, review_answers.apply_adopt, review.id)
    client = create_client(a.store, name="Acme", created=dt.date(2026, 1, 1))
    members.add_member(
        a.store, client.id, email="it@acme.example", name="IT", tier=LicenseTier.JUST_RISK,
        start=dt.date(2026, 1, 1),
    )  # fmt: skip
    run_op(a.store, apply_set_client_contact, "Acme", email="ops@acme.example")
    sent = run_op(a.store, apply_send, "Health", due=dt.date(2026, 6, 1), clients=["Acme"]).value
    answers = {"answers": [{"ref": "Q1", "choice": "Partially"}, {"ref": "Q2", "choice": "No"}]}
    run_op(a.store, assessment_answers.apply_respond, sent.sent[0].id, answers, submit=True)
    expected_review = run_query(a.store, review_answers.results, review.id).as_json()
    expected_scores = run_query(a.store, assessment_answers.results, sent.sent[0].id).as_json()
    a.sync()
    assert waiting(a) == 0

    b.sync()
    assert run_query(b.store, review_answers.results, review.id).as_json() == expected_review
    assert run_query(b.store, assessment_answers.results, sent.sent[0].id).as_json() == (
        expected_scores
    )
    assert expected_review["risks"][0]["score"] == 20  # (4+3)/2 = 3.5 -> 4, (5+4)/2 -> 5

    bo.sync()  # no access to Acme: the prospect's review, not Acme's assessment
    assert run_query(bo.store, review_answers.results, review.id).as_json() == expected_review
    assert run_query(bo.store, list_assessments) == []

    run_op(
        b.store,
        apply_convert_prospect,
        "Lumen Dental",
        NewClient(name="Lumen Dental", template=None, billing_model="direct"),
    )
    b.sync()
    a.sync()
    assert run_query(a.store, review_answers.results, review.id).subject == "Lumen Dental"
    assert [r.ref for r in run_query(a.store, register, "Lumen Dental")] == ["CY-01"]
