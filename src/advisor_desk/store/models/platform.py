"""The platform's legal details, printed as the supplier on the platform's documents.

One row (id 1), never synced: on the server store it is set by `advisor-desk-server platform
set` and used by every partner's documents the server numbers; on a standalone laptop it is
the local setting (`advisor-desk platform set`) for the documents the laptop numbers.
"""

from __future__ import annotations

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from advisor_desk.store.base import Base


class PlatformDetails(Base):
    __tablename__ = "platform_details"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    legal_name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    tax_number: Mapped[str] = mapped_column(String(64), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    bank_details: Mapped[str] = mapped_column(Text, default="")
