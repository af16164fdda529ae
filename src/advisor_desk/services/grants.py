"""Grant intervals: the days each client held each item (billing-rules.md, rule 7).

`client_content` is what a client holds now; `content_grant` is the history billing reads.
Granting opens an interval `[today, …)`, removing closes it on today (an interval closed on
the day it opened was never held: its row is deleted), granting again opens another.

Grants made before the history was kept (a live `client_content` without any interval) are
read as held since they were pushed: the item's first push naming the client, else the day
the client was created (`implied_start`). Nothing rewrites them: the first removal writes
their interval.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain.content_charges import GrantInput
from advisor_desk.domain.periods import Period
from advisor_desk.store.models import (
    Client,
    ClientContent,
    ContentGrant,
    ContentItem,
    ContentPrice,
    LibraryPush,
)


def open_grants(
    session: Session,
    partner_id: str,
    pairs: Iterable[tuple[str, str]],
    day: dt.date,
) -> list[str]:
    """Open an interval from `day` for each (client id, item id) without an open one."""
    wanted = list(dict.fromkeys(pairs))
    if not wanted:
        return []
    session.flush()
    open_now = {
        (row.client_id, row.content_id)
        for row in session.scalars(
            select(ContentGrant).where(
                ContentGrant.client_id.in_({c for c, _ in wanted}),
                ContentGrant.deleted.is_(False),
                ContentGrant.end.is_(None),
            )
        )
    }
    made: list[str] = []
    for client_id, content_id in wanted:
        if (client_id, content_id) in open_now:
            continue
        row = ContentGrant(
            partner_id=partner_id, client_id=client_id, content_id=content_id, start=day, end=None
        )
        session.add(row)
        session.flush()
        made.append(row.id)
    return made


def close_grants(
    session: Session,
    partner_id: str,
    pairs: Iterable[tuple[str, str]],
    day: dt.date,
) -> None:
    """Close each (client id, item id)'s open interval on `day` (call it before the
    `client_content` row is deleted). One opened on `day` (or later) is deleted: never held.
    A grant from before the history was kept gets its interval `[implied start, day)`."""
    wanted = list(dict.fromkeys(pairs))
    if not wanted:
        return
    session.flush()
    rows = session.scalars(
        select(ContentGrant).where(
            ContentGrant.client_id.in_({c for c, _ in wanted}),
            ContentGrant.deleted.is_(False),
        )
    ).all()
    by_pair: dict[tuple[str, str], list[ContentGrant]] = defaultdict(list)
    for row in rows:
        by_pair[(row.client_id, row.content_id)].append(row)
    for pair in wanted:
        held = by_pair.get(pair, [])
        if not held:  # granted before the history was kept
            start = implied_start(session, *pair)
            if start < day:
                session.add(
                    ContentGrant(
                        partner_id=partner_id,
                        client_id=pair[0],
                        content_id=pair[1],
                        start=start,
                        end=day,
                    )
                )
            continue
        for row in held:
            if row.end is None:
                if row.start >= day:
                    row.deleted = True
                else:
                    row.end = day


def delete_grants(session: Session, ids: Sequence[str]) -> None:
    """Undo: the intervals a push opened never were."""
    if not ids:
        return
    for row in session.scalars(select(ContentGrant).where(ContentGrant.id.in_(ids))):
        row.deleted = True


def implied_start(session: Session, client_id: str, content_id: str) -> dt.date:
    """When a grant from before the history was kept began: the item's first push that named
    the client, else the day the client was created."""
    return _implied_starts(session, [(client_id, content_id)])[(client_id, content_id)]


def _implied_starts(
    session: Session, pairs: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], dt.date]:
    if not pairs:
        return {}
    clients = {
        row.id: (row.name, row.created)
        for row in session.execute(
            select(Client.id, Client.name, Client.created).where(
                Client.id.in_({c for c, _ in pairs})
            )
        )
    }
    pushes: dict[str, list[tuple[dt.datetime, list[str]]]] = defaultdict(list)
    for content_id, pushed_at, targets in session.execute(
        select(LibraryPush.content_id, LibraryPush.pushed_at, LibraryPush.targets)
        .where(LibraryPush.content_id.in_({i for _, i in pairs}), LibraryPush.deleted.is_(False))
        .order_by(LibraryPush.pushed_at)
    ):
        pushes[content_id].append((pushed_at, targets))
    found: dict[tuple[str, str], dt.date] = {}
    for client_id, content_id in pairs:
        name, created = clients.get(client_id, (None, dt.date.min))
        start = created
        for pushed_at, targets in pushes.get(content_id, []):
            if isinstance(targets, list) and name in targets:
                start = max(pushed_at.date(), created)
                break
        found[(client_id, content_id)] = start
    return found


def load_grants(session: Session, partner_id: str) -> list[GrantInput]:
    """Every interval of the partner's grants, with the implied ones of grants made before
    the history was kept."""
    stored = [
        GrantInput(client_id, content_id, start, end)
        for client_id, content_id, start, end in session.execute(
            select(
                ContentGrant.client_id,
                ContentGrant.content_id,
                ContentGrant.start,
                ContentGrant.end,
            ).where(ContentGrant.partner_id == partner_id, ContentGrant.deleted.is_(False))
        )
    ]
    known = {(g.client_key, g.item_key) for g in stored}
    legacy = [
        (client_id, content_id)
        for client_id, content_id in session.execute(
            select(ClientContent.client_id, ClientContent.content_id).where(
                ClientContent.partner_id == partner_id, ClientContent.deleted.is_(False)
            )
        )
        if (client_id, content_id) not in known
    ]
    starts = _implied_starts(session, legacy)
    return stored + [GrantInput(c, i, starts[(c, i)], None) for c, i in legacy]


def record_price_change(
    session: Session,
    partner_id: str,
    row: ContentItem,
    old: Decimal | None,
    month: Period,
    this_month: Period,
) -> None:
    """Keep an item's price change (to `row.price`, from `month`) in its price history.

    An item priced before the history was kept cost its old price in every period: its first
    change records that price too, from the month of its first grant (or this month), so the
    periods before `month` keep being billed at it."""
    if row.price == old:
        return
    session.flush()
    kept = session.scalar(
        select(ContentPrice.id)
        .where(ContentPrice.content_id == row.id, ContentPrice.deleted.is_(False))
        .limit(1)
    )
    if kept is None and old is not None:
        starts = [g.start for g in load_grants(session, partner_id) if g.item_key == row.id]
        base = min([this_month, *(Period.of(start) for start in starts)])
        if base < month:
            session.add(
                ContentPrice(
                    partner_id=partner_id, content_id=row.id, effective_from=str(base), price=old
                )
            )
    session.add(
        ContentPrice(
            partner_id=partner_id, content_id=row.id, effective_from=str(month), price=row.price
        )
    )
