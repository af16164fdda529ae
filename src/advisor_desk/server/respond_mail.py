"""E-mail to respondents: a review's invitations and reminders, an assessment's sending and
reminders, sent by the server once each (`serve --smtp-url`, server/smtp.py).

A laptop marks them (`review publish` sets a participant's `invited_at`, `review remind` its
`reminded_at`; `assessment send` sets `sent_at`, `assessment remind` raises `reminders`) and
pushes the rows; after the push is answered the server e-mails what is new, with the link, the
due date and the partner's name, and notes it in `srv_respond_mail` (committed before the mail
goes out: a mail is never sent twice, a failed one is noted with its error).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from fastapi import BackgroundTasks, Request
from sqlalchemy import Boolean, DateTime, String, Text
from sqlalchemy.orm import Mapped, Session, mapped_column

from advisor_desk.server.db import ServerDB
from advisor_desk.server.invitations import base_url_of, relay_from_environment
from advisor_desk.server.models import ServerBase
from advisor_desk.server.smtp import MailError, send_mail
from advisor_desk.store.models import Assessment, Partner, ReviewParticipant, RiskReview
from advisor_desk.store.types import utcnow

log = logging.getLogger("advisor_desk.server.respond_mail")
ENTITIES = {"review_participant", "assessment"}


class RespondMail(ServerBase):
    __tablename__ = "srv_respond_mail"

    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    partner_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    invited: Mapped[bool] = mapped_column(Boolean, default=False)
    reminded: Mapped[str] = mapped_column(String(40), default="")  # the last reminder mailed
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    error: Mapped[str] = mapped_column(Text, default="")


@dataclass(frozen=True)
class Mail:
    row_id: str
    to: str
    subject: str
    text: str


def _link(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/r/{token}"


def mail_text(
    *, partner: str, title: str, url: str, due: dt.date | None, reminder: bool, name: str = ""
) -> tuple[str, str]:
    """(subject, plain text) of an invitation or a reminder."""
    when = f" by {due.strftime('%d %B %Y').lstrip('0')}" if due else ""
    subject = f"{'Reminder: ' if reminder else ''}{partner} asks for your answers: {title}"
    hello = f"Hello {name},\n\n" if name else "Hello,\n\n"
    first = (
        f"This is a reminder: {partner} is still waiting for your answers to “{title}”"
        if reminder
        else f"{partner} invites you to answer “{title}”"
    )
    text = (
        f"{hello}{first}{when}.\n\nOpen your personal link (no account needed):\n{url}\n\n"
        "You can save a draft and come back to the same link; once you submit, your answers "
        "are final. The link is yours alone: please do not forward it.\n\n"
        f"— {partner}\n"
    )
    return subject, text


def due_mails(session: Session, partner: Partner, row_ids: list[str], base_url: str) -> list[Mail]:
    """The mails these rows ask for now, marked as sent (the caller commits, then sends)."""
    out: list[Mail] = []
    for row_id in dict.fromkeys(row_ids):
        person = session.get(ReviewParticipant, row_id)
        row: ReviewParticipant | Assessment | None = person
        if person is not None:
            review = session.get(RiskReview, person.review_id)
            if review is None or review.deleted:
                continue
            invited = person.invited_at is not None
            reminder_key: object = person.reminded_at
            title, due, to, name = review.title, review.due, person.email, person.name
            submitted = person.status == "submitted"
        else:
            row = session.get(Assessment, row_id)
            if row is None:
                continue
            invited, reminder_key = row.sent_at is not None, row.reminders or None
            title, due, to, name = row.title, row.due, row.respondent_email, row.respondent_name
            submitted = row.status in {"submitted", "closed"}
        if row is None or row.deleted or row.revoked_at is not None or not to:
            continue
        mark = session.get(RespondMail, row_id)
        if mark is None:
            kind = "review" if person is not None else "assessment"
            mark = RespondMail(row_id=row_id, partner_id=partner.id, kind=kind, invited=False,
                               reminded="", error="")  # fmt: skip
            session.add(mark)
        url = _link(base_url, row.token)
        key = "" if reminder_key is None else str(reminder_key)
        if invited and not mark.invited:
            mark.invited = True
            mark.reminded = key  # a reminder made before the invitation went out is not sent
            subject, text = mail_text(partner=partner.name, title=title, url=url, due=due,
                                      reminder=False, name=name)  # fmt: skip
            out.append(Mail(row_id, to, subject, text))
        elif key and key != mark.reminded and not submitted:
            mark.reminded = key
            subject, text = mail_text(partner=partner.name, title=title, url=url, due=due,
                                      reminder=True, name=name)  # fmt: skip
            out.append(Mail(row_id, to, subject, text))
    return out


def send_due(db: ServerDB, partner_id: str, row_ids: list[str], base_url: str) -> None:
    relay = relay_from_environment()
    with db.transaction(write=True, partner_id=partner_id) as session:
        partner = session.get(Partner, partner_id)
        if partner is None:
            return
        mails = due_mails(session, partner, row_ids, base_url)
        if relay is None:
            for mail in mails:
                mark = session.get(RespondMail, mail.row_id)
                if mark is not None:
                    mark.error = "no mail relay: the server runs without --smtp-url"
            return
    for mail in mails:
        error = ""
        try:
            send_mail(relay, to=mail.to, subject=mail.subject, text=mail.text)
        except MailError as problem:
            error = str(problem)
            log.warning("respondent mail not sent: %s", error)
        with db.transaction(write=True, partner_id=partner_id) as session:
            mark = session.get(RespondMail, mail.row_id)
            if mark is not None:
                mark.error = error
                mark.sent_at = None if error else utcnow()


def after_push(
    background: BackgroundTasks, db: ServerDB, caller: Any, body: Any, request: Request
) -> None:
    """Once a push is committed: e-mail the invitations and reminders its rows ask for."""
    ids = [m.id for m in body.mutations if m.entity in ENTITIES]
    if ids:
        background.add_task(send_due, db, caller.partner_id, ids, base_url_of(request))
