"""Searching the content library: one list over the open and partner libraries, in SQL.

Shaped for a lazy view over 100,000 items: `search` returns one page of rows (ids ordered in
SQL, then the page's details) and the number of matches. Text goes through the store's FTS5
index (`content_fts`, over the `content_search` projection that triggers keep in step with
`content_item`, migration 0003); facets are plain conditions on that projection.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from advisor_desk.domain.licenses import ContentKind
from advisor_desk.services.content import Library
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Agreement
from advisor_desk.store.types import MONEY_SCALE

PAGE = 100  # a screenful or three; the view pulls more as it scrolls
# When the text matches more than this share of the items (and no facet is set), walking the
# title index and stopping at the page's end beats sorting every match (100,000 items: "i",
# 56% match, 9 ms against 21; "iso", 23% but clustered under I, 33 ms against 20).
WALK_SHARE = 0.4
_WORD = re.compile(r"[^\W_]+(?:[-'.:/][^\W_]+)*", re.UNICODE)


class SortKey(StrEnum):
    TITLE = "title"
    KIND = "kind"
    SOURCE = "library"
    VERSION = "item_version"
    PRICE = "price"
    PUBLISHED = "published"
    LOCKED = "locked"
    CLIENTS = "clients"


_SORT_SQL = {
    SortKey.TITLE: "s.title COLLATE NOCASE",
    SortKey.KIND: "s.kind",
    SortKey.SOURCE: "s.library",
    SortKey.VERSION: "s.item_version COLLATE NOCASE",
    SortKey.PRICE: "s.price",
    SortKey.PUBLISHED: "s.published",
    SortKey.LOCKED: "s.locked",
    SortKey.CLIENTS: "(SELECT count(*) FROM client_content AS cc"
    " WHERE cc.content_id = s.item_id AND NOT cc.deleted)",
}


@dataclass(frozen=True)
class LibraryQuery:
    """What the browser asks for; empty sets and None mean "any"."""

    text: str = ""
    sources: frozenset[Library] = frozenset()
    kinds: frozenset[ContentKind] = frozenset()
    tags: frozenset[str] = frozenset()  # every one of them
    published: bool | None = None
    priced: bool | None = None
    sort: SortKey = SortKey.TITLE
    descending: bool = False

    @property
    def has_facets(self) -> bool:
        return bool(
            self.sources or self.kinds or self.published is not None or self.priced is not None
        )


@dataclass(frozen=True)
class LibraryRow:
    id: str
    title: str
    kind: ContentKind
    library: Library
    version: str
    price: Decimal | None
    published: bool
    locked: bool
    tags: tuple[str, ...]
    clients: int


@dataclass(frozen=True)
class SearchResult:
    rows: tuple[LibraryRow, ...]
    total: int  # every match, not just this page
    offset: int = 0
    query: LibraryQuery = field(default_factory=LibraryQuery)


def match_expression(words: str, tags: Sequence[str] = ()) -> str | None:
    """The FTS5 query for what was typed: every word as a prefix (it matches as you type),
    quoted so no character of the text is read as FTS syntax; tags as column filters."""
    terms = [f'"{word}"*' for word in _WORD.findall(words)]
    terms += ['tags : "' + tag.replace('"', '""') + '"' for tag in sorted(tags)]
    return " AND ".join(terms) or None


def search(
    store: Store, query: LibraryQuery, *, offset: int = 0, limit: int = PAGE
) -> SearchResult:
    """One page of the items `query` matches, in its order, and how many match in all."""
    with store.read() as session:
        return search_in(session, query, offset=offset, limit=limit)


def search_in(
    session: Session, query: LibraryQuery, *, offset: int = 0, limit: int = PAGE
) -> SearchResult:
    connection = session.connection()
    match = match_expression(query.text, tuple(query.tags))
    text_matches = None
    if match is not None:
        text_matches = _scalar(
            connection, "SELECT count(*) FROM content_fts WHERE content_fts MATCH ?", [match]
        )
        if text_matches == 0:
            return SearchResult((), 0, offset, query)
    walk = query.sort is SortKey.TITLE and not query.has_facets
    if walk and text_matches is not None:
        # ids only grow, so the largest is about the number of items (and costs nothing)
        items = _scalar(connection, "SELECT coalesce(max(id), 0) FROM content_search", [])
        walk = text_matches > WALK_SHARE * items
    conditions, params = _conditions(query, match if walk else None)
    source = "content_search AS s"
    if match is not None and not walk:  # the index hands over its matches, then they sort
        source = "content_fts AS f JOIN content_search AS s ON s.id = f.rowid"
        conditions.insert(0, "content_fts MATCH ?")
        params.insert(0, match)
    elif walk:  # down the title index, keeping what matches, until the page is full
        source += " INDEXED BY ix_content_search_title"
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    if query.has_facets or text_matches is None:
        total = _scalar(connection, f"SELECT count(*) FROM {source} {where}", params)
    else:
        total = text_matches
    if total == 0 or offset >= total:
        return SearchResult((), total, offset, query)
    direction = " DESC" if query.descending else ""
    order = f"{_SORT_SQL[query.sort]}{direction}, s.title COLLATE NOCASE{direction}, s.id"
    # The page's ids in order first (the ORDER BY touches only the projection), then their
    # details; CROSS JOIN keeps the page as the outer loop, so the order holds.
    rows = connection.exec_driver_sql(
        "SELECT s.item_id, s.title, s.kind, s.library, s.item_version, s.price, s.published,"
        " s.locked, ci.tags, (SELECT count(*) FROM client_content AS cc"
        " WHERE cc.content_id = s.item_id AND NOT cc.deleted)"
        f" FROM (SELECT s.id FROM {source} {where} ORDER BY {order} LIMIT ? OFFSET ?) AS page"
        " CROSS JOIN content_search AS s ON s.id = page.id"
        " CROSS JOIN content_item AS ci ON ci.id = s.item_id",
        (*params, limit, offset),
    ).fetchall()
    return SearchResult(tuple(_row(*row) for row in rows), total, offset, query)


def partner_currency(store: Store) -> str:
    """The currency prices are in: the partner's latest agreement's."""
    with store.read() as session:
        currency = session.scalar(
            select(Agreement.currency)
            .where(Agreement.deleted.is_(False))
            .order_by(Agreement.effective_from.desc())
            .limit(1)
        )
        return currency or "AUD"


def top_tags(store: Store, limit: int = 40) -> list[tuple[str, int]]:
    """The tags most items carry, with how many carry each (for the facet list)."""
    with store.read() as session:
        rows = session.execute(
            text(
                "SELECT t.value, count(*) FROM content_item AS ci, json_each(ci.tags) AS t "
                "WHERE NOT ci.deleted GROUP BY t.value ORDER BY count(*) DESC, t.value "
                "LIMIT :limit"
            ),
            {"limit": limit},
        )
        return [(str(tag), int(n)) for tag, n in rows]


def _conditions(query: LibraryQuery, match: str | None) -> tuple[list[str], list[Any]]:
    conditions: list[str] = []
    params: list[Any] = []
    if match is not None:
        conditions.append("s.id IN (SELECT rowid FROM content_fts WHERE content_fts MATCH ?)")
        params.append(match)
    for column, values in (("library", query.sources), ("kind", query.kinds)):
        if values:
            conditions.append(f"s.{column} IN ({', '.join('?' * len(values))})")
            params.extend(sorted(v.value for v in values))
    if query.published is not None:
        conditions.append("s.published" if query.published else "NOT s.published")
    if query.priced is not None:
        conditions.append("s.price IS NOT NULL" if query.priced else "s.price IS NULL")
    return conditions, params


_KINDS = {kind.value: kind for kind in ContentKind}
_LIBRARIES = {library.value: library for library in Library}


def _row(
    item_id: str,
    title: str,
    kind: str,
    library: str,
    version: str,
    price: int | None,
    published: int,
    locked: int,
    tags: str | None,
    clients: int,
) -> LibraryRow:
    return LibraryRow(
        id=item_id,
        title=title,
        kind=_KINDS[kind],
        library=_LIBRARIES[library],
        version=version,
        price=None if price is None else Decimal(price).scaleb(-MONEY_SCALE),
        published=bool(published),
        locked=bool(locked),
        tags=_tags(tags),
        clients=int(clients),
    )


@lru_cache(maxsize=4096)
def _tags(text: str | None) -> tuple[str, ...]:
    """A JSON list of tags as a tuple (the same few lists repeat across thousands of rows)."""
    return tuple(json.loads(text)) if text else ()


def _scalar(connection: Connection, sql: str, params: Sequence[Any]) -> int:
    return int(connection.exec_driver_sql(sql, tuple(params)).scalar_one())
