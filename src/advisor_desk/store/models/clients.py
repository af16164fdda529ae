"""Client teams, their billing-model history, members and license-tier history."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from advisor_desk.store.base import Base, Synced, parent_fk


class Client(Synced, Base):
    __tablename__ = "client"
    __table_args__ = (
        Index(
            "uq_client_live_name",
            "partner_id",
            "name",
            unique=True,
            sqlite_where=text("deleted = 0"),
            postgresql_where=text("deleted = false"),
        ),
    )

    name: Mapped[str] = mapped_column(String(200))
    domain: Mapped[str] = mapped_column(String(253), default="")
    # Postal, printed under the name on the documents addressed to the client.
    address: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The primary contact (business development sends reviews and assessments to them).
    contact_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    employees: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created: Mapped[dt.date] = mapped_column(Date)
    archived: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    template_id: Mapped[str | None] = parent_fk("client_template.id", nullable=True)
    template_version: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ClientBillingModel(Synced, Base):
    """From `effective_from` (a month) on, the client is billed under `model`."""

    __tablename__ = "client_billing_model"

    client_id: Mapped[str] = parent_fk("client.id")
    effective_from: Mapped[str] = mapped_column(String(7))
    model: Mapped[str] = mapped_column(String(16))


class Member(Synced, Base):
    __tablename__ = "member"

    client_id: Mapped[str] = parent_fk("client.id")
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200))


class MemberLicense(Synced, Base):
    """One interval `[start, end)` during which a member held a license tier."""

    __tablename__ = "member_license"

    member_id: Mapped[str] = parent_fk("member.id")
    tier: Mapped[str] = mapped_column(String(32))
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
