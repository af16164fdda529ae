"""The billing panel on the worked example of billing-rules.md: every figure to the cent,
the same as `advisor-desk billing --format json`; explanations; period switch; the model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from advisor_desk.domain.periods import Period
from advisor_desk.ui.billing.charges_model import CHARGE, CLIENT, REFERRAL, VALUE_ROLE
from advisor_desk.ui.billing.explain import ExplainDialog
from advisor_desk.ui.billing.panel import BillingPanel
from advisor_desk.ui.context import AppContext

NOV = Period.parse("2026-11")
RC, JR, FREE = 2, 3, 4  # tier columns of the table


def shown_panel(qtbot: QtBot, context: AppContext) -> BillingPanel:
    panel = BillingPanel(context)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.chart_shown, timeout=30_000):
        panel.show()
    return panel


def table(panel: BillingPanel) -> dict[str, dict[str, object]]:
    model = panel.model
    return {
        model.index(r, CLIENT).data(): {
            "charge": model.index(r, CHARGE).data(VALUE_ROLE),
            "referral": model.index(r, REFERRAL).data(VALUE_ROLE),
            "licenses": [model.index(r, c).data(VALUE_ROLE) for c in (RC, JR, FREE)],
            "shown": model.index(r, CHARGE).data(),
        }
        for r in range(model.rowCount())
    }


def cli_json(data_dir: Path, *args: str) -> object:
    env = dict(os.environ, ADVISOR_DESK_TODAY="2026-11-25", PYTHONWARNINGS="ignore")
    done = subprocess.run(
        [sys.executable, "-m", "advisor_desk.app", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout)


def test_cards_and_table_show_the_worked_example_to_the_cent(
    qtbot: QtBot, context: AppContext
) -> None:
    panel = shown_panel(qtbot, context)
    assert panel.period == NOV
    cards = {key: (card.value.text(), card.note.text()) for key, card in panel.cards.items()}
    assert cards["advisors"] == ("2", "2 × $120.00 = $240.00")
    assert cards["reseller"][0] == "$316.00"
    assert cards["direct"][0] == "$70.00"
    assert cards["referral"][0] == "$77.20"
    assert cards["partner"] == ("$611.60", "$556.00 + $55.60 tax")
    assert table(panel) == {
        "Acme": {
            "charge": Decimal("316.00"),
            "referral": Decimal("63.20"),
            "licenses": [4, 0, 4],
            "shown": "$316.00",
        },
        "Birch": {
            "charge": Decimal("70.00"),
            "referral": Decimal("14.00"),
            "licenses": [0, 2, 0],
            "shown": "$70.00",
        },
    }


def test_panel_matches_the_cli_json(qtbot: QtBot, context: AppContext, data_dir: Path) -> None:
    panel = shown_panel(qtbot, context)
    cli = cli_json(data_dir, "billing", "--period", "2026-11", "--format", "json")
    assert isinstance(cli, dict)
    shown = table(panel)
    for client in cli["clients"]:
        row = shown[client["name"]]
        assert f"{row['charge']}" == client["charge"]
        assert f"{row['referral']}" == client["referral"]
        assert row["licenses"] == [
            client["licenses"][t] for t in ("risk_compliance", "just_risk", "free")
        ]
    cards = {key: card.value.text() for key, card in panel.cards.items()}
    assert cards["advisors"] == str(cli["advisors"]["active"])
    assert cards["partner"] == f"${cli['consolidated']['total']}"
    assert cards["referral"] == f"${cli['referral_total']}"
    assert cards["direct"] == f"${cli['direct_invoices'][0]['subtotal']}"


def explanation(qtbot: QtBot, panel: BillingPanel, open_it: object) -> ExplainDialog:
    with qtbot.waitSignal(panel.explanation_opened, timeout=10_000) as opened:
        open_it()  # type: ignore[operator]
    dialog = opened.args[0]
    assert isinstance(dialog, ExplainDialog)
    qtbot.addWidget(dialog)
    return dialog


def test_clicking_the_advisors_card_names_who_was_billed_for_which_days(
    qtbot: QtBot, context: AppContext
) -> None:
    panel = shown_panel(qtbot, context)
    card = panel.cards["advisors"]
    dialog = explanation(qtbot, panel, lambda: qtbot.mouseClick(card, Qt.MouseButton.LeftButton))
    e = dialog.explanation
    assert e.figure == "240.00 AUD"
    assert "2 active × 120.00 advisor fee = 240.00" in e.steps
    assert [(r[0], r[2], r[3]) for r in e.rows] == [
        ("Ana", "1–30 Nov 2026 (30 days)", "Billed"),
        ("Ben", "1–2 Nov 2026 (2 days)", "Billed"),
        ("Cy", "Not active (from 1 Dec 2026)", "Not billed"),
    ]
    assert dialog.model.rowCount() == 3


def test_double_clicking_a_tier_count_shows_its_members_and_their_days(
    qtbot: QtBot, context: AppContext
) -> None:
    panel = shown_panel(qtbot, context)
    acme = panel.model.index(0, RC)
    assert panel.model.index(0, CLIENT).data() == "Acme"
    dialog = explanation(qtbot, panel, lambda: panel.table.activated.emit(acme))
    e = dialog.explanation
    assert e.figure == "316.00 AUD"
    assert "Risk & Compliance: 4 × 79.00 = 316.00" in e.steps
    assert "Referral: round(316.00 × 20%) = 63.20" in e.steps
    mo = next(r for r in e.rows if r[0].startswith("Mo "))
    assert mo[1:] == (
        "Just Risk 1–19 Nov 2026 (19 days); Risk & Compliance 20–30 Nov 2026 (11 days)",
        "Risk & Compliance",
    )
    assert len(e.rows) == 4  # only the members billed at Risk & Compliance


def test_every_card_explains_its_figure(qtbot: QtBot, context: AppContext) -> None:
    panel = shown_panel(qtbot, context)
    figures = {}
    for key in panel.cards:
        dialog = explanation(qtbot, panel, lambda key=key: panel.explain_card(key))
        figures[key] = dialog.explanation.figure
        dialog.close()
    assert figures == {
        "advisors": "240.00 AUD",
        "reseller": "316.00 AUD",
        "direct": "70.00 AUD before tax",
        "referral": "77.20 AUD",
        "partner": "611.60 AUD",
        "content": "0.00 AUD",  # no priced partner content in the worked example
    }


def test_switching_to_next_month_projects_and_the_chart_spans_twelve_months(
    qtbot: QtBot, context: AppContext
) -> None:
    panel = shown_panel(qtbot, context)
    assert panel.picker.kind.text() == "Running figures, so far this month"
    with qtbot.waitSignal(panel.charges_shown, timeout=10_000) as shown:
        qtbot.mouseClick(panel.picker.later, Qt.MouseButton.LeftButton)
    assert shown.args[0].period == Period.parse("2026-12")
    assert panel.picker.kind.text().startswith("Projection")
    assert "projection" in panel.picker.combo.currentText()
    assert panel.cards["advisors"].value.text() == "2"  # Ana and Cy; Ben left in November
    qtbot.waitUntil(lambda: bool(panel.chart.points) and panel.chart.points[-1].period.month == 12)
    # The agreement starts in 2026-01: the chart shows the months it covers, up to December.
    assert [str(p.period) for p in panel.chart.points][:1] == ["2026-01"]
    november = next(p for p in panel.chart.points if p.period == NOV)
    assert (november.partner_pays, november.direct, november.referral) == (
        Decimal("556.00"),
        Decimal("70.00"),
        Decimal("77.20"),
    )


def test_filter_and_sort_the_clients(qtbot: QtBot, context: AppContext) -> None:
    panel = shown_panel(qtbot, context)
    qtbot.keyClicks(panel.filter_edit, "bir")
    assert [panel.model.index(r, 0).data() for r in range(panel.model.rowCount())] == ["Birch"]
    assert panel.count.text() == "1 of 2"
    panel.filter_edit.clear()
    panel.table.sortByColumn(CHARGE, Qt.SortOrder.DescendingOrder)
    assert [panel.model.index(r, 0).data() for r in range(2)] == ["Acme", "Birch"]
    panel.table.sortByColumn(CHARGE, Qt.SortOrder.AscendingOrder)
    assert [panel.model.index(r, 0).data() for r in range(2)] == ["Birch", "Acme"]


def test_the_charges_model_passes_the_model_tester(
    qtbot: QtBot, context: AppContext, qtmodeltester: ModelTester
) -> None:
    panel = shown_panel(qtbot, context)
    qtmodeltester.check(panel.model)
    panel.model.sort(REFERRAL, Qt.SortOrder.DescendingOrder)
    panel.model.set_filter("a")
    qtmodeltester.check(panel.model)
