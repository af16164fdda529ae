"""A form dialog whose OK runs a service: errors appear under their field, the dialog stays.

Open with `open()` (never `exec()`), react to `accepted`; tests click the real buttons.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.services.errors import ServiceError
from advisor_desk.ui.widgets import FieldErrors, muted_label


class ServiceDialog(QDialog):
    """Subclasses fill `self.form`, call `finish_form(fields)` and implement `submit()`."""

    def __init__(self, title: str, intro: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setVerticalSpacing(8)
        self.general_error = QLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setProperty("primary", True)
        self.buttons.accepted.connect(self._on_ok_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(12)
        if intro:
            layout.addWidget(muted_label(intro))
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.errors: FieldErrors | None = None
        self.result_value: object = None

    def finish_form(
        self,
        fields: Mapping[str, QWidget],
        ok_text: str = "",
        aliases: Mapping[str, str] | None = None,
    ) -> None:
        self.errors = FieldErrors(self.form, fields, self.general_error, aliases)
        first = next(iter(fields.values()), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)  # typing starts in the first field
        if ok_text:
            self.ok_button.setText(ok_text)

    def submit(self) -> object:
        """Run the service; raise ServiceError to keep the dialog open with the problems."""
        raise NotImplementedError

    def _on_ok_clicked(self) -> None:
        assert self.errors is not None, "call finish_form() in the subclass"
        self.errors.clear()
        try:
            self.result_value = self.submit()
        except ServiceError as error:
            self.errors.show(error)
            return
        self.accept()
