"""The server store's own tables (`srv_*`), beside the synced entity tables it shares with
the laptop's store (`advisor_desk.store.models`, same names and columns).

- `srv_partner_clock`: the per-partner version counter (taken under a row lock), the
  tombstone horizon and the epoch.
- `srv_login`, `srv_device`, `srv_token`: who may sign in, their devices, hashed tokens.
- `srv_row`: one row per synced row, for pulling in version order with the advisor's scope,
  and for merging (which fields changed at which version, by which device).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, DateTime, Index, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from advisor_desk.store.base import NAMING
from advisor_desk.store.types import utcnow


class ServerBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class PartnerClock(ServerBase):
    __tablename__ = "srv_partner_clock"

    partner_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    last_version: Mapped[int] = mapped_column(BigInteger, default=0)
    tombstone_horizon: Mapped[int] = mapped_column(BigInteger, default=0)
    epoch: Mapped[str] = mapped_column(String(64))


class Login(ServerBase):
    __tablename__ = "srv_login"

    advisor_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    partner_id: Mapped[str] = mapped_column(String(36), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # lower-cased
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Device(ServerBase):
    __tablename__ = "srv_device"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    partner_id: Mapped[str] = mapped_column(String(36), index=True)
    advisor_id: Mapped[str] = mapped_column(String(36), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    last_mid: Mapped[int] = mapped_column(BigInteger, default=0)
    # The last push batch that applied anything: its first mid and a digest per mutation, so
    # a retry of it (the answer was lost) is told from a laptop restored from a backup.
    batch_first_mid: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    batch_digests: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class Token(ServerBase):
    __tablename__ = "srv_token"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    partner_id: Mapped[str] = mapped_column(String(36), index=True)
    device_id: Mapped[str] = mapped_column(String(36), index=True)
    advisor_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class RowMeta(ServerBase):
    __tablename__ = "srv_row"
    __table_args__ = (Index("ix_srv_row_partner_version", "partner_id", "version"),)

    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    partner_id: Mapped[str] = mapped_column(String(36))
    entity: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(BigInteger)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    # Scope: rows of one client (`client_id`), the partner's administrators only
    # (`admin_only`), or the partner's advisors; `advisor_id` marks an advisor's own rows.
    client_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    advisor_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    admin_only: Mapped[bool] = mapped_column(Boolean, default=False)
    created_version: Mapped[int] = mapped_column(BigInteger)
    created_device: Mapped[str | None] = mapped_column(String(36), nullable=True)
    # {"field": [version, device_id]} for fields changed after the row was created.
    field_versions: Mapped[str] = mapped_column(Text, default="{}")
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


PARTNER_SCOPED_SERVER_TABLES = (
    "srv_partner_clock",
    "srv_login",
    "srv_device",
    "srv_token",
    "srv_row",
)


class LoginAttempt(ServerBase):
    """Failed logins of one e-mail or one address in the last window (auth.RateLimiter), in
    the database so that every server process (and host) counts the same attempts."""

    __tablename__ = "srv_login_attempt"

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)  # "email" or "address"
    key: Mapped[str] = mapped_column(String(254), primary_key=True)
    # JSON list of the attempts' times (ms since the epoch), oldest first.
    failures: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    last_at: Mapped[int] = mapped_column(BigInteger, index=True)


# Not partner-scoped (a login is refused before anyone is known): no row-level security.
GLOBAL_SERVER_TABLES = ("srv_login_attempt",)
