"""What a client template plans beyond its content, and what onboarding made of it.

A template's starter risks (picked from risk-library items), the assessments to schedule
(from assessment templates, due some days after onboarding) and its default advisors; a
snapshot of every template revision, so a client can show the version it came from; and
on the client side the risks and scheduled assessments onboarding created.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, String, Text
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
    """A risk in a client's register (onboarding starts it from the template's)."""

    __tablename__ = "client_risk"

    client_id: Mapped[str] = parent_fk("client.id")
    content_id: Mapped[str | None] = parent_fk("content_item.id", nullable=True)
    title: Mapped[str] = mapped_column(String(300))
    likelihood: Mapped[int] = mapped_column(Integer, default=3)
    impact: Mapped[int] = mapped_column(Integer, default=3)


class ClientAssessment(Synced, Base):
    """An assessment scheduled for a client, due on `due`."""

    __tablename__ = "client_assessment"

    client_id: Mapped[str] = parent_fk("client.id")
    content_id: Mapped[str] = parent_fk("content_item.id")  # an assessment template
    due: Mapped[dt.date] = mapped_column(Date)
