"""Intervals `[start, end)` of advisors' activity and members' licenses: one set of helpers.

Both tables hang an interval row off a parent (`advisor_id`, `member_id`); the open one has
no end. Closing on the day it started takes it back (a same-day correction, tombstoned);
closing later ends it on that day (the last day is the one before).
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.store.models import AdvisorActivity, MemberLicense

Span = TypeVar("Span", AdvisorActivity, MemberLicense)


def open_interval(session: Session, model: type[Span], parent_id: str) -> Span | None:
    """The parent's interval without an end (None: none open)."""
    parent = model.advisor_id if issubclass(model, AdvisorActivity) else model.member_id
    return session.scalars(
        select(model).where(parent == parent_id, model.deleted.is_(False), model.end.is_(None))
    ).first()


def close_interval(span: AdvisorActivity | MemberLicense, day: dt.date) -> None:
    """End `span` on `day` (from `day` on it no longer holds); on its first day: take it back."""
    if day == span.start:
        span.deleted = True
    else:
        span.end = day
