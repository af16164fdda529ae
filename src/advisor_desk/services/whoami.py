"""Who is working on this laptop: with a server, the advisor signed in; standalone, the
store's owner — the person who created the firm, an administrator.

The owner is the partner's administrator who became active first (the firm's founder: the
welcome page, `demo` and a workspace import all start with them); a store with no
administrator at all (a firm just made on the welcome page) has an unnamed owner with every
right. Everything that says who did something (the access log, a library push's "pushed
by", the status bar) and every permission check asks here.
"""

from __future__ import annotations

import platform
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisor_desk.domain.permissions import Action, Role, parse_role, refusal, role_label
from advisor_desk.services.errors import ServiceError
from advisor_desk.store.models import Advisor, AdvisorActivity, SyncDevice, SyncState

UNNAMED_OWNER = "the firm's owner"


@dataclass(frozen=True)
class Me:
    advisor_id: str | None
    name: str  # "Ana Souza"; the e-mail when the advisor has no name
    email: str
    role: Role
    signed_in: bool  # with a server (else: the standalone store's owner)

    @property
    def role_label(self) -> str:
        return role_label(self.role)

    @property
    def described(self) -> str:
        """For the status bar: "Ana Souza (Administrator)"."""
        return f"{self.name} ({self.role_label})"


class NotAllowed(ServiceError):
    """The role of whoever works on this laptop may not do this; the message says why."""


def whoami(session: Session) -> Me:
    device = session.scalars(select(SyncDevice).where(SyncDevice.id == 1)).first()
    if device is not None and device.advisor_id:
        advisor = session.get(Advisor, device.advisor_id)
        stored = advisor.role if advisor is not None and not advisor.deleted else device.role
        try:
            role = parse_role(stored or "")
        except ValueError:
            role = Role.ADVISOR  # an unknown role gets the fewest rights
        email = device.email or (advisor.email if advisor is not None else "")
        name = advisor.name if advisor is not None and advisor.name else email
        return Me(device.advisor_id, name, email, role, signed_in=True)
    owner = _owner(session)
    if owner is None:
        return Me(None, UNNAMED_OWNER, "", Role.ADMINISTRATOR, signed_in=False)
    return Me(owner.id, owner.name or owner.email, owner.email, Role.ADMINISTRATOR, False)


def _owner(session: Session) -> Advisor | None:
    first_day = (
        select(AdvisorActivity.advisor_id, func.min(AdvisorActivity.start).label("since"))
        .where(AdvisorActivity.deleted.is_(False))
        .group_by(AdvisorActivity.advisor_id)
        .subquery()
    )
    return session.scalars(
        select(Advisor)
        .outerjoin(first_day, first_day.c.advisor_id == Advisor.id)
        .where(Advisor.deleted.is_(False), Advisor.role == Role.ADMINISTRATOR.value)
        .order_by(first_day.c.since.is_(None), first_day.c.since, Advisor.name, Advisor.id)
        .limit(1)
    ).first()


def actor_name(session: Session) -> str:
    """Who is doing this, in words: "Ana Souza"."""
    return whoami(session).name


def device_name(session: Session) -> str:
    """This laptop, for the access log: its host name and, with a server, its device id."""
    state = session.get(SyncState, 1)
    host = platform.node() or "this laptop"
    if state is not None and state.device_id:
        return f"{host} ({state.device_id[:8]})"
    return host


def require(session: Session, action: Action) -> Me:
    """Whoever works on this laptop, if their role may do `action`; else NotAllowed."""
    me = whoami(session)
    words = refusal(me.role, action)
    if words is not None:
        raise NotAllowed(f"{words} (you are {me.described})")
    return me
