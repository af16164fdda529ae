"""Partner settings: every problem at once, real defaults, hints for where the firm is."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from advisor_desk.services.billing.partners import create_partner, get_partner, save_resale_settings
from advisor_desk.services.errors import ValidationError
from advisor_desk.store.engine import Store
from advisor_desk.ui.admin import PartnerSettingsDialog
from advisor_desk.ui.admin.partner_locale import tax_hints
from advisor_desk.ui.context import AppContext

from .conftest import TODAY


@pytest.fixture
def dialog(qtbot: QtBot, context: AppContext) -> PartnerSettingsDialog:
    opened = PartnerSettingsDialog(context)
    qtbot.addWidget(opened)
    opened.open()
    return opened


@pytest.fixture
def amsterdam(store: Store, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> AppContext:
    monkeypatch.setenv("ADVISOR_DESK_TODAY", TODAY.isoformat())
    create_partner(store, name="Grachten Advies", currency="EUR", timezone="Europe/Amsterdam")
    return AppContext(store, data_dir)


def shown_texts(dialog: PartnerSettingsDialog) -> list[str]:
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    texts += [edit.placeholderText() for edit in dialog.findChildren(QLineEdit)]
    texts += [edit.placeholderText() for edit in dialog.findChildren(QPlainTextEdit)]
    return texts


def test_save_shows_every_problem_at_once_with_a_summary(
    qtbot: QtBot, dialog: PartnerSettingsDialog, context: AppContext
) -> None:
    qtbot.keyClicks(dialog.tax_number, "x")  # something changed: Save is enabled
    dialog.tax_rate.setText("2")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.errors.marked() == [
        "legal_name",
        "license_price.just_risk",
        "license_price.risk_compliance",
        "tax_rate",
    ]
    summary = dialog.errors.summary()
    assert summary.startswith("4 fields need fixing")
    for name in ("Legal name", "Just Risk", "Risk & Compliance", "Tax rate"):
        assert name in summary
    assert get_partner(context.store).resale is None


def test_the_service_names_every_problem(partner_store: Store) -> None:
    with pytest.raises(ValidationError) as raised:
        save_resale_settings(
            partner_store, just_risk="", risk_compliance="x", tax_rate="", legal_name=" "
        )
    places = [place for place, _message in raised.value.problems]
    assert places == [
        "resale.legal_name",
        "resale.license_price.just_risk",
        "resale.license_price.risk_compliance",
        "resale.tax_rate",
    ]


def test_fixing_a_field_takes_its_message_away(qtbot: QtBot, dialog: PartnerSettingsDialog) -> None:
    qtbot.keyClicks(dialog.just_risk, "49")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.marked() == ["legal_name", "license_price.risk_compliance"]
    qtbot.keyClicks(dialog.legal_name, "Harbour Risk Partners Pty Ltd")
    assert dialog.errors.message_at("legal_name") == ""
    assert dialog.legal_name.property("invalid") is False
    assert dialog.errors.marked() == ["license_price.risk_compliance"]
    assert dialog.errors.summary() == ""  # one field left: its own message says it


def test_empty_fields_do_not_pretend_to_hold_values(dialog: PartnerSettingsDialog) -> None:
    for edit in [*dialog.findChildren(QLineEdit), *dialog.findChildren(QPlainTextEdit)]:
        placeholder = edit.placeholderText()
        assert placeholder == "" or placeholder.startswith("e.g. "), placeholder
    assert dialog.just_risk.text() == ""
    assert dialog.legal_name.text() == ""
    # Real defaults from the rules: the agreement's tax rate, the partner's initials (never
    # the platform's own INV- series, whose numbers it would clash with), 14 days.
    assert dialog.tax_rate.text() == "0.10"
    assert dialog.invoice_prefix.text() == "HRP-"
    assert dialog.payment_terms.text() == "14"
    assert any("Platform price: $35.00" in text for text in shown_texts(dialog))


def test_an_amsterdam_euro_firm_is_asked_for_btw_and_iban(
    qtbot: QtBot, amsterdam: AppContext
) -> None:
    dialog = PartnerSettingsDialog(amsterdam)
    qtbot.addWidget(dialog)
    texts = " ".join(shown_texts(dialog))
    assert "BTW" in texts
    assert "IBAN" in texts
    assert "ABN" not in texts
    assert "BSB" not in texts


@pytest.mark.parametrize(
    ("timezone", "currency", "label"),
    [
        ("Australia/Sydney", "AUD", "ABN"),
        ("Europe/Amsterdam", "EUR", "BTW/VAT number"),
        ("Europe/Lisbon", "EUR", "VAT number"),
        ("UTC", "EUR", "VAT number"),
        ("America/Chicago", "USD", "EIN"),
        ("Asia/Tokyo", "JPY", "Tax number"),
    ],
)
def test_tax_label_follows_where_the_partner_is(timezone: str, currency: str, label: str) -> None:
    assert tax_hints(timezone, currency, "en_AU").label == label
