"""A client's postal address syncs (issue 12, 17): a multi-line one is applied and pulled back
as pushed; one the database or the domain rule refuses (NUL, a control character, too long)
is that mutation `rejected` naming `address`, the batch goes on (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from tests.server.harness import Live, Tenant
from tests.server.test_push_validation import Laptop, laptop_with_parents

ADDRESS = "Level 3, 12 Quay Street\nAuckland 1010\nNew Zealand"


def test_an_address_is_applied_and_pulled_back(live: Live, tenant: Tenant) -> None:
    laptop: Laptop = laptop_with_parents(live, tenant)
    insert = laptop.insert("client", address=ADDRESS)
    (result,) = laptop.push([insert])
    assert result["status"] == "applied", result
    assert laptop.api.rows("client")[insert["id"]]["fields"]["address"] == ADDRESS
    (edited,) = laptop.push([laptop.update("client", address="1 Dock Road\nFremantle")])
    assert edited["status"] == "applied", edited
    pulled = laptop.api.rows("client")[laptop.ids["client"]]["fields"]
    assert pulled["address"] == "1 Dock Road\nFremantle"


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("1 Quay St\x00Auckland", "NUL"),
        ("1 Quay St\x1bAuckland", "control character"),
        ("x" * 2001, "2000"),
    ],
)
def test_a_bad_address_is_rejected_naming_the_field(
    live: Live, tenant: Tenant, address: str, message: str
) -> None:
    laptop = laptop_with_parents(live, tenant)
    bad = laptop.insert("client", address=address)
    after = laptop.insert("client", address=ADDRESS)
    rejected, applied = laptop.push([bad, after])
    assert rejected["status"] == "rejected"
    assert rejected["error"].startswith("address:"), rejected
    assert message in rejected["error"], rejected
    assert applied["status"] == "applied"
    rows = laptop.api.rows("client")
    assert bad["id"] not in rows
    assert rows[after["id"]]["fields"]["address"] == ADDRESS
    before = rows[laptop.ids["client"]]["fields"]
    (refused,) = laptop.push([laptop.update("client", address=address)])
    assert refused["status"] == "rejected"
    assert refused["error"].startswith("address:")
    assert laptop.api.rows("client")[laptop.ids["client"]]["fields"] == before
