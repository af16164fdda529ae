"""Grant intervals and price history on the server (SQLite and PostgreSQL): they migrate,
sync, are checked like every entity, and a grant is seen only by who sees its client."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.server.api import Api, client_insert, new_id
from tests.server.harness import Live, Tenant


def _insert(mid: int, entity: str, row_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "mid": mid,
        "entity": entity,
        "id": row_id,
        "op": "insert",
        "base_version": 0,
        "fields": fields,
    }


def test_grants_follow_their_client_and_prices_the_library(live: Live, tenant: Tenant) -> None:
    boss = Api(live.server.url).login(tenant.admin_email)
    bo = Api(live.server.url).login(tenant.emails["bo"])
    hidden, item, grant, price = new_id(), new_id(), new_id(), new_id()
    results = boss.push(
        [
            client_insert(1, hidden, name="Hidden Co"),
            _insert(2, "content_item", item, title="Toolkit", kind="policy", library="partner"),
            _insert(
                3, "content_grant", grant, client_id=hidden, content_id=item, start="2026-11-10"
            ),
            _insert(
                4,
                "content_price",
                price,
                content_id=item,
                effective_from="2026-07",
                price="150.00",
            ),
        ]
    )["results"]
    assert [r["status"] for r in results] == ["applied"] * 4, results
    assert boss.rows("content_grant")[grant]["fields"]["start"] == "2026-11-10"
    assert grant not in bo.rows("content_grant")  # bo has no access to Hidden Co
    assert Decimal(bo.rows("content_price")[price]["fields"]["price"]) == Decimal("150.00")
    # bo cannot grant content to a client it does not see
    refused = bo.push(
        [
            _insert(
                1, "content_grant", new_id(), client_id=hidden, content_id=item, start="2026-12-01"
            )
        ]
    )["results"][0]
    assert refused["status"] == "rejected"


def test_bad_grants_and_prices_are_rejected_naming_the_field(live: Live, tenant: Tenant) -> None:
    boss = Api(live.server.url).login(tenant.admin_email)
    cid, item = new_id(), new_id()
    results = boss.push(
        [
            client_insert(1, cid, name="Acme"),
            _insert(2, "content_item", item, title="Pack", kind="policy", library="partner"),
            _insert(
                3,
                "content_grant",
                new_id(),
                client_id=cid,
                content_id=item,
                start="2026-11-10",
                end="2026-11-10",
            ),
            _insert(4, "content_price", new_id(), content_id=item, effective_from="2026-7"),
            _insert(
                5, "content_price", new_id(), content_id=item, effective_from="2026-07", price=1.5
            ),
        ]
    )["results"]
    assert [r["status"] for r in results] == ["applied", "applied", *["rejected"] * 3], results
    reasons = [r["error"] for r in results[2:]]
    assert reasons[0].startswith("end: ")
    assert reasons[1].startswith("effective_from: ")
    assert reasons[2].startswith("price: ")


def test_a_charging_mode_is_pushed_and_checked(live: Live, tenant: Tenant) -> None:
    boss = Api(live.server.url).login(tenant.admin_email)
    good, bad = new_id(), new_id()
    fields = {"kind": "policy", "library": "partner", "price": "400.00"}
    results = boss.push(
        [
            _insert(1, "content_item", good, title="Pack", charging="once", **fields),
            _insert(2, "content_item", bad, title="Kit", charging="weekly", **fields),
        ]
    )["results"]
    assert [r["status"] for r in results] == ["applied", "rejected"], results
    assert results[1]["error"].startswith("charging: ")
    assert boss.rows("content_item")[good]["fields"]["charging"] == "once"
