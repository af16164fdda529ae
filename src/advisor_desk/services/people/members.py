"""Members of a client team and their license-tier history (kept, never overwritten)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services import validation as check
from advisor_desk.services.clock import today
from advisor_desk.services.errors import NotFoundError, ValidationError
from advisor_desk.services.lookups import live_client
from advisor_desk.services.ops import run_op
from advisor_desk.services.partner import current_partner
from advisor_desk.services.people.intervals import close_interval, open_interval
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Member, MemberLicense, Partner


@dataclass(frozen=True)
class TierSpan:
    tier: LicenseTier
    start: dt.date
    end: dt.date | None


@dataclass(frozen=True)
class MemberSummary:
    id: str
    client_id: str
    email: str
    name: str
    tier: LicenseTier | None  # today's tier; None once removed
    history: tuple[TierSpan, ...]


def new_member(
    session: Session,
    *,
    partner_id: str,
    client_id: str,
    email: str,
    name: str,
    tier: LicenseTier,
    start: dt.date,
) -> Member:
    """Add a member inside the caller's transaction."""
    address = check.email(email)
    clash = session.scalar(
        select(Member.id).where(
            Member.client_id == client_id,
            Member.deleted.is_(False),
            func.casefold(Member.email) == address.casefold(),
        )
    )
    if clash is not None:
        raise ValidationError([("email", f"{address} is already a member of this client")])
    member = Member(
        partner_id=partner_id,
        client_id=client_id,
        email=address,
        name=check.required_text(name, "name"),
    )
    session.add(member)
    session.flush()
    session.add(
        MemberLicense(partner_id=partner_id, member_id=member.id, tier=tier.value, start=start)
    )
    return member


def add_member(
    store: Store,
    client_id: str,
    *,
    email: str,
    name: str,
    tier: LicenseTier,
    start: dt.date | None = None,
) -> MemberSummary:
    return run_op(
        store, apply_add_member, client_id, email=email, name=name, tier=tier, start=start
    ).value


def change_tier(
    store: Store, member_id: str, tier: LicenseTier, effective: dt.date | None = None
) -> MemberSummary:
    """Close the current interval on `effective` (default today) and open one at `tier`."""
    return run_op(store, apply_change_tier, member_id, tier, effective).value


def remove_member(store: Store, member_id: str, on: dt.date | None = None) -> MemberSummary:
    """The member leaves on `on`: their license ends; the history stays for past billing."""
    return run_op(store, apply_remove_member, member_id, on).value


# The operations: database work in the caller's transaction, the partner passed in
# (`services.ops.run_op` runs one; people/member_undo.py records around them).


def apply_add_member(
    session: Session,
    partner: Partner,
    client_id: str,
    *,
    email: str,
    name: str,
    tier: LicenseTier,
    start: dt.date | None = None,
) -> MemberSummary:
    client = live_client(session, client_id)
    day = start or today(partner.timezone)
    if day < client.created:
        raise ValidationError([("start", f"{day} is before the client was created")])
    member = new_member(
        session,
        partner_id=partner.id,
        client_id=client.id,
        email=email,
        name=name,
        tier=tier,
        start=day,
    )
    return _summary(session, member, day)


def apply_change_tier(
    session: Session,
    partner: Partner,
    member_id: str,
    tier: LicenseTier,
    effective: dt.date | None = None,
) -> MemberSummary:
    member = live_member(session, member_id)
    day = effective or today(partner.timezone)
    current = open_interval(session, MemberLicense, member.id)
    if current is None:
        raise ValidationError([("tier", f"{member.name} has no license now; add them again")])
    if day < current.start:
        raise ValidationError(
            [("effective", f"{day} is before the current tier started ({current.start})")]
        )
    if current.tier == tier.value:
        return _summary(session, member, day)
    if day == current.start:
        current.tier = tier.value  # the same day: a correction, not a second interval
    else:
        current.end = day
        session.add(
            MemberLicense(partner_id=partner.id, member_id=member.id, tier=tier.value, start=day)
        )
    session.flush()
    return _summary(session, member, day)


def apply_remove_member(
    session: Session, partner: Partner, member_id: str, on: dt.date | None = None
) -> MemberSummary:
    member = live_member(session, member_id)
    day = on or today(partner.timezone)
    current = open_interval(session, MemberLicense, member.id)
    if current is None:
        raise ValidationError([("member", f"{member.name} has already left")])
    if day < current.start:
        raise ValidationError([("on", f"{day} is before the current tier started")])
    close_interval(current, day)
    session.flush()
    return _summary(session, member, day)


def list_members(store: Store, client_id: str) -> list[MemberSummary]:
    with store.read() as session:
        partner = current_partner(session)
        live_client(session, client_id)
        day = today(partner.timezone)
        members = session.scalars(
            select(Member)
            .where(Member.client_id == client_id, Member.deleted.is_(False))
            .order_by(Member.name)
        ).all()
        return _summaries(session, members, day)


def live_member(session: Session, member_id: str) -> Member:
    member = session.get(Member, member_id)
    if member is None or member.deleted:
        raise NotFoundError(f"no member with id {member_id}")
    return member


def _summary(session: Session, member: Member, day: dt.date) -> MemberSummary:
    return _summaries(session, [member], day)[0]


def _summaries(session: Session, members: Sequence[Member], day: dt.date) -> list[MemberSummary]:
    """Members with their tier history, read in one query however many there are."""
    spans: dict[str, list[TierSpan]] = {m.id: [] for m in members}
    for member_id, tier, start, end in session.execute(
        select(MemberLicense.member_id, MemberLicense.tier, MemberLicense.start, MemberLicense.end)
        .where(MemberLicense.member_id.in_(spans), MemberLicense.deleted.is_(False))
        .order_by(MemberLicense.start)
    ):
        spans[member_id].append(TierSpan(LicenseTier(tier), start, end))
    return [
        MemberSummary(
            m.id, m.client_id, m.email, m.name, _tier_on(spans[m.id], day), tuple(spans[m.id])
        )
        for m in members
    ]


def _tier_on(spans: Sequence[TierSpan], day: dt.date) -> LicenseTier | None:
    now = next((s.tier for s in spans if s.start <= day and (s.end is None or s.end > day)), None)
    if now is None and spans and spans[-1].end is None:
        now = spans[-1].tier  # starts in the future: show what they will hold
    return now
