"""Undoable member edits: adding a member, changing their license tier, removing them.

Each edit runs the members service in a transaction that also records the member's license
intervals before and after it (`MemberEdit`). `undo_member_edit` is its exact inverse: the
intervals the edit opened are tombstoned, the ones it closed or corrected get their tier,
start and end back (one it tombstoned, a same-day removal, is made again as it was), and a
member the edit added is tombstoned. It first checks that nothing moved on since: the member
and its intervals are as the edit left them, and no document billing the changed days was
issued since; else it refuses with a `ServiceError`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Concatenate, ParamSpec

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain.periods import Period
from advisor_desk.services.errors import ServiceError
from advisor_desk.services.partner import current_partner
from advisor_desk.services.people import members
from advisor_desk.services.people.members import MemberSummary
from advisor_desk.services.undo_checks import issued_documents, refuse_if_issued_since, row_state
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Member, MemberLicense, Partner

P = ParamSpec("P")


@dataclass(frozen=True)
class LicenseSpan:
    """One live license interval row, as stored."""

    id: str
    tier: str
    start: dt.date
    end: dt.date | None


@dataclass(frozen=True)
class MemberEdit:
    """What an edit did to one member, and what undoing it must find and put back."""

    member: MemberSummary  # as the edit left it
    created: bool  # the edit added the member
    member_state: str  # the member row's fields after the edit
    before: tuple[LicenseSpan, ...]
    after: tuple[LicenseSpan, ...]
    since: Period | None  # the first month the edit changed (None: it changed nothing)
    issued: frozenset[str]  # issued documents from `since` on, when the edit was made


def record_edit(
    store: Store,
    op: Callable[Concatenate[Session, Partner, P], MemberSummary],
    /,
    *args: P.args,
    **kwargs: P.kwargs,
) -> MemberEdit:
    """Run one of the members operations (`members.apply_add_member`, `apply_change_tier`,
    `apply_remove_member`: the one set of member edits) in a transaction that also records
    what undoing it must find and put back. The first argument of a change or a removal is
    the member's id; of an addition, the client's."""
    created = op is members.apply_add_member
    with store.write() as session:
        before = () if created else _spans(session, str(args[0]))
        summary = op(session, current_partner(session), *args, **kwargs)
        return _record(session, summary, before, created=created)


def undo_member_edit(store: Store, edit: MemberEdit) -> None:
    """Put the member and its license intervals back as they were before `edit`."""
    name = edit.member.name
    with store.write() as session:
        member = session.get(Member, edit.member.id)
        if member is None or member.deleted:
            raise ServiceError(f"{name} was deleted since")
        if row_state(member) != edit.member_state:
            raise ServiceError(f"{name} was edited since (another edit or a sync)")
        rows = _live_rows(session, member.id)
        if tuple(_span(row) for row in rows) != edit.after:
            raise ServiceError(f"{name}'s license tiers changed since")
        if edit.since is not None:
            refuse_if_issued_since(
                session, member.partner_id, member.client_id, edit.since, edit.issued
            )
        earlier = {span.id: span for span in edit.before}
        for row in rows:
            old = earlier.pop(row.id, None)
            if old is None:
                row.deleted = True  # opened by the edit
                continue
            for field in ("tier", "start", "end"):
                if getattr(row, field) != getattr(old, field):
                    setattr(row, field, getattr(old, field))
        for old in earlier.values():  # tombstoned by the edit: made again as it was
            session.add(
                MemberLicense(
                    partner_id=member.partner_id,
                    member_id=member.id,
                    tier=old.tier,
                    start=old.start,
                    end=old.end,
                )
            )
        if edit.created:
            member.deleted = True


def _record(
    session: Session, summary: MemberSummary, before: tuple[LicenseSpan, ...], *, created: bool
) -> MemberEdit:
    member = members.live_member(session, summary.id)
    after = _spans(session, member.id)
    day = first_change(before, after)
    since = None if day is None else Period.of(day)
    issued = (
        frozenset()
        if since is None
        else issued_documents(session, member.partner_id, member.client_id, since)
    )
    return MemberEdit(summary, created, row_state(member), before, after, since, issued)


def first_change(before: Sequence[LicenseSpan], after: Sequence[LicenseSpan]) -> dt.date | None:
    """The first day on which the member's tier differs between two histories."""
    spans = (*before, *after)
    days = sorted({s.start for s in spans} | {s.end for s in spans if s.end is not None})
    for day in days:
        if _tier_on(before, day) != _tier_on(after, day):
            return day
    return None


def _tier_on(spans: Sequence[LicenseSpan], day: dt.date) -> str | None:
    return next((s.tier for s in spans if s.start <= day and (s.end is None or day < s.end)), None)


def _live_rows(session: Session, member_id: str) -> list[MemberLicense]:
    return list(
        session.scalars(
            select(MemberLicense)
            .where(MemberLicense.member_id == member_id, MemberLicense.deleted.is_(False))
            .order_by(MemberLicense.id)
        )
    )


def _spans(session: Session, member_id: str) -> tuple[LicenseSpan, ...]:
    session.flush()
    return tuple(_span(row) for row in _live_rows(session, member_id))


def _span(row: MemberLicense) -> LicenseSpan:
    return LicenseSpan(row.id, row.tier, row.start, row.end)
