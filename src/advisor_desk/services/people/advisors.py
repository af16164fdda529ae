"""The partner's advisors: roles, activity intervals (what is billed), client access."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisor_desk.domain import permissions
from advisor_desk.domain.access_log import AccessKind
from advisor_desk.domain.periods import Interval, Period
from advisor_desk.domain.permissions import Role, role_label
from advisor_desk.services import validation as check
from advisor_desk.services.clock import today
from advisor_desk.services.errors import NotFoundError, ValidationError
from advisor_desk.services.lookups import live_client
from advisor_desk.services.partner import current_partner
from advisor_desk.services.people.access_log import record_access_event
from advisor_desk.services.people.intervals import close_interval, open_interval
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Advisor, AdvisorAccess, AdvisorActivity, Client, Partner


@dataclass(frozen=True)
class AdvisorSummary:
    id: str
    email: str
    name: str
    role: Role
    active_now: bool
    activity: tuple[Interval, ...]
    client_ids: tuple[str, ...]

    def active_in(self, period: Period) -> bool:
        return any(span.overlaps_period(period) for span in self.activity)


def parse_role(value: str) -> Role:
    """A role as stored ("power_user") or as shown ("Advisor Power User")."""
    try:
        return permissions.parse_role(value)
    except ValueError as error:
        raise ValidationError([("role", str(error))]) from None


def add_advisor(
    store: Store, *, email: str, name: str, role: Role = Role.ADVISOR, start: dt.date | None = None
) -> AdvisorSummary:
    with store.write() as session:
        partner = current_partner(session)
        address = check.email(email)
        taken = session.scalar(
            select(Advisor.id).where(
                Advisor.partner_id == partner.id,
                Advisor.deleted.is_(False),
                func.casefold(Advisor.email) == address.casefold(),
            )
        )
        if taken is not None:
            raise ValidationError([("email", f"{address} is already an advisor")])
        advisor = Advisor(
            partner_id=partner.id,
            email=address,
            name=check.required_text(name, "name"),
            role=role.value,
        )
        session.add(advisor)
        session.flush()
        session.add(
            AdvisorActivity(
                partner_id=partner.id,
                advisor_id=advisor.id,
                start=start or today(partner.timezone),
            )
        )
        session.flush()
        _log(session, partner, AccessKind.ACTIVATED, advisor, f"added as {role_label(role)}")
        return _summary(session, advisor, today(partner.timezone))


def edit_advisor(
    store: Store, advisor_id: str, *, name: str | None = None, role: Role | None = None
) -> AdvisorSummary:
    with store.write() as session:
        partner = current_partner(session)
        advisor = _live(session, advisor_id)
        if name is not None:
            advisor.name = check.required_text(name, "name")
        if role is not None and role.value != advisor.role:
            old = role_label(advisor.role)
            advisor.role = role.value
            _log(session, partner, AccessKind.ROLE_CHANGED, advisor, f"{old} → {role_label(role)}")
        return _summary(session, advisor, today(partner.timezone))


def deactivate_advisor(store: Store, advisor_id: str, on: dt.date | None = None) -> AdvisorSummary:
    """Not active from `on` (default today): the last active day is the day before."""
    with store.write() as session:
        partner = current_partner(session)
        advisor = _live(session, advisor_id)
        day = on or today(partner.timezone)
        current = open_interval(session, AdvisorActivity, advisor.id)
        if current is None:
            raise ValidationError([("advisor", f"{advisor.name} is already inactive")])
        if day < current.start:
            raise ValidationError([("on", f"{day} is before they became active ({current.start})")])
        close_interval(current, day)
        session.flush()
        _log(session, partner, AccessKind.DEACTIVATED, advisor, f"from {day.isoformat()}")
        return _summary(session, advisor, today(partner.timezone))


def reactivate_advisor(store: Store, advisor_id: str, on: dt.date | None = None) -> AdvisorSummary:
    with store.write() as session:
        partner = current_partner(session)
        advisor = _live(session, advisor_id)
        day = on or today(partner.timezone)
        if open_interval(session, AdvisorActivity, advisor.id) is not None:
            raise ValidationError([("advisor", f"{advisor.name} is already active")])
        last_end = session.scalar(
            select(func.max(AdvisorActivity.end)).where(
                AdvisorActivity.advisor_id == advisor.id, AdvisorActivity.deleted.is_(False)
            )
        )
        if last_end is not None and day < last_end:
            raise ValidationError([("on", f"{day} is before they were deactivated ({last_end})")])
        session.add(AdvisorActivity(partner_id=partner.id, advisor_id=advisor.id, start=day))
        session.flush()
        _log(session, partner, AccessKind.ACTIVATED, advisor, f"from {day.isoformat()}")
        return _summary(session, advisor, today(partner.timezone))


def give_access(store: Store, advisor_id: str, client_id: str) -> AdvisorSummary:
    with store.write() as session:
        partner = current_partner(session)
        advisor = _live(session, advisor_id)
        client = live_client(session, client_id)
        if _access(session, advisor.id, client.id) is None:
            session.add(
                AdvisorAccess(partner_id=partner.id, advisor_id=advisor.id, client_id=client.id)
            )
            session.flush()
            _log(session, partner, AccessKind.ACCESS_GRANTED, advisor, client.name)
        return _summary(session, advisor, today(partner.timezone))


def remove_access(store: Store, advisor_id: str, client_id: str) -> AdvisorSummary:
    with store.write() as session:
        partner = current_partner(session)
        advisor = _live(session, advisor_id)
        access = _access(session, advisor.id, client_id)
        if access is not None:
            access.deleted = True
            session.flush()
            _log(
                session,
                partner,
                AccessKind.ACCESS_REMOVED,
                advisor,
                _client_name(session, client_id),
            )
        return _summary(session, advisor, today(partner.timezone))


def remove_advisor(store: Store, advisor_id: str) -> None:
    """Take back an advisor added by mistake (the undo of "Add advisor").

    Refused once they were active in a past period: that history is billed and must stay.
    """
    with store.write() as session:
        partner = current_partner(session)
        advisor = _live(session, advisor_id)
        spans = session.scalars(
            select(AdvisorActivity).where(
                AdvisorActivity.advisor_id == advisor.id, AdvisorActivity.deleted.is_(False)
            )
        ).all()
        this_period = Period.of(today(partner.timezone))
        if any(Period.of(span.start) < this_period for span in spans):
            raise ValidationError(
                [("advisor", f"{advisor.name} was active in a billed period; deactivate instead")]
            )
        for span in spans:
            span.deleted = True
        for access in session.scalars(
            select(AdvisorAccess).where(
                AdvisorAccess.advisor_id == advisor.id, AdvisorAccess.deleted.is_(False)
            )
        ):
            access.deleted = True
            _log(
                session,
                partner,
                AccessKind.ACCESS_REMOVED,
                advisor,
                _client_name(session, access.client_id),
            )
        advisor.deleted = True
        _log(session, partner, AccessKind.DEACTIVATED, advisor, "removed (added by mistake)")


def set_access(store: Store, advisor_id: str, client_ids: list[str]) -> AdvisorSummary:
    """Give exactly these clients (one transaction, however many clients)."""
    with store.write() as session:
        partner = current_partner(session)
        advisor = _live(session, advisor_id)
        wanted = set(client_ids)
        live = set(
            session.scalars(
                select(Client.id).where(
                    Client.id.in_(wanted) if wanted else Client.id.is_(None),
                    Client.deleted.is_(False),
                )
            )
        )
        missing = wanted - live
        if missing:
            raise NotFoundError(f"no client with id {sorted(missing)[0]}")
        current = {
            row.client_id: row
            for row in session.scalars(
                select(AdvisorAccess).where(
                    AdvisorAccess.advisor_id == advisor.id, AdvisorAccess.deleted.is_(False)
                )
            )
        }
        for client_id, row in current.items():
            if client_id not in wanted:
                row.deleted = True
                name = _client_name(session, client_id)
                _log(session, partner, AccessKind.ACCESS_REMOVED, advisor, name)
        for client_id in sorted(wanted - current.keys()):
            session.add(
                AdvisorAccess(partner_id=partner.id, advisor_id=advisor.id, client_id=client_id)
            )
            name = _client_name(session, client_id)
            _log(session, partner, AccessKind.ACCESS_GRANTED, advisor, name)
        session.flush()
        return _summary(session, advisor, today(partner.timezone))


def list_advisors(store: Store) -> list[AdvisorSummary]:
    with store.read() as session:
        partner = current_partner(session)
        day = today(partner.timezone)
        advisors = session.scalars(
            select(Advisor)
            .where(Advisor.partner_id == partner.id, Advisor.deleted.is_(False))
            .order_by(Advisor.name)
        ).all()
        return _summaries(session, advisors, day)


def _live(session: Session, advisor_id: str) -> Advisor:
    advisor = session.get(Advisor, advisor_id)
    if advisor is None or advisor.deleted:
        raise NotFoundError(f"no advisor with id {advisor_id}")
    return advisor


def _log(
    session: Session, partner: Partner, kind: AccessKind, advisor: Advisor, detail: str
) -> None:
    """The access log's row for this edit, by whoever works on this laptop."""
    record_access_event(session, partner, None, kind, advisor, detail)


