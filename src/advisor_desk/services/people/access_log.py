"""The access log: every grant and removal of client access, role change, activation and
deactivation, invitation and failed login — who, what, when, from which device.

`record_access_event` writes one row inside the caller's transaction (the advisor edits in
`advisors.py` call it; invitations do too). The rows sync like any other (`access_event`),
seen by the partner's administrators only; the server writes failed logins itself.
`list_access_events` reads them with filters, `access_log_csv` exports them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from advisor_desk.domain.access_log import CSV_COLUMNS, AccessKind, kind_label
from advisor_desk.domain.permissions import Action, can
from advisor_desk.services import whoami
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.partner import current_partner
from advisor_desk.store.engine import Store
from advisor_desk.store.models import AccessEvent, Advisor, Partner
from advisor_desk.store.types import utcnow

Person = whoami.Me | Advisor | str | None


@dataclass(frozen=True)
class AccessEntry:
    id: str
    at: dt.datetime  # UTC
    kind: str
    actor: str
    subject: str
    detail: str
    device: str

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)


def record_access_event(
    session: Session,
    partner: Partner,
    actor: Person,
    kind: AccessKind | str,
    subject: Person,
    detail: str = "",
    *,
    device: str | None = None,
    at: dt.datetime | None = None,
) -> AccessEvent | None:
    """One log row. `actor`: who did it (None: whoever works on this laptop); `subject`: whom
    it is about (an Advisor, or words such as an invited e-mail).

    None when whoever works here may not keep the log (a role the permission table refuses
    `ACCESS_LOG`): their change itself is refused by the server, so it happened nowhere."""
    who: Person = actor
    if actor is None:
        me = whoami.whoami(session)
        if not can(me.role, Action.ACCESS_LOG):
            return None
        who = me
    actor_name, actor_id = _named(who)
    subject_name, subject_id = _named(subject)
    row = AccessEvent(
        partner_id=partner.id,
        at=at or utcnow(),
        kind=AccessKind(kind).value,
        actor=actor_name[:254],
        actor_id=actor_id,
        subject=subject_name[:254],
        subject_id=subject_id,
        detail=detail,
        device=(device if device is not None else whoami.device_name(session))[:200],
    )
    session.add(row)
    return row


def _named(person: Person) -> tuple[str, str | None]:
    if person is None:
        return "", None
    if isinstance(person, str):
        return person, None
    if isinstance(person, whoami.Me):
        return person.name, person.advisor_id
    return person.name or person.email, person.id


def list_access_events(
    session: Session,
    partner: Partner,
    *,
    kinds: Iterable[str] = (),
    person: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[AccessEntry]:
    """Newest first. `kinds`: only these; `person`: text in who or whom (any case);
    `since`/`until`: days (UTC), both included."""
    wanted = [_kind(value) for value in kinds]
    query = select(AccessEvent).where(
        AccessEvent.partner_id == partner.id, AccessEvent.deleted.is_(False)
    )
    if wanted:
        query = query.where(AccessEvent.kind.in_(wanted))
    if person.strip():
        pattern = f"%{person.strip()}%"
        query = query.where(
            or_(AccessEvent.actor.ilike(pattern), AccessEvent.subject.ilike(pattern))
        )
    if since is not None:
        query = query.where(AccessEvent.at >= dt.datetime.combine(since, dt.time()))
    if until is not None:
        after = dt.datetime.combine(until + dt.timedelta(days=1), dt.time())
        query = query.where(AccessEvent.at < after)
    rows = session.scalars(query.order_by(AccessEvent.at.desc(), AccessEvent.id)).all()
    return [AccessEntry(r.id, r.at, r.kind, r.actor, r.subject, r.detail, r.device) for r in rows]


def _kind(value: str) -> str:
    try:
        return AccessKind(value).value
    except ValueError:
        choices = ", ".join(kind.value for kind in AccessKind)
        raise ValidationError([("kind", f"{value!r} is not one of {choices}")]) from None


def access_log_csv(entries: Iterable[AccessEntry]) -> str:
    """The entries as CSV (UTF-8 text, a header row; times in UTC, ISO 8601)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        writer.writerow(
            [
                entry.at.replace(microsecond=0).isoformat() + "Z",
                entry.kind,
                _cell(entry.actor),
                _cell(entry.subject),
                _cell(entry.detail),
                _cell(entry.device),
            ]
        )
    return out.getvalue()


def _cell(text: str) -> str:
    """No formula injection: a cell a spreadsheet would evaluate is quoted with '."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def access_log(
    store: Store,
    *,
    kinds: Iterable[str] = (),
    person: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[AccessEntry]:
    """`list_access_events` in its own read transaction (CLI, tests)."""
    with store.read() as session:
        partner = current_partner(session)
        return list_access_events(
            session, partner, kinds=kinds, person=person, since=since, until=until
        )
