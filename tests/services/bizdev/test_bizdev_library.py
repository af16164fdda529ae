"""Risk libraries in the library: files read by line, JSON, versions kept per review; the
register's edits."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from advisor_desk.services.bizdev import reviews
from advisor_desk.services.bizdev.files import parse_questions, parse_risks
from advisor_desk.services.bizdev.prospects import apply_add_prospect
from advisor_desk.services.bizdev.register import apply_add_risk, apply_edit_risk, register
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.library.upload import apply_publish_new_version
from advisor_desk.services.ops import run_op, run_query
from advisor_desk.store.engine import Store


def test_risk_files_in_csv_and_json_and_their_bad_rows() -> None:
    doc = {"risks": [{"ref": "A-1", "title": "Flood", "causes": ["Rain", "Drains"],
                      "impacts": "Closure|Damage"}]}  # fmt: skip
    [risk] = parse_risks("r.json", json.dumps(doc).encode())
    assert (risk.causes, risk.impacts) == (("Rain", "Drains"), ("Closure", "Damage"))
    with pytest.raises(ValidationError) as bad:
        parse_risks("r.json", json.dumps({"risks": [{"ref": "A-1"}, "x"]}).encode())
    assert bad.value.lines() == ["risks[0]: title is missing", "risks[1]: is not an object"]
    with pytest.raises(ValidationError, match="line 1: the header needs title"):
        parse_risks("r.csv", b"ref,name\nA,B\n")
    with pytest.raises(ValidationError) as bad:
        parse_questions(
            "q.csv",
            b"ref,domain,text,type,options\nQ1,A,Ok?,choice,Yes=1|No=9\nQ2,A,Why?,essay,\n"
            b"Q3,A,Which?,choice,\n",
        )
    assert [line.split(":")[0] for line in bad.value.lines()] == ["line 2", "line 3", "line 4"]


def test_a_review_keeps_the_version_it_was_made_with(store: Store, bizdev: Any) -> None:
    from advisor_desk.store.models import ContentItem

    run_op(store, apply_add_prospect, "Lumen Dental")
    old = run_op(
        store,
        reviews.apply_create_review,
        "Old",
        prospect="Lumen Dental",
        libraries=["Cyber risks"],
    ).value
    with store.read() as session:
        item = session.query(ContentItem).filter_by(title="Cyber risks").one().id
    newer = b"ref,title,description,domain,causes,impacts\nCY-09,Deepfake fraud,,,,\n"
    run_op(store, apply_publish_new_version, item, version="2", file_name="v2.csv", data=newer)
    new = run_op(
        store,
        reviews.apply_create_review,
        "New",
        prospect="Lumen Dental",
        libraries=["Cyber risks"],
    ).value
    with store.read() as session:
        asked = {
            key: [
                r.ref for r in reviews.questionnaire(session, session.get(reviews.RiskReview, key))
            ]
            for key in (old.id, new.id)
        }
    assert asked == {old.id: ["CY-01", "CY-02", "CY-03", "CY-04"], new.id: ["CY-09"]}


def test_the_register_is_edited_field_by_field(store: Store, bizdev: Any) -> None:
    run_op(store, apply_add_risk, "Full Co", "Supplier outage", likelihood=3, impact=4, ref="TP-1")
    with pytest.raises(ValidationError) as bad:
        run_op(
            store, apply_edit_risk, "Full Co", "TP-1",
            treatment="ignore", residual_likelihood=7, status="done",
        )  # fmt: skip
    assert sorted(field for field, _ in bad.value.problems) == [
        "residual_likelihood", "status", "treatment",
    ]  # fmt: skip
    run_op(
        store, apply_edit_risk, "Full Co", "Supplier outage", owner="Ana", treatment="mitigate",
        treatment_plan="Second supplier", due=dt.date(2026, 9, 1), residual_likelihood=2,
        residual_impact=2, status="treated",
    )  # fmt: skip
    [risk] = run_query(store, register, "Full Co")
    assert risk.as_json() | {} == {
        "ref": "TP-1", "title": "Supplier outage", "likelihood": 3, "impact": 4, "score": 12,
        "rating": "High", "owner": "Ana", "treatment": "mitigate",
        "treatment_plan": "Second supplier", "due": "2026-09-01", "residual_likelihood": 2,
        "residual_impact": 2, "residual_score": 4, "residual_rating": "Low", "status": "treated",
    }  # fmt: skip
