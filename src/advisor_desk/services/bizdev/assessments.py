"""Assessments: an assessment template sent to one respondent of a prospect or a client, with
a due date and a private link; answered in a browser (or here, from a file); scored per
domain and overall (rule 6); reminded when not submitted.

Status: sent → in_progress → submitted → closed; listed as `overdue` when past its due date
and not submitted. An assessment is named by its id (or the first 8 or more characters).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from advisor_desk.domain.licenses import ContentKind
from advisor_desk.domain.respondent_links import expires, link_url, new_link
from advisor_desk.services.bizdev.common import (
    has_server,
    item_titled,
    now,
    server_url,
    subject_name,
    today_of,
    url_for,
)
from advisor_desk.services.bizdev.risk_libraries import template_questions
from advisor_desk.services.bizdev.send_preview import plan_send
from advisor_desk.services.errors import NotFoundError, ServiceError, ValidationError
from advisor_desk.store.base import table_of
from advisor_desk.store.changes import CLIENTS, record_rows
from advisor_desk.store.models import (
    Assessment,
    Outbox,
    Partner,
)
from advisor_desk.store.outbox import mutation_rows
from advisor_desk.store.types import new_id

SENT, IN_PROGRESS, SUBMITTED, CLOSED, OVERDUE = (
    "sent",
    "in_progress",
    "submitted",
    "closed",
    "overdue",
)
STATUSES = (SENT, IN_PROGRESS, SUBMITTED, CLOSED, OVERDUE)


@dataclass(frozen=True)
class Sent:
    id: str
    recipient: str
    email: str
    url: str


@dataclass(frozen=True)
class SendResult:
    template: str
    sent: tuple[Sent, ...]
    skipped: tuple[tuple[str, str], ...]  # (recipient, why)
    sent_by_server: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "template": self.template,
            "sent": [
                {"id": s.id, "recipient": s.recipient, "email": s.email, "url": s.url}
                for s in self.sent
            ],
            "skipped": [{"recipient": r, "reason": why} for r, why in self.skipped],
        }


@dataclass(frozen=True)
class AssessmentRow:
    id: str
    title: str
    recipient: str
    email: str
    due: dt.date
    status: str  # with `overdue` derived
    reminders: int

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "assessment": self.title,
            "recipient": self.recipient,
            "email": self.email,
            "due": self.due.isoformat(),
            "status": self.status,
            "reminders": self.reminders,
        }


def shown_status(row: Assessment, day: dt.date) -> str:
    if row.status in (SENT, IN_PROGRESS) and day > row.due:
        return OVERDUE
    return row.status


def apply_send(
    session: Session,
    partner: Partner,
    template: str,
    *,
    due: dt.date,
    clients: Sequence[str] = (),
    prospects: Sequence[str] = (),
    all_clients: bool = False,
    tag: str | None = None,
    tier: str | None = None,
    billing_model: str | None = None,
    respondent_email: str | None = None,
    respondent_name: str = "",
) -> SendResult:
    """One assessment per recipient. A client not entitled (rule 7) or without a contact is
    skipped with the reason; each recipient gets all of its assessment or nothing."""
    item = item_titled(
        session, partner, template, ContentKind.ASSESSMENT_TEMPLATE.value, "template"
    )
    if not template_questions(session, item):
        raise ValidationError([("template", f"{item.title} has no questions")])
    day = today_of(partner)
    plan = plan_send(  # the rule the window's preview shows (send_preview.py)
        session, partner, item, clients=clients, prospects=prospects, all_clients=all_clients,
        tag=tag, tier=tier, billing_model=billing_model, respondent_email=respondent_email,
        respondent_name=respondent_name, day=day,
    )  # fmt: skip
    if due < day:
        raise ValidationError([("due", f"{due.isoformat()} is before today ({day.isoformat()})")])
    sent: list[Sent] = []
    rows: list[dict[str, Any]] = []
    at = now()
    base = server_url(session)  # once: a lookup per row would flush per row
    expiry = expires(due, day)
    for delivery in plan.to_send:
        subject, email = delivery.subject, delivery.email
        link = new_link()
        assessment_id = new_id()
        row: dict[str, Any] = {
            "id": assessment_id,
            "version": 0,
            "base_version": 0,
            "deleted": False,
            "updated_at": at,
            "partner_id": partner.id,
            "content_id": item.id,
            "item_version": item.item_version,
            "title": item.title,
            "client_id": subject.client_id,
            "prospect_id": subject.prospect_id,
            "respondent_email": email,
            "respondent_name": delivery.name,
            "created": day,
            "due": due,
            "status": SENT,
            **link,
            "token_expires": expiry,
            "revoked_at": None,
            "sent_at": at,
            "reminded_at": None,
            "reminders": 0,
            "submitted_at": None,
            "closed_at": None,
            "reopen_log": [],
        }
        rows.append(row)
        sent.append(Sent(assessment_id, subject.name, email, link_url(base, link["token"])))
    _insert(session, rows)
    return SendResult(item.title, tuple(sent), plan.skipped, has_server(session))


def _insert(session: Session, rows: list[dict[str, Any]]) -> None:
    """Many assessments at once: Core inserts with their outbox mutations, recorded as
    changes (services-conventions.md, bulk writers), in the caller's transaction."""
    if not rows:
        return
    session.flush()
    for start in range(0, len(rows), 1000):
        chunk = rows[start : start + 1000]
        connection = session.connection()
        connection.execute(insert(table_of(Assessment)), chunk)
        connection.execute(insert(table_of(Outbox)), mutation_rows("assessment", chunk))
    record_rows(session, "created", "assessment", (row["id"] for row in rows))
    owners = {row["client_id"] for row in rows if row["client_id"]}
    if owners:
        record_rows(session, CLIENTS, "client", owners)


