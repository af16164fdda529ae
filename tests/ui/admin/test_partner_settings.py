"""Partner settings: resale settings validated at the field, the agreement read-only."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialog, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services.billing.partners import get_partner, save_resale_settings
from advisor_desk.store.engine import Store
from advisor_desk.store.models import SyncState
from advisor_desk.ui.admin import PartnerSettingsDialog
from advisor_desk.ui.context import AppContext


@pytest.fixture
def open_settings(context: AppContext) -> Iterator[Callable[[], PartnerSettingsDialog]]:
    """Opens the dialog; closes any still open at the end (Save deletes it on close)."""
    opened: list[PartnerSettingsDialog] = []

    def open_one() -> PartnerSettingsDialog:
        dialog = PartnerSettingsDialog(context)
        dialog.open()
        opened.append(dialog)
        return dialog

    yield open_one
    for dialog in opened:
        if shiboken6.isValid(dialog):
            dialog.close()


@pytest.fixture
def dialog(open_settings: Callable[[], PartnerSettingsDialog]) -> PartnerSettingsDialog:
    return open_settings()


def fill_required(qtbot: QtBot, dialog: PartnerSettingsDialog, *, tax_rate: str) -> None:
    qtbot.keyClicks(dialog.legal_name, "Harbour Risk Partners Pty Ltd")
    qtbot.keyClicks(dialog.just_risk, "49")
    qtbot.keyClicks(dialog.risk_compliance, "99.50")
    dialog.tax_rate.clear()
    qtbot.keyClicks(dialog.tax_rate, tax_rate)


def png_file(folder: Path) -> Path:
    image = QImage(120, 40, QImage.Format.Format_ARGB32)
    image.fill(QColor("#2563eb"))
    path = folder / "logo.png"
    assert image.save(str(path))
    return path


def test_save_is_disabled_until_something_changed(
    qtbot: QtBot, dialog: PartnerSettingsDialog
) -> None:
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.tax_number, "A")
    assert dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog.tax_number, Qt.Key.Key_Backspace)
    assert not dialog.ok_button.isEnabled()


def test_resale_settings_save_and_load_again(
    qtbot: QtBot,
    dialog: PartnerSettingsDialog,
    context: AppContext,
    tmp_path: Path,
    open_settings: Callable[[], PartnerSettingsDialog],
) -> None:
    fill_required(qtbot, dialog, tax_rate="0.10")
    qtbot.keyClicks(dialog.tax_number, "ABN 12 345 678 901")
    qtbot.keyClicks(dialog.address, "Level 4, 10 Bridge St")
    qtbot.keyClicks(dialog.bank_details, "BSB 062-000 Acc 1234 5678")
    dialog.invoice_prefix.clear()
    qtbot.keyClicks(dialog.invoice_prefix, "HRP-")
    dialog.payment_terms.setText("30")
    dialog.logo.load_file(png_file(tmp_path))
    assert dialog.logo.preview.pixmap() is not None
    assert not dialog.logo.preview.pixmap().isNull()
    with (
        qtbot.waitSignal(dialog.finished) as closed,
        qtbot.waitSignal(context.changed, check_params_cb=lambda c: c.touches("resale_settings")),
    ):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert closed.args == [QDialog.DialogCode.Accepted.value]

    terms = get_partner(context.store).resale
    assert terms is not None
    assert terms.legal_name == "Harbour Risk Partners Pty Ltd"
    assert terms.license_price[LicenseTier.JUST_RISK] == Decimal("49.00")
    assert terms.license_price[LicenseTier.RISK_COMPLIANCE] == Decimal("99.50")
    assert terms.tax_rate == Decimal("0.10")
    assert terms.invoice_prefix == "HRP-"
    assert terms.payment_terms_days == 30

    again = open_settings()
    assert again.legal_name.text() == "Harbour Risk Partners Pty Ltd"
    assert again.tax_number.text() == "ABN 12 345 678 901"
    assert again.address.toPlainText() == "Level 4, 10 Bridge St"
    assert again.just_risk.text() == "49.00"
    assert again.risk_compliance.text() == "99.50"
    assert again.tax_rate.text() == "0.10"
    assert again.payment_terms.text() == "30"
    assert not again.ok_button.isEnabled()


def test_bad_tax_rate_shows_at_its_field_and_nothing_is_saved(
    qtbot: QtBot, dialog: PartnerSettingsDialog, context: AppContext
) -> None:
    fill_required(qtbot, dialog, tax_rate="1.5")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.errors.message_at("tax_rate") == "1.5 is not between 0 and 1"
    assert dialog.tax_rate.property("invalid") is True
    assert dialog.focusWidget() is dialog.tax_rate
    assert dialog.errors.message_at("legal_name") == ""
    assert get_partner(context.store).resale is None
    # Fixed, the message goes away and the settings are saved.
    dialog.tax_rate.setText("0.1")
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert get_partner(context.store).resale is not None


def test_a_rejected_edit_leaves_the_saved_settings_untouched(
    qtbot: QtBot, partner_store: Store, open_settings: Callable[[], PartnerSettingsDialog]
) -> None:
    save_resale_settings(
        partner_store, just_risk="40", risk_compliance="90", tax_rate="0.1", legal_name="Old Name"
    )
    dialog = open_settings()
    dialog.legal_name.setText("New Name")
    dialog.just_risk.setText("12.345")  # more decimals than AUD has
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "more decimals than AUD allows" in dialog.errors.message_at("license_price.just_risk")
    terms = get_partner(partner_store).resale
    assert terms is not None
    assert terms.legal_name == "Old Name"


def test_empty_legal_name_shows_at_its_field(qtbot: QtBot, dialog: PartnerSettingsDialog) -> None:
    qtbot.keyClicks(dialog.just_risk, "49")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.message_at("legal_name") == "Enter the legal name your invoices show"


def test_a_file_that_is_not_a_png_shows_at_the_logo(
    dialog: PartnerSettingsDialog, tmp_path: Path
) -> None:
    fake = tmp_path / "logo.png"
    fake.write_bytes(b"GIF89a not really")
    dialog.logo.load_file(fake)
    assert dialog.errors.message_at("logo") == "Logo.png is not a PNG image"
    assert dialog.logo.png() is None
    assert not dialog.ok_button.isEnabled()


def test_clear_drops_a_chosen_logo(dialog: PartnerSettingsDialog, tmp_path: Path) -> None:
    dialog.logo.load_file(png_file(tmp_path))
    assert dialog.ok_button.isEnabled()
    dialog.logo.clear_button.click()
    assert dialog.logo.png() is None
    assert not dialog.ok_button.isEnabled()


def test_agreement_is_shown_read_only_with_its_history(dialog: PartnerSettingsDialog) -> None:
    view = dialog.agreement
    assert view.values["advisor_fee"].text() == "$120.00 per active advisor per month"
    assert view.values["just_risk"].text() == "$35.00 per license per month"
    assert view.values["tax_rate"].text() == "10%"
    assert view.values["effective_from"].text() == "May 2026"
    assert view.history.rowCount() == 1
    assert "agreement with the platform" in view.note.text()
    assert view.findChildren(QLineEdit) == []
    assert view.findChildren(QPlainTextEdit) == []


def test_agreement_managed_by_a_server_says_so(
    partner_store: Store, open_settings: Callable[[], PartnerSettingsDialog]
) -> None:
    with partner_store.write() as session:
        session.merge(SyncState(id=1, server_url="https://desk.harbour.example"))
    dialog = open_settings()
    assert "https://desk.harbour.example" in dialog.agreement.note.text()
    assert "agreement set" in dialog.agreement.note.text()


def test_keyboard_moves_through_the_form(dialog: PartnerSettingsDialog) -> None:
    assert dialog.address.tabChangesFocus()
    assert dialog.bank_details.tabChangesFocus()
    assert dialog.focusWidget() is dialog.legal_name


def test_payment_terms_must_be_a_number_of_days(
    qtbot: QtBot, dialog: PartnerSettingsDialog, context: AppContext
) -> None:
    fill_required(qtbot, dialog, tax_rate="0.10")
    dialog.payment_terms.clear()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.message_at("payment_terms_days") == "Enter a number of days, such as 14"
    assert get_partner(context.store).resale is None
