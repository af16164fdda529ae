"""Tombstones take their children with them, deletes obey the version rules of edits, and
a device whose mids restart below the server's is refused (never skipped as "applied").
Against a real server process, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from tests.server.api import Api, client_insert, delete, new_id, update
from tests.server.harness import Live, Tenant


def member_insert(mid: int, client_id: str, row_id: str | None = None) -> dict[str, Any]:
    return {
        "mid": mid,
        "entity": "member",
        "id": row_id or new_id(),
        "op": "insert",
        "base_version": 0,
        "fields": {"client_id": client_id, "email": "ann@example.com", "name": "Ann"},
    }


def latest(api: Api) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for change in api.pull_all()[0]:
        found[change["id"]] = change
    return found


def test_a_deleted_client_takes_its_members_in_the_same_version(live: Live, tenant: Tenant) -> None:
    api = Api(live.server.url).login(tenant.admin_email)
    cid, mid_ = new_id(), new_id()
    results = api.push([client_insert(1, cid), member_insert(2, cid, mid_)])["results"]
    base = results[0]["version"]
    gone = api.push([delete(3, "client", cid, base)])["results"][0]
    assert gone["status"] == "applied"
    rows = latest(api)
    assert rows[cid]["deleted"]
    assert rows[mid_]["deleted"]
    assert rows[mid_]["version"] > results[1]["version"]  # a new version: laptops pull it
    assert rows[cid]["fields"]["name"]  # tombstones carry their fields


def test_a_stale_delete_of_a_row_edited_since_is_a_conflict(live: Live, tenant: Tenant) -> None:
    one = Api(live.server.url).login(tenant.admin_email)
    two = Api(live.server.url).login(tenant.admin_email)
    cid = new_id()
    base = one.push([client_insert(1, cid, name="Acme")])["results"][0]["version"]
    one.push([update(2, "client", cid, base, domain="acme.example")])
    stale = two.push([delete(1, "client", cid, base)])["results"][0]
    assert stale["status"] == "conflict"
    assert stale["server_fields"]["domain"] == "acme.example"
    assert cid in one.rows("client")  # the newer edit stands
    fresh = two.push([delete(2, "client", cid, stale["version"])])["results"][0]
    assert fresh["status"] == "applied"  # deleting the version it has seen is fine
    assert cid not in one.rows("client")


def test_a_delete_after_only_its_own_devices_edits_applies(live: Live, tenant: Tenant) -> None:
    api = Api(live.server.url).login(tenant.admin_email)
    cid = new_id()
    base = api.push([client_insert(1, cid)])["results"][0]["version"]
    results = api.push(
        [update(2, "client", cid, base, domain="x.example"), delete(3, "client", cid, base)]
    )
    assert [r["status"] for r in results["results"]] == ["applied", "applied"]
    assert cid not in api.rows("client")


def test_a_base_version_from_the_future_is_never_applied(live: Live, tenant: Tenant) -> None:
    one = Api(live.server.url).login(tenant.admin_email)
    two = Api(live.server.url).login(tenant.admin_email)
    cid = new_id()
    base = one.push([client_insert(1, cid, name="Acme")])["results"][0]["version"]
    edited = one.push([update(2, "client", cid, base, domain="one.example")])["results"][0]
    future = edited["version"] + 1000
    edit = two.push([update(1, "client", cid, future, domain="two.example")])["results"][0]
    assert edit["status"] == "conflict"
    assert edit["server_fields"]["domain"] == "one.example"
    gone = two.push([delete(2, "client", cid, future)])["results"][0]
    assert gone["status"] == "conflict"
    rows = one.rows("client")
    assert rows[cid]["fields"]["domain"] == "one.example"


def test_the_same_value_from_two_devices_is_no_conflict(live: Live, tenant: Tenant) -> None:
    one = Api(live.server.url).login(tenant.admin_email)
    two = Api(live.server.url).login(tenant.admin_email)
    cid = new_id()
    base = one.push([client_insert(1, cid)])["results"][0]["version"]
    one.push([update(2, "client", cid, base, domain="same.example")])
    again = two.push([update(1, "client", cid, base, domain="same.example")])["results"][0]
    assert again["status"] in {"applied", "merged"}


def test_a_retried_batch_is_skipped_but_a_rewound_device_is_refused(
    live: Live, tenant: Tenant
) -> None:
    api = Api(live.server.url).login(tenant.admin_email)
    first = [client_insert(1), client_insert(2)]
    api.push(first)
    assert api.push(first)["last_mid"] == 2  # the same batch again: a retry, skipped
    later = client_insert(3)
    api.push([later])
    restored = [client_insert(2, name="Made after the restore")]  # mid 2 again, new work
    answer = api.post(
        "/v1/sync/push", {"device_id": api.device_id, "schema_version": 1, "mutations": restored}
    )
    assert answer.status_code == 409
    assert answer.json()["code"] == "device_rewound"
    also = api.post(
        "/v1/sync/push",
        {"device_id": api.device_id, "schema_version": 1, "mutations": [client_insert(3)]},
    )
    assert (also.status_code, also.json()["code"]) == (409, "device_rewound")
    assert api.push([later])["last_mid"] == 3  # the true last batch is still a retry
    new = api.post("/v1/sync/device", {"device_name": "restored"})
    assert new.status_code == 200, new.text
    assert new.json()["replaces"] == api.device_id
    api.device_id = new.json()["device_id"]
    renumbered = [{**restored[0], "mid": 1}]  # the new device counts from 1
    assert api.push(renumbered)["results"][0]["status"] == "applied"  # same token
    names = {c["fields"]["name"] for c in api.rows("client").values()}
    assert "Made after the restore" in names
    assert len(names) == 4


def test_a_new_device_needs_a_session(live: Live) -> None:
    answer = Api(live.server.url).post("/v1/sync/device", {})
    assert answer.status_code == 401
