"""Billing documents (drafts and issued ones), their lines, and local numbering series."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import DateTime, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from advisor_desk.store.base import Base, Synced, parent_fk
from advisor_desk.store.types import Money, Rate


class Document(Synced, Base):
    __tablename__ = "document"
    __table_args__ = (
        Index(
            "uq_document_number",
            "partner_id",
            "number",
            unique=True,
            sqlite_where=text("number IS NOT NULL"),
            postgresql_where=text("number IS NOT NULL"),
        ),
        Index("ix_document_identity", "partner_id", "kind", "recipient", "period"),
    )

    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="draft")  # draft | issued
    number: Mapped[str | None] = mapped_column(String(40), nullable=True)
    period: Mapped[str] = mapped_column(String(7), index=True)
    recipient: Mapped[str] = mapped_column(String(200))
    client_id: Mapped[str | None] = parent_fk("client.id", nullable=True)
    references_id: Mapped[str | None] = parent_fk("document.id", nullable=True)
    currency: Mapped[str] = mapped_column(String(3))
    tax_rate: Mapped[Decimal] = mapped_column(Rate())
    subtotal: Mapped[Decimal] = mapped_column(Money())
    tax: Mapped[Decimal] = mapped_column(Money())
    total: Mapped[Decimal] = mapped_column(Money())
    snapshot_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    pdf_file: Mapped[str | None] = mapped_column(String(260), nullable=True)
    issued_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class DocumentLine(Synced, Base):
    __tablename__ = "document_line"

    document_id: Mapped[str] = parent_fk("document.id")
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[Decimal] = mapped_column(Money())
    unit_price: Mapped[Decimal] = mapped_column(Money())
    amount: Mapped[Decimal] = mapped_column(Money())
    group_name: Mapped[str | None] = mapped_column(String(200), nullable=True)


class NumberSeries(Base):
    """The last number given in one series. Local only: with a server, the server numbers."""

    __tablename__ = "number_series"

    partner_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    prefix: Mapped[str] = mapped_column(String(16))
    width: Mapped[int] = mapped_column(Integer, default=6)
    last_number: Mapped[int] = mapped_column(Integer, default=0)
