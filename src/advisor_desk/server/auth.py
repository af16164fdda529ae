"""Passwords (argon2id), device tokens (random, stored as SHA-256, revocable, expiring),
and login rate limiting. Unknown e-mail and wrong password fail the same way, in about
the same time. Every request checks that its advisor is still active today (in the
partner's time zone), not only the login: ending an advisor's activity ends their access."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import secrets
import time
import uuid
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, delete, select, tuple_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from advisor_desk.domain.passwords import MAX_LENGTH, check_password
from advisor_desk.server.access_log import record_login_failure
from advisor_desk.server.db import PARTNER, ServerDB
from advisor_desk.server.models import Device, Login, LoginAttempt, Token
from advisor_desk.server.revocation import may_sign_in, revoke_tokens, signed_in_role
from advisor_desk.server.tenancy import Caller, acting_as
from advisor_desk.store.base import table_of
from advisor_desk.store.models import Advisor, Partner
from advisor_desk.store.types import utcnow

# argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): ~0.15 s a login here.
HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
_DUMMY_HASH = HASHER.hash(secrets.token_hex(16))
TOKEN_DAYS = 30
CLEAN_EVERY = 100  # logins between two sweeps of expired rate-limit rows


class AuthError(Exception):
    """401: the same answer whatever part of the credentials was wrong."""


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed logins; try again in {retry_after} s")
        self.retry_after = retry_after


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def normal_email(email: str) -> str:
    return email.strip().casefold()


class RateLimiter:
    """Failed logins per e-mail and per address in a sliding window, counted in the database
    (`srv_login_attempt`), so every server process and host behind one address shares the
    count. An attempt is reserved before the password is checked, under the key's row lock:
    concurrent attempts on several workers cannot all slip under the limit. A refused
    attempt (429) is not counted; a successful login clears its e-mail's failures and gives
    back its reservation on the address."""

    def __init__(self, per_email: int = 5, per_address: int = 50, window: float = 300) -> None:
        self.limits = {"email": per_email, "address": per_address}
        self.window_ms = int(window * 1000)
        self._reserved = 0

    def reserve(self, db: ServerDB, email: str, address: str) -> int:
        """Count one attempt of this e-mail from this address (RateLimited when either is
        at its limit, and then nothing is counted); returns the attempt's time."""
        now = _now_ms()
        with db.transaction(write=True) as session:
            rows = [
                self._locked(db, session, kind, key) for kind, key in self._keys(email, address)
            ]
            for row in rows:
                times = [t for t in json.loads(row.failures) if t > now - self.window_ms]
                if len(times) >= self.limits[row.kind]:
                    wait = (times[0] + self.window_ms - now) / 1000
                    raise RateLimited(max(1, math.ceil(wait)))  # rolls back: nothing counted
                row.failures = json.dumps([*times, now])
                row.last_at = now
        self._reserved += 1
        if self._reserved % CLEAN_EVERY == 1:
            self._forget(db, now - self.window_ms)
        return now

    @staticmethod
    def _forget(db: ServerDB, before: int) -> None:
        """Drop keys with no failure in the window (its own transaction, skipping rows
        another login holds: it never waits for them, so it never deadlocks with one)."""
        with db.transaction(write=True) as session:
            stale = (
                select(LoginAttempt.kind, LoginAttempt.key)
                .where(LoginAttempt.last_at < before)
                .limit(1000)
                .with_for_update(skip_locked=True)
            )
            pair = tuple_(LoginAttempt.kind, LoginAttempt.key)
            session.execute(delete(LoginAttempt).where(pair.in_(stale)))

    def succeeded(self, db: ServerDB, email: str, address: str, at: int) -> None:
        with db.transaction(write=True) as session:
            for kind, key in self._keys(email, address):
                row = self._locked(db, session, kind, key)
                times = json.loads(row.failures)
                if kind == "email":
                    session.delete(row)
                elif at in times:
                    times.remove(at)
                    row.failures = json.dumps(times)

    @staticmethod
    def _keys(email: str, address: str) -> list[tuple[str, str]]:
        return [("email", _storable(email)), ("address", _storable(address))]

    @staticmethod
    def _locked(db: ServerDB, session: Session, kind: str, key: str) -> LoginAttempt:
        """The key's row, made if missing, locked to the end of the transaction."""
        values = {"kind": kind, "key": key, "failures": "[]", "last_at": _now_ms()}
        upsert = pg_insert if db.is_postgres else sqlite_insert
        session.execute(upsert(LoginAttempt).values(**values).on_conflict_do_nothing())
        return session.scalars(
            select(LoginAttempt)
            .where(LoginAttempt.kind == kind, LoginAttempt.key == key)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).one()


def _storable(key: str) -> str:
    """The key as stored: a digest when it is long or has characters a database refuses."""
    if len(key) <= 200 and _plain(key):
        return key
    return "sha256:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _now_ms() -> int:
    return int(time.time() * 1000)


@dataclass(frozen=True)
class LoginResult:
    token: str
    expires_at: dt.datetime
    device_id: str
    partner: Partner
    advisor: Advisor


def login(
    db: ServerDB,
    limiter: RateLimiter,
    *,
    email: str,
    password: str,
    device_name: str,
    device_id: str | None,
    address: str,
    token_days: int = TOKEN_DAYS,
) -> LoginResult:
    key = normal_email(email)
    at = limiter.reserve(db, key, address)  # counted as a failure until it succeeds
    if not _plain(key) or len(password) > MAX_LENGTH:  # no stored e-mail has these
        _verify(None, password[:MAX_LENGTH])  # the same time as a wrong password
        raise AuthError()
    try:
        result = _login(db, key, password, device_name, device_id, token_days)
    except AuthError as error:
        # In the partner's access log (a known e-mail), in its own transaction: the login's
        # was rolled back. The answer stays the same 401 whatever was wrong.
        record_login_failure(db, key, address, str(error) or "wrong password")
        raise AuthError() from None
    limiter.succeeded(db, key, address, at)
    return result


