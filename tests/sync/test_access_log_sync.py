"""The access log end to end: a grant on one laptop is a log row there, synced to the
server, seen from the administrator's second laptop and exported as CSV; failed logins are
logged by the server; a plain advisor's laptop never receives the log. A change an old
laptop made that the server refuses is explained in words, without ids."""

from __future__ import annotations

import csv
import io

from advisor_desk.domain.access_log import AccessKind
from advisor_desk.domain.permissions import Action, Role, reason
from advisor_desk.services.clients import teams as clients
from advisor_desk.services.people import advisors
from advisor_desk.services.people.access_log import access_log, access_log_csv
from advisor_desk.store.models import AccessEvent
from advisor_desk.sync import local
from advisor_desk.sync.conflicts import list_rejections
from advisor_desk.ui.sync.refusal_words import field_rows, reason_words, row_words
from tests.server.api import Api
from tests.server.harness import PASSWORD, Laptop, Live, Tenant
from tests.sync.laptops import laptops

__all__ = ["laptops"]


def _bo(laptop: Laptop, email: str) -> str:
    found = [a for a in advisors.list_advisors(laptop.store) if a.email == email]
    assert found, email
    return found[0].id


def test_a_grant_is_logged_synced_seen_from_a_second_laptop_and_exported(
    laptops: dict[str, Laptop], tenant: Tenant
) -> None:
    a, b, bo = laptops["a"], laptops["b"], laptops["bo"]
    acme = clients.create_client(a.store, name="Acme Log")
    bo_id = _bo(a, tenant.emails["bo"])
    advisors.give_access(a.store, bo_id, acme.id)
    here = access_log(a.store, kinds=[AccessKind.ACCESS_GRANTED])
    assert [(e.subject, e.detail) for e in here] == [("Bo", "Acme Log")]
    assert here[0].actor  # who: the signed-in administrator
    assert here[0].device  # from which laptop
    a.sync()
    owner = Api(a.server.url).login(tenant.admin_email)
    on_server = owner.get("/v1/access-log", format="json", kind="access_granted").json()
    assert [(e["subject"], e["detail"]) for e in on_server["events"]] == [("Bo", "Acme Log")]
    b.sync()
    there = access_log(b.store, kinds=[AccessKind.ACCESS_GRANTED])
    assert [(e.id, e.actor, e.subject, e.detail) for e in there] == [
        (e.id, e.actor, e.subject, e.detail) for e in here
    ]
    rows = list(csv.reader(io.StringIO(access_log_csv(there))))
    assert rows[0] == ["when_utc", "kind", "who", "about", "detail", "device"]
    assert rows[1][1:5] == ["access_granted", here[0].actor, "Bo", "Acme Log"]
    bo.sync()  # the plain advisor's laptop: the client, never the log
    with bo.store.read() as session:
        assert session.query(AccessEvent).count() == 0


def test_a_failed_login_is_logged_by_the_server(
    laptops: dict[str, Laptop], tenant: Tenant, live: Live
) -> None:
    wrong = Api(live.server.url).http.post(
        live.server.url + "/v1/auth/login",
        json={"email": tenant.emails["bo"], "password": PASSWORD + "x", "device_name": "t"},
        timeout=30,
    )
    assert wrong.status_code == 401
    a = laptops["a"]
    a.sync()
    failed = access_log(a.store, kinds=[AccessKind.LOGIN_FAILED])
    assert [(e.actor, e.subject) for e in failed] == [(tenant.emails["bo"], "Bo")]


def test_an_old_laptop_s_refused_advisor_is_explained_in_words(
    laptops: dict[str, Laptop], tenant: Tenant
) -> None:
    """A plain advisor's old app let them add an advisor; the server refuses it with the
    table's words and the window names the advisor, not an id."""
    plain = Laptop(laptops["bo"].folder.parent / "plain", laptops["bo"].server, tenant.emails["cy"])
    plain.login()
    plain.sync()
    with plain.store.write() as session:  # the advisor is plain (not a power user) here
        local.save_account(session, role=Role.ADVISOR.value)
    advisors.add_advisor(plain.store, email="ana@x.example", name="Ana Souza")
    plain.sync()
    refused = list_rejections(plain.store)
    assert refused
    words = reason(Role.POWER_USER, Action.MANAGE_ADVISORS)
    assert all(r.reason == words for r in refused)
    assert words.startswith("only administrators can add advisors")
    for rejection in refused:
        label = row_words(plain.store, rejection.entity, rejection.row_id, rejection.fields)
        assert "Ana Souza" in label
        fields = field_rows(plain.store, rejection.entity, rejection.fields)
        shown = " ".join(f"{name} {value}" for name, value in fields)
        assert rejection.row_id not in shown
        assert rejection.row_id[:8] not in label
    plain.close()


def test_old_servers_reasons_are_said_as_the_table_says_them() -> None:
    old = "only the partner's administrators change advisor activity rows"
    assert reason_words(old) == reason(Role.ADVISOR, Action.MANAGE_ADVISORS)
    assert "a row" in reason_words("refers to 1b4e28ba-2fa1-11d2-883f-0016d3cca427")
