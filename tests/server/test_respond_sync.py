"""Answers given through the respondents' API and page reach the laptops by the normal pull:
a review published and an assessment sent on a laptop, answered on the server by link, then
`review results` / `assessment results` on the other laptop count them (SQLite, PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
import requests

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services.bizdev import assessment_answers, review_answers, reviews
from advisor_desk.services.bizdev.assessments import apply_send
from advisor_desk.services.bizdev.assessments import link as assessment_link
from advisor_desk.services.bizdev.prospects import apply_add_prospect, apply_set_client_contact
from advisor_desk.services.bizdev.risk_libraries import (
    apply_upload_assessment_template,
    apply_upload_risk_library,
)
from advisor_desk.services.clients.teams import create_client
from advisor_desk.services.ops import run_op, run_query
from advisor_desk.services.people import members
from tests.server.harness import Laptop
from tests.services.bizdev.conftest import ASSESSMENT_CSV, CYBER_CSV
from tests.sync.laptops import laptops

__all__ = ["laptops"]
DUE = dt.date(2099, 6, 30)  # links open until 30 days after: the server's own clock is real


def _token(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[1]


def test_answers_given_by_link_reach_the_laptops(
    laptops: dict[str, Laptop], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-05-14")
    a, b = laptops["a"], laptops["b"]
    run_op(a.store, apply_upload_risk_library, file_name="c.csv", data=CYBER_CSV, title="Cyber")
    run_op(a.store, apply_upload_assessment_template, file_name="h.csv", data=ASSESSMENT_CSV,
           title="Health")  # fmt: skip
    run_op(a.store, apply_add_prospect, "Lumen Dental", contact_email="ceo@lumen.example")
    review = run_op(a.store, reviews.apply_create_review, "Check", prospect="Lumen Dental",
                    libraries=["Cyber"], due=DUE).value  # fmt: skip
    run_op(a.store, reviews.apply_invite, review.id, ["p1@l.example", "p2@l.example"])
    run_op(a.store, reviews.apply_publish, review.id)
    client = create_client(a.store, name="Acme", created=dt.date(2026, 1, 1))
    members.add_member(a.store, client.id, email="it@acme.example", name="IT",
                       tier=LicenseTier.JUST_RISK, start=dt.date(2026, 1, 1))  # fmt: skip
    run_op(a.store, apply_set_client_contact, "Acme", email="ops@acme.example")
    sent = run_op(a.store, apply_send, "Health", due=DUE, clients=["Acme"]).value
    a.sync()
    links = {link.email: link.url for link in run_query(a.store, reviews.links, review.id)}
    base = a.server.url

    def post(token: str, body: object) -> None:
        answer = requests.post(f"{base}/v1/respond/{token}", json=body, timeout=30)
        assert answer.status_code == 200, answer.text

    post(_token(links["p1@l.example"]), {"risks": [
        {"ref": "CY-01", "relevant": True, "likelihood": 4, "impact": 5},
        {"ref": "CY-02", "relevant": False}], "submit": True})  # fmt: skip
    form = {"page": "0", "action": "save", "relevant-0": "yes", "likelihood-0": "2",
            "impact-0": "3"}  # fmt: skip
    saved = requests.post(f"{base}/r/{_token(links['p2@l.example'])}", data=form, timeout=30)
    assert saved.status_code == 200  # the draft saved, the page shown again
    url = run_query(a.store, assessment_link, sent.sent[0].id)["url"]
    post(_token(url), {"answers": [{"ref": "Q1", "choice": "Partially"}], "submit": True})

    b.sync()
    result = run_query(b.store, review_answers.results, review.id).as_json()
    assert result["risks"][0]["ref"] == "CY-01"
    assert result["risks"][0]["score"] == 20  # only the submitted answer counts (rule 2)
    assert result["participants"] == {"invited": 2, "submitted": 1}
    scores = run_query(b.store, assessment_answers.results, sent.sent[0].id).as_json()
    assert scores["status"] == "submitted"