def _login(
    db: ServerDB,
    key: str,
    password: str,
    device_name: str,
    device_id: str | None,
    token_days: int,
) -> LoginResult:
    with db.transaction(write=True) as session:
        db.set_local(session, "app.login_email", key)
        found = session.scalars(select(Login).where(Login.email == key)).first()
        if not _verify(found.password_hash if found else None, password) or found is None:
            raise AuthError("wrong password")
        db.set_tenant(session, found.partner_id)
        advisor = session.get(Advisor, found.advisor_id)
        partner = session.get(Partner, found.partner_id)
        if partner is None or not may_sign_in(session, found.partner_id, advisor):
            raise AuthError("right password, but the advisor is not active")
        assert advisor is not None
        if found.password_hash and HASHER.check_needs_rehash(found.password_hash):
            found.password_hash = hash_password(password)
        device = _device(session, found, device_id, device_name)
        token = secrets.token_urlsafe(32)
        expires = utcnow() + dt.timedelta(days=token_days)
        session.add(
            Token(
                token_hash=hash_token(token),
                partner_id=found.partner_id,
                device_id=device.id,
                advisor_id=found.advisor_id,
                created_at=utcnow(),
                expires_at=expires,
            )
        )
        return LoginResult(token, expires, device.id, partner, advisor)


def _plain(text: str) -> bool:
    """No control characters (PostgreSQL refuses NUL in a query parameter)."""
    return not any(ord(char) < 32 or ord(char) == 127 for char in text)


def _verify(stored: str | None, password: str) -> bool:
    try:
        return HASHER.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def _device(session: Session, login_row: Login, device_id: str | None, name: str) -> Device:
    """The laptop's device when it is this advisor's (keeping its last mid), else a new one."""
    if device_id is not None:
        device = session.get(Device, device_id)
        if (
            device is not None
            and device.partner_id == login_row.partner_id
            and device.advisor_id == login_row.advisor_id
        ):
            device.name = name or device.name
            return device
    device = Device(
        id=str(uuid.uuid4()),
        partner_id=login_row.partner_id,
        advisor_id=login_row.advisor_id,
        name=name,
        last_mid=0,
        created_at=utcnow(),
    )
    session.add(device)
    return device


def authenticate(db: ServerDB, session: Session, token: str | None) -> Caller:
    """The caller of a request (inside its transaction, which it scopes to the partner).

    Every request pays for it, so two Core statements by primary key and no ORM objects:
    the token, then its advisor with the partner and the advisor's activity intervals
    around today. Nothing is cached: a revoked token or an ended activity is refused on the
    next request, whichever server process answers it."""
    if not token or not _plain(token) or len(token) > 512:
        raise AuthError()
    digest = hash_token(token)
    db.set_local(session, "app.token_hash", digest)
    connection = session.connection()
    found = connection.execute(_TOKEN, {"digest": digest}).first()
    if found is None or found.revoked_at is not None or found.expires_at <= utcnow():
        raise AuthError()
    partner_id, advisor_id = found.partner_id, found.advisor_id
    db.set_tenant(session, partner_id)
    role = signed_in_role(connection, partner_id, advisor_id)
    if role is None:
        raise AuthError()  # removed, or no longer active today: the token is worth nothing
    caller = Caller(partner_id, advisor_id, found.device_id, role, digest)
    acting_as(caller)  # the request's checks of pushed rows see who pushes (push_checks)
    return caller


_TOKENS = table_of(Token)
_TOKEN = select(
    _TOKENS.c.partner_id,
    _TOKENS.c.advisor_id,
    _TOKENS.c.device_id,
    _TOKENS.c.revoked_at,
    _TOKENS.c.expires_at,
).where(_TOKENS.c.token_hash == bindparam("digest"))


def still_signed_in(db: ServerDB, session: Session, caller: Caller) -> Caller:
    """The caller `authenticate` found earlier in the same request, checked again in a
    later transaction of it: the token still unrevoked and unexpired (ending an advisor's
    activity revokes their tokens in the transaction that ends it)."""
    db.set_local(session, "app.token_hash", caller.token_hash)
    found = session.connection().execute(_TOKEN, {"digest": caller.token_hash}).first()
    if (
        found is None
        or found.revoked_at is not None
        or found.expires_at <= utcnow()
        or found.partner_id != caller.partner_id
    ):
        raise AuthError()
    if session.info.get(PARTNER) != caller.partner_id:  # set once for a group (push_group.py)
        db.set_tenant(session, caller.partner_id)
    acting_as(caller)
    return caller


def revoke(session: Session, caller: Caller) -> None:
    row = session.get(Token, caller.token_hash)
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()


def set_password(
    session: Session,
    *,
    partner_id: str,
    advisor: Advisor,
    password: str,
    keep_token: str | None = None,
) -> None:
    """Set an advisor's password (the one rule of `domain.passwords`, a DomainError if it
    breaks it). A reset ends the advisor's other sessions: every token but `keep_token`."""
    check_password(password, identity=(advisor.email, advisor.name or ""))
    key = normal_email(advisor.email)
    row = session.get(Login, advisor.id)
    if row is None:
        row = Login(advisor_id=advisor.id, partner_id=partner_id, email=key, created_at=utcnow())
        session.add(row)
    else:
        revoke_tokens(session, advisor.id, keep=keep_token)
    row.email = key
    row.password_hash = hash_password(password)
