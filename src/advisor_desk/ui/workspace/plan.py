"""The workspace's Risks tab: the client's risk register and its scheduled assessments.

What onboarding brought from the template (starter risks, assessments due some days after)
is shown here, so it does not vanish once the client exists.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QVBoxLayout, QWidget

from advisor_desk.services.clients.plan import AssessmentRow, RiskRow, client_plan
from advisor_desk.services.clock import today as clock_today
from advisor_desk.store.models import Client, ClientAssessment, ClientRisk, ContentItem
from advisor_desk.ui.context import AppContext, shown
from advisor_desk.ui.table_model import Column, RowsModel
from advisor_desk.ui.widgets import format_day, muted_label, section_title, table_view

LEVELS = {1: "rare", 2: "unlikely", 3: "possible", 4: "likely", 5: "almost certain"}
IMPACTS = {1: "minor", 2: "moderate", 3: "major", 4: "severe", 5: "critical"}

RISK_COLUMNS: list[Column[RiskRow]] = [
    Column("Risk", lambda r: r.title, tooltip=lambda r: r.title),
    Column("From library", lambda r: r.library or "typed by hand"),
    Column("Likelihood", lambda r: f"{r.likelihood} · {LEVELS.get(r.likelihood, '')}"),
    Column("Impact", lambda r: f"{r.impact} · {IMPACTS.get(r.impact, '')}"),
    Column("Score", lambda r: str(r.score), align_right=True),
]


def assessment_columns(today: dt.date) -> list[Column[AssessmentRow]]:
    return [
        Column("Assessment", lambda a: a.title, tooltip=lambda a: a.title),
        Column(
            "Due",
            lambda a: format_day(a.due) + (" · overdue" if a.due < today else ""),
            colour=lambda a: "danger" if a.due < today else None,
        ),
    ]


SHOWS = shown(ClientRisk, ClientAssessment, Client, ContentItem)


def count_text(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


class PlanTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._client_id = ""
        self.risk_model: RowsModel[RiskRow] = RowsModel(
            RISK_COLUMNS, row_id=lambda r: r.id, parent=self
        )
        self.assessment_model: RowsModel[AssessmentRow] = RowsModel(
            assessment_columns(clock_today()), row_id=lambda a: a.id, parent=self
        )
        self.risks = table_view(self.risk_model, "Risks", 0)
        self.assessments = table_view(self.assessment_model, "Assessments", 0)
        self.risk_count = muted_label()
        self.assessment_count = muted_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(6)
        layout.addWidget(section_title("Risks"))
        layout.addWidget(self.risk_count)
        layout.addWidget(self.risks, 3)
        layout.addSpacing(10)
        layout.addWidget(section_title("Assessments"))
        layout.addWidget(self.assessment_count)
        layout.addWidget(self.assessments, 2)
        layout.addStretch(0)  # empty tables are hidden: the lines above say so

    def set_client(self, client_id: str) -> None:
        self._client_id = client_id
        self.reload()

    def reload(self) -> None:
        if not self._client_id:
            return
        plan = client_plan(self._context.store, self._client_id)
        self.risk_model.set_rows(plan.risks)
        self.assessment_model.set_rows(plan.assessments)
        self.risks.setVisible(bool(plan.risks))
        self.assessments.setVisible(bool(plan.assessments))
        self.risk_count.setText(
            count_text(len(plan.risks), "risk in the register", "risks in the register")
            if plan.risks
            else "No risks in the register yet."
        )
        self.assessment_count.setText(
            count_text(len(plan.assessments), "assessment scheduled", "assessments scheduled")
            if plan.assessments
            else "No assessments scheduled."
        )
