"""Invitations: an administrator asks a new advisor to set a password and log in.

A synced row, so one made offline reaches the server at the next push; the server then
e-mails a one-time link (its token is the server's alone, stored hashed in
`srv_invitation_token`, never in this row). `sends` counts the e-mails asked for: raising it
asks the server for a new link ("re-send"). `accepted_at` is set by the server when the
advisor sets their password; `revoked_at` by an administrator.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from advisor_desk.store.base import Base, Synced, parent_fk


class Invitation(Synced, Base):
    __tablename__ = "invitation"

    advisor_id: Mapped[str] = parent_fk("advisor.id")
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(32), default="advisor")
    invited_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    sends: Mapped[int] = mapped_column(Integer, default=1)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
