"""A firm made offline joins a server (issue 16, item 4): `advisor-desk connect --upload`
sends it to an empty partner, keeping every id and issued number; a second laptop downloads
it and both print the same `billing` and `invoice list`; the server's number series go on
after the uploaded numbers; a partner that holds data refuses the upload, saying why."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.domain.periods import Period
from advisor_desk.domain.permissions import Role
from advisor_desk.server.db import open_db
from advisor_desk.services.billing.issuing import issue_period
from advisor_desk.services.billing.partners import create_partner
from advisor_desk.services.clients import teams
from advisor_desk.services.people import advisors, members
from advisor_desk.store.engine import open_store
from advisor_desk.store.models import Advisor, Client, Document, NumberSeries
from advisor_desk.sync import account
from advisor_desk.sync.transport import SyncError
from tests.helpers.clock import FOUNDED, pinned_today
from tests.server.harness import PASSWORD, Laptop, Live, new_tenant
from tests.sync.laptops import clients_of

ROOT = Path(__file__).resolve().parents[2]
PERIOD = "2026-11"  # issued on the laptop (with 2026-10) before it joins the server
JANUARY = dt.date(2026, 1, 10)
TIERS = (LicenseTier.RISK_COMPLIANCE, LicenseTier.JUST_RISK, LicenseTier.FREE)


def _cli(folder: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONWARNINGS="ignore", PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "advisor_desk.app", "--data-dir", str(folder), *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        cwd=ROOT,
        timeout=300,
    )


def _offline_firm(folder: Path, admin_email: str, clients: int) -> dict[str, object]:
    """A firm set up on a laptop with no server: advisors, clients of both billing models with
    members, the platform's documents of two months issued and numbered on the laptop; its
    owner uses the e-mail the server knows as the partner's administrator."""
    store = open_store(folder)
    try:
        with pinned_today(FOUNDED):  # its agreement is in force from January
            create_partner(store, name=f"Offline firm {folder.name}")
        advisors.add_advisor(
            store, email=admin_email, name="Ana Souza", role=Role.ADMINISTRATOR, start=JANUARY
        )
        helper = advisors.add_advisor(
            store, email=f"cai-{folder.name}@example.com", name="Cai", start=JANUARY
        )
        for n in range(clients):
            model = BillingModel.DIRECT if n % 3 == 0 else BillingModel.RESELLER
            made = teams.create_client(
                store, name=f"Client {n:03d}", billing_model=model, created=JANUARY
            )
            members.add_member(
                store,
                made.id,
                email=f"m{n}@client{n}.example",
                name=f"Member {n}",
                tier=TIERS[n % len(TIERS)],
                start=JANUARY,
            )
            if n % 10 == 0:
                advisors.give_access(store, helper.id, made.id)
        for period in (Period(2026, 10), Period(2026, 11)):
            issue_period(store, period)
        with store.read() as session:
            return {
                "clients": set(session.scalars(select(Client.id).where(Client.deleted.is_(False)))),
                "issued": {
                    (d.id, d.number)
                    for d in session.scalars(select(Document).where(Document.number.is_not(None)))
                },
                "series": {s.key: s.last_number for s in session.scalars(select(NumberSeries))},
                "advisors": {
                    a.email: a.id
                    for a in session.scalars(select(Advisor).where(Advisor.deleted.is_(False)))
                },
            }
    finally:
        store.close()


