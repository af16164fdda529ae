"""The respondents' API and page on a live server (SQLite and PostgreSQL): one answer for a
link that opens nothing, 409 after submission, 422 naming the ref, a token reaching its one
questionnaire only (row-level security on PostgreSQL too), escaping and security headers."""

from __future__ import annotations

import secrets
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine, text

from advisor_desk.domain.respondent_links import token_hash
from tests.server.api import Api
from tests.server.harness import Live, Tenant
from tests.server.respond_rows import push_review


def _api(live: Live, token: str, body: Any = None) -> requests.Response:
    url = f"{live.server.url}/v1/respond/{token}"
    return (
        requests.get(url, timeout=30) if body is None else requests.post(url, json=body, timeout=30)
    )


@pytest.fixture
def review(live: Live, tenant: Tenant) -> Any:
    boss = Api(live.server.url).login(tenant.admin_email)
    return push_review(boss, revoked=("rev",), expired=("old",))


def test_unknown_revoked_and_expired_links_get_one_404(live: Live, review: Any) -> None:
    tokens = [review.tokens["rev"], review.tokens["old"], secrets.token_urlsafe(32), "x", "é" * 30]
    answers = {(r.status_code, r.text) for r in (_api(live, t) for t in tokens)}
    posted = {
        (r.status_code, r.text)
        for r in (_api(live, t, {"risks": [], "submit": False}) for t in tokens)
    }
    assert len(answers) == 1
    assert answers == posted
    assert next(iter(answers))[0] == 404
    pages = {
        (r.status_code, r.text)
        for r in (requests.get(f"{live.server.url}/r/{t}", timeout=30) for t in tokens)
    }
    assert len(pages) == 1
    assert next(iter(pages))[0] == 404
    assert _api(live, review.tokens["ann"]).status_code == 200


def test_draft_then_submit_then_409(live: Live, review: Any) -> None:
    token = review.tokens["ann"]
    draft = {"risks": [{"ref": "CY-01", "relevant": True, "likelihood": 4}], "submit": False}
    drafted = _api(live, token, draft)
    assert drafted.status_code == 200, drafted.text
    assert drafted.json()["status"] not in {"submitted", "invited"}
    seen = _api(live, token).json()
    assert seen["answers"] == [{"ref": "CY-01", "relevant": True, "likelihood": 4, "impact": None}]
    assert seen["read_only"] is False
    early = _api(live, token, {"risks": [], "submit": True})
    assert early.status_code == 422, early.text
    assert early.json()["ref"] == "CY-01"
    final = {
        "risks": [
            {"ref": "CY-01", "relevant": True, "likelihood": 4, "impact": 5},
            {"ref": "cy-02", "relevant": False},
            {"ref": "PR-01", "relevant": True, "likelihood": 2, "impact": 3},
        ],
        "submit": True,
    }
    done = _api(live, token, final)
    assert done.status_code == 200, done.text
    again = _api(live, token, {**final, "submit": False})
    assert again.status_code == 409
    assert _api(live, token).json()["read_only"] is True


@pytest.mark.parametrize(
    ("entry", "ref"),
    [
        ({"ref": "NOPE-9", "relevant": True}, "NOPE-9"),
        ({"ref": "CY-02", "relevant": True, "likelihood": 6, "impact": 2}, "CY-02"),
        ({"ref": "CY-02", "relevant": True, "likelihood": 0}, "CY-02"),
        ({"ref": "PR-01", "relevant": "maybe"}, "PR-01"),
        ({"ref": "PR-01", "relevant": True, "impact": "5"}, "PR-01"),
    ],
)
def test_bad_answers_get_422_naming_the_ref(
    live: Live, review: Any, entry: dict[str, Any], ref: str
) -> None:
    answer = _api(live, review.tokens["bob"], {"risks": [entry], "submit": False})
    assert answer.status_code == 422, answer.text
    assert answer.json()["ref"] == ref
    assert ref in answer.json()["detail"]
    assert _api(live, review.tokens["bob"]).json()["answers"] == []  # nothing kept


@pytest.mark.parametrize("body", [[], "x", {"risks": "no"}, {"risks": [], "submit": "yes"}])
def test_malformed_bodies_get_422_not_500(live: Live, review: Any, body: Any) -> None:
    answer = _api(live, review.tokens["bob"], body)
    assert answer.status_code == 422, answer.text


