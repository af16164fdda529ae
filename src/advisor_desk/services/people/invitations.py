"""Invitations: an administrator invites an advisor, who sets a password from an e-mailed
link (server/invitations.py) and then logs in.

An invitation is a synced row (store/models/invitations.py): one made offline reaches the
server at the next sync, and the server e-mails the link then. `resend` raises its `sends`
(the server makes a new link and mails it; older links stop working) and gives it a new
expiry; `revoke` withdraws it. Its state is read from the row: waiting, accepted (set by the
server), revoked, or expired.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisor_desk.domain.access_log import AccessKind
from advisor_desk.domain.permissions import Action, Role, parse_role, role_label
from advisor_desk.services import validation as check
from advisor_desk.services import whoami
from advisor_desk.services.clock import today
from advisor_desk.services.errors import NotFoundError, ValidationError
from advisor_desk.services.partner import current_partner
from advisor_desk.services.people.access_log import record_access_event
from advisor_desk.services.people.intervals import open_interval
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Advisor, AdvisorActivity, Invitation, Partner
from advisor_desk.store.types import utcnow

VALID_DAYS = 7


@dataclass(frozen=True)
class InvitationSummary:
    id: str
    advisor_id: str
    email: str
    role: str
    invited_by: str
    created_at: dt.datetime  # UTC
    expires_at: dt.datetime  # UTC
    sends: int
    state: str  # "waiting", "accepted", "revoked", "expired"

    @property
    def role_label(self) -> str:
        return role_label(self.role)

    @property
    def state_label(self) -> str:
        return {
            "waiting": "Waiting",
            "accepted": "Accepted",
            "revoked": "Revoked",
            "expired": "Expired",
        }[self.state]


def state_of(row: Invitation, now: dt.datetime) -> str:
    if row.accepted_at is not None:
        return "accepted"
    if row.revoked_at is not None:
        return "revoked"
    if row.expires_at <= now:
        return "expired"
    return "waiting"


def _summary(row: Invitation, now: dt.datetime) -> InvitationSummary:
    return InvitationSummary(
        row.id,
        row.advisor_id,
        row.email,
        row.role,
        row.invited_by,
        row.created_at,
        row.expires_at,
        row.sends,
        state_of(row, now),
    )


def _advisor_by_email(session: Session, partner: Partner, email: str) -> Advisor | None:
    return session.scalars(
        select(Advisor).where(
            Advisor.partner_id == partner.id,
            Advisor.deleted.is_(False),
            func.casefold(Advisor.email) == email.casefold(),
        )
    ).first()


def _latest(session: Session, advisor_id: str) -> Invitation | None:
    return session.scalars(
        select(Invitation)
        .where(Invitation.advisor_id == advisor_id, Invitation.deleted.is_(False))
        .order_by(Invitation.created_at.desc())
    ).first()


def apply_invite(
    session: Session,
    partner: Partner,
    *,
    email: str,
    role: Role | str | None = None,
    name: str = "",
    days: int = VALID_DAYS,
    now: dt.datetime | None = None,
) -> InvitationSummary:
    """Invite `email` (adding the advisor, active from today, when the partner has none by
    that address). Refused when one is already waiting or was accepted. With no `role`, an
    advisor already known keeps theirs (an administrator re-invited is not demoted) and a new
    one is an Advisor User."""
    me = whoami.require(session, Action.MANAGE_ADVISORS)
    address = check.email(email)
    advisor = _advisor_by_email(session, partner, address)
    if role is None:
        role = advisor.role if advisor is not None else Role.ADVISOR
    try:
        chosen = parse_role(role)
    except ValueError as error:
        raise ValidationError([("role", str(error))]) from None
    if not 1 <= days <= 90:
        raise ValidationError([("days", "an invitation lasts from 1 to 90 days")])
    moment = now or utcnow()
    if advisor is None:
        advisor = Advisor(
            partner_id=partner.id,
            email=address,
            name=check.required_text(name or address.split("@")[0], "name"),
            role=chosen.value,
        )
        session.add(advisor)
        session.flush()
        session.add(
            AdvisorActivity(
                partner_id=partner.id, advisor_id=advisor.id, start=today(partner.timezone)
            )
        )
    else:
        latest = _latest(session, advisor.id)
        state = state_of(latest, moment) if latest is not None else None
        if state == "waiting":
            raise ValidationError(
                [("email", f"{address} is invited already: re-send or revoke that invitation")]
            )
        if state == "accepted":
            raise ValidationError([("email", f"{address} accepted an invitation already")])
        _check_invitable(session, advisor, me.advisor_id)
        if advisor.role != chosen.value:  # a role change as by Edit…, in the access log too
            change = f"{role_label(advisor.role)} → {role_label(chosen)}"
            advisor.role = chosen.value
            session.flush()
            record_access_event(session, partner, None, AccessKind.ROLE_CHANGED, advisor, change)
    row = Invitation(
        partner_id=partner.id,
        advisor_id=advisor.id,
        email=advisor.email,
        role=chosen.value,
        invited_by=me.name[:200],
        created_at=moment,
        expires_at=moment + dt.timedelta(days=days),
        sends=1,
    )
    session.add(row)
    session.flush()
    record_access_event(
        session, partner, None, AccessKind.INVITED, advisor, f"as {role_label(chosen)}"
    )
    return _summary(row, moment)


def _check_invitable(session: Session, advisor: Advisor, me: str | None) -> None:
    """An advisor the partner has already: not the one inviting, and not deactivated (an
    invitation would give a login that cannot sign in)."""
    if advisor.id == me:
        raise ValidationError([("email", f"{advisor.email} is you: you have a login already")])
    if open_interval(session, AdvisorActivity, advisor.id) is None:
        raise ValidationError(
            [("email", f"{advisor.name} is not active: reactivate them first, then invite them")]
        )


def _waiting(session: Session, partner: Partner, email: str, now: dt.datetime) -> Invitation:
    advisor = _advisor_by_email(session, partner, email.strip())
    row = _latest(session, advisor.id) if advisor is not None else None
    if row is None:
        raise NotFoundError(f"no invitation for {email.strip()}")
    state = state_of(row, now)
    if state in {"accepted", "revoked"}:
        raise ValidationError([("email", f"the invitation of {row.email} was {state}")])
    return row


def apply_resend(
    session: Session,
    partner: Partner,
    email: str,
    *,
    days: int = VALID_DAYS,
    now: dt.datetime | None = None,
) -> InvitationSummary:
    """A new link (e-mailed by the server at the next sync), valid `days` from now."""
    whoami.require(session, Action.MANAGE_ADVISORS)
    moment = now or utcnow()
    row = _waiting(session, partner, email, moment)
    row.sends += 1
    row.expires_at = moment + dt.timedelta(days=days)
    session.flush()
    return _summary(row, moment)


def apply_revoke(
    session: Session, partner: Partner, email: str, *, now: dt.datetime | None = None
) -> InvitationSummary:
    whoami.require(session, Action.MANAGE_ADVISORS)
    moment = now or utcnow()
    row = _waiting(session, partner, email, moment)
    row.revoked_at = moment
    session.flush()
    advisor = session.get(Advisor, row.advisor_id)
    record_access_event(session, partner, None, AccessKind.INVITATION_REVOKED, advisor or row.email)
    return _summary(row, moment)


def list_invitations(store: Store, now: dt.datetime | None = None) -> list[InvitationSummary]:
    moment = now or utcnow()
    with store.read() as session:
        rows = session.scalars(
            select(Invitation)
            .where(Invitation.deleted.is_(False))
            .order_by(Invitation.created_at.desc(), Invitation.email)
        ).all()
        return [_summary(row, moment) for row in rows]


def invite(
    store: Store,
    *,
    email: str,
    role: Role | str | None = None,
    name: str = "",
    days: int = VALID_DAYS,
    now: dt.datetime | None = None,
) -> InvitationSummary:
    with store.write() as session:
        partner = current_partner(session)
        return apply_invite(session, partner, email=email, role=role, name=name, days=days, now=now)


def resend(
    store: Store, email: str, *, days: int = VALID_DAYS, now: dt.datetime | None = None
) -> InvitationSummary:
    with store.write() as session:
        return apply_resend(session, current_partner(session), email, days=days, now=now)


def revoke(store: Store, email: str) -> InvitationSummary:
    with store.write() as session:
        return apply_revoke(session, current_partner(session), email)
