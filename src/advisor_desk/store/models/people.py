"""The partner's advisors: who they are, when they were active, which clients they see."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from advisor_desk.store.base import Base, Synced, parent_fk


class Advisor(Synced, Base):
    __tablename__ = "advisor"
    __table_args__ = (UniqueConstraint("partner_id", "email"),)

    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32), default="advisor")


class AdvisorActivity(Synced, Base):
    """One interval `[start, end)` during which an advisor was active (and billed)."""

    __tablename__ = "advisor_activity"

    advisor_id: Mapped[str] = parent_fk("advisor.id")
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class AdvisorAccess(Synced, Base):
    """An advisor may log in to a client team."""

    __tablename__ = "advisor_access"

    advisor_id: Mapped[str] = parent_fk("advisor.id")
    client_id: Mapped[str] = parent_fk("client.id")
