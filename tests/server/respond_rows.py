"""A published review of a prospect with participants whose links are known, pushed to a live
server as an administrator's laptop would (tests of the respondents' page and API)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from advisor_desk.domain.respondent_links import token_hash
from tests.server.api import Api, new_id

RISKS = (
    ("CY-01", "Phishing <script>alert(1)</script>", "Cyber"),
    ("CY-02", "Ransomware", "Cyber"),
    ("PR-01", "Privacy breach", "Privacy"),
)
OPEN_UNTIL = "2999-12-31"


def _insert(mid: int, entity: str, row_id: str, **fields: Any) -> dict[str, Any]:
    return {"mid": mid, "entity": entity, "id": row_id, "op": "insert", "base_version": 0,
            "fields": fields}  # fmt: skip


@dataclass
class Review:
    id: str
    prospect: str
    tokens: dict[str, str] = field(default_factory=dict)  # name -> token
    participants: dict[str, str] = field(default_factory=dict)  # name -> participant id
    next_mid: int = 1  # the pushing device's next mutation id


def push_review(
    api: Api, *, title: str = "Cyber <b>check</b>", people: tuple[str, ...] = ("ann", "bob"),
    revoked: tuple[str, ...] = (), expired: tuple[str, ...] = (),
) -> Review:  # fmt: skip
    """The review, its risks and one participant per name (`revoked`/`expired` ones too)."""
    review = Review(new_id(), new_id())
    rows = [
        _insert(1, "prospect", review.prospect, name="Lumen <i>Dental</i>", created="2026-05-14"),
        _insert(2, "risk_review", review.id, title=title, client_id=None,
                prospect_id=review.prospect, status="published", created="2026-05-14",
                due="2026-06-30", excluded_refs=[], description="Tell us what worries you."),
    ]  # fmt: skip
    for position, (ref, risk_title, domain) in enumerate(RISKS):
        rows.append(
            _insert(len(rows) + 1, "review_risk", new_id(), review_id=review.id, client_id=None,
                    position=position, ref=ref, title=risk_title, domain=domain,
                    description=f"About {ref}", causes=["weak training"], impacts=["downtime"])
        )  # fmt: skip
    for name in (*people, *revoked, *expired):
        token, person = secrets.token_urlsafe(32), new_id()
        review.tokens[name], review.participants[name] = token, person
        extra: dict[str, Any] = {"revoked_at": "2026-05-20T10:00:00"} if name in revoked else {}
        rows.append(
            _insert(len(rows) + 1, "review_participant", person, review_id=review.id,
                    client_id=None, email=f"{name}@respondent.example", name=name.title(),
                    status="invited", token=token, token_hash=token_hash(token),
                    token_expires="2000-01-01" if name in expired else OPEN_UNTIL,
                    invited_at="2026-05-15T09:00:00", reopen_log=[], **extra)
        )  # fmt: skip
    results = api.push(rows)["results"]
    assert [r["status"] for r in results] == ["applied"] * len(rows), results
    review.next_mid = len(rows) + 1
    return review
