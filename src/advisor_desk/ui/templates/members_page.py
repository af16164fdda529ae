"""Optional members of a new client: typed in, or rows pasted from a spreadsheet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services.clients.onboarding import NewMember
from advisor_desk.services.clients.onboarding_review import parse_member_rows
from advisor_desk.services.errors import ValidationError
from advisor_desk.ui import theme
from advisor_desk.ui.icons import icon
from advisor_desk.ui.templates.common import error_label
from advisor_desk.ui.widgets import muted_label

if TYPE_CHECKING:
    from advisor_desk.ui.templates.onboarding_wizard import OnboardingWizard

DEFAULT = ""  # the tier combo's "the template's tier" choice


class MembersPage(QWizardPage):
    def __init__(self, wizard: OnboardingWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Members (optional)")
        self.setSubTitle(
            "The client's own users. Paste rows from a spreadsheet (name, email, tier) with "
            "Ctrl+V, or add them one by one. You can also add members later."
        )
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName("Members")
        self.table.setHorizontalHeaderLabels(["Name", "Email", "License tier"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.add_button = QPushButton(icon("add-member"), "&Add member")
        self.remove_button = QPushButton(icon("remove"), "&Remove")
        self.paste_button = QPushButton(icon("import"), "&Paste rows")
        self.problem = error_label()
        self.count = muted_label()
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.paste_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problem)
        self.add_button.clicked.connect(self._add_empty)
        self.remove_button.clicked.connect(self._remove_selected)
        self.paste_button.clicked.connect(self.paste_clipboard)
        paste = QShortcut(QKeySequence.StandardKey.Paste, self.table)
        paste.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        paste.activated.connect(self.paste_clipboard)
        self.table.itemChanged.connect(self._check)
        self._problems: list[str] = []
        self._check()

    def initializePage(self) -> None:  # noqa: N802
        plan = self._wizard.start_page.plan()
        label = f"Template's ({plan.template.license_tier.label})" if plan else "Free"
        for row in range(self.table.rowCount()):
            self._combo(row).setItemText(0, label)

    def add_member(self, name: str, email: str, tier: LicenseTier | str | None = None) -> None:
        self.table.blockSignals(True)
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        self.table.setItem(row, 1, QTableWidgetItem(email))
        combo = QComboBox()
        plan = self._wizard.start_page.plan()
        combo.addItem(
            f"Template's ({plan.template.license_tier.label})" if plan else "Free", DEFAULT
        )
        for choice in LicenseTier:
            combo.addItem(choice.label, choice.value)
        if tier is not None:
            found = combo.findData(str(tier))
            if found < 0:
                combo.addItem(f"{tier} (unknown)", str(tier))
                found = combo.count() - 1
            combo.setCurrentIndex(found)
        combo.currentIndexChanged.connect(self._check)
        self.table.setCellWidget(row, 2, combo)
        self.table.blockSignals(False)
        self._check()

    def paste_clipboard(self) -> None:
        self.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> None:
        try:
            pasted = parse_member_rows(text)
        except ValidationError as error:  # text no table reader takes (a NUL, say)
            self.problem.setText(f"Cannot paste these rows: {error}")
            self.problem.setVisible(True)
            return
        for member in pasted:
            self.add_member(member.name, member.email, member.license_tier)

    def members(self) -> tuple[NewMember, ...]:
        out = []
        for row in range(self.table.rowCount()):
            name, email = (self._text(row, c) for c in (0, 1))
            if not name and not email:
                continue  # an empty row added by mistake is ignored
            tier = self._combo(row).currentData() or None
            out.append(NewMember(email=email, name=name, license_tier=tier))
        return tuple(out)

    def isComplete(self) -> bool:  # noqa: N802
        return not self._problems

    def _check(self) -> None:
        colours = theme.current_colours()
        self._problems = []
        seen: dict[str, int] = {}
        self.table.blockSignals(True)
        for row in range(self.table.rowCount()):
            name, email = self._text(row, 0), self._text(row, 1)
            found: dict[str, str] = {}
            if name or email:
                tier = self._combo(row).currentData() or None
                found = self._wizard.details_check.member_problems(NewMember(email, name, tier))
                key = email.casefold()
                if "email" not in found and key in seen:
                    found["email"] = f"{email} is also on row {seen[key] + 1}"
                seen.setdefault(key, row)
            for column, field in ((0, "name"), (1, "email")):
                item = self.table.item(row, column)
                message = found.get(field, "")
                item.setToolTip(message)
                tint = QColor(colours.danger)
                tint.setAlpha(45)
                item.setBackground(tint if message else QColor(0, 0, 0, 0))
            self._problems += [
                f"Row {row + 1}: {field} {message}" for field, message in found.items()
            ]
        self.table.blockSignals(False)
        self.problem.setText(self._problems[0] if self._problems else "")
        self.problem.setVisible(bool(self._problems))
        members = len(self.members())
        self.count.setText(f"{members} member{'s' if members != 1 else ''}")
        self.completeChanged.emit()

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _combo(self, row: int) -> QComboBox:
        combo = self.table.cellWidget(row, 2)
        assert isinstance(combo, QComboBox)
        return combo

    def _add_empty(self) -> None:
        self.add_member("", "")
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.table.editItem(self.table.item(self.table.rowCount() - 1, 0))

    def _remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)
        self._check()
