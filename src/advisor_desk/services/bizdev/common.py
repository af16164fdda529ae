"""What the business-development operations share: finding subjects by name, a client's
tiers this month, links, today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.domain.periods import Period
from advisor_desk.domain.respondent_links import link_url
from advisor_desk.services.clock import now_utc, today
from advisor_desk.services.errors import NotFoundError, ValidationError
from advisor_desk.store.models import (
    Client,
    ContentItem,
    Member,
    MemberLicense,
    Partner,
    Prospect,
    SyncState,
)

# Where links point when this laptop has no server yet (`serve`'s default address).
DEFAULT_SERVER_URL = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class Subject:
    """Who a review or assessment is about: one prospect or one client."""

    kind: str  # "prospect" | "client"
    id: str
    name: str
    client_id: str | None
    prospect_id: str | None
    contact_email: str = ""
    contact_name: str = ""


def today_of(partner: Partner) -> dt.date:
    return today(partner.timezone)


def now() -> dt.datetime:
    return now_utc()


def client_named(session: Session, partner: Partner, name: str, field: str = "client") -> Client:
    wanted = (name or "").strip()
    row = session.scalars(
        select(Client).where(
            Client.partner_id == partner.id,
            Client.deleted.is_(False),
            func.casefold(Client.name) == wanted.casefold(),
        )
    ).first()
    if row is None:
        raise NotFoundError(f"{field}: no client named {wanted!r}")
    return row


def prospect_named(
    session: Session, partner: Partner, name: str, field: str = "prospect"
) -> Prospect:
    wanted = (name or "").strip()
    row = session.scalars(
        select(Prospect).where(
            Prospect.partner_id == partner.id,
            Prospect.deleted.is_(False),
            func.casefold(Prospect.name) == wanted.casefold(),
        )
    ).first()
    if row is None:
        raise NotFoundError(f"{field}: no prospect named {wanted!r}")
    return row


def subject_of(
    session: Session, partner: Partner, *, client: str | None = None, prospect: str | None = None
) -> Subject:
    if bool(client) == bool(prospect):
        raise ValidationError([("subject", "give one prospect or one client")])
    if prospect:
        row = prospect_named(session, partner, prospect)
        if row.converted_client_id:
            converted = session.get(Client, row.converted_client_id)
            name = converted.name if converted else "a client"
            raise ValidationError([("prospect", f"{row.name} is now the client {name}")])
        return prospect_subject(session, row)
    return client_subject(client_named(session, partner, client or ""))


def prospect_subject(session: Session, row: Prospect) -> Subject:
    from advisor_desk.services.bizdev.prospects import primary_contact

    contact = primary_contact(session, row.id)
    return Subject(
        "prospect",
        row.id,
        row.name,
        None,
        row.id,
        contact.email if contact else "",
        contact.name if contact else "",
    )


def client_subject(row: Client) -> Subject:
    return Subject(
        "client", row.id, row.name, row.id, None, row.contact_email or "", row.contact_name or ""
    )


def subject_name(session: Session, client_id: str | None, prospect_id: str | None) -> str:
    if client_id:
        row = session.get(Client, client_id)
        return row.name if row else ""
    if prospect_id:
        found = session.get(Prospect, prospect_id)
        return found.name if found else ""
    return ""


def tiers_this_month(session: Session, client_id: str, day: dt.date) -> set[LicenseTier]:
    """Every tier a member of the client held on some day of `day`'s month."""
    period = Period(day.year, day.month)
    rows = session.execute(
        select(MemberLicense.tier)
        .join(Member, Member.id == MemberLicense.member_id)
        .where(
            Member.client_id == client_id,
            Member.deleted.is_(False),
            MemberLicense.deleted.is_(False),
            MemberLicense.start < period.end,
            (MemberLicense.end.is_(None)) | (MemberLicense.end > period.first_day),
        )
    ).scalars()
    return {LicenseTier(tier) for tier in rows}


def tiers_by_client(
    session: Session, client_ids: Iterable[str], day: dt.date
) -> dict[str, set[LicenseTier]]:
    """The same for many clients in one query."""
    period = Period(day.year, day.month)
    wanted = list(client_ids)
    out: dict[str, set[LicenseTier]] = {client_id: set() for client_id in wanted}
    for client_id, tier in session.execute(
        select(Member.client_id, MemberLicense.tier)
        .join(Member, Member.id == MemberLicense.member_id)
        .where(
            Member.deleted.is_(False),
            MemberLicense.deleted.is_(False),
            MemberLicense.start < period.end,
            (MemberLicense.end.is_(None)) | (MemberLicense.end > period.first_day),
        )
    ):
        if client_id in out:
            out[client_id].add(LicenseTier(tier))
    return out


def item_titled(
    session: Session, partner: Partner, title: str, kind: str, field: str
) -> ContentItem:
    """A live library item of `kind` by its title (case-insensitive)."""
    wanted = (title or "").strip()
    rows = session.scalars(
        select(ContentItem).where(
            ContentItem.deleted.is_(False),
            ContentItem.kind == kind,
            func.casefold(ContentItem.title) == wanted.casefold(),
        )
    ).all()
    if not rows:
        what = kind.replace("_", " ")
        raise NotFoundError(f"{field}: no {what} titled {wanted!r}")
    own = [row for row in rows if row.partner_id == partner.id]
    return (own or rows)[0]


def server_url(session: Session) -> str:
    state = session.get(SyncState, 1)
    url = state.server_url if state is not None and state.server_url else DEFAULT_SERVER_URL
    return url.rstrip("/")


def url_for(session: Session, token: str) -> str:
    return link_url(server_url(session), token)


def has_server(session: Session) -> bool:
    state = session.get(SyncState, 1)
    return bool(state is not None and state.server_url)
