"""Issue 12 item 9: what the API tells must not reveal other partners' (or hidden) rows, and
what it says must be well-formed: UTC datetimes, every error status declared."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.server.api import Api, client_insert, delete, new_id, update
from tests.server.harness import Live, Tenant, new_tenant


def _insert(mid: int, entity: str, row_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "mid": mid,
        "entity": entity,
        "id": row_id,
        "op": "insert",
        "base_version": 0,
        "fields": fields,
    }


def _member(mid: int, row_id: str, client_id: str) -> dict[str, Any]:
    return _insert(mid, "member", row_id, client_id=client_id, email="m@x.example", name="M")


def _answers(api: Api, row_id: str, version: int) -> list[dict[str, Any]]:
    """What pushing each kind of change to `row_id` answers (without the mids)."""
    results = api.push(
        [
            update(1, "client", row_id, version, name="Taken over"),
            update(2, "client", row_id, 0, domain="x.example"),
            delete(3, "client", row_id, version),
            _member(4, new_id(), row_id),
        ]
    )["results"]
    results += api.push([client_insert(5, row_id, name=f"Clash {new_id()[:6]}")])["results"]
    for result in results:
        result.pop("mid")
    return results


def test_another_partners_ids_answer_as_missing_ones(live: Live, tenant: Tenant) -> None:
    ours = Api(live.server.url).login(tenant.admin_email)
    cid, doc = new_id(), new_id()
    version = ours.push([client_insert(1, cid, name="Secret")])["results"][0]["version"]
    other = new_tenant(live.database)
    theirs = Api(live.server.url).login(other.admin_email)
    foreign = _answers(theirs, cid, version)
    missing = _answers(Api(live.server.url).login(other.admin_email), new_id(), version)
    # update, stale update, delete, a member of that client: the same, word for word
    assert foreign[:4] == missing[:4]
    assert foreign[4]["status"] == "rejected"  # the id is taken, as a database answers it
    assert foreign[4].get("server_fields") is None
    assert foreign[4].get("version") is None
    assert all(r["status"] == "rejected" for r in foreign)
    assert ours.rows("client")[cid]["fields"]["name"] == "Secret"
    ours.push([_document(2, doc, cid)])
    by_id = theirs.post("/v1/invoices/issue", {"document_id": doc})
    unknown = theirs.post("/v1/invoices/issue", {"document_id": new_id()})
    assert by_id.status_code == unknown.status_code == 404
    assert by_id.json() == unknown.json()
    device = theirs.push([], device_id=ours.device_id, expect=404)
    assert device == theirs.push([], device_id=new_id(), expect=404)


def test_hidden_clients_of_the_partner_answer_as_missing(live: Live, tenant: Tenant) -> None:
    boss = Api(live.server.url).login(tenant.admin_email)
    cid = new_id()
    version = boss.push([client_insert(1, cid, name="Private")])["results"][0]["version"]
    hidden = _answers(Api(live.server.url).login(tenant.emails["bo"]), cid, version)
    missing = _answers(Api(live.server.url).login(tenant.emails["bo"]), new_id(), version)
    assert hidden[:4] == missing[:4]
    assert hidden[4]["status"] == "rejected"
    assert hidden[4].get("server_fields") is None


def _document(mid: int, row_id: str, client_id: str) -> dict[str, Any]:
    return _insert(
        mid,
        "document",
        row_id,
        client_id=client_id,
        kind="client_invoice",
        status="draft",
        period="2026-01",
        recipient="Secret",
        currency="AUD",
        tax_rate="0.10",
        subtotal="10.00",
        tax="1.00",
        total="11.00",
    )


def test_library_push_rows_name_only_clients_the_reader_sees(live: Live, tenant: Tenant) -> None:
    boss = Api(live.server.url).login(tenant.admin_email)
    bo = Api(live.server.url).login(tenant.emails["bo"])
    seen, unseen, item, log = new_id(), new_id(), new_id(), new_id()
    access = _insert(
        3, "advisor_access", new_id(), advisor_id=bo.login_answer["advisor"]["id"], client_id=seen
    )
    template = _insert(
        4,
        "client_template",
        new_id(),
        name="Starter",
        license_tier="just_risk",
        billing_model="direct",
    )
    content = _insert(5, "content_item", item, title="ISO", kind="framework", library="partner")
    targets = ["Shared Co", "Hidden Co", "template Starter"]
    pushed = _insert(
        6,
        "library_push",
        log,
        content_id=item,
        item_version="1",
        pushed_by=tenant.admin_email,
        pushed_at="2026-03-02T10:00:00",
        clients=2,
        templates=1,
        targets=targets,
    )
    results = boss.push(
        [
            client_insert(1, seen, name="Shared Co"),
            client_insert(2, unseen, name="Hidden Co"),
            access,
            template,
            content,
            pushed,
        ]
    )["results"]
    assert {r["status"] for r in results} == {"applied"}, results
    assert bo.rows("library_push")[log]["fields"]["targets"] == ["Shared Co", "template Starter"]
    assert boss.rows("library_push")[log]["fields"]["targets"] == targets
    stale = bo.push([update(1, "library_push", log, 0, clients=3, targets=["x"])])["results"][0]
    assert "Hidden Co" not in str(stale)


def test_api_datetimes_carry_a_timezone(live: Live, tenant: Tenant) -> None:
    api = Api(live.server.url).login(tenant.admin_email)
    meta = api.get("/v1/sync/meta").json()
    for text in (api.login_answer["expires_at"], meta["server_time"]):
        parsed = dt.datetime.fromisoformat(text)
        assert parsed.utcoffset() == dt.timedelta(0), text


def test_every_error_status_is_declared(live: Live) -> None:
    spec = Api(live.server.url).get("/openapi.json").json()
    expected = {
        ("/v1/auth/login", "post"): {"400", "401", "413", "422", "426", "429"},
        ("/v1/auth/logout", "post"): {"401", "413", "426"},
        ("/v1/sync/meta", "get"): {"401", "413", "426"},
        ("/v1/sync/push", "post"): {"400", "401", "403", "404", "409", "413", "422", "426"},
        ("/v1/sync/pull", "get"): {"401", "413", "422", "426"},
        ("/v1/invoices/issue", "post"): {"400", "401", "403", "404", "409", "413", "422"},
    }
    for (path, method), statuses in expected.items():
        declared = set(spec["paths"][path][method]["responses"])
        assert statuses <= declared, (path, statuses - declared)
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            assert {"413", "426"} <= declared, (path, method)
            if path.startswith("/v1/"):
                assert "401" in declared, (path, method)
