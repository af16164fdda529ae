"""The billing panel's notice of what changed after a period was issued, and its button
that issues exactly the difference (issue 12, 10)."""

from __future__ import annotations

import datetime as dt

import pytest
from pytestqt.qtbot import QtBot

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing import documents, issuing
from advisor_desk.services.billing.adjustments import period_adjustments
from advisor_desk.services.people import members
from advisor_desk.store.engine import Store
from advisor_desk.ui.billing.adjustment import AdjustmentNotice
from advisor_desk.ui.context import AppContext

NOV = Period(2026, 11)


def test_the_notice_shows_the_difference_and_settles_it(
    qtbot: QtBot,
    context: AppContext,
    store: Store,
    example: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-12-02")
    issuing.issue_period(store, NOV)
    notice = AdjustmentNotice(context)
    qtbot.addWidget(notice)
    notice.load(NOV)
    context.wait_for_tasks()
    qtbot.wait(10)
    assert notice.isHidden()

    members.add_member(
        store,
        example["birch"],
        email="late@birch.example",
        name="Late",
        tier=LicenseTier.JUST_RISK,
        start=dt.date(2026, 11, 15),
    )
    notice.load(NOV)
    qtbot.waitUntil(lambda: not notice.isHidden(), timeout=10_000)
    assert "Birch: +$35.00 (supplementary to INV-000002)" in notice.label.text()

    before = len(documents.list_documents(store, period=NOV))
    notice.button.click()
    qtbot.waitUntil(lambda: notice.isHidden(), timeout=10_000)
    after = documents.list_documents(store, period=NOV)
    assert len(after) > before
    assert period_adjustments(store, NOV) == []
