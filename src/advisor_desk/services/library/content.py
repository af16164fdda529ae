"""The content library: the open catalogue and the partner's own items, and granting them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisor_desk.domain.content_charges import ChargingMode
from advisor_desk.domain.licenses import ContentKind, LicenseTier, check_entitlement
from advisor_desk.domain.money import parse_money
from advisor_desk.domain.periods import Period
from advisor_desk.services import validation as check
from advisor_desk.services.clock import today
from advisor_desk.services.errors import NotFoundError, ServiceError, ValidationError
from advisor_desk.services.grants import close_grants, open_grants, record_price_change
from advisor_desk.services.lookups import live_client
from advisor_desk.services.ops import run_op, run_query
from advisor_desk.services.uniqueness import ensure_unique
from advisor_desk.store.engine import Store
from advisor_desk.store.models import (
    Agreement,
    ClientContent,
    ContentItem,
    Member,
    MemberLicense,
    Partner,
)


class Library(StrEnum):
    OPEN = "open"
    PARTNER = "partner"


@dataclass(frozen=True)
class ContentSummary:
    id: str
    title: str
    kind: ContentKind
    library: Library
    version: str
    description: str
    price: Decimal | None
    published: bool
    locked: bool
    tags: tuple[str, ...]
    charging: str = "monthly"  # how it is charged when priced: monthly | once


def item_summary(row: ContentItem) -> ContentSummary:
    return ContentSummary(
        id=row.id,
        title=row.title,
        kind=ContentKind(row.kind),
        library=Library(row.library),
        version=row.item_version,
        description=row.description,
        price=row.price,
        published=row.published,
        locked=row.locked,
        tags=tuple(row.tags or ()),
        charging=row.charging or "monthly",
    )


def add_item(store: Store, **fields: Any) -> ContentSummary:
    return run_op(store, apply_add_item, **fields).value


def edit_item(store: Store, item_id: str, **changes: object) -> ContentSummary:
    return run_op(store, apply_edit_item, item_id, **changes).value


def delete_item(store: Store, item_id: str) -> None:
    run_op(store, apply_delete_item, item_id)


def list_items(store: Store, *, library: Library | None = None) -> list[ContentSummary]:
    return run_query(store, list_items_in, library=library)


def grant_to_client(store: Store, client_id: str, item_ids: list[str]) -> list[ContentSummary]:
    return run_op(store, apply_grant_to_client, client_id, item_ids).value


def revoke_from_client(store: Store, client_id: str, item_ids: list[str]) -> int:
    return run_op(store, apply_revoke_from_client, client_id, item_ids).value


# The operations: the caller's session and partner (`services.ops.run_op` runs one).


def apply_add_item(
    session: Session,
    partner: Partner,
    *,
    title: str,
    kind: ContentKind,
    library: Library = Library.PARTNER,
    version: str = "1",
    description: str = "",
    price: object = None,
    published: bool = False,
    locked: bool = False,
    tags: object = (),
) -> ContentSummary:
    clean = check.required_text(title, "title", max_length=300)
    ensure_unique_title(session, partner.id, clean)
    row = ContentItem(
        partner_id=partner.id,
        title=clean,
        kind=kind.value,
        library=library.value,
        item_version=version.strip(),
        description=description.strip(),
        price=parse_price(session, partner.id, price, library),
        published=published,
        locked=locked,
        tags=check.tags(tags),
    )
    session.add(row)
    session.flush()
    return item_summary(row)


def apply_edit_item(
    session: Session, partner: Partner, item_id: str, /, **changes: object
) -> ContentSummary:
    """Change any of title, description, version, price, published, locked, tags, charging
    ("monthly" | "once"); a price change applies from `price_from` (a month, default this
    one) and is kept in the item's price history (billing-rules.md, rule 6)."""
    allowed = {"title", "description", "version", "price", "published", "locked", "tags"}
    allowed |= {"charging", "price_from"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError([(name, "cannot be changed here") for name in sorted(unknown)])
    row = live_item(session, item_id)
    if row.library == Library.OPEN.value and set(changes) - {"tags"}:
        raise ServiceError("open-library items belong to the platform; add a copy instead")
    if "title" in changes:
        clean = check.required_text(str(changes["title"]), "title", max_length=300)
        ensure_unique_title(session, partner.id, clean, except_id=row.id)
        row.title = clean
    if "description" in changes:
        row.description = str(changes["description"]).strip()
    if "version" in changes:
        row.item_version = str(changes["version"]).strip()
    if "price" in changes:
        old = row.price
        row.price = parse_price(session, partner.id, changes["price"], Library(row.library))
        month = check.domain_rule(
            lambda: (
                Period.parse(str(changes["price_from"]), "price_from")
                if changes.get("price_from")
                else Period.of(today(partner.timezone))
            )
        )
        this_month = Period.of(today(partner.timezone))
        record_price_change(session, partner.id, row, old, month, this_month)
    if "charging" in changes:
        row.charging = check.domain_rule(
            lambda: ChargingMode.parse(changes["charging"], "charging").value
        )
    for flag in ("published", "locked"):
        if flag in changes:
            setattr(row, flag, bool(changes[flag]))
    if "tags" in changes:
        row.tags = check.tags(changes["tags"])
    return item_summary(row)


def apply_delete_item(session: Session, partner: Partner, item_id: str) -> None:
    row = live_item(session, item_id)
    in_use = session.scalar(
        select(func.count()).where(
            ClientContent.content_id == row.id, ClientContent.deleted.is_(False)
        )
    )
    if in_use:
        raise ServiceError(f"{row.title} is used by {in_use} client(s); remove it there first")
    row.deleted = True


def list_items_in(
    session: Session, partner: Partner, *, library: Library | None = None
) -> list[ContentSummary]:
    query = select(ContentItem).where(
        ContentItem.partner_id == partner.id, ContentItem.deleted.is_(False)
    )
    if library is not None:
        query = query.where(ContentItem.library == library.value)
    return [item_summary(r) for r in session.scalars(query.order_by(ContentItem.title))]


def apply_grant_to_client(
    session: Session, partner: Partner, client_id: str, item_ids: list[str]
) -> list[ContentSummary]:
    """Give a client content its licenses cover; refuse (naming why) what they don't."""
    client = live_client(session, client_id)
    tiers = client_tiers_now(session, client.id, partner.timezone)
    rows = [live_item(session, item_id) for item_id in item_ids]
    refusals = []
    for row in rows:
        why = check_entitlement(ContentKind(row.kind), tiers)
        if why:
            refusals.append((row.title, f"{why}; {client.name} has none — upgrade a member first"))
    if refusals:
        raise ValidationError(refusals)
    granted = set(
        session.scalars(
            select(ClientContent.content_id).where(
                ClientContent.client_id == client.id, ClientContent.deleted.is_(False)
            )
        )
    )
    for row in rows:
        if row.id not in granted:
            session.add(
                ClientContent(partner_id=partner.id, client_id=client.id, content_id=row.id)
            )
    day = today(partner.timezone)
    open_grants(session, partner.id, [(client.id, r.id) for r in rows], day)
    return [item_summary(r) for r in rows]


def apply_revoke_from_client(
    session: Session, partner: Partner, client_id: str, item_ids: list[str]
) -> int:
    """Take items away from a client; how many it had. The items stay in the library, and
    what was done with them (risks, assessments) stays on the client's record."""
    client = live_client(session, client_id)
    grants = session.scalars(
        select(ClientContent).where(
            ClientContent.client_id == client.id,
            ClientContent.content_id.in_(item_ids),
            ClientContent.deleted.is_(False),
        )
    ).all()
    close_grants(
        session,
        partner.id,
        [(client.id, grant.content_id) for grant in grants],
        today(partner.timezone),
    )
    for grant in grants:
        grant.deleted = True
    return len(grants)


def client_tiers_now(session: Session, client_id: str, timezone: str) -> set[LicenseTier]:
    day = today(timezone)
    return {
        LicenseTier(tier)
        for tier in session.scalars(
            select(MemberLicense.tier)
            .join(Member, Member.id == MemberLicense.member_id)
            .where(
                Member.client_id == client_id,
                Member.deleted.is_(False),
                MemberLicense.deleted.is_(False),
                MemberLicense.start <= day,
                (MemberLicense.end.is_(None)) | (MemberLicense.end > day),
            )
        )
    }


def parse_price(
    session: Session, partner_id: str, value: object, library: Library
) -> Decimal | None:
    if value is None or value == "":
        return None
    if library is Library.OPEN:
        raise ValidationError([("price", "open-library items cannot be priced")])
    currency = currency_in(session, partner_id)
    return check.domain_rule(lambda: parse_money(value, currency, "price"))


def partner_currency(store: Store) -> str:
    """The currency prices are in: the partner's latest agreement's (AUD before one)."""
    return run_query(store, lambda session, partner: currency_in(session, partner.id))


def currency_in(session: Session, partner_id: str) -> str:
    currency = session.scalar(
        select(Agreement.currency)
        .where(Agreement.partner_id == partner_id, Agreement.deleted.is_(False))
        .order_by(Agreement.effective_from.desc())
        .limit(1)
    )
    return currency or "AUD"


def ensure_unique_title(
    session: Session, partner_id: str, title: str, *, except_id: str = ""
) -> None:
    ensure_unique(
        session,
        ContentItem.title,
        partner_id,
        title,
        field="title",
        message="an item titled",
        except_id=except_id,
    )


def live_item(session: Session, item_id: str) -> ContentItem:
    row = session.get(ContentItem, item_id)
    if row is None or row.deleted:
        raise NotFoundError(f"no content item with id {item_id}")
    return row
