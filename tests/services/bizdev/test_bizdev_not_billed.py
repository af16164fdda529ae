"""Prospects are never billed: the billing JSON and the invoice list of a period are the same
with and without 50 prospects (with contacts, reviews answered and adopted, assessments)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from advisor_desk.cli.billing import as_json as billing_json
from advisor_desk.cli.invoices import as_json as document_json
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing.adjustments import period_adjustments
from advisor_desk.services.billing.charges import charges_for_period
from advisor_desk.services.billing.content import period_partner_invoices
from advisor_desk.services.billing.documents import draft_documents, list_documents
from advisor_desk.services.bizdev import review_answers, reviews
from advisor_desk.services.bizdev.assessments import apply_send
from advisor_desk.services.bizdev.prospects import apply_add_prospect
from advisor_desk.services.bizdev.risk_libraries import (
    apply_upload_assessment_template,
    apply_upload_risk_library,
)
from advisor_desk.services.demo import make_demo
from advisor_desk.services.ops import run_op
from advisor_desk.store.engine import Store
from tests.services.bizdev.conftest import ASSESSMENT_CSV, CYBER_CSV

PERIOD = Period(2026, 5)


def _billing(store: Store) -> tuple[str, list[dict[str, Any]]]:
    shown = billing_json(
        charges_for_period(store, PERIOD),
        period_adjustments(store, PERIOD),
        period_partner_invoices(store, PERIOD),
    )
    draft_documents(store, PERIOD)
    documents = [document_json(doc) for doc in list_documents(store, period=PERIOD)]
    return json.dumps(shown, sort_keys=True, default=str), documents


def test_fifty_prospects_reach_no_billing_figure_or_document(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-05-20")
    make_demo(store, clients=5, content=30, seed=3)
    before = _billing(store)
    run_op(store, apply_upload_risk_library, file_name="c.csv", data=CYBER_CSV, title="Cyber X")
    run_op(
        store,
        apply_upload_assessment_template,
        file_name="a.csv",
        data=ASSESSMENT_CSV,
        title="Health X",
    )
    names = [f"Prospect {n:02d}" for n in range(50)]
    for name in names:
        run_op(store, apply_add_prospect, name, contact_email=f"ceo@p{name[-2:]}.example")
    review = run_op(
        store, reviews.apply_create_review, "R", prospect=names[0], libraries=["Cyber X"]
    ).value
    doc = {"risks": [{"ref": "CY-01", "relevant": True, "likelihood": 5, "impact": 5}]}
    run_op(store, review_answers.apply_respond, review.id, "a@p.example", doc, submit=True)
    run_op(store, review_answers.apply_adopt, review.id)
    sent = run_op(store, apply_send, "Health X", due=dt.date(2026, 6, 30), prospects=names).value
    assert len(sent.sent) == 50
    after = _billing(store)
    assert after == before