def _client_name(session: Session, client_id: str) -> str:
    client = session.get(Client, client_id)
    return client.name if client is not None else client_id


def _access(session: Session, advisor_id: str, client_id: str) -> AdvisorAccess | None:
    return session.scalars(
        select(AdvisorAccess).where(
            AdvisorAccess.advisor_id == advisor_id,
            AdvisorAccess.client_id == client_id,
            AdvisorAccess.deleted.is_(False),
        )
    ).first()


def _summary(session: Session, advisor: Advisor, day: dt.date) -> AdvisorSummary:
    return _summaries(session, [advisor], day)[0]


def _summaries(session: Session, advisors: Sequence[Advisor], day: dt.date) -> list[AdvisorSummary]:
    """Advisors with their activity and client access, in two queries however many."""
    spans: dict[str, list[Interval]] = {a.id: [] for a in advisors}
    for advisor_id, start, end in session.execute(
        select(AdvisorActivity.advisor_id, AdvisorActivity.start, AdvisorActivity.end)
        .where(AdvisorActivity.advisor_id.in_(spans), AdvisorActivity.deleted.is_(False))
        .order_by(AdvisorActivity.start)
    ):
        spans[advisor_id].append(Interval(start, end))
    clients: dict[str, list[str]] = {a.id: [] for a in advisors}
    for advisor_id, client_id in session.execute(
        select(AdvisorAccess.advisor_id, AdvisorAccess.client_id)
        .join(Client, Client.id == AdvisorAccess.client_id)
        .where(AdvisorAccess.advisor_id.in_(clients), AdvisorAccess.deleted.is_(False))
        .order_by(Client.name)
    ):
        clients[advisor_id].append(client_id)
    return [
        AdvisorSummary(
            id=a.id,
            email=a.email,
            name=a.name,
            role=_role(a.role),
            active_now=any(span.contains(day) for span in spans[a.id]),
            activity=tuple(spans[a.id]),
            client_ids=tuple(clients[a.id]),
        )
        for a in advisors
    ]


def _role(stored: str) -> Role:
    try:
        return permissions.parse_role(stored)
    except ValueError:
        return Role.ADVISOR  # an unknown role (a newer app's) gets the fewest rights


def check_owner(name: str, email: str) -> tuple[str, str]:
    """The person creating the firm (welcome page): both or neither of name and e-mail."""
    clean_name, clean_email = name.strip(), email.strip()
    if not clean_name and not clean_email:
        return "", ""
    problems: list[tuple[str, str]] = []
    rules: tuple[Callable[[], object], ...] = (
        lambda: check.required_text(clean_name, "owner_name"),
        lambda: check.email(clean_email, "owner_email"),
    )
    for rule in rules:
        try:
            rule()
        except ValidationError as error:
            problems += error.problems
    if problems:
        raise ValidationError(problems)
    return clean_name, check.email(clean_email, "owner_email")


def add_owner(store: Store, *, name: str, email: str) -> AdvisorSummary | None:
    """The store's owner: its first administrator, active from today (standalone, the one
    who works here; services/whoami.py). None when no name and e-mail were given."""
    clean_name, clean_email = check_owner(name, email)
    if not clean_email:
        return None
    return add_advisor(store, email=clean_email, name=clean_name, role=Role.ADMINISTRATOR)