def _json(folder: Path, *args: str) -> object:
    done = _cli(folder, *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.slow
def test_an_offline_firm_uploads_and_a_second_laptop_sees_the_same(
    tmp_path: Path, live: Live
) -> None:
    tenant = new_tenant(live.database)
    a, b = tmp_path / "a", tmp_path / "b"
    before = _offline_firm(a, tenant.admin_email, clients=200)
    assert len(before["clients"]) == 200
    assert before["issued"]
    billing_before = _json(a, "billing", "--period", PERIOD, "--format", "json")
    assert billing_before

    done = _cli(
        a,
        "connect",
        "--server",
        live.server.url,
        "--email",
        tenant.admin_email,
        "--password-stdin",
        "--upload",
        stdin=PASSWORD + "\n",
    )
    assert done.returncode == 0, done.stderr
    assert "uploaded" in done.stdout

    second = Laptop(b, live.server, tenant.admin_email)
    try:
        second.login()
        second.sync()
        assert {c.id for c in clients_of(second).values()} == before["clients"]
        with second.store.read() as session:
            issued = {
                (d.id, d.number)
                for d in session.scalars(select(Document).where(Document.number.is_not(None)))
            }
            people = {
                a.email: a.id
                for a in session.scalars(select(Advisor).where(Advisor.deleted.is_(False)))
            }
    finally:
        second.close()
    assert issued == before["issued"]  # every issued document, id and number as they were
    for email, advisor_id in before["advisors"].items():  # type: ignore[attr-defined]
        if email != tenant.admin_email:
            assert people[email] == advisor_id  # ids kept
    assert tenant.admin_email in people  # the server's administrator, who logs in

    for args in (
        ("billing", "--period", PERIOD, "--format", "json"),
        ("invoice", "list", "--format", "json"),
    ):
        assert _json(a, *args) == _json(b, *args)

    with (
        open_db(live.database.owner_url) as db,
        db.transaction(write=False, partner_id=tenant.partner_id) as session,
    ):
        series = {
            s.key: s.last_number
            for s in session.scalars(
                select(NumberSeries).where(NumberSeries.partner_id == tenant.partner_id)
            )
        }
    for key, last in before["series"].items():  # type: ignore[attr-defined]
        assert series[key] >= last  # the server's next number comes after the uploaded ones


def test_a_partner_with_data_refuses_an_upload_saying_why(tmp_path: Path, live: Live) -> None:
    tenant = new_tenant(live.database)
    _offline_firm(tmp_path / "first", tenant.admin_email, clients=3)
    store = open_store(tmp_path / "first")
    try:
        account.connect(store, live.server.url, tenant.admin_email, PASSWORD, upload_firm=True)
    finally:
        store.close()
    _offline_firm(tmp_path / "second", tenant.admin_email, clients=2)
    store = open_store(tmp_path / "second")
    try:
        with pytest.raises(SyncError, match="already holds data"):
            account.connect(store, live.server.url, tenant.admin_email, PASSWORD, upload_firm=True)
        with pytest.raises(SyncError, match="upload it to an empty partner"):
            account.connect(store, live.server.url, tenant.admin_email, PASSWORD, upload_firm=False)
        with store.read() as session:  # nothing of the refused firm was lost
            assert len(session.scalars(select(Client)).all()) == 2
    finally:
        store.close()


def test_only_an_administrator_uploads(tmp_path: Path, live: Live) -> None:
    tenant = new_tenant(live.database, advisors=("bo",))
    _offline_firm(tmp_path / "bo", tenant.emails["bo"], clients=2)
    store = open_store(tmp_path / "bo")
    try:
        with pytest.raises(SyncError, match="only an administrator"):
            account.connect(store, live.server.url, tenant.emails["bo"], PASSWORD, upload_firm=True)
    finally:
        store.close()


def test_pages_stay_under_the_body_limit() -> None:
    from advisor_desk.sync.upload import PAGE_BYTES, pages

    rows = [
        {"entity": "content_file", "id": str(n), "fields": {"data": "x" * 700_000}}
        for n in range(9)
    ]
    split = list(pages(rows))
    assert sum(len(page) for page in split) == 9
    assert all(len(json.dumps(page)) < PAGE_BYTES + 800_000 for page in split)
    assert len(split) > 1


def test_an_upload_whose_answer_was_lost_is_found_on_the_server(tmp_path: Path, live: Live) -> None:
    from advisor_desk.sync import upload
    from advisor_desk.sync.transport import Transport

    tenant = new_tenant(live.database)
    before = _offline_firm(tmp_path / "lost", tenant.admin_email, clients=3)
    store = open_store(tmp_path / "lost")
    try:
        http = Transport(live.server.url, retries=0)
        http.token = http.login(tenant.admin_email, PASSWORD, "lost", None)["token"]
        upload.upload_firm(store, http)  # the server applied it; say the laptop never heard
        http.close()
        done = account.connect(
            store, live.server.url, tenant.admin_email, PASSWORD, upload_firm=True
        )
        assert done.joined
        assert done.uploaded == 0
        laptop = Laptop(tmp_path / "lost", live.server, tenant.admin_email)
        laptop.store.close()
        laptop.store = store
        laptop.sync()
        assert {c.id for c in clients_of(laptop).values()} == before["clients"]
    finally:
        store.close()


def test_bad_upload_rows_are_refused_naming_the_field(tmp_path: Path, live: Live) -> None:
    import uuid

    import requests

    tenant = new_tenant(live.database)
    token = requests.post(
        f"{live.server.url}/v1/auth/login",
        json={"email": tenant.admin_email, "password": PASSWORD, "device_name": "t"},
        timeout=10,
    ).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}

    def upload(rows: list[dict[str, object]]) -> requests.Response:
        sent = requests.post(
            f"{live.server.url}/v1/upload/rows",
            json={"start": True, "rows": rows},
            headers=auth,
            timeout=10,
        )
        assert sent.status_code == 200, sent.text
        return requests.post(
            f"{live.server.url}/v1/upload/finish", json={}, headers=auth, timeout=10
        )

    new = str(uuid.uuid4())
    answer = upload([{"entity": "nonsense", "id": new, "fields": {}}])
    assert answer.status_code == 422
    assert "nonsense" in answer.json()["detail"]
    answer = upload([{"entity": "client", "id": new, "fields": {"name": "Acme"}}])
    assert answer.status_code == 422
    assert "is missing" in answer.json()["detail"]
    member = {
        "client_id": str(uuid.uuid4()),  # no such client
        "email": "jo@acme.example",
        "name": "Jo",
    }
    answer = upload([{"entity": "member", "id": new, "fields": member}])
    assert answer.status_code in (409, 422), answer.text
    check = requests.get(f"{live.server.url}/v1/upload", headers=auth, timeout=10).json()
    assert check["refused"] is None  # nothing of the refused uploads stayed
