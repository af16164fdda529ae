"""Partner scoping and client access, through the API and (PostgreSQL) row-level security."""

from __future__ import annotations

import pytest

from tests.server.api import Api, client_insert, new_id, update
from tests.server.harness import Live, Tenant, new_tenant


def _member(mid: int, client_id: str) -> dict[str, object]:
    return {
        "mid": mid,
        "entity": "member",
        "id": new_id(),
        "op": "insert",
        "base_version": 0,
        "fields": {"client_id": client_id, "email": "m@x.example", "name": "M"},
    }


def test_another_partners_rows_are_invisible_and_untouchable(live: Live, tenant: Tenant) -> None:
    ours = Api(live.server.url).login(tenant.admin_email)
    cid = new_id()
    version = ours.push([client_insert(1, cid, name="Secret")])["results"][0]["version"]
    other = new_tenant(live.database)
    theirs = Api(live.server.url).login(other.admin_email)
    seen = theirs.pull_all()[0]
    assert all(change["id"] != cid for change in seen)
    assert {c["entity"] for c in seen} <= {"partner", "agreement", "advisor", "advisor_activity"}
    results = theirs.push(
        [update(1, "client", cid, version, name="Mine now"), _member(2, cid), client_insert(3, cid)]
    )["results"]
    assert [r["status"] for r in results] == ["rejected"] * 3
    assert all(r.get("server_fields") is None for r in results)
    assert ours.rows("client")[cid]["fields"]["name"] == "Secret"
    issued = theirs.post("/v1/invoices/issue", {"document_id": cid})
    assert issued.status_code == 404


def test_advisors_see_only_the_clients_they_have_access_to(live: Live, tenant: Tenant) -> None:
    admin = Api(live.server.url).login(tenant.admin_email)
    bo = Api(live.server.url).login(tenant.emails["bo"])
    bo_id = bo.login_answer["advisor"]["id"]
    cid = new_id()
    admin.push([client_insert(1, cid, name="Acme"), _member(2, cid)])
    assert bo.rows("client") == {}
    assert bo.rows("member") == {}
    assert bo.push([update(1, "client", cid, 1, domain="x")])["results"][0]["status"] == "rejected"
    _, cursor = bo.pull_all()
    access = {
        "mid": 3,
        "entity": "advisor_access",
        "id": new_id(),
        "op": "insert",
        "base_version": 0,
        "fields": {"advisor_id": bo_id, "client_id": cid},
    }
    assert admin.push([access])["results"][0]["status"] == "applied"
    fresh, _ = bo.pull_all(cursor)  # the client's rows come again, though older than the cursor
    assert {c["entity"] for c in fresh} >= {"client", "member", "advisor_access"}
    assert set(bo.rows("client")) == {cid}


def test_an_advisor_creating_a_client_keeps_access_to_it(live: Live, tenant: Tenant) -> None:
    cy = Api(live.server.url).login(tenant.emails["cy"])
    cid = new_id()
    assert cy.push([client_insert(1, cid), _member(2, cid)])["results"][1]["status"] == "applied"
    assert set(cy.rows("client")) == {cid}
    assert Api(live.server.url).login(tenant.emails["bo"]).rows("client") == {}


@pytest.mark.postgres
def test_row_level_security_hides_other_partners_from_the_app_role(
    live: Live, tenant: Tenant
) -> None:
    if live.database.kind != "postgres":
        pytest.skip("row-level security is PostgreSQL's")
    import psycopg

    Api(live.server.url).login(tenant.admin_email).push([client_insert(1, name="Ours")])
    other = new_tenant(live.database)
    Api(live.server.url).login(other.admin_email).push([client_insert(1, name="Theirs")])
    url = live.database.app_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url) as connection:
        owner = connection.execute(
            "SELECT tableowner FROM pg_tables WHERE tablename = 'client'"
        ).fetchone()
        assert owner is not None
        assert owner[0] != connection.info.user
        # The application's own filter bypassed: plain SELECTs with no WHERE at all.
        assert connection.execute("SELECT count(*) FROM client").fetchone() == (0,)
        connection.execute("SELECT set_config('app.partner_id', %s, false)", (other.partner_id,))
        names = {row[0] for row in connection.execute("SELECT name FROM client")}
        assert names == {"Theirs"}
        assert connection.execute(
            "SELECT count(*) FROM srv_row WHERE partner_id = %s", (tenant.partner_id,)
        ).fetchone() == (0,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute(
                "INSERT INTO client (id, partner_id, version, base_version, deleted, updated_at,"
                " name, domain, created, tags) VALUES (%s, %s, 1, 0, false, now(), 'x', '',"
                " '2026-01-01', '[]')",
                (new_id(), tenant.partner_id),
            )
