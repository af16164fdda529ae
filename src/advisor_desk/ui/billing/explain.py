"""How a figure was computed: a small window with the steps and the rows behind them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from advisor_desk.services.billing.explain import Explanation
from advisor_desk.ui.table_model import Column, RowsModel
from advisor_desk.ui.widgets import fit_on_screen, muted_label, table_view


class ExplainDialog(QDialog):
    """Opened with `show()`: it does not block, several can stay open side by side."""

    def __init__(self, explanation: Explanation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.explanation = explanation
        self.setWindowTitle(explanation.title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        fit_on_screen(self, 720, 460 if explanation.rows else 260)
        title = QLabel(explanation.title)
        title.setObjectName("SectionTitle")
        figure = QLabel(explanation.figure)
        figure.setObjectName("CardValue")
        figure.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        steps = QLabel("\n".join(f"• {step}" for step in explanation.steps))
        steps.setWordWrap(True)
        steps.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(figure)
        layout.addWidget(steps)
        self.model: RowsModel[tuple[str, ...]] = RowsModel(
            [
                Column(header, lambda row, i=i: row[i], align_right=_is_amount(explanation, i))
                for i, header in enumerate(explanation.headers)
            ],
            row_id=lambda row: row[0],
            parent=self,
        )
        self.model.set_rows(explanation.rows)
        if explanation.headers:
            count = len(explanation.rows)
            layout.addWidget(muted_label(f"{count:,} row{'s' if count != 1 else ''}"))
            view = table_view(self.model, explanation.title, stretch=0, fit=count < 400)
            layout.addWidget(view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def _is_amount(explanation: Explanation, column: int) -> bool:
    header = explanation.headers[column]
    return header in {"Charge", "Amount", "Subtotal", "Tax", "Total", "Referral"}
