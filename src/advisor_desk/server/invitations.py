"""Invitations on the server: the e-mailed one-time link, its page, and setting the password.

- An `invitation` row arrives by push (made on a laptop, online or not). When its `sends`
  is above what the server has sent, the server makes a new link (a random token of 256
  bits, only its SHA-256 stored, `srv_invitation_token`) and e-mails it (`serve
  --smtp-url`); a sending makes the links of earlier sendings worthless.
- `POST /v1/invitations/{id}/link` (an administrator): a link of the current sending to copy.
- `GET /invite/{token}`: a page (HTML, plain CSS, no JavaScript) with the form; it posts to
- `POST /v1/invitations/{token}` (`{"password": "…"}`, or the page's form): 200 and the
  advisor can log in; 404 (one body for all) for an unknown, used, revoked or expired link;
  422 for a password `domain.passwords` refuses, saying why.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from fastapi import BackgroundTasks, FastAPI, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from advisor_desk.domain.access_log import AccessKind
from advisor_desk.domain.passwords import password_problem
from advisor_desk.domain.permissions import role_label
from advisor_desk.server import access_log, auth
from advisor_desk.server.db import ServerDB
from advisor_desk.server.invitation_page import accepted_page, form_page, gone_page, mail_text
from advisor_desk.server.invite_upload_models import InvitationMail, InvitationToken
from advisor_desk.server.models import Login
from advisor_desk.server.smtp import SMTP_VARIABLE, MailError, Relay, parse_relay, send_mail
from advisor_desk.server.tenancy import Caller
from advisor_desk.store.models import Advisor, Invitation, Partner
from advisor_desk.store.types import utcnow

PUBLIC_URL_VARIABLE = "ADVISOR_DESK_SERVER_PUBLIC_URL"
MAX_VALID = dt.timedelta(days=90)  # whatever a laptop wrote, a link lasts at most this
GONE = "this invitation link is not valid: it was used, revoked or it expired"
log = logging.getLogger("advisor_desk.server.invitations")


@dataclass(frozen=True)
class Found:
    token: InvitationToken
    invitation: Invitation
    advisor: Advisor
    partner: Partner


def new_token() -> str:
    return secrets.token_urlsafe(32)  # 256 random bits


def _live_invitation(session: Session, invitation_id: str) -> Invitation | None:
    row = session.get(Invitation, invitation_id)
    if row is None or row.deleted or row.revoked_at is not None or row.accepted_at is not None:
        return None
    if row.expires_at <= utcnow():
        return None
    return row


def find(db: ServerDB, session: Session, token: str) -> Found | None:
    """The invitation a link is worth (None: unknown, used, revoked, expired, superseded)."""
    if not token or len(token) > 200 or not token.isascii() or not token.isprintable():
        return None
    digest = auth.hash_token(token)
    db.set_local(session, "app.invitation_token", digest)
    row = session.get(InvitationToken, digest)
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        return None
    db.set_tenant(session, row.partner_id)
    invitation = _live_invitation(session, row.invitation_id)
    if invitation is None or invitation.sends != row.sends:
        return None
    advisor = session.get(Advisor, invitation.advisor_id)
    partner = session.get(Partner, row.partner_id)
    if advisor is None or advisor.deleted or partner is None:
        return None
    return Found(row, invitation, advisor, partner)


def make_link(session: Session, invitation: Invitation, base_url: str) -> tuple[str, str]:
    """A new link of the invitation's current sending: (url, token)."""
    token = new_token()
    session.add(
        InvitationToken(
            token_hash=auth.hash_token(token),
            partner_id=invitation.partner_id,
            invitation_id=invitation.id,
            sends=invitation.sends,
            created_at=utcnow(),
            expires_at=min(invitation.expires_at, utcnow() + MAX_VALID),
        )
    )
    return f"{base_url.rstrip('/')}/invite/{token}", token


def accept(db: ServerDB, session: Session, token: str, password: str) -> Found:
    """Set the invited advisor's password (InvitationGone, or a DomainError why refused)."""
    found = find(db, session, token)
    if found is None:
        raise InvitationGone()
    advisor = found.advisor
    problem = password_problem(password, identity=(advisor.email, advisor.name or ""))
    if problem is not None:
        raise PasswordRefused(f"the password {problem}")
    key = auth.normal_email(advisor.email)
    db.set_local(session, "app.login_email", key)
    other = session.scalars(select(Login).where(Login.email == key)).first()
    if other is not None and other.advisor_id != advisor.id:
        raise PasswordRefused(f"{advisor.email} can already log in (to this or another partner)")
    auth.set_password(session, partner_id=found.partner.id, advisor=advisor, password=password)
    now = utcnow()
    session.execute(
        update(InvitationToken)
        .where(InvitationToken.invitation_id == found.invitation.id)
        .values(used_at=now)
    )
    found.invitation.accepted_at = now
    session.flush()
    access_log.record(
        session,
        found.partner.id,
        AccessKind.INVITATION_ACCEPTED,
        advisor.email,
        advisor,
        "password set from the invitation link",
    )
    return found


class InvitationGone(Exception):
    """404: unknown, used, revoked or expired (one answer for all)."""


class PasswordRefused(Exception):
    """422: the password may not be set; the text says why."""


def relay_from_environment() -> Relay | None:
    url = os.environ.get(SMTP_VARIABLE)
    return parse_relay(url) if url else None


