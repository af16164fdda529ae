"""Issue 12 item 8: an advisor who is no longer active has no access, on every request.

On its own server process per backend, whose "today" is pinned (ADVISOR_DESK_TODAY), so
the rule "active today" is tested on fixed dates, never the real clock; the refused logins
here never count against the shared server's rate limiter either.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from advisor_desk.server import admin
from advisor_desk.server.db import open_db
from tests.server.api import Api, new_id, update
from tests.server.harness import BACKENDS, PASSWORD, Live, Tenant, live_server, new_tenant

SERVER_TODAY = "2026-06-15"
SEEDED = "2026-03-02"  # the advisors' activity starts then
NEW_PASSWORD = "a fresh long phrase 42"


@pytest.fixture(scope="module", params=BACKENDS)
def pinned(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Live]:
    folder = tmp_path_factory.mktemp(f"pinned-{request.param}")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ADVISOR_DESK_TODAY", SERVER_TODAY)  # the server process inherits it
        servers = live_server(request.param, folder)
        live = next(servers)
    yield live
    next(servers, None)


@pytest.fixture
def team(pinned: Live, monkeypatch: pytest.MonkeyPatch) -> Tenant:
    monkeypatch.setenv("ADVISOR_DESK_TODAY", SEEDED)
    made = new_tenant(pinned.database, advisors=("bo", "cy"))
    monkeypatch.delenv("ADVISOR_DESK_TODAY")
    return made


def _status(live: Live, email: str, password: str = PASSWORD) -> int:
    answer = Api(live.server.url).http.post(
        live.server.url + "/v1/auth/login",
        json={"email": email, "password": password, "device_name": "t"},
        timeout=30,
    )
    return answer.status_code


def _activity(admin_api: Api, advisor_id: str) -> dict[str, Any]:
    rows = admin_api.rows("advisor_activity")
    (row,) = [r for r in rows.values() if r["fields"]["advisor_id"] == advisor_id]
    return row


def _end(admin_api: Api, mid: int, advisor_id: str, end: str) -> None:
    row = _activity(admin_api, advisor_id)
    result = admin_api.push([update(mid, "advisor_activity", row["id"], row["version"], end=end)])
    assert result["results"][0]["status"] == "applied", result


def test_ending_activity_from_a_laptop_ends_sessions_and_logins(pinned: Live, team: Tenant) -> None:
    boss = Api(pinned.server.url).login(team.admin_email)
    bo = Api(pinned.server.url).login(team.emails["bo"])
    bo_id = bo.login_answer["advisor"]["id"]
    assert bo.get("/v1/sync/meta").status_code == 200
    _end(boss, 1, bo_id, "2026-06-16")  # ends tomorrow: still active today
    assert bo.get("/v1/sync/meta").status_code == 200
    _end(boss, 2, bo_id, SERVER_TODAY)  # inactive from today on
    assert bo.get("/v1/sync/meta").status_code == 401
    assert bo.get("/v1/sync/pull").status_code == 401
    assert (
        bo.post(
            "/v1/sync/push", {"device_id": bo.device_id, "schema_version": 1, "mutations": []}
        ).status_code
        == 401
    )
    assert _status(pinned, team.emails["bo"]) == 401
    assert boss.get("/v1/sync/meta").status_code == 200  # the others go on
    assert Api(pinned.server.url).login(team.emails["cy"]).get("/v1/sync/meta").status_code == 200
    # Made active again: a fresh login works, the ended session stays ended.
    again = {
        "mid": 3,
        "entity": "advisor_activity",
        "id": new_id(),
        "op": "insert",
        "base_version": 0,
        "fields": {"advisor_id": bo_id, "start": SERVER_TODAY},
    }
    assert boss.push([again])["results"][0]["status"] == "applied"
    assert _status(pinned, team.emails["bo"]) == 200
    assert bo.get("/v1/sync/meta").status_code == 401


def test_a_deleted_interval_or_advisor_ends_access(pinned: Live, team: Tenant) -> None:
    boss = Api(pinned.server.url).login(team.admin_email)
    bo = Api(pinned.server.url).login(team.emails["bo"])
    cy = Api(pinned.server.url).login(team.emails["cy"])
    row = _activity(boss, bo.login_answer["advisor"]["id"])
    tombstone = {**update(1, "advisor_activity", row["id"], row["version"]), "op": "delete"}
    assert boss.push([tombstone])["results"][0]["status"] == "applied"
    assert bo.get("/v1/sync/meta").status_code == 401
    assert _status(pinned, team.emails["bo"]) == 401
    cy_id = cy.login_answer["advisor"]["id"]
    cy_row = boss.rows("advisor")[cy_id]
    gone = {**update(2, "advisor", cy_id, cy_row["version"]), "op": "delete"}
    assert boss.push([gone])["results"][0]["status"] == "applied"
    assert cy.get("/v1/sync/meta").status_code == 401


def test_an_activity_not_started_yet_gives_no_access(pinned: Live, team: Tenant) -> None:
    boss = Api(pinned.server.url).login(team.admin_email)
    bo = Api(pinned.server.url).login(team.emails["bo"])
    row = _activity(boss, bo.login_answer["advisor"]["id"])
    moved = update(1, "advisor_activity", row["id"], row["version"], start="2026-07-01")
    assert boss.push([moved])["results"][0]["status"] == "applied"
    assert bo.get("/v1/sync/meta").status_code == 401
    assert _status(pinned, team.emails["bo"]) == 401


def test_the_server_cli_deactivates_and_ends_sessions(pinned: Live, team: Tenant) -> None:
    bo = Api(pinned.server.url).login(team.emails["bo"])
    command = [
        sys.executable,
        "-m",
        "advisor_desk.server.cli",
        "advisor",
        "deactivate",
        "--db",
        pinned.database.owner_url,
        "--partner",
        team.name,
        "--email",
        team.emails["bo"].upper(),
    ]
    env = {"ADVISOR_DESK_TODAY": SERVER_TODAY}
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=_env(env))
    assert done.returncode == 0, done.stderr
    assert SERVER_TODAY in done.stdout
    assert bo.get("/v1/sync/meta").status_code == 401
    assert _status(pinned, team.emails["bo"]) == 401
    twice = subprocess.run(command, capture_output=True, text=True, timeout=120, env=_env(env))
    assert twice.returncode == 1
    assert twice.stderr.count("\n") == 1
    assert "already inactive" in twice.stderr


def test_a_password_reset_ends_the_advisors_other_sessions(pinned: Live, team: Tenant) -> None:
    first = Api(pinned.server.url).login(team.emails["bo"])
    second = Api(pinned.server.url).login(team.emails["bo"])
    cy = Api(pinned.server.url).login(team.emails["cy"])
    with open_db(pinned.database.owner_url) as db:
        admin.add_advisor(
            db,
            partner=team.name,
            email=team.emails["bo"],
            name="",
            role="advisor",
            password=NEW_PASSWORD,
        )
    assert first.get("/v1/sync/meta").status_code == 401
    assert second.get("/v1/sync/meta").status_code == 401
    assert cy.get("/v1/sync/meta").status_code == 200  # only that advisor's sessions
    assert _status(pinned, team.emails["bo"]) == 401  # the old password
    assert _status(pinned, team.emails["bo"], NEW_PASSWORD) == 200


def _env(extra: dict[str, str]) -> dict[str, str]:
    import os

    return {**os.environ, "PYTHONWARNINGS": "ignore", **extra}
