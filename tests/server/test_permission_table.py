"""The permission table on the server: every row, for every role, refused with the table's
words when the role may not (pushed changes: a rejected result with the words; requests: 403
with the words), and not refused for a role that may."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from advisor_desk.domain.permissions import TABLE, Action, Role, reason
from advisor_desk.server import admin
from advisor_desk.server.db import open_db
from tests.helpers.clock import FOUNDED, pinned_today
from tests.server.api import Api, client_insert, new_id, update
from tests.server.harness import PASSWORD, Live, new_tenant


@dataclass
class Firm:
    live: Live
    emails: dict[Role, str]
    advisor_ids: dict[Role, str]
    client_id: str


def _insert(entity: str, **fields: Any) -> Callable[[Firm, Role], dict[str, Any]]:
    def made(_firm: Firm, _role: Role) -> dict[str, Any]:
        return {
            "mid": 1,
            "entity": entity,
            "id": new_id(),
            "op": "insert",
            "base_version": 0,
            "fields": fields,
        }

    return made


def _archive(firm: Firm, role: Role) -> dict[str, Any]:
    owner = Api(firm.live.server.url).login(firm.emails[Role.ADMINISTRATOR])
    version = owner.rows("client")[firm.client_id]["version"]
    day = 20 + list(Role).index(role)  # a change whichever role tried before
    return update(1, "client", firm.client_id, version, archived=f"2026-11-{day}")


def _client_document(firm: Firm, _role: Role) -> dict[str, Any]:
    fields = {"client_id": firm.client_id, "kind": "client_invoice", "period": "2026-11"}
    return _insert("document", status="draft", **fields)(firm, _role)


# One pushed change per action (ISSUE_DOCUMENTS and ACCESS_LOG also have requests, below).
CHANGES: dict[Action, Callable[[Firm, Role], dict[str, Any]]] = {
    Action.BILLING: _insert("document", kind="consolidated_invoice", status="draft"),
    Action.PARTNER_SETTINGS: _insert("resale_settings", legal_name="Us Pty Ltd"),
    Action.MANAGE_ADVISORS: _insert(
        "advisor", email=f"new-{new_id()[:6]}@example.com", name="New", role="administrator"
    ),
    Action.MANAGE_ACCESS: _insert("advisor_access", advisor_id=new_id(), client_id=new_id()),
    Action.ACCESS_LOG: _insert("access_event", kind="access_granted", at="2026-11-20T10:00:00"),
    Action.CREATE_CLIENT: lambda firm, role: client_insert(1),
    Action.ARCHIVE_CLIENT: _archive,
    Action.LIBRARY_PUBLISH: _insert("content_item", title="Ours", kind="policy", library="partner"),
    Action.LIBRARY_PRICE: _insert("content_price", content_id=new_id(), effective_from="2026-11"),
    Action.LIBRARY_PUSH: _insert("library_push", content_id=new_id(), item_version="1"),
    Action.TEMPLATES: _insert("client_template", name="Standard"),
    Action.ISSUE_DOCUMENTS: _client_document,
    Action.REVIEWS: lambda firm, role: _insert(
        "client_risk", client_id=firm.client_id, title="Flood", likelihood=2, impact=3
    )(firm, role),
}
ROWS = [(role, action) for action in Action for role in Role]


@pytest.fixture(scope="module")
def firm(live: Live) -> Firm:
    tenant = new_tenant(live.database, advisors=("pu",), role="power_user")
    tag = tenant.admin_email.split("-")[1].split("@")[0]
    plain = f"ad-{tag}@example.com"
    with open_db(live.database.owner_url) as db, pinned_today(FOUNDED):
        admin.add_advisor(
            db, partner=tenant.name, email=plain, name="Ad", role="advisor", password=PASSWORD
        )
    emails = {
        Role.ADMINISTRATOR: tenant.admin_email,
        Role.POWER_USER: tenant.emails["pu"],
        Role.ADVISOR: plain,
    }
    ids = {
        role: Api(live.server.url).login(email).login_answer["advisor"]["id"]
        for role, email in emails.items()
    }
    owner = Api(live.server.url).login(tenant.admin_email)
    client_id = new_id()
    grants = [
        _insert("advisor_access", advisor_id=ids[role], client_id=client_id)(
            Firm(live, {}, {}, ""), role
        )
        for role in (Role.POWER_USER, Role.ADVISOR)
    ]
    for mid, grant in enumerate(grants, start=2):
        grant["mid"] = mid
    results = owner.push([client_insert(1, client_id, name=f"Shared {tag}"), *grants])["results"]
    assert {r["status"] for r in results} == {"applied"}, results
    return Firm(live, emails, ids, client_id)


def test_every_action_has_a_change_to_try() -> None:
    assert set(CHANGES) == set(Action)


@pytest.mark.parametrize(("role", "action"), ROWS, ids=[f"{r}-{a}" for r, a in ROWS])
def test_a_pushed_change_is_refused_with_the_table_s_words(
    firm: Firm, role: Role, action: Action
) -> None:
    api = Api(firm.live.server.url).login(firm.emails[role])
    mutation = CHANGES[action](firm, role)
    mutation["mid"] = 1
    device = api.login_answer["device_id"]
    result = api.push([mutation], device_id=device)["results"][0]
    words = reason(role, action)
    if role in TABLE[action]:
        assert result.get("error") != words, result
        assert not str(result.get("error") or "").startswith("only "), result
    else:
        assert result["status"] == "rejected"
        assert result["error"] == words


@pytest.mark.parametrize("role", list(Role))
def test_issuing_is_403_with_the_words_for_a_role_that_may_not(firm: Firm, role: Role) -> None:
    api = Api(firm.live.server.url).login(firm.emails[role])
    answer = api.post("/v1/invoices/issue", {"document_id": new_id()})
    if role in TABLE[Action.ISSUE_DOCUMENTS]:
        assert answer.status_code == 404  # allowed: the unknown draft is what is wrong
    else:
        assert answer.status_code == 403
        assert answer.json()["detail"] == reason(role, Action.ISSUE_DOCUMENTS)


@pytest.mark.parametrize("role", list(Role))
def test_the_access_log_is_403_with_the_words_for_other_roles(firm: Firm, role: Role) -> None:
    api = Api(firm.live.server.url).login(firm.emails[role])
    answer = api.get("/v1/access-log", format="csv")
    if role in TABLE[Action.ACCESS_LOG]:
        assert answer.status_code == 200
        assert answer.text.splitlines()[0] == "when_utc,kind,who,about,detail,device"
    else:
        assert answer.status_code == 403
        assert answer.json() == {"detail": reason(role, Action.ACCESS_LOG), "code": "forbidden"}