def send_due(db: ServerDB, partner_id: str, invitation_ids: list[str], base_url: str) -> None:
    """E-mail a new link for each invitation whose `sends` is above what was sent."""
    relay = relay_from_environment()
    outgoing: list[tuple[str, str, str, str, str]] = []
    with db.transaction(write=True, partner_id=partner_id) as session:
        partner = session.get(Partner, partner_id)
        for invitation_id in invitation_ids:
            invitation = _live_invitation(session, invitation_id)
            if invitation is None or partner is None:
                continue
            mail = session.get(InvitationMail, invitation_id)
            if mail is None:
                mail = InvitationMail(
                    invitation_id=invitation_id, partner_id=partner_id, sends_done=0, error=""
                )
                session.add(mail)
            if invitation.sends <= mail.sends_done:
                continue
            mail.sends_done = invitation.sends
            url, _token = make_link(session, invitation, base_url)
            if relay is None:
                mail.error = "no mail relay: the server runs without --smtp-url"
                continue
            outgoing.append(
                (invitation_id, invitation.email, partner.name, url, _day(invitation.expires_at))
            )
    for invitation_id, email, partner_name, url, expires in outgoing:
        assert relay is not None
        error = ""
        try:
            subject, text, html = mail_text(partner_name, url, expires, base_url)
            send_mail(relay, to=email, subject=subject, text=text, html=html)
        except MailError as problem:
            error = str(problem)
            log.warning("invitation mail not sent: %s", error)
        with db.transaction(write=True, partner_id=partner_id) as session:
            mail = session.get(InvitationMail, invitation_id)
            if mail is not None:
                mail.error = error
                mail.sent_at = None if error else utcnow()


def _day(moment: dt.datetime) -> str:
    return moment.strftime("%d %b %Y %H:%M UTC")


def base_url_of(request: Request) -> str:
    return os.environ.get(PUBLIC_URL_VARIABLE) or str(request.base_url).rstrip("/")


def pushed_invitations(body: Any) -> list[str]:
    """The ids of invitation rows in a push request."""
    return [m.id for m in body.mutations if m.entity == "invitation"]


def after_push(
    background: BackgroundTasks, db: ServerDB, caller: Caller, body: Any, request: Request
) -> None:
    """Once a push is committed: send the e-mails its invitations ask for (after answering)."""
    ids = pushed_invitations(body)
    if ids:
        background.add_task(send_due, db, caller.partner_id, ids, base_url_of(request))


async def _password_of(request: Request) -> tuple[str | None, bool]:
    """The password posted (JSON `{"password"}` or the page's form) and whether a form."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    raw = await request.body()
    if kind == "application/x-www-form-urlencoded":
        fields = parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)
        password = fields.get("password", [None])[0]
        again = fields.get("again", [password])[0]
        if password is not None and again != password:
            return "\0differ", True
        return password, True
    try:
        data = json.loads(raw or b"null")
    except ValueError:
        return None, False
    password = data.get("password") if isinstance(data, dict) else None
    return (password if isinstance(password, str) else None), False


def install(app: FastAPI, db: Callable[[], ServerDB]) -> None:
    """The invitation page and its API (registered by server/app.py)."""

    @app.get("/invite/{token}", response_class=HTMLResponse, include_in_schema=False)
    def invite_page(token: str, request: Request) -> Response:
        with db().transaction(write=False) as session:
            found = find(db(), session, token)
            if found is None:
                return HTMLResponse(gone_page(), status_code=404)
            return HTMLResponse(_form(found, token, request))

    @app.post(
        "/v1/invitations/{token}",
        responses={404: {"description": GONE}, 422: {"description": "the password is refused"}},
    )
    async def set_password(token: str, request: Request) -> Response:
        password, form = await _password_of(request)
        if password == "\0differ":
            return _refused("the two passwords differ", form, token, request)
        if password is None:
            return _refused("give the password to set", form, token, request)
        try:
            found = _accept(db(), token, password)
        except InvitationGone:
            if form:
                return HTMLResponse(gone_page(), status_code=404)
            return JSONResponse({"detail": GONE}, status_code=404)
        except PasswordRefused as error:
            return _refused(str(error), form, token, request)
        url = base_url_of(request)
        if form:
            return HTMLResponse(accepted_page(found.advisor.email, found.partner.name, url))
        return JSONResponse({"email": found.advisor.email, "server_url": url})

    def _refused(reason: str, form: bool, token: str, request: Request) -> Response:
        if not form:
            return JSONResponse(
                {"detail": reason, "field": "password", "reason": reason}, status_code=422
            )
        with db().transaction(write=False) as session:
            found = find(db(), session, token)
            if found is None:
                return HTMLResponse(gone_page(), status_code=404)
            page = _form(found, token, request, reason)
        return HTMLResponse(page, status_code=422)

    @app.post("/v1/invitations/{invitation_id}/link", responses={403: {}, 404: {}})
    def link(invitation_id: str, request: Request) -> Response:
        token = _bearer(request)
        with db().transaction(write=True) as session:
            caller = auth.authenticate(db(), session, token)
            if not caller.is_admin:
                return JSONResponse(
                    {"detail": "only administrators invite advisors"}, status_code=403
                )
            invitation = _live_invitation(session, invitation_id)
            if invitation is None or invitation.partner_id != caller.partner_id:
                return JSONResponse(
                    {"detail": "no such invitation waiting (used, revoked, expired or unknown)"},
                    status_code=404,
                )
            url, _ = make_link(session, invitation, base_url_of(request))
            expires = invitation.expires_at
        return JSONResponse({"url": url, "expires": expires.isoformat() + "Z"})


def _form(found: Found, token: str, request: Request, problem: str = "") -> str:
    return form_page(
        found.advisor.email,
        found.partner.name,
        token,
        base_url_of(request),
        problem,
        role=role_label(found.invitation.role),
        invited_by=found.invitation.invited_by,
    )


def _accept(db: ServerDB, token: str, password: str) -> Found:
    with db.transaction(write=True) as session:
        found = accept(db, session, token, password)
        session.expunge_all()
        return found


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None
