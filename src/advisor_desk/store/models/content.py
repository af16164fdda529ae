"""Content library items, what each client was given, and client templates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from advisor_desk.store.base import Base, Synced, parent_fk
from advisor_desk.store.types import Money


class ContentItem(Synced, Base):
    __tablename__ = "content_item"

    title: Mapped[str] = mapped_column(String(300), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    library: Mapped[str] = mapped_column(String(16))  # "open" or "partner"
    item_version: Mapped[str] = mapped_column(String(32), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    price: Mapped[Decimal | None] = mapped_column(Money(), nullable=True)
    # How a priced partner item is charged: "monthly" or "once" (billing-rules.md, rule 6).
    charging: Mapped[str] = mapped_column(String(16), default="monthly", server_default="monthly")
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)


class ClientContent(Synced, Base):
    """A content item granted to a client."""

    __tablename__ = "client_content"

    client_id: Mapped[str] = parent_fk("client.id")
    content_id: Mapped[str] = parent_fk("content_item.id")


class ContentGrant(Synced, Base):
    """An item held by a client on the days `[start, end)` (`end` None while it holds it).

    Granting opens one, removing closes it, granting again opens another: the history that
    content charges are billed from (billing-rules.md, rule 7). `client_content` is the grant
    as it stands now.
    """

    __tablename__ = "content_grant"

    client_id: Mapped[str] = parent_fk("client.id")
    content_id: Mapped[str] = parent_fk("content_item.id")
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class ContentPrice(Synced, Base):
    """From `effective_from` (a month) on, the item costs `price` (None: not charged).

    A price change applies from the month it names, like the agreement (rule 6).
    """

    __tablename__ = "content_price"

    content_id: Mapped[str] = parent_fk("content_item.id")
    effective_from: Mapped[str] = mapped_column(String(7))
    price: Mapped[Decimal | None] = mapped_column(Money(), nullable=True)


class ClientTemplate(Synced, Base):
    """A recipe for onboarding one kind of engagement."""

    __tablename__ = "client_template"

    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    license_tier: Mapped[str] = mapped_column(String(32))
    billing_model: Mapped[str] = mapped_column(String(16))
    members: Mapped[int] = mapped_column(Integer, default=0)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)


class TemplateContent(Synced, Base):
    __tablename__ = "template_content"

    template_id: Mapped[str] = parent_fk("client_template.id")
    content_id: Mapped[str] = parent_fk("content_item.id")
