"""Partner settings: resale settings (validated at the field) and the agreement, read-only.

Save stays disabled until something changed; a ValidationError from the service keeps the
dialog open with the message under its field, and nothing is written (one transaction).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.domain.numbering import default_partner_prefix
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing.partners import PartnerSummary, get_partner, save_resale_settings
from advisor_desk.services.clock import today
from advisor_desk.services.errors import ValidationError
from advisor_desk.ui.admin.agreement_view import AgreementView, in_force
from advisor_desk.ui.admin.fields import (
    ErrorLabel,
    ServiceDialog,
    add_form_row,
    hint_label,
    quiet,
    with_error,
)
from advisor_desk.ui.admin.logo_field import LogoField
from advisor_desk.ui.admin.partner_locale import GENERIC, tax_hints
from advisor_desk.ui.admin.users_data import rate_text
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.money import format_amount, format_money

TEXT_ROWS = 4


@dataclass(frozen=True)
class ResaleForm:
    legal_name: str
    tax_number: str
    address: str
    bank_details: str
    invoice_prefix: str
    payment_terms_days: str  # digits as typed; a whole number of days once saved
    just_risk: str
    risk_compliance: str
    tax_rate: str
    logo_png: bytes | None = None

    def arguments(self) -> dict[str, Any]:
        """Keyword arguments of save_resale_settings (days must be typed as a number)."""
        days = self.payment_terms_days.strip()
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        # Days that are not a number go through as typed: the service names every problem.
        return {**values, "payment_terms_days": int(days) if days.isdigit() else days}


def initial_form(partner: PartnerSummary, period: Period | None = None) -> ResaleForm:
    """The saved settings; before any are saved, the rules' defaults (never placeholders).

    Defaults: an invoice prefix of the partner's initials (never the platform's INV-), 14
    days, and the tax rate of the agreement in force (the partner's own jurisdiction). Legal
    name and prices are the partner's to decide: empty.
    """
    terms = partner.resale
    if terms is None or partner.currency is None:
        current = in_force(partner.agreements, period) if period is not None else None
        tax = rate_input(current.tax_rate) if current is not None else ""
        prefix = default_partner_prefix(partner.name)
        return ResaleForm("", "", "", "", prefix, "14", "", "", tax)
    currency = partner.currency
    return ResaleForm(
        legal_name=terms.legal_name,
        tax_number=terms.tax_number,
        address=terms.address,
        bank_details=terms.bank_details,
        invoice_prefix=terms.invoice_prefix,
        payment_terms_days=str(terms.payment_terms_days),
        just_risk=price_input(terms.license_price[LicenseTier.JUST_RISK], currency),
        risk_compliance=price_input(terms.license_price[LicenseTier.RISK_COMPLIANCE], currency),
        tax_rate=rate_input(terms.tax_rate),
    )


def price_input(amount: Decimal, currency: str) -> str:
    """A stored price as the field takes it back: "49.00" (digits and a point)."""
    return format_amount(amount, currency, "en")


def rate_input(rate: Decimal) -> str:
    """A stored rate as typed: `0.10`, `0.125` (at least two decimals, no trailing noise)."""
    plain = rate.normalize()
    exponent = plain.as_tuple().exponent  # an int: a stored rate is finite
    if isinstance(exponent, int) and exponent > -2:
        plain = plain.quantize(Decimal("0.01"))
    return f"{plain:f}"


class PartnerSettingsDialog(ServiceDialog):
    """Open with `.open()`; `accepted` once the settings are saved."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        partner = get_partner(context.store)
        super().__init__(
            f"Partner settings — {partner.name}",
            "&Save",
            self._save,
            parent,
            strip_prefixes=("resale.",),
        )
        self.context = context
        self.partner = partner
        self._initial = initial_form(self.partner, self._period())
        self.hints = tax_hints(partner.timezone, partner.currency, partner.locale)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(False)
        self.resale_page = self._resale_tab()
        self.tabs.addTab(self.resale_page, "&Resale settings")
        self.tabs.addTab(self._agreement_tab(), "A&greement")
        self.add_body(self.tabs)
        self.body.setStretchFactor(self.tabs, 1)
        self.finish_layout(stretch=False)
        self._load(self._initial)
        self._connect_changes()
        self._on_form_changed()
        if not self.partner.agreements:
            self.errors.show_general("Set the partner's agreement before its resale settings.")
            self.resale_page.setEnabled(False)
        hint = self.sizeHint()
        self.resize(max(hint.width(), 860), hint.height())
        self.legal_name.setFocus()

    # -- layout ---------------------------------------------------------------------------

    def _resale_tab(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(14, 14, 14, 14)
        outer.setSpacing(12)
        outer.addWidget(
            hint_label(
                "What you charge your reseller clients, and what your invoices to them show."
            )
        )
        columns = QHBoxLayout()
        columns.setSpacing(14)
        outer.addLayout(columns, 1)

        business = QGroupBox("Business details")
        form = self._form(business)
        self.legal_name = QLineEdit()
        self.legal_name.setPlaceholderText(f"e.g. {self.partner.name}, as registered")
        self._row(form, "&Legal name:", "legal_name", self.legal_name)
        self.tax_number = QLineEdit()
        self.tax_number.setPlaceholderText(self.hints.example)
        caption = "Ta&x number:" if self.hints is GENERIC else f"Ta&x number ({self.hints.label}):"
        self._row(form, caption, "tax_number", self.tax_number)
        self.address = self._text_box()
        self.address.setPlaceholderText("e.g. street, city, postcode")
        self._row(form, "A&ddress:", "address", self.address)
        self.bank_details = self._text_box()
        self.bank_details.setPlaceholderText(self.hints.bank_example)
        self._row(form, "&Bank details:", "bank_details", self.bank_details)
        self.logo = LogoField(has_saved_logo=self.partner.resale is not None)
        self._row(form, "Logo:", "logo", self.logo, tint=self.logo.preview)
        columns.addWidget(business, 3)

        right = QVBoxLayout()
        right.setSpacing(14)
        invoices = QGroupBox("Invoices")
        form = self._form(invoices)
        self.invoice_prefix = QLineEdit()
        self.invoice_prefix.setMaximumWidth(140)
        self._row(form, "Invoice &prefix:", "invoice_prefix", self.invoice_prefix)
        # A line edit, not a spin box: the app's style sheet draws spin boxes poorly.
        self.payment_terms = QLineEdit()
        self.payment_terms.setValidator(QIntValidator(0, 3650, self.payment_terms))
        self.payment_terms.setFixedWidth(self._money_width())
        self.payment_terms.setAlignment(Qt.AlignmentFlag.AlignRight)
        self._row(form, "Payment &terms:", "payment_terms_days", self.payment_terms, suffix="days")
        right.addWidget(invoices)

        prices = QGroupBox("Resale prices")
        form = self._form(prices)
        form.addRow(hint_label("Per license per month, charged to your reseller clients."))
        current = in_force(self.partner.agreements, self._period())
        currency = self.partner.currency or ""
        self.just_risk = self._money_edit()
        self.risk_compliance = self._money_edit()
        for edit, caption, place, tier in (
            (self.just_risk, "&Just Risk:", "license_price.just_risk", LicenseTier.JUST_RISK),
            (
                self.risk_compliance,
                "Risk && &Compliance:",
                "license_price.risk_compliance",
                LicenseTier.RISK_COMPLIANCE,
            ),
        ):
            below = None
            if current:
                platform = format_money(current.license_price[tier], currency, self.partner.locale)
                below = hint_label(f"Platform price: {platform}")
                edit.setToolTip(f"The platform charges you {platform}")
            self._row(form, caption, place, edit, suffix=currency, below=below)
        self.tax_rate = QLineEdit()
        self.tax_rate.setFixedWidth(self._money_width())
        self.tax_rate.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.tax_rate_hint = QLabel()
        quiet(self.tax_rate_hint)
        # as wide as its longest text, so the dialog does not jump while a rate is typed
        self.tax_rate_hint.setMinimumWidth(
            self.fontMetrics().horizontalAdvance(self._rate_hint("")) + 4
        )
        self._row(form, "Tax r&ate:", "tax_rate", self.tax_rate, suffix=self.tax_rate_hint)
        right.addWidget(prices)
        right.addStretch(1)
        columns.addLayout(right, 2)
        return page

    def _agreement_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(14, 14, 14, 14)
        self.agreement = AgreementView(
            self.partner.agreements,
            self._period(),
            self.partner.locale,
            server_url=self.partner.server_url if self.partner.agreement_read_only else None,
        )
        layout.addWidget(self.agreement)
        return page

    def _form(self, box: QGroupBox) -> QFormLayout:
        form = QFormLayout(box)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return form

    def _row(
        self,
        form: QFormLayout,
        caption: str,
        place: str,
        field: QWidget,
        *,
        suffix: str | QLabel | None = None,
        tint: QWidget | None = None,
        below: QWidget | None = None,
    ) -> ErrorLabel:
        shown: QWidget = field
        if suffix is not None:
            shown = QWidget()
            line = QHBoxLayout(shown)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(field)
            tail = QLabel(suffix) if isinstance(suffix, str) else suffix
            quiet(tail)
            line.addWidget(tail, 1)
            shown.setFocusProxy(field)
        cell, label = with_error(shown)
        if below is not None:
            cell.add_below(below)
        add_form_row(form, caption, field, cell)
        self.errors.bind(place, tint or field, label, caption)
        return label

    def _text_box(self) -> QPlainTextEdit:
        box = QPlainTextEdit()
        box.setTabChangesFocus(True)
        rows = self.fontMetrics().lineSpacing() * TEXT_ROWS
        box.setFixedHeight(rows + 2 * box.frameWidth() + 10)
        return box

    def _money_edit(self) -> QLineEdit:
        edit = QLineEdit()
        edit.setFixedWidth(self._money_width())
        edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        return edit

    def _money_width(self) -> int:
        return self.fontMetrics().horizontalAdvance("000000.00") + 16

    def _period(self) -> Period:
        return Period.of(today(self.partner.timezone))

    # -- values ---------------------------------------------------------------------------

    def _load(self, form: ResaleForm) -> None:
        self.legal_name.setText(form.legal_name)
        self.tax_number.setText(form.tax_number)
        self.address.setPlainText(form.address)
        self.bank_details.setPlainText(form.bank_details)
        self.invoice_prefix.setText(form.invoice_prefix)
        self.payment_terms.setText(form.payment_terms_days)
        self.just_risk.setText(form.just_risk)
        self.risk_compliance.setText(form.risk_compliance)
        self.tax_rate.setText(form.tax_rate)

    def _connect_changes(self) -> None:
        for edit in (
            self.payment_terms,
            self.legal_name,
            self.tax_number,
            self.invoice_prefix,
            self.just_risk,
            self.risk_compliance,
            self.tax_rate,
        ):
            edit.textChanged.connect(self._on_form_changed)
        self.address.textChanged.connect(self._on_form_changed)
        self.bank_details.textChanged.connect(self._on_form_changed)
        self.payment_terms.textChanged.connect(self._on_form_changed)
        self.logo.changed.connect(self._on_form_changed)
        self.logo.problem_found.connect(self._on_logo_problem_found)

    def values(self) -> ResaleForm:
        return ResaleForm(
            legal_name=self.legal_name.text(),
            tax_number=self.tax_number.text(),
            address=self.address.toPlainText(),
            bank_details=self.bank_details.toPlainText(),
            invoice_prefix=self.invoice_prefix.text(),
            payment_terms_days=self.payment_terms.text(),
            just_risk=self.just_risk.text(),
            risk_compliance=self.risk_compliance.text(),
            tax_rate=self.tax_rate.text(),
            logo_png=self.logo.png(),
        )

    def is_changed(self) -> bool:
        return replace(self.values(), logo_png=None) != self._initial or self.logo.png() is not None

    def _on_form_changed(self) -> None:
        self.ok_button.setEnabled(self.is_changed() and bool(self.partner.agreements))
        self.tax_rate_hint.setText(self._rate_hint(self.tax_rate.text()))

    def _rate_hint(self, text: str) -> str:
        try:
            rate = Decimal(text.strip())
        except InvalidOperation:
            return "as a fraction: 0.10 is 10%"
        if not rate.is_finite() or not 0 <= rate <= 1:
            return "as a fraction: 0.10 is 10%"
        return f"= {rate_text(rate, self.partner.locale)}"

    def _on_logo_problem_found(self, message: str) -> None:
        self.errors.show(ValidationError([("logo", message)]))

    def _save(self, form: ResaleForm) -> None:
        self.partner = save_resale_settings(self.context.store, **form.arguments())
        self.context.notify(["resale_settings"])
