"""The laptop's side of sync: the outbox of mutations, the cursor, kept conflicts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from advisor_desk.store.base import Base
from advisor_desk.store.types import utcnow


class Outbox(Base):
    """A local change waiting for the server; deleted only once the server acknowledged `mid`."""

    __tablename__ = "outbox"

    mid: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36), index=True)
    op: Mapped[str] = mapped_column(String(8))  # insert | update | delete
    base_version: Mapped[int] = mapped_column(Integer, default=0)
    fields_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class SyncState(Base):
    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    server_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    device_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    cursor: Mapped[int] = mapped_column(Integer, default=0)
    epoch: Mapped[str | None] = mapped_column(String(64), nullable=True)
    last_synced_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class Conflict(Base):
    __tablename__ = "conflicts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36))
    local_fields: Mapped[str] = mapped_column(Text)
    server_fields: Mapped[str] = mapped_column(Text)
    detected_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)


class SyncDevice(Base):
    """Who is logged in on this laptop, and the last protocol mid the server acknowledged.

    `outbox.mid` is SQLite's rowid, which starts again at 1 once the outbox empties, so the
    protocol's mids are counted from `last_acked_mid` (see docs/sync-deviations.md).
    """

    __tablename__ = "sync_device"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_acked_mid: Mapped[int] = mapped_column(Integer, default=0)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    advisor_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    role: Mapped[str | None] = mapped_column(String(32), nullable=True)
    partner_id: Mapped[str | None] = mapped_column(String(36), nullable=True)


class SyncRejection(Base):
    """A change the server refused, kept with its reason for the advisor to see."""

    __tablename__ = "sync_rejection"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(8))
    fields_json: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    detected_at: Mapped[dt.datetime] = mapped_column(DateTime)
    dismissed: Mapped[bool] = mapped_column(Boolean, default=False)
