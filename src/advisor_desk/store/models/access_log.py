"""The access log: who gave or took what access, changed a role, (de)activated an advisor,
invited one, or failed to log in — when, and from which device. Synced (the partner's
administrators see it on every laptop); written once, never changed.

Rows name people and clients by their ids and by name as they were at the time (a log
outlives renames and deletions), so there are no foreign keys: nothing cascades into it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from advisor_desk.store.base import Base, Synced


class AccessEvent(Synced, Base):
    __tablename__ = "access_event"

    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)  # UTC
    kind: Mapped[str] = mapped_column(String(32))  # domain.access_log.AccessKind
    actor: Mapped[str] = mapped_column(String(254), default="")  # who did it (name or e-mail)
    actor_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    subject: Mapped[str] = mapped_column(String(254), default="")  # whom it is about
    subject_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="")  # a client's name, "advisor → …"
    device: Mapped[str] = mapped_column(String(200), default="")
