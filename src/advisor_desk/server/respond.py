"""The respondents' side (issue 14, business-development.md "Respondents' side"): a link
`/r/{token}` opens one questionnaire (a review participant's risk cards or an assessment);
`/v1/respond/{token}` is the same as JSON.

- The token (≥ 128 random bits, made on the laptop) is found by its SHA-256 only. On
  PostgreSQL the lookup runs with no partner set: row-level security lets the transaction see
  only the participant or assessment row whose hash is `app.respondent_token` (policy
  `find_respondent`, s0014); the partner of that one row is then set as the tenant.
- Unknown, revoked and expired tokens get the same 404; a submitted questionnaire is
  read-only (409 on another answer); bad answers 422 naming the ref. Page and API save
  through `services.bizdev.respond.answer` (one validation).
- Rate limited per token and per address in the database (`srv_login_attempt`, kinds
  `rtoken`/`raddr`), like failed logins, so every server process counts the same requests.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain.respondent_links import token_hash
from advisor_desk.server import auth
from advisor_desk.server.db import ServerDB
from advisor_desk.server.respond_page import STYLESHEET, install_page
from advisor_desk.services.bizdev import respond
from advisor_desk.services.errors import ValidationError
from advisor_desk.store.models import Assessment, ReviewParticipant

LIMIT_VARIABLE = "ADVISOR_DESK_SERVER_RESPOND_LIMIT"  # "per_token,per_address,window_seconds"
DEFAULT_LIMIT = (240, 3000, 60.0)
MAX_BODY = 1_000_000
GONE = "this link is not valid: it is unknown, withdrawn or expired"
SUBMITTED = "these answers were submitted and can no longer change"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src data: 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


class RefProblem(BaseModel):
    ref: str
    reason: str


class Refused(BaseModel):
    """404, 409, 413, 429 (and 422, naming the first ref and every problem)."""

    detail: str
    ref: str | None = None
    problems: list[RefProblem] = []


class Saved(BaseModel):
    status: str


ANSWERS: dict[int | str, dict[str, Any]] = {
    404: {"model": Refused, "description": GONE + " (one answer for the three)"},
    429: {"model": Refused, "description": "too many requests for this link or address"},
}


class RespondLimiter(auth.RateLimiter):
    """Requests (not only failures) per token and per address in a sliding window."""

    def __init__(self, per_token: int, per_address: int, window: float) -> None:
        super().__init__(window=window)
        self.limits = {"rtoken": per_token, "raddr": per_address}

    @staticmethod
    def _keys(email: str, address: str) -> list[tuple[str, str]]:
        return [("rtoken", token_hash(email)), ("raddr", auth._storable(address))]  # noqa: SLF001


def limiter_from_environment() -> RespondLimiter:
    raw = os.environ.get(LIMIT_VARIABLE, "")
    try:
        token, address, window = (float(part) for part in raw.split(","))
        return RespondLimiter(int(token), int(address), window)
    except ValueError:
        return RespondLimiter(*DEFAULT_LIMIT)


def secured(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers[name] = value
    return response


def _partner_of(session: Session, digest: str) -> str | None:
    """The partner of the one row this hash opens (seen through `find_respondent` on
    PostgreSQL, before any partner is set)."""
    for model in (ReviewParticipant, Assessment):
        found = session.scalars(
            select(model.partner_id).where(model.token_hash == digest).limit(1)
        ).first()
        if found is not None:
            return found
    return None


@contextmanager
def opened(db: ServerDB, token: str, *, write: bool) -> Iterator[tuple[Session, Any]]:
    """A transaction scoped to the token's questionnaire: (session, Target or None)."""
    with db.transaction(write=write) as session:
        if not isinstance(token, str) or not 20 <= len(token) <= 100 or not token.isascii():
            yield session, None
            return
        digest = token_hash(token)
        db.set_local(session, "app.respondent_token", digest)
        partner_id = _partner_of(session, digest)
        if partner_id is None:
            yield session, None
            return
        db.set_tenant(session, partner_id)
        yield session, respond.find_by_token(session, token)


def problems_json(error: ValidationError) -> dict[str, Any]:
    problems = [{"ref": ref, "reason": reason} for ref, reason in error.problems]
    first = problems[0]["ref"] if problems else None
    return {"detail": str(error), "ref": first, "problems": problems}


def _json(status: int, body: dict[str, Any]) -> Response:
    return secured(JSONResponse(body, status_code=status))


def install(app: FastAPI, db: Callable[[], ServerDB], address: Callable[[Request], str]) -> None:
    """`/v1/respond/{token}`, the page `/r/{token}` and its stylesheet (server/app.py)."""
    limiter = limiter_from_environment()

    def check_rate(token: str, request: Request) -> Response | None:
        try:
            limiter.reserve(db(), token if isinstance(token, str) else "", address(request))
        except auth.RateLimited as limited:
            wait = limited.retry_after
            response = _json(429, {"detail": f"too many requests: wait {wait} seconds"})
            response.headers["Retry-After"] = str(wait)
            return response
        return None

    @app.get(
        "/v1/respond/{token}", responses={200: {"content": {"application/json": {}}}, **ANSWERS},
        tags=["respond"],
    )  # fmt: skip
    def questionnaire(token: str, request: Request) -> Response:
        refused = check_rate(token, request)
        if refused is not None:
            return refused
        with opened(db(), token, write=False) as (session, target):
            if target is None:
                return _json(404, {"detail": GONE})
            return _json(200, respond.questionnaire(session, target))

    @app.post(
        "/v1/respond/{token}", response_model=Saved, tags=["respond"],
        responses={**ANSWERS, 409: {"model": Refused, "description": SUBMITTED},
                   413: {"model": Refused, "description": "the answers are too large"},
                   422: {"model": Refused, "description": "answers the rules refuse, by ref"}},
    )  # fmt: skip
    async def answer(token: str, request: Request) -> Response:
        refused = check_rate(token, request)
        if refused is not None:
            return refused
        raw = await request.body()
        if len(raw) > MAX_BODY:
            return _json(413, {"detail": f"the answers are over {MAX_BODY} bytes"})
        try:
            doc = json.loads(raw or b"null")
        except ValueError:
            return _json(422, {"detail": "the body is not JSON", "ref": None, "problems": []})
        submit = doc.pop("submit", False) if isinstance(doc, dict) else False
        if not isinstance(submit, bool):
            problem = {"ref": "submit", "reason": "must be true or false"}
            return _json(422, {"detail": "submit must be true or false", "ref": "submit",
                               "problems": [problem]})  # fmt: skip
        return save(token, doc, submit)

    def save(token: str, doc: Any, submit: bool) -> Response:
        try:
            with opened(db(), token, write=True) as (session, target):
                if target is None:
                    return _json(404, {"detail": GONE})
                status = respond.answer(session, target, doc, submit=submit)
        except ValidationError as error:
            return _json(422, problems_json(error))
        except respond.AlreadySubmitted:
            return _json(409, {"detail": SUBMITTED})
        return _json(200, {"status": status})

    @app.get("/static/respond.css", include_in_schema=False)
    def stylesheet() -> Response:
        response = PlainTextResponse(STYLESHEET, media_type="text/css")
        response.headers["Cache-Control"] = "public, max-age=3600"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    install_page(app, db, check_rate)
