"""Operations the window runs as one user action, made of services/bizdev operations in one
transaction (so a refusal leaves nothing behind): building a review with its participants
and, if asked, publishing it."""

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
