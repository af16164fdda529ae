"""The push rules of sync-protocol.md, against a real server process (SQLite and PostgreSQL)."""

from __future__ import annotations

from tests.server.api import Api, client_insert, delete, new_id, update
from tests.server.harness import Live, Tenant


def test_a_push_retried_after_the_server_committed_applies_once(live: Live, tenant: Tenant) -> None:
    api = Api(live.server.url).login(tenant.admin_email)
    batch = [client_insert(1), client_insert(2)]
    first = api.push(batch)
    again = api.push(batch)  # the answer was lost: the laptop sends the same mids again
    assert [r["status"] for r in first["results"]] == ["applied", "applied"]
    assert again["last_mid"] == 2
    assert [r["status"] for r in again["results"]] == ["applied", "applied"]
    assert len(api.rows("client")) == 2


def test_a_gap_in_mids_answers_409_and_applies_nothing(live: Live, tenant: Tenant) -> None:
    api = Api(live.server.url).login(tenant.admin_email)
    answer = api.post(
        "/v1/sync/push",
        {
            "device_id": api.device_id,
            "schema_version": 1,
            "mutations": [client_insert(1), client_insert(2), client_insert(4)],
        },
    )
    assert answer.status_code == 409
    assert answer.json()["expected_mid"] == 3
    assert api.rows("client") == {}
    assert api.push([client_insert(1)])["last_mid"] == 1  # mid 1 was not taken either


def test_other_fields_merge_and_the_same_field_conflicts(live: Live, tenant: Tenant) -> None:
    one = Api(live.server.url).login(tenant.admin_email)
    two = Api(live.server.url).login(tenant.admin_email)
    cid = new_id()
    base = one.push([client_insert(1, cid, name="Acme")])["results"][0]["version"]
    one.push([update(2, "client", cid, base, domain="acme.example")])
    merged = two.push([update(1, "client", cid, base, employees=120)])["results"][0]
    assert merged["status"] == "merged"
    assert merged["server_fields"]["domain"] == "acme.example"
    assert merged["server_fields"]["employees"] == 120
    conflict = two.push([update(2, "client", cid, base, domain="acme.test")])["results"][0]
    assert conflict["status"] == "conflict"
    assert conflict["server_fields"]["domain"] == "acme.example"  # the server's value stays
    assert one.rows("client")[cid]["fields"]["domain"] == "acme.example"


def test_a_device_editing_its_own_row_twice_does_not_conflict(live: Live, tenant: Tenant) -> None:
    api = Api(live.server.url).login(tenant.admin_email)
    cid = new_id()
    results = api.push(
        [
            client_insert(1, cid),
            update(2, "client", cid, 0, domain="a.example"),
            update(3, "client", cid, 0, domain="b.example"),
        ]
    )["results"]
    assert [r["status"] for r in results] == ["applied", "applied", "applied"]
    assert api.rows("client")[cid]["fields"]["domain"] == "b.example"


def test_an_edit_racing_a_delete_loses_unless_based_on_the_tombstone(
    live: Live, tenant: Tenant
) -> None:
    one = Api(live.server.url).login(tenant.admin_email)
    two = Api(live.server.url).login(tenant.admin_email)
    cid = new_id()
    base = one.push([client_insert(1, cid)])["results"][0]["version"]
    tombstone = one.push([delete(2, "client", cid, base)])["results"][0]["version"]
    lost = two.push([update(1, "client", cid, base, domain="late.example")])["results"][0]
    assert (lost["status"], lost["deleted"]) == ("conflict", True)
    assert cid not in one.rows("client")
    revived = two.push([update(2, "client", cid, tombstone, domain="back.example")])["results"]
    assert revived[0]["status"] == "applied"
    assert one.rows("client")[cid]["fields"]["domain"] == "back.example"


def test_a_rejected_mutation_does_not_stop_the_rest(live: Live, tenant: Tenant) -> None:
    api = Api(live.server.url).login(tenant.emails["bo"])
    agreement = {
        "mid": 2,
        "entity": "agreement",
        "id": new_id(),
        "op": "insert",
        "base_version": 0,
        "fields": {"currency": "AUD"},
    }
    bad_type = client_insert(3, employees="many")
    results = api.push([client_insert(1), agreement, bad_type, client_insert(4)])["results"]
    assert [r["status"] for r in results] == ["applied", "rejected", "rejected", "applied"]
    assert "agreement is set on the server" in results[1]["error"]
    assert results[2]["error"].startswith("employees:")
    assert len(api.rows("client")) == 2


def test_600_rows_of_one_transaction_arrive_with_pages_of_500(live: Live, tenant: Tenant) -> None:
    api = Api(live.server.url).login(tenant.admin_email)
    _, cursor = api.pull_all()
    api.push([client_insert(mid) for mid in range(1, 601)])
    pages = []
    while True:
        page = api.get("/v1/sync/pull", cursor=cursor, limit=500).json()
        pages.append(len(page["changes"]))
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    assert pages == [500, 100]


def test_a_device_id_of_another_advisor_is_403_and_unknown_is_404(
    live: Live, tenant: Tenant
) -> None:
    admin = Api(live.server.url).login(tenant.admin_email)
    bo = Api(live.server.url).login(tenant.emails["bo"])
    assert bo.push([client_insert(1)], device_id=admin.device_id, expect=403)
    assert bo.push([client_insert(1)], device_id=new_id(), expect=404)


def test_bad_payloads_get_4xx_never_500(live: Live, tenant: Tenant) -> None:
    api = Api(live.server.url).login(tenant.admin_email)
    device = api.device_id
    cases = [
        {"device_id": device, "schema_version": 1, "mutations": [{**client_insert(1), "mid": "1"}]},
        {
            "device_id": device,
            "schema_version": 1,
            "mutations": [{**client_insert(1), "entity": "no_such_table"}],
        },
        {"device_id": device, "schema_version": 1, "mutations": [{**client_insert(1), "id": "x"}]},
        {"device_id": device, "schema_version": 1, "mutations": "all of them"},
        {"device_id": "not-a-uuid", "schema_version": 1, "mutations": []},
        [1, 2, 3],
    ]
    for body in cases:
        assert api.post("/v1/sync/push", body).status_code == 422, body
    broken = api.http.post(
        live.server.url + "/v1/sync/push",
        data=b"{not json",
        headers={**api.headers(), "Content-Type": "application/json"},
    )
    assert broken.status_code == 422
    huge = b'{"device_id": "' + b"x" * (9 * 1024 * 1024) + b'"}'
    too_big = api.http.post(
        live.server.url + "/v1/sync/push",
        data=huge,
        headers={**api.headers(), "Content-Type": "application/json"},
    )
    assert too_big.status_code == 413
    assert api.get("/v1/sync/pull", cursor=-1).status_code == 422
    assert api.get("/v1/sync/pull", cursor="x").status_code == 422
    results = api.push(
        [
            client_insert(1, created="2026-13-45"),
            client_insert(2, tags="x"),
            update(3, "client", new_id(), 0, nonsense=1),
        ]
    )["results"]
    assert [r["status"] for r in results] == ["rejected"] * 3


def test_a_client_below_protocol_min_is_told_to_update(live: Live, tenant: Tenant) -> None:
    api = Api(live.server.url).login(tenant.admin_email)
    answer = api.http.get(
        live.server.url + "/v1/sync/meta", headers={**api.headers(), "X-Advisor-Desk-Protocol": "0"}
    )
    assert answer.status_code == 426
    assert "update" in answer.json()["detail"]
    meta = api.get("/v1/sync/meta").json()
    assert meta["protocol_min"] == 1
    assert meta["schema_version"] == 1
