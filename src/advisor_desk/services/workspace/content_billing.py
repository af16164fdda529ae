"""The workspace file's keys for the partner's content charges (billing-rules.md, rules 6–7).

- content: `"charging"` ("monthly" | "once") and `"prices"`: `[[month, price | null], …]`,
  the item's price changes in month order (a later entry for the same month wins).
- clients: `"grants"`: `[[content title, from, to | null], …]`, the days the client held
  each item, by title then start.

All optional on read, always written. A file without `grants` (version 1 before them) gets
the client's `content` as grants held since their push: the item's first push naming the
client, else the day the client was created.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from advisor_desk.domain.money import format_money
from advisor_desk.services.workspace.records import (
    ClientRecord,
    ContentRecord,
    fold,
    name_order,
)

Grant = tuple[str, dt.date, dt.date | None]


def write_content_billing(item: ContentRecord, currency: str) -> dict[str, Any]:
    return {
        "charging": item.charging,
        "prices": [
            [str(month), None if price is None else format_money(price, currency)]
            for month, price in sorted(item.prices, key=lambda entry: entry[0])
        ],
    }


def write_grants(client: ClientRecord) -> list[list[str | None]]:
    return [
        [title, start.isoformat(), None if end is None else end.isoformat()]
        for title, start, end in sorted(
            client.grants or (), key=lambda g: (*name_order(g[0]), g[1], g[2] or dt.date.max)
        )
    ]


def implied_grants(
    client: ClientRecord, pushes: Mapping[str, Iterable[tuple[dt.datetime, tuple[str, ...]]]]
) -> tuple[Grant, ...]:
    """A version-1 client's `content` as grants held since their push (`pushes`: folded
    title → (pushed_at, targets) of the file's push log)."""
    grants = []
    for title in client.content:
        start = client.created
        for pushed_at, targets in sorted(pushes.get(fold(title), ()), key=lambda p: p[0]):
            if client.name in targets:
                start = max(pushed_at.date(), client.created)
                break
        grants.append((title, start, None))
    return tuple(grants)
