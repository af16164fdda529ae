"""Add or edit one risk of a client's register (services/bizdev/register.py): every refused
field named in the dialog, nothing saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.domain.risk import IMPACT_LABELS, LIKELIHOOD_LABELS, RegisterStatus, Treatment
from advisor_desk.services.bizdev.register import RegisterRisk, apply_add_risk, apply_edit_risk
from advisor_desk.services.clock import today
from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.services.ops import run_op
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.widgets import date_edit, from_qdate


def _level(labels: dict[int, str], value: int | None, *, optional: bool = False) -> QComboBox:
    box = QComboBox()
    if optional:
        box.addItem("—", None)
    for level, label in labels.items():
        box.addItem(f"{level} {label}", level)
    box.setCurrentIndex(max(box.findData(value), 0) if value is not None else 0)
    return box


class RiskDialog(QDialog):
    def __init__(
        self,
        context: AppContext,
        client: str,
        risk: RegisterRisk | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.client = client
        self.risk = risk
        self.setWindowTitle(f"{'Edit' if risk else 'Add'} risk — {client}")
        self.setMinimumWidth(480)
        self.title_edit = QLineEdit(risk.title if risk else "")
        self.likelihood = _level(LIKELIHOOD_LABELS, risk.likelihood if risk else 3)
        self.impact = _level(IMPACT_LABELS, risk.impact if risk else 3)
        self.owner = QLineEdit(risk.owner if risk else "")
        self.treatment = QComboBox()
        self.treatment.addItem("—", "")
        for treatment in Treatment:
            self.treatment.addItem(treatment.value.capitalize(), treatment.value)
        if risk and risk.treatment:
            self.treatment.setCurrentIndex(max(self.treatment.findData(risk.treatment), 0))
        self.plan = QPlainTextEdit(risk.treatment_plan if risk else "")
        self.plan.setMaximumHeight(80)
        self.has_due = QCheckBox("Due")
        self.due = date_edit((risk.due if risk and risk.due else None) or today())
        self.has_due.setChecked(bool(risk and risk.due))
        self.due.setEnabled(self.has_due.isChecked())
        self.has_due.toggled.connect(self.due.setEnabled)
        due_row = QHBoxLayout()
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due, 1)
        self.residual_likelihood = _level(
            LIKELIHOOD_LABELS, risk.residual_likelihood if risk else None, optional=True
        )
        self.residual_impact = _level(
            IMPACT_LABELS, risk.residual_impact if risk else None, optional=True
        )
        self.status = QComboBox()
        for status in RegisterStatus:
            self.status.addItem(status.value.capitalize(), status.value)
        if risk:
            self.status.setCurrentIndex(max(self.status.findData(risk.status), 0))
        self.error = QLabel()
        self.error.setStyleSheet("color: #b42318")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Title:", self.title_edit)
        form.addRow("&Likelihood:", self.likelihood)
        form.addRow("&Impact:", self.impact)
        if risk is not None:
            form.addRow("&Owner:", self.owner)
            form.addRow("&Treatment:", self.treatment)
            form.addRow("Treatment &plan:", self.plan)
            form.addRow("", due_row)
            form.addRow("Residual li&kelihood:", self.residual_likelihood)
            form.addRow("Residual i&mpact:", self.residual_impact)
            form.addRow("&Status:", self.status)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def changes(self) -> dict[str, Any]:
        due: dt.date | None = from_qdate(self.due.date()) if self.has_due.isChecked() else None
        return {
            "title": self.title_edit.text(),
            "likelihood": self.likelihood.currentData(),
            "impact": self.impact.currentData(),
            "owner": self.owner.text(),
            "treatment": self.treatment.currentData() or None,
            "treatment_plan": self.plan.toPlainText(),
            "due": due,
            "residual_likelihood": self.residual_likelihood.currentData(),
            "residual_impact": self.residual_impact.currentData(),
            "status": self.status.currentData(),
        }

    def accept(self) -> None:
        try:
            if self.risk is None:
                done = run_op(
                    self.context.store,
                    apply_add_risk,
                    self.client,
                    self.title_edit.text(),
                    likelihood=self.likelihood.currentData(),
                    impact=self.impact.currentData(),
                )
            else:
                done = run_op(
                    self.context.store,
                    apply_edit_risk,
                    self.client,
                    self.risk.id,
                    **self.changes(),
                )
        except ValidationError as error:
            self.error.setText("\n".join(error.lines()))
            return
        except ServiceError as error:
            self.error.setText(str(error))
            return
        self.context.notify(done.changes)
        super().accept()