def find_assessment(session: Session, partner: Partner, key: str) -> Assessment:
    wanted = (key or "").strip()
    row = session.get(Assessment, wanted)
    if row is None and len(wanted) >= 8:
        rows = session.scalars(
            select(Assessment).where(
                Assessment.partner_id == partner.id,
                Assessment.id.startswith(wanted),
                Assessment.deleted.is_(False),
            )
        ).all()
        row = rows[0] if len(rows) == 1 else None
    if row is None or row.deleted or row.partner_id != partner.id:
        raise NotFoundError(f"assessment: no assessment {wanted!r}")
    return row


def list_assessments(
    session: Session, partner: Partner, *, status: str | None = None
) -> list[AssessmentRow]:
    if status is not None and status not in STATUSES:
        raise ValidationError([("status", f"{status!r} is not one of: {', '.join(STATUSES)}")])
    day = today_of(partner)
    out = []
    for row in session.scalars(
        select(Assessment)
        .where(Assessment.partner_id == partner.id, Assessment.deleted.is_(False))
        .order_by(Assessment.due, Assessment.created, Assessment.id)
    ):
        shown = shown_status(row, day)
        if status is None or shown == status:
            out.append(
                AssessmentRow(
                    row.id,
                    row.title,
                    subject_name(session, row.client_id, row.prospect_id),
                    row.respondent_email,
                    row.due,
                    shown,
                    row.reminders,
                )
            )
    return out


def link(session: Session, partner: Partner, key: str) -> dict[str, str]:
    row = find_assessment(session, partner, key)
    status = "revoked" if row.revoked_at else shown_status(row, today_of(partner))
    return {"email": row.respondent_email, "url": url_for(session, row.token), "status": status}


def apply_remind(
    session: Session, partner: Partner, *, overdue: bool = False
) -> list[dict[str, str]]:
    """Remind every respondent who has not submitted (only the overdue ones with `overdue`);
    without a server the reminders are marked and their links listed to send by hand."""
    day = today_of(partner)
    at = now()
    base = server_url(session)
    out = []
    for row in session.scalars(
        select(Assessment)
        .where(
            Assessment.partner_id == partner.id,
            Assessment.deleted.is_(False),
            Assessment.status.in_((SENT, IN_PROGRESS)),
            Assessment.revoked_at.is_(None),
        )
        .order_by(Assessment.due, Assessment.id)
    ):
        status = shown_status(row, day)
        if overdue and status != OVERDUE:
            continue
        if row.token_expires is not None and day > row.token_expires:
            continue
        row.reminded_at = at
        row.reminders = (row.reminders or 0) + 1
        out.append(
            {
                "id": row.id,
                "recipient": subject_name(session, row.client_id, row.prospect_id),
                "email": row.respondent_email,
                "url": link_url(base, row.token),
                "status": status,
            }
        )
    session.flush()
    return out


def apply_close(session: Session, partner: Partner, key: str) -> str:
    row = find_assessment(session, partner, key)
    row.status = CLOSED
    row.closed_at = now()
    return row.status


def apply_reopen(session: Session, partner: Partner, key: str, *, by: str = "") -> str:
    row = find_assessment(session, partner, key)
    if row.status != SUBMITTED:
        raise ServiceError(f"the assessment is {row.status}, not submitted")
    row.status = IN_PROGRESS
    row.submitted_at = None
    row.reopen_log = [
        *(row.reopen_log or []),
        {"at": now().isoformat(timespec="seconds"), "by": by or "advisor"},
    ]
    return row.status


def apply_revoke(session: Session, partner: Partner, key: str) -> None:
    row = find_assessment(session, partner, key)
    if row.revoked_at is None:
        row.revoked_at = now()
