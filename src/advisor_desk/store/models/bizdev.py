"""Business development: prospects, risk libraries' risks, risk reviews and assessments.

- `prospect` (+ `prospect_contact`): an organisation the partner courts; never billed.
- `library_risk`: one risk of a `risk_library` item's version; `assessment_question`: one
  question of an `assessment_template` item's version (options as label/rating pairs).
- `risk_review` with the libraries it uses (`review_library`), risks added by hand
  (`review_risk`), participants (`review_participant`, each with its private link) and
  their answers per risk (`review_response`).
- `assessment` (one template sent to one respondent, with its private link) and its
  answers (`assessment_answer`).

A review's or assessment's subject is one prospect or one client. Every row about a subject
carries `client_id` (None for a prospect's), so the server scopes it like the client's other
rows; converting a prospect to a client re-points them all.

Links: `token` is the capability in the URL (256 random bits, urlsafe base64), `token_hash`
its SHA-256 (the server finds a questionnaire by it), `token_expires` the first day it no
longer opens, `revoked_at` set when the advisor revokes it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from advisor_desk.store.base import Base, Synced, parent_fk


class Prospect(Synced, Base):
    __tablename__ = "prospect"

    name: Mapped[str] = mapped_column(String(200))
    domain: Mapped[str] = mapped_column(String(253), default="")
    industry: Mapped[str] = mapped_column(String(200), default="")
    created: Mapped[dt.date] = mapped_column(Date)
    # Set when onboarding made it a client (the prospect is then kept, read-only).
    converted_client_id: Mapped[str | None] = parent_fk("client.id", nullable=True)
    converted: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class ProspectContact(Synced, Base):
    __tablename__ = "prospect_contact"

    prospect_id: Mapped[str] = parent_fk("prospect.id")
    position: Mapped[int] = mapped_column(Integer, default=0)  # 0: the primary contact
    name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")


class LibraryRisk(Synced, Base):
    """One risk of a risk library's version, in the file's order."""

    __tablename__ = "library_risk"

    content_id: Mapped[str] = parent_fk("content_item.id")
    item_version: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer)
    ref: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    domain: Mapped[str] = mapped_column(String(200), default="")
    causes: Mapped[list[str]] = mapped_column(JSON, default=list)
    impacts: Mapped[list[str]] = mapped_column(JSON, default=list)


class AssessmentQuestion(Synced, Base):
    """One question of an assessment template's version: `choice` or `text`; a choice's
    options are `[[label, rating or null], ...]` in the template's order."""

    __tablename__ = "assessment_question"

    content_id: Mapped[str] = parent_fk("content_item.id")
    item_version: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer)
    ref: Mapped[str] = mapped_column(String(64))
    domain: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)
    answer_type: Mapped[str] = mapped_column(String(16), default="choice")
    options: Mapped[list[list[object]]] = mapped_column(JSON, default=list)


class RiskReview(Synced, Base):
    __tablename__ = "risk_review"

    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    client_id: Mapped[str | None] = parent_fk("client.id", nullable=True)
    prospect_id: Mapped[str | None] = parent_fk("prospect.id", nullable=True)
    due: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="draft")  # draft|published|closed
    created: Mapped[dt.date] = mapped_column(Date)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    adopted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    excluded_refs: Mapped[list[str]] = mapped_column(JSON, default=list)


class ReviewLibrary(Synced, Base):
    """A risk library a review asks about, at the version it was chosen at."""

    __tablename__ = "review_library"

    review_id: Mapped[str] = parent_fk("risk_review.id")
    client_id: Mapped[str | None] = parent_fk("client.id", nullable=True)
    content_id: Mapped[str] = parent_fk("content_item.id")
    item_version: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer, default=0)


class ReviewRisk(Synced, Base):
    """A risk added to a review by hand (beside its libraries' risks)."""

    __tablename__ = "review_risk"

    review_id: Mapped[str] = parent_fk("risk_review.id")
    client_id: Mapped[str | None] = parent_fk("client.id", nullable=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    ref: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    domain: Mapped[str] = mapped_column(String(200), default="")
    causes: Mapped[list[str]] = mapped_column(JSON, default=list)
    impacts: Mapped[list[str]] = mapped_column(JSON, default=list)


class ReviewParticipant(Synced, Base):
    """Someone invited to answer a review, with their private link.

    status: invited → in_progress (a draft saved) → submitted (final; the advisor may
    reopen it, which `reopen_log` records)."""

    __tablename__ = "review_participant"

    review_id: Mapped[str] = parent_fk("risk_review.id")
    client_id: Mapped[str | None] = parent_fk("client.id", nullable=True)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16), default="invited")
    token: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), index=True)
    token_expires: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    invited_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    reminded_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    reopen_log: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)


class ReviewResponse(Synced, Base):
    """One participant's answer about one risk: Identify (`relevant`) then Assess."""

    __tablename__ = "review_response"

    participant_id: Mapped[str] = parent_fk("review_participant.id")
    review_id: Mapped[str] = parent_fk("risk_review.id")
    client_id: Mapped[str | None] = parent_fk("client.id", nullable=True)
    ref: Mapped[str] = mapped_column(String(64))
    relevant: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    likelihood: Mapped[int | None] = mapped_column(Integer, nullable=True)
    impact: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Assessment(Synced, Base):
    """One assessment template sent to one respondent of one prospect or client.

    status: sent → in_progress → submitted → closed (`overdue` is derived: past `due` and
    not submitted)."""

    __tablename__ = "assessment"

    content_id: Mapped[str] = parent_fk("content_item.id")
    item_version: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    client_id: Mapped[str | None] = parent_fk("client.id", nullable=True)
    prospect_id: Mapped[str | None] = parent_fk("prospect.id", nullable=True)
    respondent_email: Mapped[str] = mapped_column(String(254))
    respondent_name: Mapped[str] = mapped_column(String(200), default="")
    created: Mapped[dt.date] = mapped_column(Date)
    due: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="sent")
    token: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), index=True)
    token_expires: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    reminded_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    reminders: Mapped[int] = mapped_column(Integer, default=0)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    reopen_log: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)


class AssessmentAnswer(Synced, Base):
    """One answer of an assessment: the option's label (`choice`) or free `text`."""

    __tablename__ = "assessment_answer"

    assessment_id: Mapped[str] = parent_fk("assessment.id")
    client_id: Mapped[str | None] = parent_fk("client.id", nullable=True)
    ref: Mapped[str] = mapped_column(String(64))
    choice: Mapped[str | None] = mapped_column(String(300), nullable=True)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
