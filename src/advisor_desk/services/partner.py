"""The one partner a local store belongs to: looked up once per transaction."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.services.errors import ServiceError
from advisor_desk.store.models import Partner


class NoPartnerError(ServiceError):
    def __init__(self) -> None:
        super().__init__(
            "this data folder has no partner yet: run `advisor-desk demo`, "
            "`advisor-desk import FILE.json`, or open the app to create one"
        )


def current_partner(session: Session) -> Partner:
    partner = session.scalars(
        select(Partner).where(Partner.deleted.is_(False)).order_by(Partner.name).limit(1)
    ).first()
    if partner is None:
        raise NoPartnerError()
    return partner


def has_partner(session: Session) -> bool:
    return session.scalar(select(Partner.id).where(Partner.deleted.is_(False)).limit(1)) is not None
