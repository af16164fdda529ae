"""Business development rows on the server (SQLite and PostgreSQL): they migrate and sync, are
checked like every entity, and a client's review, participants and answers are seen only by
who sees that client; a prospect's by every advisor of the partner."""

from __future__ import annotations

from typing import Any

from tests.server.api import Api, client_insert, new_id
from tests.server.harness import Live, Tenant

HASH = "ab" * 32


def _insert(mid: int, entity: str, row_id: str, **fields: Any) -> dict[str, Any]:
    return {"mid": mid, "entity": entity, "id": row_id, "op": "insert", "base_version": 0,
            "fields": fields}  # fmt: skip


def _review(mid: int, review: str, *, client: str | None, prospect: str | None) -> list[Any]:
    person, answer = new_id(), new_id()
    common = {"client_id": client}
    return [
        _insert(mid, "risk_review", review, title="Cyber check", client_id=client,
                prospect_id=prospect, status="published", created="2026-05-14", excluded_refs=[]),
        _insert(mid + 1, "review_participant", person, review_id=review, email="p1@x.example",
                status="submitted", token="t" * 43, token_hash=HASH, reopen_log=[], **common),
        _insert(mid + 2, "review_response", answer, participant_id=person, review_id=review,
                ref="CY-01", relevant=True, likelihood=4, impact=5, **common),
    ]  # fmt: skip


def test_reviews_sync_and_follow_their_subjects_scope(live: Live, tenant: Tenant) -> None:
    boss = Api(live.server.url).login(tenant.admin_email)
    bo = Api(live.server.url).login(tenant.emails["bo"])
    hidden, prospect, contact = new_id(), new_id(), new_id()
    client_review, prospect_review = new_id(), new_id()
    results = boss.push(
        [
            client_insert(1, hidden, name="Hidden Co"),
            _insert(2, "prospect", prospect, name="Lumen Dental", created="2026-05-14"),
            _insert(3, "prospect_contact", contact, prospect_id=prospect, email="ceo@l.example"),
            *_review(4, client_review, client=hidden, prospect=None),
            *_review(7, prospect_review, client=None, prospect=prospect),
        ]
    )["results"]
    assert [r["status"] for r in results] == ["applied"] * 9, results
    assert {client_review, prospect_review} <= boss.rows("risk_review").keys()
    seen = bo.rows("risk_review")
    assert prospect_review in seen
    assert client_review not in seen  # bo has no access to Hidden Co
    assert len(bo.rows("review_participant")) == 1
    assert len(bo.rows("review_response")) == 1
    assert prospect in bo.rows("prospect")


def test_bad_bizdev_rows_are_rejected_naming_the_field(live: Live, tenant: Tenant) -> None:
    boss = Api(live.server.url).login(tenant.admin_email)
    prospect, review = new_id(), new_id()
    results = boss.push(
        [
            _insert(1, "prospect", prospect, name="Lumen", created="2026-05-14"),
            _insert(2, "risk_review", review, title="R", prospect_id=prospect, status="open",
                    created="2026-05-14", excluded_refs=[]),
            _insert(3, "risk_review", new_id(), title="R", prospect_id=prospect, status="draft",
                    created="2026-05-14", excluded_refs=[]),
            _insert(4, "prospect", new_id(), name="X", created="2026-05-14", domain="not a domain"),
            _insert(5, "prospect_contact", new_id(), prospect_id=prospect, email="nope"),
            _insert(6, "client_risk", new_id(), prospect_id=prospect, title="T", likelihood=3,
                    impact=3, treatment="ignore", status="open"),
        ]
    )["results"]  # fmt: skip
    assert [r["status"] for r in results] == [
        "applied", "rejected", "applied", "rejected", "rejected", "rejected",
    ], results  # fmt: skip
    reasons = [results[i]["error"] for i in (1, 3, 4, 5)]
    assert [reason.split(":")[0] for reason in reasons] == [
        "status", "domain", "email", "treatment",
    ]  # fmt: skip
