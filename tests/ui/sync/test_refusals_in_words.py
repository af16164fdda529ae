"""A change the server refused (an old laptop let a plain advisor add one) reads in words in
Sync & conflicts: the advisor by name, the table's words, no ids and no "advisor activity
rows" — also for the reason an older server gave."""

from __future__ import annotations

import json
from pathlib import Path

from pytestqt.qtbot import QtBot

from advisor_desk.domain.permissions import Action, Role, reason
from advisor_desk.services.people import advisors
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Advisor, AdvisorActivity
from advisor_desk.sync import local
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.sync.conflicts_view import ConflictsView

OLD_SERVER = "only the partner's administrators change advisor activity rows"


def test_refused_advisor_rows_are_named_and_the_reason_is_the_table_s(
    qtbot: QtBot, partner_store: Store, data_dir: Path
) -> None:
    ana = advisors.add_advisor(partner_store, email="ana@x.example", name="Ana Souza")
    with partner_store.write() as session:  # refused inserts are tombstoned, kept with values
        activity = session.query(AdvisorActivity).filter_by(advisor_id=ana.id).one()
        values = {"advisor_id": ana.id, "start": activity.start.isoformat(), "end": None}
        session.get(Advisor, ana.id).deleted = True  # type: ignore[union-attr]
        activity.deleted = True
        words = reason(Role.ADVISOR, Action.MANAGE_ADVISORS)
        advisor_fields = {"email": ana.email, "name": ana.name, "role": "administrator"}
        local.record_rejection(
            session,
            entity="advisor",
            row_id=ana.id,
            op="insert",
            fields_json=json.dumps(advisor_fields),
            reason=words,
        )
        local.record_rejection(
            session,
            entity="advisor_activity",
            row_id=activity.id,
            op="insert",
            fields_json=json.dumps(values),
            reason=OLD_SERVER,
        )
        activity_id = activity.id
    view = ConflictsView(AppContext(partner_store, data_dir))
    qtbot.addWidget(view)
    cards = view.rejection_cards
    assert len(cards) == 2
    text = " ".join(
        " ".join(
            [card.findChildren(type(card.reason))[0].text(), card.reason.text()]
            + [
                card.layout_.itemAt(i).widget().item(r, c).text()  # type: ignore[union-attr]
                for i in range(card.layout_.count())
                if hasattr(card.layout_.itemAt(i).widget(), "item")
                for r in range(card.layout_.itemAt(i).widget().rowCount())  # type: ignore[union-attr]
                for c in range(2)
            ]
        )
        for card in cards
    )
    assert "Ana Souza" in text
    assert text.count(f"The server said: {words}") == 2  # the old server's words said anew
    assert "rows" not in text
    for row_id in (ana.id, activity_id):
        assert row_id[:8] not in text
