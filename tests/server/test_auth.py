"""Logins, tokens and rate limiting against a real server process."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import select, update

from advisor_desk.server.db import open_db
from advisor_desk.server.models import Login, Token
from tests.server.api import Api
from tests.server.harness import PASSWORD, Live, Tenant


def _login(live: Live, email: str, password: str) -> tuple[int, dict[str, object]]:
    answer = Api(live.server.url).http.post(
        live.server.url + "/v1/auth/login",
        json={"email": email, "password": password, "device_name": "t"},
        timeout=30,
    )
    return answer.status_code, answer.json()


def test_unknown_email_and_wrong_password_get_the_same_401(live: Live, tenant: Tenant) -> None:
    wrong_password = _login(live, tenant.emails["bo"], "not the password")
    unknown_email = _login(live, "nobody-" + tenant.emails["bo"], PASSWORD)
    assert wrong_password[0] == unknown_email[0] == 401
    assert wrong_password[1] == unknown_email[1]


def test_repeated_failures_answer_429(live: Live, tenant: Tenant) -> None:
    statuses = [_login(live, tenant.emails["cy"], "guess")[0] for _ in range(7)]
    assert statuses[:5] == [401] * 5
    assert statuses[5:] == [429, 429]
    assert _login(live, tenant.emails["cy"], PASSWORD)[0] == 429  # even the right one, for now


def test_passwords_are_argon2id_and_tokens_stored_hashed(live: Live, tenant: Tenant) -> None:
    api = Api(live.server.url).login(tenant.admin_email)
    assert api.token is not None
    with open_db(live.database.owner_url) as db, db.transaction(write=False) as session:
        login = session.scalars(select(Login).where(Login.email == tenant.admin_email)).one()
        assert login.password_hash.startswith("$argon2id$")
        hashes = set(session.scalars(select(Token.token_hash)))
    assert api.token not in hashes
    assert hashlib.sha256(api.token.encode()).hexdigest() in hashes


def test_logout_revokes_only_this_device(live: Live, tenant: Tenant) -> None:
    one = Api(live.server.url).login(tenant.admin_email)
    two = Api(live.server.url).login(tenant.admin_email)
    assert one.post("/v1/auth/logout").status_code == 204
    assert one.get("/v1/sync/meta").status_code == 401
    assert two.get("/v1/sync/meta").status_code == 200


def test_expired_and_missing_tokens_get_401(live: Live, tenant: Tenant) -> None:
    api = Api(live.server.url).login(tenant.admin_email)
    digest = hashlib.sha256(str(api.token).encode()).hexdigest()
    with open_db(live.database.owner_url) as db, db.transaction(write=True) as session:
        session.execute(
            update(Token)
            .where(Token.token_hash == digest)
            .values(expires_at=dt.datetime(2020, 1, 1))
        )
    assert api.get("/v1/sync/meta").status_code == 401
    api.token = None
    assert api.get("/v1/sync/pull").status_code == 401
    api.token = "made-up"
    assert api.get("/v1/sync/pull").status_code == 401


def test_logging_in_again_keeps_the_device_and_its_mids(live: Live, tenant: Tenant) -> None:
    first = Api(live.server.url).login(tenant.admin_email)
    again = Api(live.server.url).login(tenant.admin_email, device_id=first.device_id)
    assert again.device_id == first.device_id
    other = Api(live.server.url).login(tenant.emails["bo"], device_id=first.device_id)
    assert other.device_id != first.device_id  # another advisor never takes over a device