def test_a_token_reaches_its_one_questionnaire(live: Live, tenant: Tenant, review: Any) -> None:
    boss = Api(live.server.url).login(tenant.admin_email)
    other = push_review(boss, title="Another review", people=("cat",))
    ann, cat = review.tokens["ann"], other.tokens["cat"]
    _api(live, ann, {"risks": [{"ref": "CY-01", "relevant": False}], "submit": False})
    seen = _api(live, cat).json()
    assert seen["title"] == "Another review"
    assert seen["answers"] == []
    shown = _api(live, ann).text
    for secret in ("bob@", "Bob", review.tokens["bob"], tenant.admin_email, "@respondent"):
        assert secret not in shown
    assert set(_api(live, ann).json()) == {
        "kind", "partner", "title", "description", "subject", "due", "status", "read_only",
        "risks", "answers",
    }  # fmt: skip
    # Another's questionnaire cannot be reached from this token by path tricks either.
    for path in (f"/v1/respond/{ann}%2F..%2F{cat}", f"/v1/respond/{ann}{cat}"):
        assert requests.get(live.server.url + path, timeout=30).status_code == 404
    # The token does not open the partner's API.
    pulled = requests.get(
        f"{live.server.url}/v1/sync/pull", headers={"Authorization": f"Bearer {ann}"}, timeout=30
    )
    assert pulled.status_code == 401


def test_postgres_row_security_shows_a_token_only_its_row(live: Live, review: Any) -> None:
    if live.database.kind != "postgres":
        pytest.skip("row-level security is PostgreSQL's")
    engine = create_engine(live.database.app_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text("SELECT set_config('app.respondent_token', :h, true)"),
                {"h": token_hash(review.tokens["ann"])},
            )
            count = {
                table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in ("review_participant", "assessment", "risk_review", "review_risk",
                              "client", "prospect", "partner", "advisor")
            }  # fmt: skip
    finally:
        engine.dispose()
    assert count == {
        "review_participant": 1, "assessment": 0, "risk_review": 0, "review_risk": 0,
        "client": 0, "prospect": 0, "partner": 0, "advisor": 0,
    }  # fmt: skip


def test_the_page_escapes_and_sends_security_headers(live: Live, review: Any) -> None:
    page = requests.get(f"{live.server.url}/r/{review.tokens['ann']}", timeout=30)
    assert page.status_code == 200
    assert "<script" not in page.text.lower()
    assert "Phishing &lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "Cyber &lt;b&gt;check&lt;/b&gt;" in page.text
    assert "Lumen &lt;i&gt;Dental&lt;/i&gt;" in page.text
    csp = page.headers["Content-Security-Policy"]
    for part in ("default-src 'none'", "style-src 'self'", "img-src data: 'self'",
                 "form-action 'self'"):  # fmt: skip
        assert part in csp
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert 'name="viewport"' in page.text
    css = requests.get(f"{live.server.url}/static/respond.css", timeout=30)
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    for kind in (_api(live, review.tokens["ann"]), _api(live, "unknown-token-" + "x" * 20)):
        assert kind.headers["Cache-Control"] == "no-store"


def _form(live: Live, token: str, fields: dict[str, str]) -> requests.Response:
    return requests.post(
        f"{live.server.url}/r/{token}", data=fields, allow_redirects=False, timeout=30
    )


def test_the_form_saves_drafts_confirms_and_turns_read_only(live: Live, review: Any) -> None:
    token = review.tokens["bob"]
    first = {"relevant-0": "yes", "likelihood-0": "3", "impact-0": "4", "relevant-1": "no"}
    saved = _form(live, token, {"page": "0", "action": "save", **first})
    assert saved.status_code == 303
    assert saved.headers["location"].endswith("?page=0&saved=1")
    assert _api(live, token).json()["answers"] == [
        {"ref": "CY-01", "relevant": True, "likelihood": 3, "impact": 4},
        {"ref": "CY-02", "relevant": False, "likelihood": None, "impact": None},
    ]
    bad = _form(live, token, {"page": "1", "action": "next", "relevant-2": "yes",
                              "likelihood-2": "9"})  # fmt: skip
    assert bad.status_code == 422
    assert "PR-01" in bad.text
    assert 'value="yes" checked' in bad.text  # what was typed stays on the page
    asked = _form(live, token, {"page": "1", "action": "submit", "relevant-2": "yes"})
    assert asked.headers["location"].endswith("?confirm=1")
    refused = _form(live, token, {"page": "0", "action": "confirm"})
    assert refused.status_code == 422
    assert "PR-01" in refused.text
    _form(live, token, {"page": "1", "action": "save", "relevant-2": "yes", "likelihood-2": "2",
                        "impact-2": "2"})  # fmt: skip
    confirmed = _form(live, token, {"page": "0", "action": "confirm"})
    assert confirmed.status_code == 303
    shown = requests.get(f"{live.server.url}/r/{token}", timeout=30).text
    assert "submitted" in shown
    assert "<form" not in shown
    late = _form(live, token, {"page": "0", "action": "save", "relevant-0": "no"})
    assert late.status_code == 409
    assert _api(live, token).json()["answers"][0]["relevant"] is True
