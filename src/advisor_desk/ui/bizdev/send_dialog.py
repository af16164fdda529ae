"""Send an assessment: one template to some prospects, some clients, or every client (with
filters by tag, tier and billing model). Before anything is sent the dialog previews who gets
it and who is skipped and why (rule 7: not entitled, no contact); Send runs
`assessments.apply_send` (each recipient gets all of its assessment or nothing)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TypedDict

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.licenses import ContentKind, LicenseTier
from advisor_desk.services.bizdev.assessments import SendResult, apply_send
from advisor_desk.services.bizdev.listing import library_titles, subject_names
from advisor_desk.services.bizdev.send_preview import SendPreview, preview_send
from advisor_desk.services.clock import today
from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.services.ops import run_op, run_query
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.widgets import date_edit, from_qdate

ALL_CLIENTS, CLIENTS, PROSPECTS = "all", "clients", "prospects"


class SendRequest(TypedDict):
    """Whom to send to, as `preview_send` and `apply_send` take it."""

    clients: Sequence[str]
    prospects: Sequence[str]
    all_clients: bool
    tag: str | None
    tier: str | None
    billing_model: str | None
    respondent_email: str | None


class SendAssessmentDialog(QDialog):
    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        prospect: str = "",
        client: str = "",
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.result: SendResult | None = None
        self.preview: SendPreview | None = None
        self.setWindowTitle("Send an assessment")
        self.resize(620, 680)
        store = context.store
        self.template = QComboBox()
        self.template.addItems(
            run_query(store, library_titles, ContentKind.ASSESSMENT_TEMPLATE.value)
        )
        self.mode = QComboBox()
        self.mode.addItem("Every client (with the filters below)", ALL_CLIENTS)
        self.mode.addItem("The clients ticked below", CLIENTS)
        self.mode.addItem("The prospects ticked below", PROSPECTS)
        prospects, clients = run_query(store, subject_names)
        self.names = QListWidget()
        self._names = {CLIENTS: clients, PROSPECTS: prospects}
        self._ticked = {CLIENTS: {client} - {""}, PROSPECTS: {prospect} - {""}}
        self.tag = QLineEdit()
        self.tag.setPlaceholderText("any tag")
        self.tier = QComboBox()
        self.tier.addItem("any tier", "")
        for tier in LicenseTier:
            self.tier.addItem(tier.label, tier.value)
        self.billing = QComboBox()
        self.billing.addItem("any billing model", "")
        for model in BillingModel:
            self.billing.addItem(model.label, model.value)
        self.due = date_edit(today() + dt.timedelta(days=21))
        self.respondent = QLineEdit()
        self.respondent.setPlaceholderText("the recipient's contact (leave empty)")
        self.will_send = QTreeWidget()
        self.will_send.setHeaderLabels(["Gets it", "E-mail"])
        self.will_skip = QTreeWidget()
        self.will_skip.setHeaderLabels(["Skipped", "Why"])
        self.counts = QLabel()
        self.error = QLabel()
        self.error.setStyleSheet("color: #b42318")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Template:", self.template)
        form.addRow("&Send to:", self.mode)
        form.addRow("", self.names)
        form.addRow("Ta&g:", self.tag)
        form.addRow("T&ier:", self.tier)
        form.addRow("&Billing model:", self.billing)
        form.addRow("&Due:", self.due)
        form.addRow("&Respondent e-mail:", self.respondent)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.send_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.send_button.setText("&Send")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.counts)
        layout.addWidget(self.will_send, 1)
        layout.addWidget(self.will_skip, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.refresh_preview)
        if prospect:
            self.mode.setCurrentIndex(2)
        elif client:
            self.mode.setCurrentIndex(1)
        self._fill_names()
        self.mode.currentIndexChanged.connect(lambda _i: self._fill_names())
        self.names.itemChanged.connect(self._on_ticked)
        for signal in (
            self.template.currentIndexChanged,
            self.tier.currentIndexChanged,
            self.billing.currentIndexChanged,
            self.tag.textChanged,
            self.respondent.textChanged,
        ):
            signal.connect(lambda *_: self._timer.start())
        self.refresh_preview()

    def _fill_names(self) -> None:
        mode = self.mode.currentData()
        every = mode == ALL_CLIENTS
        for widget in (self.tag, self.tier, self.billing):
            widget.setEnabled(every)
        self.names.setVisible(not every)
        self.names.blockSignals(True)
        self.names.clear()
        for name in self._names.get(mode, []):
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = name in self._ticked.get(mode, set())
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.names.addItem(item)
        self.names.blockSignals(False)
        self.refresh_preview()

    def _on_ticked(self, item: QListWidgetItem) -> None:
        chosen = self._ticked.setdefault(str(self.mode.currentData()), set())
        if item.checkState() == Qt.CheckState.Checked:
            chosen.add(item.text())
        else:
            chosen.discard(item.text())
        self._timer.start()

    def request(self) -> SendRequest:
        mode = self.mode.currentData()
        ticked = sorted(self._ticked.get(mode, set()), key=str.casefold)
        return {
            "clients": ticked if mode == CLIENTS else (),
            "prospects": ticked if mode == PROSPECTS else (),
            "all_clients": mode == ALL_CLIENTS,
            "tag": self.tag.text().strip() or None if mode == ALL_CLIENTS else None,
            "tier": self.tier.currentData() or None if mode == ALL_CLIENTS else None,
            "billing_model": self.billing.currentData() or None if mode == ALL_CLIENTS else None,
            "respondent_email": self.respondent.text().strip() or None,
        }

    def refresh_preview(self) -> None:
        self.will_send.clear()
        self.will_skip.clear()
        self.preview = None
        template = self.template.currentText()
        if not template:
            self._problem("Template: upload an assessment template to the library first.")
            return
        try:
            preview = run_query(
                self.context.store,
                preview_send,
                template,
                **self.request(),
            )
        except ValidationError as error:
            self._problem("\n".join(error.lines()))
            return
        except ServiceError as error:
            self._problem(str(error))
            return
        self.preview = preview
        self.error.clear()
        for name, email in preview.to_send:
            self.will_send.addTopLevelItem(QTreeWidgetItem([name, email]))
        for name, why in preview.skipped:
            item = QTreeWidgetItem([name, why])
            item.setToolTip(1, why)
            self.will_skip.addTopLevelItem(item)
        for tree in (self.will_send, self.will_skip):
            tree.resizeColumnToContents(0)
        self.counts.setText(f"{len(preview.to_send)} will get it · {len(preview.skipped)} skipped")
        self.send_button.setEnabled(bool(preview.to_send))

    def _problem(self, text: str) -> None:
        self.error.setText(text)
        self.counts.setText("")
        self.send_button.setEnabled(False)

    def accept(self) -> None:
        try:
            done = run_op(
                self.context.store,
                apply_send,
                self.template.currentText(),
                due=from_qdate(self.due.date()),
                **self.request(),
            )
        except ValidationError as error:
            self.error.setText("\n".join(error.lines()))
            return
        except ServiceError as error:
            self.error.setText(str(error))
            return
        self.result = done.value
        self.context.notify(done.changes)
        super().accept()
