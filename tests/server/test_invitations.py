"""Invitations end to end (issue 16, item 1), against a real server process with an SMTP
sink on loopback: invite → the e-mail arrives with the link → the page → set the password
(POST) → log in → see only the clients granted; used, revoked, superseded and expired links
answer 404 with one body; a refused password 422 saying why."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import keyring
import pytest
import requests
from sqlalchemy import select

from advisor_desk.services.clients import teams as clients
from advisor_desk.services.people import advisors, invitations
from advisor_desk.services.people.access_log import access_log
from advisor_desk.store.models import Invitation
from advisor_desk.store.types import utcnow
from tests.helpers.file_keyring import VARIABLE, FileKeyring
from tests.server.harness import (
    BACKENDS,
    Database,
    Laptop,
    Server,
    Tenant,
    new_tenant,
    postgres_database,
    sqlite_database,
)
from tests.server.mail_sink import Sink, mailing_server
from tests.sync.laptops import clients_of

ROOT = Path(__file__).resolve().parents[2]
GOOD = "tall amber lighthouse 42"


@dataclass
class Mailing:
    database: Database
    server: Server
    sink: Sink


@pytest.fixture(scope="module", params=BACKENDS)
def mailing(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Mailing]:
    folder = tmp_path_factory.mktemp(f"mail-{request.param}")
    database = postgres_database() if request.param == "postgres" else sqlite_database(folder)
    try:
        with mailing_server(database, folder) as (server, sink):
            yield Mailing(database, server, sink)
    finally:
        database.drop()


def _link(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            text = part.get_payload(decode=True).decode()
            found = re.search(r"https?://\S+/invite/[A-Za-z0-9_\-]+", text)
            assert found, text
            return found.group(0)
    raise AssertionError("no plain-text part")


def _token(link: str) -> str:
    return link.rsplit("/", 1)[1]


def _admin(tmp_path: Path, mailing: Mailing) -> tuple[Tenant, Laptop]:
    tenant = new_tenant(mailing.database)
    laptop = Laptop(tmp_path / "admin", mailing.server, tenant.admin_email)
    laptop.login()
    laptop.sync()
    return tenant, laptop


def test_invite_set_password_log_in_and_see_only_granted_clients(
    tmp_path: Path, mailing: Mailing
) -> None:
    tenant, admin = _admin(tmp_path, mailing)
    granted = clients.create_client(admin.store, name="Granted Pty")
    clients.create_client(admin.store, name="Not Yours Ltd")
    invited = f"nia-{tenant.partner_id[:8]}@example.com"
    made = invitations.invite(admin.store, email=invited, role="advisor", name="Nia <b>Shah</b>")
    advisors.give_access(admin.store, made.advisor_id, granted.id)
    admin.sync()

    message = mailing.sink.message(invited)
    assert tenant.name in message["Subject"]
    link = _link(message)
    assert link.startswith(mailing.server.url + "/invite/")
    assert len(_token(link)) >= 43  # 256 random bits, base64url

    page = requests.get(link, timeout=10)
    assert page.status_code == 200
    assert invited in page.text
    assert "<script" not in page.text.lower()
    assert f'action="/v1/invitations/{_token(link)}"' in page.text

    api = f"{mailing.server.url}/v1/invitations/{_token(link)}"
    refused = requests.post(api, json={"password": "Password2024!"}, timeout=10)
    assert refused.status_code == 422
    assert "common password" in refused.json()["detail"]
    for body, words in (
        ({"password": "x1" * 600}, "at most 1024 characters"),
        ({"password": 12345678901}, "give the password"),
        ({}, "give the password"),
    ):
        answer = requests.post(api, json=body, timeout=10)
        assert answer.status_code == 422
        assert words in answer.json()["detail"]
    short = requests.post(api, json={"password": "short"}, timeout=10)
    assert short.status_code == 422
    assert "at least 10 characters" in short.json()["detail"]

    accepted = requests.post(api, json={"password": GOOD}, timeout=10)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["server_url"] == mailing.server.url

    used = requests.post(api, json={"password": GOOD}, timeout=10)
    unknown = requests.post(
        f"{mailing.server.url}/v1/invitations/{'x' * 43}", json={"password": GOOD}, timeout=10
    )
    assert used.status_code == unknown.status_code == 404
    assert used.json() == unknown.json()
    assert requests.get(link, timeout=10).status_code == 404

    nia = Laptop(tmp_path / "nia", mailing.server, invited)
    try:
        outcome = nia.login(GOOD)
        assert outcome.role == "advisor"
        nia.sync()
        assert set(clients_of(nia)) == {"Granted Pty"}
        with nia.store.read() as session:  # invitations are the administrators' business
            assert session.scalars(select(Invitation)).all() == []
    finally:
        nia.close()

    admin.sync()
    shown = {i.email: i for i in invitations.list_invitations(admin.store)}
    assert shown[invited].state == "accepted"
    logged = {(e.kind, e.subject) for e in access_log(admin.store)}
    assert ("invited", "Nia <b>Shah</b>") in logged
    assert ("invitation_accepted", "Nia <b>Shah</b>") in logged
    admin.close()


def test_the_page_form_sets_the_password_and_escapes_what_it_shows(
    tmp_path: Path, mailing: Mailing
) -> None:
    tenant, admin = _admin(tmp_path, mailing)
    invited = f"o'neil-{tenant.partner_id[:8]}@example.com"
    invitations.invite(admin.store, email=invited, role="advisor", name="O'Neil")
    admin.sync()
    link = _link(mailing.sink.message(invited))
    page = requests.get(link, timeout=10)
    assert invited not in page.text
    assert "o&#x27;neil" in page.text
    form = f"{mailing.server.url}/v1/invitations/{_token(link)}"
    differ = requests.post(form, data={"password": GOOD, "again": GOOD + "x"}, timeout=10)
    assert differ.status_code == 422
    assert "differ" in differ.text
    done = requests.post(form, data={"password": GOOD, "again": GOOD}, timeout=10)
    assert done.status_code == 200
    assert "password is set" in done.text
    assert mailing.server.url in done.text
    admin.close()


def test_revoked_resent_and_expired_links_are_refused(tmp_path: Path, mailing: Mailing) -> None:
    tenant, admin = _admin(tmp_path, mailing)
    tag = tenant.partner_id[:8]
    revoked, resent, expired = (f"{who}-{tag}@example.com" for who in ("rev", "res", "exp"))
    for address in (revoked, resent, expired):
        invitations.invite(admin.store, email=address, role="advisor")
    admin.sync()
    links = {a: _link(mailing.sink.message(a)) for a in (revoked, resent, expired)}

    invitations.revoke(admin.store, revoked)
    invitations.resend(admin.store, resent)
    with admin.store.write() as session:  # its expiry passed (a day ago)
        row = session.scalars(select(Invitation).where(Invitation.email == expired)).one()
        row.expires_at = utcnow() - dt.timedelta(days=1)
    admin.sync()
    new_link = _link(mailing.sink.message(resent, count=2))
    assert new_link != links[resent]

    for address, link in links.items():
        answer = requests.post(
            f"{mailing.server.url}/v1/invitations/{_token(link)}",
            json={"password": GOOD},
            timeout=10,
        )
        assert answer.status_code == 404, address
        assert requests.get(link, timeout=10).status_code == 404
    answer = requests.post(
        f"{mailing.server.url}/v1/invitations/{_token(new_link)}",
        json={"password": GOOD},
        timeout=10,
    )
    assert answer.status_code == 200
    states = {i.email: i.state for i in invitations.list_invitations(admin.store)}
    assert states[revoked] == "revoked"
    assert states[expired] == "expired"
    admin.close()


@pytest.fixture
def secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "keyring.json"
    monkeypatch.setenv(VARIABLE, str(path))
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring(path))
    yield path
    keyring.set_keyring(previous)


def test_cli_invite_prints_the_link_as_json(
    tmp_path: Path, mailing: Mailing, secrets: Path
) -> None:
    tenant, admin = _admin(tmp_path, mailing)
    admin.close()
    invited = f"cli-{tenant.partner_id[:8]}@example.com"
    env = dict(
        os.environ,
        PYTHON_KEYRING_BACKEND="tests.helpers.file_keyring.FileKeyring",
        PYTHONPATH=str(ROOT),
        PYTHONWARNINGS="ignore",
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "advisor_desk.app",
            "--data-dir",
            str(tmp_path / "admin"),
            "advisors",
            "invite",
            invited,
            "--role",
            "power_user",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr

    shown = json.loads(done.stdout)
    assert set(shown) == {"email", "role", "url", "expires"}
    assert shown["email"] == invited
    assert shown["role"] == "power_user"
    assert shown["url"].startswith(mailing.server.url + "/invite/")
    mailing.sink.message(invited)  # and the server e-mailed one too
    page = requests.get(shown["url"], timeout=10)
    assert page.status_code == 200


def test_an_invitation_made_offline_is_mailed_when_its_firm_is_uploaded(
    tmp_path: Path, mailing: Mailing
) -> None:
    from advisor_desk.services.billing.partners import create_partner
    from advisor_desk.store.engine import open_store
    from advisor_desk.sync import account
    from tests.helpers.clock import FOUNDED, pinned_today
    from tests.server.harness import PASSWORD

    tenant = new_tenant(mailing.database)
    store = open_store(tmp_path / "offline")
    try:
        with pinned_today(FOUNDED):
            create_partner(store, name="Made Offline")
        invited = f"off-{tenant.partner_id[:8]}@example.com"
        invitations.invite(store, email=invited, role="advisor", name="Off Line")
        account.connect(store, mailing.server.url, tenant.admin_email, PASSWORD, upload_firm=True)
    finally:
        store.close()
    link = _link(mailing.sink.message(invited))
    answer = requests.post(
        f"{mailing.server.url}/v1/invitations/{_token(link)}", json={"password": GOOD}, timeout=10
    )
    assert answer.status_code == 200
    newcomer = Laptop(tmp_path / "newcomer", mailing.server, invited)
    try:
        assert newcomer.login(GOOD).partner_name == "Made Offline"
    finally:
        newcomer.close()


@pytest.mark.parametrize(
    ("option", "words"),
    [
        ("--smtp-url=ftp://mail.example", "smtp://HOST:PORT"),
        ("--smtp-url=smtp://", "names no host"),
        ("--public-url=mail.example", "http(s)://"),
    ],
)
def test_serve_refuses_a_bad_mail_option(tmp_path: Path, option: str, words: str) -> None:
    database = sqlite_database(tmp_path)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "advisor_desk.server.cli",
            "serve",
            "--db",
            database.app_url,
            option,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=dict(os.environ, PYTHONWARNINGS="ignore"),
    )
    assert done.returncode == 2
    assert words in done.stderr
    assert "Traceback" not in done.stderr
