"""The partner's agreement with the platform, read-only: prices in force and their history."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from babel.dates import format_date
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.domain.agreement import Agreement, agreement_for_period
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.domain.periods import Period
from advisor_desk.ui.admin.users_data import money_text, rate_text

JR = LicenseTier.JUST_RISK
RC = LicenseTier.RISK_COMPLIANCE
HISTORY_COLUMNS = ("From", "Advisor fee", "Just Risk", "Risk & Compliance", "Referral", "Tax")


def month_text(period: Period, locale: str) -> str:
    return str(format_date(period.first_day, "MMMM yyyy", locale=locale))


def in_force(agreements: Sequence[Agreement], period: Period) -> Agreement | None:
    try:
        return agreement_for_period(agreements, period)
    except DomainError:
        return None


class AgreementView(QWidget):
    """Never editable here: the platform (or the firm's server) sets the agreement."""

    def __init__(
        self,
        agreements: Sequence[Agreement],
        period: Period,
        locale: str,
        *,
        server_url: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._locale = locale
        ordered = sorted(agreements, key=lambda a: a.effective_from)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        if server_url is not None:
            note = (
                f"Your firm's server ({server_url}) manages the agreement; it is changed "
                "there with `advisor-desk-server agreement set` and arrives here by sync."
            )
        else:
            note = (
                "These prices come from your agreement with the platform: what the platform "
                "charges you each month. They change only when the agreement changes."
            )
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setObjectName("agreementNote")
        layout.addWidget(self.note)

        current = in_force(ordered, period) or (ordered[0] if ordered else None)
        box = QGroupBox("Prices in force")
        form = QFormLayout(box)
        form.setHorizontalSpacing(18)
        form.setVerticalSpacing(8)
        self.values: dict[str, QLabel] = {}
        if current is None:
            form.addRow(QLabel("No agreement yet."))
        else:
            currency = current.currency
            rows = (
                ("currency", "Currency:", currency),
                (
                    "advisor_fee",
                    "Advisor fee:",
                    self._per(current.advisor_fee, currency, "active advisor"),
                ),
                ("just_risk", "Just Risk:", self._per(current.license_price[JR], currency)),
                (
                    "risk_compliance",
                    "Risk && Compliance:",
                    self._per(current.license_price[RC], currency),
                ),
                ("referral_rate", "Referral rate:", rate_text(current.referral_rate, locale)),
                ("tax_rate", "Tax rate:", rate_text(current.tax_rate, locale)),
                ("effective_from", "In force from:", month_text(current.effective_from, locale)),
            )
            for key, caption, text in rows:
                value = QLabel(text)
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.values[key] = value
                form.addRow(caption, value)
        layout.addWidget(box)

        history = QGroupBox("History")
        history_layout = QVBoxLayout(history)
        self.history = QTableWidget(len(ordered), len(HISTORY_COLUMNS))
        self.history.setHorizontalHeaderLabels(list(HISTORY_COLUMNS))
        self.history.verticalHeader().hide()
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.history.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.history.setAlternatingRowColors(True)
        self.history.setShowGrid(False)
        header = self.history.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        first = self.history.horizontalHeaderItem(0)
        if first is not None:
            first.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for row, agreement in enumerate(reversed(ordered)):
            upcoming = agreement.effective_from > period
            cells = (
                month_text(agreement.effective_from, locale) + ("  (upcoming)" if upcoming else ""),
                money_text(agreement.advisor_fee, agreement.currency, locale),
                money_text(agreement.license_price[JR], agreement.currency, locale),
                money_text(agreement.license_price[RC], agreement.currency, locale),
                rate_text(agreement.referral_rate, locale),
                rate_text(agreement.tax_rate, locale),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column > 0:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.history.setItem(row, column, item)
        self.history.resizeColumnsToContents()
        for column in range(1, len(HISTORY_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, header.sectionSize(column) + 20)
        rows_shown = min(max(len(ordered), 2), 6)
        self.history.setFixedHeight(
            header.sizeHint().height()
            + rows_shown * self.history.verticalHeader().defaultSectionSize()
            + 2 * self.history.frameWidth()
        )
        history_layout.addWidget(self.history)
        layout.addWidget(history)
        layout.addStretch(1)

    def _per(self, amount: Decimal, currency: str, noun: str = "license") -> str:
        return f"{money_text(amount, currency, self._locale)} per {noun} per month"
