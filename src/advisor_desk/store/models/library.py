"""What the content library keeps beside its items: earlier versions, uploaded files, the
provisions or questions parsed from a framework's or assessment's file, and the log of
pushes to clients and templates.

Each belongs to one content item and to the item's version it was made for (`item_version`),
so an older version stays readable after a new one is published.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import JSON, DateTime, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from advisor_desk.store.base import Base, Synced, parent_fk
from advisor_desk.store.types import Money


class ContentVersion(Synced, Base):
    """The metadata an item had before a newer version replaced it."""

    __tablename__ = "content_version"

    content_id: Mapped[str] = parent_fk("content_item.id")
    item_version: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    price: Mapped[Decimal | None] = mapped_column(Money(), nullable=True)
    replaced_at: Mapped[dt.datetime] = mapped_column(DateTime)
    replaced_by: Mapped[str] = mapped_column(String(254), default="")


class ContentFile(Synced, Base):
    """A file uploaded with an item (PDF, DOCX, XLSX, CSV or JSON), kept as it was."""

    __tablename__ = "content_file"

    content_id: Mapped[str] = parent_fk("content_item.id")
    item_version: Mapped[str] = mapped_column(String(32))
    file_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ContentProvision(Synced, Base):
    """One provision of a framework or control set, or one question of an assessment."""

    __tablename__ = "content_provision"

    content_id: Mapped[str] = parent_fk("content_item.id")
    item_version: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # "provision" or "question"
    ref: Mapped[str] = mapped_column(String(64))
    section: Mapped[str] = mapped_column(String(300), default="")
    text: Mapped[str] = mapped_column(Text)
    answer_type: Mapped[str] = mapped_column(String(16), default="")  # questions only


class LibraryPush(Synced, Base):
    """One item pushed to clients and templates: which version, who, when, to how many."""

    __tablename__ = "library_push"

    content_id: Mapped[str] = parent_fk("content_item.id")
    item_version: Mapped[str] = mapped_column(String(32))
    pushed_by: Mapped[str] = mapped_column(String(254))
    pushed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    clients: Mapped[int] = mapped_column(Integer)
    templates: Mapped[int] = mapped_column(Integer)
    targets: Mapped[list[str]] = mapped_column(JSON, default=list)  # client/template names
