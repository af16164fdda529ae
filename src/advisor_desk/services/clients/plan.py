"""A client's risk register and scheduled assessments, as the workspace shows them.

Onboarding copies a template's starter risks and assessments into the client
(`client_risk`, `client_assessment`); this reads them back as plain rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from advisor_desk.store.engine import Store
from advisor_desk.store.models import ClientAssessment, ClientRisk, ContentItem


@dataclass(frozen=True)
class RiskRow:
    id: str
    title: str
    library: str  # the risk library's title ("" for a risk typed by hand)
    likelihood: int
    impact: int

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


@dataclass(frozen=True)
class AssessmentRow:
    id: str
    title: str  # the assessment template's
    due: dt.date


@dataclass(frozen=True)
class ClientPlan:
    risks: tuple[RiskRow, ...]
    assessments: tuple[AssessmentRow, ...]


def client_plan(store: Store, client_id: str) -> ClientPlan:
    """The client's live risks (highest score first) and assessments (soonest due first)."""
    with store.read() as session:
        risks = session.execute(
            select(
                ClientRisk.id,
                ClientRisk.title,
                ContentItem.title,
                ClientRisk.likelihood,
                ClientRisk.impact,
            )
            .outerjoin(ContentItem, ContentItem.id == ClientRisk.content_id)
            .where(ClientRisk.client_id == client_id, ClientRisk.deleted.is_(False))
        ).all()
        assessments = session.execute(
            select(ClientAssessment.id, ContentItem.title, ClientAssessment.due)
            .join(ContentItem, ContentItem.id == ClientAssessment.content_id)
            .where(ClientAssessment.client_id == client_id, ClientAssessment.deleted.is_(False))
        ).all()
    risk_rows = [
        RiskRow(risk_id, title, library or "", likelihood, impact)
        for risk_id, title, library, likelihood, impact in risks
    ]
    risk_rows.sort(key=lambda r: (-r.score, r.title.casefold()))
    return ClientPlan(
        risks=tuple(risk_rows),
        assessments=tuple(
            AssessmentRow(a_id, title, due)
            for a_id, title, due in sorted(assessments, key=lambda a: (a[2], a[1].casefold()))
        ),
    )
