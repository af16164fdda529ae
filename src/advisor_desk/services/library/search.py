"""Searching the content library: one list over the open and partner libraries, in SQL.

Shaped for a lazy view over 100,000 items: `search` returns one page of rows (ids ordered in
SQL, then the page's details) and the number of matches. Text goes through the store's FTS5
index (`content_fts`, over the `content_search` projection that triggers keep in step with
`content_item`, migration 0003); facets are plain conditions on that projection.

The first page of a text search in title order has two plans (FTS5 hands its matches over
in rowid order, not title order):

- sort: every match joined to its title, the page kept from a sort (cost: one row lookup
  per match — 20 ms for 25,000 matches);
- walk: down the title index, keeping the entries the text matches, until the page is full
  (cost: the set of matches, then one probe per title walked past).

Walking wins when matches are many and spread out, loses when they sit far down the titles
("iso": a quarter of the items, all under I). So the walk goes first only when the share
of matches says it should end early, and only over a bounded stretch of titles; if that
stretch holds too few matches, the sort runs. A caller may pass `start`, a title no match
sorts before (the browser's previous, wider search's first row while the user types on),
where the walk begins.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from advisor_desk.domain.licenses import ContentKind
from advisor_desk.services.library.content import Library
from advisor_desk.store.engine import Store
from advisor_desk.store.types import MONEY_SCALE

PAGE = 100  # a screenful or three; the view pulls more as it scrolls
# Walk the title index first when the text matches at least WALK_SHARE of the items, or when
# the caller knows where the matches start (`start`). Gathering the matches costs about a
# third of the sort and each title walked past a little more than half a sort's lookup, so
# the walk stops after WALK_SPAN × the titles it should need were matches spread evenly (at
# least WALK_MIN, at most one per match) and the sort runs instead: matches cluster. 100,000
# items: "i" (56%) walks 335 titles, 9 ms against a 21 ms sort; "is" (26%, none before the
# Is) would walk 17,000, so it sorts.
WALK_SHARE = 0.35
WALK_SPAN = 8
WALK_MIN = 4000
SORT_BELOW = 2000  # matches: sorting them takes a millisecond or two, no walk needed
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)  # about what the index's tokenizer reads as one
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


def same_search(query: LibraryQuery, other: LibraryQuery) -> bool:
    """Whether the two ask for the same rows in the same order: the same facets and sort,
    and texts the index reads alike ("iso " is "iso")."""
    return replace(query, text="") == replace(other, text="") and match_expression(
        query.text
    ) == match_expression(other.text)


def narrows(query: LibraryQuery, wider: LibraryQuery) -> bool:
    """Whether every item `query` matches also matches `wider`: the same facets and sort,
    and each word of `wider`'s text the start of one of `query`'s (typing on)."""
    if replace(query, text="") != replace(wider, text=""):
        return False
    words = _WORD.findall(query.text)
    return all(any(word.startswith(w) for word in words) for w in _WORD.findall(wider.text))


def looks_like_a_match(row: LibraryRow, query: LibraryQuery) -> bool:
    """Whether each word of the query's text starts a word of the row's title or tags (a
    guess for choosing a plan: the index also reads the description)."""
    words = {word.casefold() for word in _TOKEN.findall(" ".join((row.title, *row.tags)))}
    return all(
        any(word.startswith(typed.casefold()) for word in words)
        for typed in _TOKEN.findall(query.text)
    )


def search(
    store: Store,
    query: LibraryQuery,
    *,
    offset: int = 0,
    limit: int = PAGE,
    start: str | None = None,
) -> SearchResult:
    """One page of the items `query` matches, in its order, and how many match in all.

    `start`, if given, is a title no match sorts before in the query's order (a hint that
    only speeds up the search; a wrong one gives a wrong page)."""
    with store.read() as session:
        return search_in(session, query, offset=offset, limit=limit, start=start)


def search_in(
    session: Session,
    query: LibraryQuery,
    *,
    offset: int = 0,
    limit: int = PAGE,
    start: str | None = None,
) -> SearchResult:
    connection = session.connection()
    match = match_expression(query.text, tuple(query.tags))
    if match is None or query.has_facets or query.sort is not SortKey.TITLE:
        return _searched(connection, query, match, offset, limit)
    # text alone, in title order: the index counts, then walk or sort for the page
    total = _scalar(
        connection, "SELECT count(*) FROM content_fts WHERE content_fts MATCH ?", [match]
    )
    if total == 0 or offset >= total:
        return SearchResult((), total, offset, query)
    rows = _walked(connection, query, match, total, offset, limit, start)
    if rows is None:
        source = "content_fts AS f JOIN content_search AS s ON s.id = f.rowid"
        order = _order(query)
        rows = _page(connection, source, "WHERE content_fts MATCH ?", [match], order, limit, offset)
    return SearchResult(tuple(_row(*row) for row in rows), total, offset, query)


def _searched(
    connection: Connection, query: LibraryQuery, match: str | None, offset: int, limit: int
) -> SearchResult:
    """Facets or another order: the matches sorted (no text: the whole projection)."""
    conditions, params = _conditions(query)
    source = "content_search AS s"
    if match is not None:  # the index hands over its matches, then they sort
        source = "content_fts AS f JOIN content_search AS s ON s.id = f.rowid"
        conditions.insert(0, "content_fts MATCH ?")
        params.insert(0, match)
    elif query.sort is SortKey.TITLE and not query.has_facets:
        source += " INDEXED BY ix_content_search_title"  # the page straight from the index
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    total = _scalar(connection, f"SELECT count(*) FROM {source} {where}", params)
    if total == 0 or offset >= total:
        return SearchResult((), total, offset, query)
    rows = _page(connection, source, where, params, _order(query), limit, offset)
    return SearchResult(tuple(_row(*row) for row in rows), total, offset, query)


def _walked(
    connection: Connection,
    query: LibraryQuery,
    match: str,
    total: int,
    offset: int,
    limit: int,
    start: str | None,
) -> list[Any] | None:
    """The page from a bounded walk down the title index, or None (the sort's turn) when
    the matches look too few for it or the stretch walked held too few of them."""
    # ids only grow, so the largest is about the number of items (and costs nothing)
    items = _scalar(connection, "SELECT coalesce(max(id), 0) FROM content_search", [])
    if total < SORT_BELOW or (start is None and total < WALK_SHARE * items):
        return None
    needed = (offset + limit) * items / total  # titles to walk, were matches spread evenly
    span = int(min(max(WALK_SPAN * needed, WALK_MIN), total))
    before, after, direction = (">", "<", "") if not query.descending else ("<", ">", " DESC")
    bounds, params = [], []
    if start is not None:
        bounds.append(f"s.title COLLATE NOCASE {before}= ?")
        params.append(start)
    where = f"WHERE {bounds[0]}" if bounds else ""
    end = connection.exec_driver_sql(
        "SELECT s.title FROM content_search AS s INDEXED BY ix_content_search_title"
        f" {where} ORDER BY s.title COLLATE NOCASE{direction} LIMIT 1 OFFSET ?",
        (*params, span),
    ).scalar()
    if end is not None:  # the stretch ends before the span's last title (and its equals)
        bounds.append(f"s.title COLLATE NOCASE {after} ?")
        params.append(end)
    bounds.append("s.id IN (SELECT rowid FROM content_fts WHERE content_fts MATCH ?)")
    params.append(match)
    rows = _page(
        connection,
        "content_search AS s INDEXED BY ix_content_search_title",
        f"WHERE {' AND '.join(bounds)}",
        params,
        _order(query),
        limit,
        offset,
    )
    if len(rows) < limit and end is not None and offset + len(rows) < total:
        return None  # more matches lie beyond the stretch: it cannot say which come next
    return rows


def _order(query: LibraryQuery) -> str:
    direction = " DESC" if query.descending else ""
    keys = [_SORT_SQL[query.sort], _SORT_SQL[SortKey.TITLE], "s.id"]
    if query.sort is SortKey.TITLE:  # the title index's own order: (title, id)
        keys = keys[1:]
    return ", ".join(f"{key}{direction}" for key in keys)


def _page(
    connection: Connection,
    source: str,
    where: str,
    params: Sequence[Any],
    order: str,
    limit: int,
    offset: int,
) -> list[Any]:
    """The page's ids in order first (the ORDER BY touches only the projection), then their
    details; CROSS JOIN keeps the page as the outer loop, so the order holds."""
    return list(
        connection.exec_driver_sql(
            "SELECT s.item_id, s.title, s.kind, s.library, s.item_version, s.price,"
            " s.published, s.locked, ci.tags, (SELECT count(*) FROM client_content AS cc"
            " WHERE cc.content_id = s.item_id AND NOT cc.deleted)"
            f" FROM (SELECT s.id FROM {source} {where} ORDER BY {order} LIMIT ? OFFSET ?)"
            " AS page CROSS JOIN content_search AS s ON s.id = page.id"
            " CROSS JOIN content_item AS ci ON ci.id = s.item_id",
            (*params, limit, offset),
        ).fetchall()
    )


def top_tags(
    store: Store, limit: int = 40, query: LibraryQuery | None = None
) -> list[tuple[str, int]]:
    """The tags most items carry, with how many carry each (for the facet list).

    With `query`, counted among the items it matches (its text, facets and ticked tags), so
    the counts beside the tags are what ticking one would show.
    """
    if query is not None and (query.text.strip() or query.tags or query.has_facets):
        return _top_tags_within(store, limit, query)
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


def _top_tags_within(store: Store, limit: int, query: LibraryQuery) -> list[tuple[str, int]]:
    conditions, params = _conditions(query)
    source = "content_search AS s"
    match = match_expression(query.text, tuple(query.tags))
    if match is not None:
        source = "content_fts AS f JOIN content_search AS s ON s.id = f.rowid"
        conditions.insert(0, "content_fts MATCH ?")
        params.insert(0, match)
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    with store.read() as session:
        rows = session.connection().exec_driver_sql(
            "SELECT t.value, count(*) FROM"
            f" (SELECT s.item_id FROM {source} {where}) AS m"
            " JOIN content_item AS ci ON ci.id = m.item_id, json_each(ci.tags) AS t"
            " WHERE NOT ci.deleted GROUP BY t.value ORDER BY count(*) DESC, t.value LIMIT ?",
            (*params, limit),
        )
        return [(str(tag), int(n)) for tag, n in rows]


def _conditions(query: LibraryQuery) -> tuple[list[str], list[Any]]:
    conditions: list[str] = []
    params: list[Any] = []
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
