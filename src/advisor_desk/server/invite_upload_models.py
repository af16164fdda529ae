"""The server's own tables for invitations and for uploading a firm made offline.

- `srv_invitation_token`: one row per link e-mailed or shown (the SHA-256 of a random token
  of 256 bits; the token itself is never stored), for the invitation's `sends`-th sending.
- `srv_invitation_mail`: how many sendings of an invitation the server has done (a synced
  `invitation.sends` above it asks for a new link), when, and the last mail error.
- `srv_upload_row`: rows of a laptop's upload received so far, applied together (in one
  transaction) when the laptop says it is finished.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from advisor_desk.server.models import ServerBase
from advisor_desk.store.types import utcnow


class InvitationToken(ServerBase):
    __tablename__ = "srv_invitation_token"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    partner_id: Mapped[str] = mapped_column(String(36), index=True)
    invitation_id: Mapped[str] = mapped_column(String(36), index=True)
    sends: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class InvitationMail(ServerBase):
    __tablename__ = "srv_invitation_mail"

    invitation_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    partner_id: Mapped[str] = mapped_column(String(36), index=True)
    sends_done: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    error: Mapped[str] = mapped_column(Text, default="")


class UploadRow(ServerBase):
    __tablename__ = "srv_upload_row"

    # No sequence (the application role is granted tables, not sequences): pages are counted.
    partner_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    page: Mapped[int] = mapped_column(Integer, primary_key=True)
    body: Mapped[str] = mapped_column(Text)  # JSON: a list of {"entity", "id", "fields"}


TABLES = ("srv_invitation_token", "srv_invitation_mail", "srv_upload_row")
