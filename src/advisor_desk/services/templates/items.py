"""The content a template wizard offers and shows, without reading the whole library.

The pickers search the library a page at a time (`services.library.search`), limited by
`entitled_query` to the kinds a client at the template's tier is entitled to; the items
already chosen are named by `item_refs`, one small query for just those ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from advisor_desk.domain.licenses import ContentKind, LicenseTier, entitled_kinds
from advisor_desk.services.library.content import Library
from advisor_desk.services.library.search import LibraryQuery, LibraryRow
from advisor_desk.store.engine import Store
from advisor_desk.store.models import ContentItem

CHUNK = 500  # ids per IN (...): well under SQLite's limit on bound parameters


@dataclass(frozen=True)
class ItemRef:
    """What a wizard shows of an item it has chosen."""

    id: str
    title: str
    kind: ContentKind
    library: Library

    @classmethod
    def of(cls, row: LibraryRow) -> ItemRef:
        return cls(row.id, row.title, row.kind, row.library)


def offered_kinds(
    tier: LicenseTier, kinds: Iterable[ContentKind] | None = None
) -> frozenset[ContentKind]:
    """The kinds (of `kinds`, default all) a client at `tier` is entitled to."""
    allowed = entitled_kinds([tier])
    return allowed if kinds is None else allowed & frozenset(kinds)


def entitled_query(
    tier: LicenseTier, kinds: Iterable[ContentKind] | None = None, text: str = ""
) -> LibraryQuery | None:
    """The library search for items of `kinds` (default all) a client at `tier` may have,
    matching `text`; None when the tier is entitled to none of those kinds (an empty `kinds`
    facet would mean "any")."""
    offered = offered_kinds(tier, kinds)
    if not offered:
        return None
    # every kind allowed: no facet at all, so the search takes its fastest plan
    facet = frozenset() if offered == frozenset(ContentKind) else offered
    return LibraryQuery(text=text, kinds=facet)


def item_refs(store: Store, ids: Iterable[str]) -> dict[str, ItemRef]:
    """Title, kind and library of the live items among `ids` (absent: no such live item)."""
    wanted = list(dict.fromkeys(ids))
    found: dict[str, ItemRef] = {}
    if not wanted:
        return found
    with store.read() as session:
        for start in range(0, len(wanted), CHUNK):
            rows = session.execute(
                select(
                    ContentItem.id, ContentItem.title, ContentItem.kind, ContentItem.library
                ).where(
                    ContentItem.id.in_(wanted[start : start + CHUNK]),
                    ContentItem.deleted.is_(False),
                )
            )
            for item_id, title, kind, library in rows:
                found[item_id] = ItemRef(item_id, title, ContentKind(kind), Library(library))
    return found
