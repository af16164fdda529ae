"""People and access end to end (issue 16's done-means), with a real server process and an
SMTP sink on loopback, on SQLite and PostgreSQL:

invite → the e-mail's link → set a password → log in on a laptop → only the granted client
arrives → access removed → the client leaves the laptop at its next sync → deactivated →
the laptop's token is refused (401) and the laptop says so in words; logging in again is
refused too. The administrator's access log holds each step."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services.clients import teams as clients
from advisor_desk.services.people import advisors, invitations, members
from advisor_desk.services.people.access_log import access_log
from advisor_desk.store.models import Invitation, Member
from advisor_desk.sync.transport import NotLoggedIn, SyncError
from tests.server.harness import Laptop, new_tenant
from tests.server.test_invitations import GOOD, _link, _token
from tests.sync.laptops import clients_of
from tests.sync.people_mail import PeopleMail, people_mail

__all__ = ["people_mail"]

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _members(laptop: Laptop) -> set[str]:
    with laptop.store.read() as session:
        return set(session.scalars(select(Member.name).where(Member.deleted.is_(False))))


def test_invite_to_deactivation_walks_the_whole_chain(
    tmp_path: Path, people_mail: PeopleMail
) -> None:
    server, sink = people_mail.server, people_mail.sink
    tenant = new_tenant(people_mail.database)
    admin = Laptop(tmp_path / "admin", server, tenant.admin_email)
    admin.login()
    admin.sync()
    granted = clients.create_client(admin.store, name="Granted Pty")
    clients.create_client(admin.store, name="Not Yours Ltd")
    members.add_member(
        admin.store, granted.id, email="mo@granted.example", name="Mo", tier=LicenseTier.FREE
    )
    invited = f"nia-{tenant.partner_id[:8]}@example.com"

    # 1. The administrator adds Nia: an invitation, e-mailed by the server at the sync.
    made = invitations.invite(admin.store, email=invited, role="advisor", name="Nia Shah")
    advisors.give_access(admin.store, made.advisor_id, granted.id)
    admin.sync()
    link = _link(sink.message(invited))
    assert link.startswith(server.url + "/invite/")

    # 2. Nia sets a password on the page's API, then logs in on her laptop.
    api = f"{server.url}/v1/invitations/{_token(link)}"
    accepted = requests.post(api, json={"password": GOOD}, timeout=10)
    assert accepted.status_code == 200, accepted.text
    nia = Laptop(tmp_path / "nia", server, invited)
    try:
        outcome = nia.login(GOOD)
        assert outcome.role == "advisor"
        assert outcome.advisor_name == "Nia Shah"

        # 3. She sees only the client given to her (and none of the invitations).
        nia.sync()
        assert set(clients_of(nia)) == {"Granted Pty"}
        assert _members(nia) == {"Mo"}
        with nia.store.read() as session:
            assert session.scalars(select(Invitation)).all() == []

        # 4. Access removed: the client and its rows leave her laptop at the next sync.
        advisors.remove_access(admin.store, made.advisor_id, granted.id)
        admin.sync()
        nia.sync()
        assert clients_of(nia) == {}
        assert _members(nia) == set()

        # 5. Deactivated: her session is worth nothing from the administrator's sync on.
        advisors.deactivate_advisor(admin.store, made.advisor_id)
        admin.sync()
        meta = requests.get(
            f"{server.url}/v1/sync/meta",
            headers={"Authorization": f"Bearer {outcome.token}"},
            timeout=10,
        )
        assert meta.status_code == 401
        with pytest.raises(NotLoggedIn) as refused:
            nia.sync()
        words = str(refused.value)
        assert "log in again" in words
        assert UUID.search(words) is None
        with pytest.raises(SyncError) as again:
            nia.login(GOOD)
        assert "wrong e-mail or password" in str(again.value)
    finally:
        nia.close()

    # 6. The access log says who gave whom what, when; the invitation is accepted.
    admin.sync()
    states = {i.email: i.state for i in invitations.list_invitations(admin.store)}
    assert states[invited] == "accepted"
    logged = {(entry.kind, entry.subject) for entry in access_log(admin.store)}
    for kind in (
        "invited",
        "invitation_accepted",
        "access_granted",
        "access_removed",
        "deactivated",
        "login_failed",
    ):
        assert (kind, "Nia Shah") in logged or (kind, invited) in logged, kind
    admin.close()
