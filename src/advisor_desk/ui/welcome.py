"""The first page on a store without a partner: create one, load the demo, or import a file."""

from __future__ import annotations

import zoneinfo

from PySide6.QtCore import QSize, Qt, QTimeZone, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.services.billing.partners import PartnerSummary, create_partner
from advisor_desk.services.errors import ServiceError
from advisor_desk.services.people import advisors
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.icons import app_icon, icon
from advisor_desk.ui.widgets import FieldErrors, muted_label, primary_button, section_title

CURRENCIES = ("AUD", "NZD", "USD", "GBP", "EUR", "CAD", "SGD", "HKD", "ZAR", "INR", "JPY")
DEFAULT_ZONE = "Australia/Sydney"


def _choice_card() -> tuple[QFrame, QVBoxLayout]:
    card = QFrame()
    card.setObjectName("WelcomeChoice")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(22, 18, 22, 20)
    layout.setSpacing(10)
    return card, layout


def system_zone() -> str:
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "replace")
    return name if name in zoneinfo.available_timezones() else DEFAULT_ZONE


class WelcomePage(QWidget):
    partner_created = Signal(object)  # PartnerSummary
    demo_requested = Signal()
    import_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(QSize(56, 56)))
        title = QLabel("Welcome to Advisor Desk")
        title.setObjectName("WelcomeTitle")
        where = muted_label(
            f"This data folder has no partner yet:  {context.data_dir}\n"
            "Set up your firm to start, or look around with demo data first."
        )
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("e.g. Harbour Risk Advisory")
        self.name_edit.setAccessibleName("Partner name")
        self.currency_combo = QComboBox()
        self.currency_combo.setEditable(True)
        self.currency_combo.addItems(CURRENCIES)
        self.currency_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.currency_combo.setAccessibleName("Currency")
        self.zone_combo = QComboBox()
        self.zone_combo.setEditable(True)
        self.zone_combo.addItems(sorted(zoneinfo.available_timezones()))
        self.zone_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone_combo.setCurrentText(system_zone())
        self.zone_combo.setAccessibleName("Time zone")
        completer = QCompleter(self.zone_combo.model(), self.zone_combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.zone_combo.setCompleter(completer)
        self.owner_name_edit = QLineEdit()  # the store's owner: its first administrator
        self.owner_name_edit.setPlaceholderText("e.g. Ana Souza")
        self.owner_name_edit.setAccessibleName("Your name")
        self.owner_email_edit = QLineEdit()
        self.owner_email_edit.setPlaceholderText("e.g. ana@harbour.example")
        self.owner_email_edit.setAccessibleName("Your e-mail")
        self.create_button = primary_button("&Create partner")
        self.create_button.clicked.connect(self.create)
        self.name_edit.returnPressed.connect(self.create)
        form = QFormLayout()
        form.setVerticalSpacing(8)
        form.addRow("Firm &name", self.name_edit)
        form.addRow("C&urrency", self.currency_combo)
        form.addRow("&Time zone", self.zone_combo)
        form.addRow("&Your name", self.owner_name_edit)
        form.addRow("Your e-&mail", self.owner_email_edit)
        self.general_error = QLabel()
        self.errors = FieldErrors(
            form,
            {
                "name": self.name_edit,
                "currency": self.currency_combo,
                "timezone": self.zone_combo,
                "owner_name": self.owner_name_edit,
                "owner_email": self.owner_email_edit,
            },
            self.general_error,
            aliases={"agreement.currency": "currency", "locale": "timezone"},
        )
        create_card, create_layout = _choice_card()
        create_layout.addWidget(section_title("Set up your firm"))
        create_layout.addWidget(
            muted_label(
                "Your partner team: invoices are in its currency and billing periods follow "
                "its time zone. Standard platform prices apply from this month."
            )
        )
        create_layout.addLayout(form)
        create_layout.addWidget(self.general_error)
        create_layout.addStretch(1)
        create_layout.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignRight)
        self.demo_button = QPushButton(icon("demo"), "Load the &demo workspace")
        self.demo_button.clicked.connect(self.demo_requested.emit)
        self.import_button = QPushButton(icon("import"), "&Import a workspace file…")
        self.import_button.clicked.connect(self.import_requested.emit)
        demo_card, demo_layout = _choice_card()
        demo_layout.addWidget(section_title("Explore first"))
        demo_layout.addWidget(
            muted_label("A believable firm with 40 clients, advisors, content and invoices.")
        )
        demo_layout.addWidget(self.demo_button)
        import_card, import_layout = _choice_card()
        import_layout.addWidget(section_title("Move in"))
        import_layout.addWidget(
            muted_label("Bring a workspace exported from Advisor Desk on another computer.")
        )
        import_layout.addWidget(self.import_button)
        side = QVBoxLayout()
        side.setSpacing(14)
        side.addWidget(demo_card)
        side.addWidget(import_card)
        side.addStretch(1)
        choices = QHBoxLayout()
        choices.setSpacing(16)
        choices.addWidget(create_card, 3)
        choices.addLayout(side, 2)
        heading = QHBoxLayout()
        heading.setSpacing(14)
        heading.addWidget(logo)
        heading.addWidget(title)
        heading.addStretch(1)
        column = QVBoxLayout()
        column.setSpacing(14)
        column.addLayout(heading)
        column.addWidget(where)
        column.addSpacing(8)
        column.addLayout(choices)
        body = QWidget()
        body.setMaximumWidth(920)
        body.setMinimumWidth(720)
        body.setLayout(column)
        centred = QHBoxLayout()  # stretches, not an alignment: wrapped labels get their height
        centred.addStretch(1)
        centred.addWidget(body, 10)
        centred.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 32, 32, 32)
        outer.addStretch(1)
        outer.addLayout(centred)
        outer.addStretch(2)
        self.setTabOrder(self.name_edit, self.currency_combo)
        self.setTabOrder(self.currency_combo, self.zone_combo)
        self.setTabOrder(self.zone_combo, self.create_button)
        self.setTabOrder(self.create_button, self.demo_button)
        self.setTabOrder(self.demo_button, self.import_button)

    def set_busy(self, busy: bool) -> None:
        for widget in (self.create_button, self.demo_button, self.import_button):
            widget.setEnabled(not busy)

    def create(self) -> PartnerSummary | None:
        self.errors.clear()
        owner = (self.owner_name_edit.text(), self.owner_email_edit.text())
        try:
            advisors.check_owner(*owner)  # before the firm exists: nothing half made
            partner = create_partner(
                self._context.store,
                name=self.name_edit.text(),
                currency=self.currency_combo.currentText().strip().upper(),
                timezone=self.zone_combo.currentText().strip(),
            )
            advisors.add_owner(self._context.store, name=owner[0], email=owner[1])
        except ServiceError as error:
            self.errors.show(error)
            return None
        self._context.notify(("partner", "agreement", "advisor"), (partner.id,))
        self.partner_created.emit(partner)
        return partner

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)
