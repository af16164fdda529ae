"""Passwords (argon2id), device tokens (random, stored as SHA-256, revocable, expiring),
and login rate limiting. Unknown e-mail and wrong password fail the same way, in about
the same time. Every request checks that its advisor is still active today (in the
partner's time zone), not only the login: ending an advisor's activity ends their access."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain.passwords import MAX_LENGTH, check_password
from advisor_desk.server.db import ServerDB
from advisor_desk.server.models import Device, Login, Token
from advisor_desk.server.revocation import may_sign_in, revoke_tokens
from advisor_desk.server.tenancy import Caller
from advisor_desk.store.models import Advisor, Partner
from advisor_desk.store.types import utcnow

# argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): ~0.15 s a login here.
HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
_DUMMY_HASH = HASHER.hash(secrets.token_hex(16))
TOKEN_DAYS = 30


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
    """Failed logins per e-mail and per address in a sliding window (per server process)."""

    def __init__(self, per_email: int = 5, per_address: int = 50, window: float = 300) -> None:
        self.limits = {"email": per_email, "address": per_address}
        self.window = window
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, email: str, address: str) -> None:
        now = time.monotonic()
        with self._lock:
            for kind, key in (("email", email), ("address", address)):
                failures = self._failures.get((kind, key))
                if not failures:
                    continue
                while failures and failures[0] < now - self.window:
                    failures.popleft()
                if len(failures) >= self.limits[kind]:
                    raise RateLimited(max(1, int(failures[0] + self.window - now)))

    def failed(self, email: str, address: str) -> None:
        now = time.monotonic()
        with self._lock:
            for kind, key in (("email", email), ("address", address)):
                self._failures.setdefault((kind, key), deque()).append(now)

    def succeeded(self, email: str) -> None:
        with self._lock:
            self._failures.pop(("email", email), None)


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
    limiter.check(key, address)
    if not _plain(key) or len(password) > MAX_LENGTH:  # no stored e-mail has these
        _verify(None, password[:MAX_LENGTH])  # the same time as a wrong password
        limiter.failed(key, address)
        raise AuthError()
    with db.transaction(write=True) as session:
        db.set_local(session, "app.login_email", key)
        found = session.scalars(select(Login).where(Login.email == key)).first()
        if not _verify(found.password_hash if found else None, password) or found is None:
            limiter.failed(key, address)
            raise AuthError()
        db.set_tenant(session, found.partner_id)
        advisor = session.get(Advisor, found.advisor_id)
        partner = session.get(Partner, found.partner_id)
        if partner is None or not may_sign_in(session, found.partner_id, advisor):
            limiter.failed(key, address)
            raise AuthError()
        assert advisor is not None
        limiter.succeeded(key)
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
    """The caller of a request (inside its transaction, which it scopes to the partner)."""
    if not token or not _plain(token) or len(token) > 512:
        raise AuthError()
    digest = hash_token(token)
    db.set_local(session, "app.token_hash", digest)
    row = session.get(Token, digest)
    if row is None or row.revoked_at is not None or row.expires_at <= utcnow():
        raise AuthError()
    db.set_tenant(session, row.partner_id)
    advisor = session.get(Advisor, row.advisor_id)
    if advisor is None or not may_sign_in(session, row.partner_id, advisor):
        raise AuthError()  # removed, or no longer active today: the token is worth nothing
    return Caller(row.partner_id, row.advisor_id, row.device_id, advisor.role, digest)


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
