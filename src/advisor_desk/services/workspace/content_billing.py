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
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from advisor_desk.domain.content_charges import ChargingMode
from advisor_desk.domain.money import format_money
from advisor_desk.domain.periods import Interval, Period, check_intervals
from advisor_desk.services.workspace.checks import MISSING, Checker, at
from advisor_desk.services.workspace.records import (
    ClientRecord,
    ContentRecord,
    fold,
    name_order,
)

CONTENT_BILLING = ("charging", "prices")
CLIENT_BILLING = ("grants",)
Grant = tuple[str, dt.date, dt.date | None]


def read_content_billing(
    ck: Checker, data: Mapping[str, Any], path: str, currency: str
) -> dict[str, Any]:
    charging = data.get("charging", MISSING)
    mode = (
        ChargingMode.MONTHLY
        if charging is MISSING
        else ck.choice(ChargingMode, charging, at(path, "charging"))
    )
    prices: list[tuple[Period, Decimal | None]] = []
    list_path = at(path, "prices")
    if "prices" in data:
        for index, entry in enumerate(ck.items(data, "prices", path)):
            entry_path = at(list_path, index)
            pair = ck.tuple_of(entry, entry_path, 2, '["YYYY-MM", "12.00" or null]')
            if pair is None:
                continue
            mark = ck.mark()
            month = ck.month(pair[0], entry_path)
            price = ck.optional_money(pair[1], currency, entry_path)
            if ck.clean_since(mark) and prices and month < prices[-1][0]:
                ck.add(entry_path, "is before the month before it")
            prices.append((month, price))
    return {"charging": mode.value, "prices": tuple(prices)}


def read_grants(ck: Checker, data: Mapping[str, Any], path: str) -> tuple[Grant, ...] | None:
    if "grants" not in data:
        return None
    grants: list[Grant] = []
    list_path = at(path, "grants")
    mark = ck.mark()
    for index, entry in enumerate(ck.items(data, "grants", path)):
        entry_path = at(list_path, index)
        triple = ck.tuple_of(entry, entry_path, 3, '[title, "YYYY-MM-DD", "YYYY-MM-DD" or null]')
        if triple is None:
            continue
        title = triple[0]
        if not isinstance(title, str) or not title.strip():
            ck.add(entry_path, "the first entry must be a content title")
            continue
        grants.append(
            (title, ck.date(triple[1], entry_path), ck.optional_date(triple[2], entry_path))
        )
    if ck.clean_since(mark):
        by_title: dict[str, list[tuple[int, Interval]]] = defaultdict(list)
        for index, (title, start, end) in enumerate(grants):
            by_title[fold(title)].append((index, Interval(start, end)))
        for held in by_title.values():
            for position, message in check_intervals([interval for _, interval in held]):
                ck.add(at(list_path, held[position][0]), message)
    return tuple(grants)


def check_grant_titles(ck: Checker, clients: list[Any], titles: set[str]) -> None:
    """Every title a client's `grants` name is in the file's `content` (folded titles)."""
    for index, item in enumerate(clients):
        if not isinstance(item, dict) or not isinstance(item.get("grants"), list):
            continue
        for i, entry in enumerate(item["grants"]):
            title = entry[0] if isinstance(entry, list) and entry else None
            if isinstance(title, str) and fold(title) not in titles:
                place = f"clients[{index}].grants[{i}]"
                ck.add(place, f'no content titled "{title}" in this file')


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
