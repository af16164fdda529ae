"""`advisor-desk advisors invite|invitations|resend|revoke` on a laptop with no server: the
invitation waits for the next sync (`url` null, said on stderr), its state is listed, a
second invite of the same e-mail is refused naming the field, a bad role exits 1."""

from __future__ import annotations

import json

from advisor_desk.services.billing.partners import create_partner
from advisor_desk.store.engine import Store
from tests.cli.conftest import Run


def test_invite_offline_then_list_resend_and_revoke(run_cli: Run, store: Store) -> None:
    create_partner(store, name="Harbour Risk")
    made = run_cli("advisors", "invite", "nia@example.com", "--role", "advisor", "--format", "json")
    assert made.returncode == 0, made.stderr
    shown = json.loads(made.stdout)
    assert set(shown) == {"email", "role", "url", "expires"}
    assert shown["email"] == "nia@example.com"
    assert shown["role"] == "advisor"
    assert shown["url"] is None
    assert "next sync" in made.stderr or "syncs" in made.stderr

    again = run_cli("advisors", "invite", "nia@example.com")
    assert again.returncode == 1
    assert "email" in again.stderr
    assert "invited already" in again.stderr

    bad = run_cli("advisors", "invite", "zed@example.com", "--role", "owner")
    assert bad.returncode == 1
    assert "role" in bad.stderr

    assert run_cli("advisors", "resend", "nia@example.com").returncode == 0
    listed = json.loads(run_cli("advisors", "invitations", "--format", "json").stdout)
    assert [(i["email"], i["state"], i["sends"]) for i in listed] == [
        ("nia@example.com", "waiting", 2)
    ]
    assert run_cli("advisors", "revoke", "nia@example.com").returncode == 0
    listed = json.loads(run_cli("advisors", "invitations", "--format", "json").stdout)
    assert listed[0]["state"] == "revoked"
    assert run_cli("advisors", "revoke", "nia@example.com").returncode == 1


def test_invite_without_role_keeps_a_known_advisors_role(run_cli: Run, store: Store) -> None:
    create_partner(store, name="Harbour Risk")
    first = run_cli("advisors", "invite", "ana@example.com", "--role", "power_user")
    assert first.returncode == 0, first.stderr
    assert run_cli("advisors", "revoke", "ana@example.com").returncode == 0
    again = run_cli("advisors", "invite", "ana@example.com", "--format", "json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["role"] == "power_user"
    new = run_cli("advisors", "invite", "bo@example.com", "--format", "json")
    assert json.loads(new.stdout)["role"] == "advisor"
