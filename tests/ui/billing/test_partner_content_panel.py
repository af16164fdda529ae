"""Issue 17 in the window: the billing panel's content card and its explanation, the library
item detail's payers and earnings chart, the onboarding review's content cost."""

from __future__ import annotations

import os
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.services.clients.onboarding_review import OnboardingReview
from advisor_desk.services.library.push import resolve_names
from advisor_desk.services.workspace import import_workspace_data
from advisor_desk.store.engine import Store
from advisor_desk.ui.billing.explain import ExplainDialog
from advisor_desk.ui.billing.panel import BillingPanel
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.library.detail import DetailPane
from advisor_desk.ui.templates.onboarding_wizard import review_html
from tests.cli.test_partner_content_cli import PACK, TOOLKIT, extended_example

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def content_context(
    store: Store, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[AppContext]:
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-11-25")
    import_workspace_data(store, extended_example())
    context = AppContext(store, data_dir)
    yield context
    context.wait_for_tasks()


def test_panel_shows_and_explains_the_content_charges(
    qtbot: QtBot, content_context: AppContext
) -> None:
    panel = BillingPanel(content_context)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.chart_shown, timeout=30_000):
        panel.show()
    assert panel.cards["content"].value.text() == "$550.00"  # 150.00 + 400.00
    assert panel.cards["partner"].value.text() == "$611.60"  # the platform's: unchanged
    with qtbot.waitSignal(panel.explanation_opened, timeout=30_000) as opened:
        panel.explain_card("content")
    dialog: ExplainDialog = opened.args[0]
    qtbot.addWidget(dialog)
    assert dialog.explanation.rows == (
        ("Acme", f"{TOOLKIT} — monthly", "150.00"),
        ("Birch", f"{PACK} — once", "400.00"),
    )


def test_library_detail_shows_who_pays_and_what_it_earned(
    qtbot: QtBot, content_context: AppContext
) -> None:
    pane = DetailPane(content_context)
    qtbot.addWidget(pane)
    item_id = resolve_names(content_context.store, [TOOLKIT]).item_ids[0]
    pane.show_item(item_id)
    qtbot.waitUntil(lambda: pane.detail is not None, timeout=30_000)
    text = pane.where_used.text()
    assert "Pays for it this month:</b> Acme" in text
    assert "2026-11" in text
    assert "$150.00" in text
    assert "█" * 20 in text  # November, the best month, is the longest bar


def test_onboarding_review_shows_what_the_priced_content_costs() -> None:
    review = OnboardingReview(
        name="Cove",
        template="Board pack",
        template_version=1,
        billing_model=BillingModel.DIRECT,
        content=(PACK, TOOLKIT),
        risks=(),
        assessments=(),
        advisors=(),
        members=(),
        currency="AUD",
        locale="en_AU",
        cost_lines=(),
        monthly_total=Decimal(0),
        problems=(),
        content_costs=((PACK, "once", Decimal("400.00")), (TOOLKIT, "monthly", Decimal("150.00"))),
    )
    shown = review_html(review)
    assert "Partner content: $150.00 per month + $400.00 once" in shown
