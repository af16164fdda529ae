"""A review built as the window's builder does it, in one user action: created, its
participants invited and, if asked, published, in one transaction (so a refusal leaves
nothing behind)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from advisor_desk.services.bizdev.files import RiskEntry
from advisor_desk.services.bizdev.reviews import (
    ReviewSummary,
    apply_create_review,
    apply_invite,
    apply_publish,
    find_review,
    summary,
)
from advisor_desk.store.models import Partner


def apply_build_review(
    session: Session,
    partner: Partner,
    title: str,
    *,
    client: str | None = None,
    prospect: str | None = None,
    libraries: Sequence[str] = (),
    exclude: Sequence[str] = (),
    added: Sequence[RiskEntry] = (),
    due: dt.date | None = None,
    description: str = "",
    participants: Sequence[str] = (),
    publish: bool = False,
) -> ReviewSummary:
    made = apply_create_review(
        session,
        partner,
        title,
        client=client,
        prospect=prospect,
        libraries=libraries,
        exclude=exclude,
        due=due,
        description=description,
        added=added,
    )
    if participants:
        apply_invite(session, partner, made.id, participants)
    if publish:
        apply_publish(session, partner, made.id)
    return summary(session, find_review(session, partner, made.id))
