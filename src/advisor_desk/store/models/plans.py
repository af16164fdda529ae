"""What a client template plans beyond its content, and what onboarding made of it.

A template's starter risks (picked from risk-library items), the assessments to schedule
(from assessment templates, due some days after onboarding) and its default advisors; a
snapshot of every template revision, so a client can show the version it came from; and
on the client side the risks and scheduled assessments onboarding created.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from advisor_desk.store.base import Base, Synced, parent_fk


class TemplateRisk(Synced, Base):
    __tablename__ = "template_risk"

    template_id: Mapped[str] = parent_fk("client_template.id")
    content_id: Mapped[str] = parent_fk("content_item.id")  # a risk-library item
    title: Mapped[str] = mapped_column(String(300))
    likelihood: Mapped[int] = mapped_column(Integer, default=3)  # 1..5
    impact: Mapped[int] = mapped_column(Integer, default=3)  # 1..5


class TemplateAssessment(Synced, Base):
    __tablename__ = "template_assessment"

    template_id: Mapped[str] = parent_fk("client_template.id")
    content_id: Mapped[str] = parent_fk("content_item.id")  # an assessment template
    due_in_days: Mapped[int] = mapped_column(Integer, default=30)


class TemplateAdvisor(Synced, Base):
    """An advisor given access to every client onboarded from the template."""

    __tablename__ = "template_advisor"

    template_id: Mapped[str] = parent_fk("client_template.id")
    advisor_id: Mapped[str] = parent_fk("advisor.id")


class TemplateRevision(Synced, Base):
    """What revision `revision` of a template held (JSON), written when it was saved."""

    __tablename__ = "template_revision"

    template_id: Mapped[str] = parent_fk("client_template.id")
    revision: Mapped[int] = mapped_column(Integer)
    snapshot_json: Mapped[str] = mapped_column(Text, default="{}")


class ClientRisk(Synced, Base):
    """A risk in a client's register (onboarding starts it from the template's; a review's
    result is adopted into it; or added by hand), with its treatment and residual rating.

    A prospect's adopted risks have `prospect_id` and no `client_id` until it is converted.
    `treatment`: "" (not decided), accept, mitigate, transfer or avoid; `status`: open,
    treated or closed.
    """

    __tablename__ = "client_risk"

    client_id: Mapped[str | None] = parent_fk("client.id", nullable=True)
    prospect_id: Mapped[str | None] = parent_fk("prospect.id", nullable=True)
    content_id: Mapped[str | None] = parent_fk("content_item.id", nullable=True)
    review_id: Mapped[str | None] = parent_fk("risk_review.id", nullable=True)
    ref: Mapped[str] = mapped_column(String(64), default="", server_default="")
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    domain: Mapped[str] = mapped_column(String(200), default="", server_default="")
    causes: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    impacts: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    likelihood: Mapped[int] = mapped_column(Integer, default=3)
    impact: Mapped[int] = mapped_column(Integer, default=3)
    owner: Mapped[str] = mapped_column(String(200), default="", server_default="")
    treatment: Mapped[str] = mapped_column(String(16), default="", server_default="")
    treatment_plan: Mapped[str] = mapped_column(Text, default="", server_default="")
    due: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    residual_likelihood: Mapped[int | None] = mapped_column(Integer, nullable=True)
    residual_impact: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="open", server_default="open")


class ClientAssessment(Synced, Base):
    """An assessment scheduled for a client, due on `due`."""

    __tablename__ = "client_assessment"

    client_id: Mapped[str] = parent_fk("client.id")
    content_id: Mapped[str] = parent_fk("content_item.id")  # an assessment template
    due: Mapped[dt.date] = mapped_column(Date)
