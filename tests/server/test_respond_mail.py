"""Respondents' e-mail through a real SMTP sink (aiosmtpd on loopback) and the per-token rate
limit, on a server of their own (SQLite and PostgreSQL): a pushed invitation is mailed once,
with the link, the due date and the partner's name; a reminder once per reminding; revoked
participants get nothing."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pytest
import requests

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.server.respond import LIMIT_VARIABLE
from advisor_desk.services.bizdev.assessments import apply_remind, apply_send
from advisor_desk.services.bizdev.assessments import link as assessment_link
from advisor_desk.services.bizdev.prospects import apply_set_client_contact
from advisor_desk.services.bizdev.risk_libraries import apply_upload_assessment_template
from advisor_desk.services.clients.teams import create_client
from advisor_desk.services.ops import run_op, run_query
from advisor_desk.services.people import members
from tests.server.api import Api, update
from tests.server.harness import (
    BACKENDS,
    Laptop,
    Server,
    Tenant,
    new_tenant,
    postgres_database,
    sqlite_database,
)
from tests.server.mail_sink import Sink, mailing_server
from tests.server.respond_rows import push_review
from tests.services.bizdev.conftest import ASSESSMENT_CSV

PER_TOKEN = 12


@dataclass
class Setup:
    server: Server
    sink: Sink
    tenant: Tenant


@pytest.fixture(scope="module", params=BACKENDS)
def setup(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Setup]:
    folder = tmp_path_factory.mktemp(f"respond-mail-{request.param}")
    database = postgres_database() if request.param == "postgres" else sqlite_database(folder)
    limit = {LIMIT_VARIABLE: f"{PER_TOKEN},10000,300"}
    try:
        with mailing_server(database, folder, limit) as (server, sink):
            yield Setup(server, sink, new_tenant(database))
    finally:
        database.drop()


def _body(message: Message) -> str:
    part = message.get_body(preferencelist=("plain",)) if hasattr(message, "get_body") else None
    payload = (part or message).get_payload(decode=True)
    return payload.decode("utf-8") if isinstance(payload, bytes) else str(message.get_payload())


def test_invitations_and_reminders_are_mailed_once(setup: Setup) -> None:
    boss = Api(setup.server.url).login(setup.tenant.admin_email)
    review = push_review(boss, title="Cyber check", revoked=("rev",))
    ann = "ann@respondent.example"
    [invitation] = setup.sink.wait_for(ann, 1)
    text = _body(invitation)
    link = f"{setup.server.url}/r/{review.tokens['ann']}"
    assert link in text
    assert "30 June 2026" in text
    assert setup.tenant.name in text
    assert setup.tenant.name in invitation["Subject"]
    assert requests.get(link, timeout=30).status_code == 200
    setup.sink.wait_for("bob@respondent.example", 1)

    person = review.participants["ann"]
    version = boss.rows("review_participant")[person]["version"]
    boss.push([update(review.next_mid, "review_participant", person, version, name="Ann Again")])
    reminded = boss.rows("review_participant")[person]["version"]
    boss.push(
        [
            update(
                review.next_mid + 1,
                "review_participant",
                person,
                reminded,
                reminded_at="2026-06-01T08:00:00",
            )
        ]
    )
    mails = setup.sink.wait_for(ann, 2)
    assert mails[1]["Subject"].startswith("Reminder:")
    assert link in _body(mails[1])
    time.sleep(1.5)  # anything sent twice would have arrived by now
    assert len(setup.sink.to(ann)) == 2
    assert len(setup.sink.to("bob@respondent.example")) == 1
    assert setup.sink.to("rev@respondent.example") == []


def test_requests_are_limited_per_token(setup: Setup) -> None:
    boss = Api(setup.server.url).login(setup.tenant.admin_email)
    review = push_review(boss)
    mine = f"{setup.server.url}/v1/respond/{review.tokens['ann']}"
    answers = [requests.get(mine, timeout=30).status_code for _ in range(PER_TOKEN)]
    assert answers == [200] * PER_TOKEN
    refused = requests.get(mine, timeout=30)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    page = requests.get(f"{setup.server.url}/r/{review.tokens['ann']}", timeout=30)
    assert page.status_code == 429
    other = requests.get(f"{setup.server.url}/v1/respond/{review.tokens['bob']}", timeout=30)
    assert other.status_code == 200  # another respondent is not held up


def test_an_assessment_sent_and_reminded_from_a_laptop_is_mailed(
    setup: Setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-05-14")
    laptop = Laptop(tmp_path / "a", setup.server, setup.tenant.admin_email)
    try:
        laptop.login()
        laptop.sync()
        store = laptop.store
        run_op(store, apply_upload_assessment_template, file_name="h.csv", data=ASSESSMENT_CSV,
               title="Health")  # fmt: skip
        client = create_client(store, name="Acme <Co>", created=dt.date(2026, 1, 1))
        members.add_member(store, client.id, email="it@acme.example", name="IT",
                           tier=LicenseTier.JUST_RISK, start=dt.date(2026, 1, 1))  # fmt: skip
        run_op(store, apply_set_client_contact, "Acme <Co>", email="ops@acme.example")
        sent = run_op(store, apply_send, "Health", due=dt.date(2099, 6, 30), clients=["Acme <Co>"])
        laptop.sync()
        [invitation] = setup.sink.wait_for("ops@acme.example", 1)
        url = run_query(store, assessment_link, sent.value.sent[0].id)["url"]
        token = url.rsplit("/", 1)[1]
        assert f"/r/{token}" in _body(invitation)
        assert "30 June 2099" in _body(invitation)
        page = requests.get(f"{setup.server.url}/r/{token}", timeout=30)
        assert page.status_code == 200
        assert 'type="radio"' in page.text  # the template's choices
        laptop.sync()  # nothing new: no second mail
        run_op(store, apply_remind)
        laptop.sync()
        mails = setup.sink.wait_for("ops@acme.example", 2)
        assert mails[1]["Subject"].startswith("Reminder:")
        time.sleep(1.0)
        assert len(setup.sink.to("ops@acme.example")) == 2
    finally:
        laptop.close()


def test_requests_are_limited_per_address(tmp_path: Path) -> None:
    database = sqlite_database(tmp_path)
    saved = os.environ.get(LIMIT_VARIABLE)
    os.environ[LIMIT_VARIABLE] = "1000,15,300"
    try:
        server = Server(database, tmp_path).start()
    finally:
        if saved is None:
            os.environ.pop(LIMIT_VARIABLE, None)
        else:
            os.environ[LIMIT_VARIABLE] = saved
    try:
        tenant = new_tenant(database)
        review = push_review(Api(server.url).login(tenant.admin_email), people=("ann", "bob"))
        ann, bob = (f"{server.url}/v1/respond/{review.tokens[n]}" for n in ("ann", "bob"))
        answers = [requests.get(url, timeout=30).status_code for url in (ann, bob) * 7]
        assert answers == [200] * 14
        assert requests.get(f"{server.url}/v1/respond/{'x' * 43}", timeout=30).status_code == 404
        for url in (ann, bob, f"{server.url}/r/{review.tokens['ann']}"):
            assert requests.get(url, timeout=30).status_code == 429  # this address: any link
    finally:
        server.stop()
