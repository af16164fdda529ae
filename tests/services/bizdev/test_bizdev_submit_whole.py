"""Submitting a review response checks the whole response, drafts saved earlier included
(h10): a relevant risk saved in a draft without impact cannot be submitted by a later,
empty or partial, document — on the laptop (`review respond --submit`) as on the server."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from advisor_desk.services.bizdev import review_answers, reviews
from advisor_desk.services.bizdev.prospects import apply_add_prospect
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.ops import run_op
from advisor_desk.store.engine import Store


def test_a_draft_missing_impact_cannot_be_submitted_later(store: Store, bizdev: Any) -> None:
    run_op(store, apply_add_prospect, "Lumen Dental", contact_email="ceo@lumen.example")
    review = run_op(store, reviews.apply_create_review, "Cyber check", prospect="Lumen Dental",
                    libraries=["Cyber risks"], due=dt.date(2026, 6, 30)).value  # fmt: skip
    run_op(store, reviews.apply_invite, review.id, ["a@l.example"])
    draft = {"risks": [{"ref": "CY-01", "relevant": True, "likelihood": 4}]}
    run_op(store, review_answers.apply_respond, review.id, "a@l.example", draft)
    later = {"risks": [{"ref": "CY-02", "relevant": False}]}
    with pytest.raises(ValidationError) as refused:
        run_op(store, review_answers.apply_respond, review.id, "a@l.example", later, submit=True)
    assert refused.value.problems[0][0] == "CY-01"
    whole = {"risks": [{"ref": "CY-01", "relevant": True, "likelihood": 4, "impact": 2}]}
    status = run_op(
        store, review_answers.apply_respond, review.id, "a@l.example", whole, submit=True
    ).value
    assert status == "submitted"
