"""The local store's step 0007: an item's charging mode, price history and grant intervals
(billing-rules.md, rules 6–7), synced like every entity and checked by the domain's rules."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from advisor_desk.domain.field_rules import check_field
from advisor_desk.store.engine import STORE_FILE, open_store
from advisor_desk.store.models import (
    ENTITY_MODELS,
    Client,
    ContentGrant,
    ContentItem,
    ContentPrice,
)
from advisor_desk.sync.codec import FieldError, decode_row, row_problem


def test_grants_and_prices_are_synced_entities(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    try:
        with store.write() as session:
            client = Client(partner_id="p", name="Acme", created=dt.date(2026, 1, 10))
            item = ContentItem(partner_id="p", title="Toolkit", kind="policy", library="partner")
            session.add_all([client, item])
            session.flush()
            session.add_all(
                [
                    ContentGrant(
                        partner_id="p",
                        client_id=client.id,
                        content_id=item.id,
                        start=dt.date(2026, 11, 10),
                        end=None,
                    ),
                    ContentPrice(
                        partner_id="p",
                        content_id=item.id,
                        effective_from="2026-07",
                        price=Decimal("150.00"),
                    ),
                ]
            )
        with store.read() as session:
            grant = session.scalars(select(ContentGrant)).one()
            price = session.scalars(select(ContentPrice)).one()
            assert (grant.start, grant.end, grant.version, grant.deleted) == (
                dt.date(2026, 11, 10),
                None,
                0,
                False,
            )
            assert price.price == Decimal("150.00")
    finally:
        store.close()
    assert {"content_grant", "content_price"} <= ENTITY_MODELS.keys()
    raw = sqlite3.connect(tmp_path / STORE_FILE)
    columns = {row[1]: row for row in raw.execute("PRAGMA table_info(content_item)")}
    raw.close()
    assert columns["charging"][4] == "'monthly'"  # default for items priced before
    assert columns["charging"][3] == 1  # NOT NULL


def test_pulled_grants_and_prices_are_checked_by_the_domain_rules() -> None:
    grant = {"client_id": "c", "content_id": "i", "start": "2026-11-10", "end": "2026-11-01"}
    with pytest.raises(FieldError, match="end: 2026-11-01 is not after the start"):
        decode_row("content_grant", grant)
    assert row_problem("content_grant", {**grant, "end": None}) is None
    assert row_problem("content_price", {"content_id": "i", "effective_from": "2026-13"}) == (
        "effective_from: '2026-13' is not a valid month"
    )
    assert "price" in (
        row_problem(
            "content_price", {"content_id": "i", "effective_from": "2026-07", "price": "-1"}
        )
        or ""
    )
    assert (
        row_problem(
            "content_price", {"content_id": "i", "effective_from": "2026-07", "price": None}
        )
        is None
    )
    with pytest.raises(Exception, match="weekly"):
        check_field("content_item", "charging", "weekly")
    assert check_field("content_item", "charging", "once") == "once"


def test_an_items_charging_mode_syncs_and_is_checked() -> None:
    item = {"title": "Toolkit", "kind": "policy", "library": "partner", "tags": []}
    assert row_problem("content_item", {**item, "charging": "once"}) is None
    assert row_problem("content_item", {**item, "charging": "weekly"}) == (
        "charging: 'weekly' is not one of: monthly, once"
    )
