"""Business-development views: the services' fixture (a partner, clients on each tier, the
"Cyber risks" library and the "Cyber health check" template), a context, and helpers that
set up the contract's worked example."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from advisor_desk.services.bizdev.prospects import apply_add_prospect
from advisor_desk.services.bizdev.review_answers import apply_respond
from advisor_desk.services.bizdev.reviews import apply_create_review, apply_invite
from advisor_desk.services.ops import run_op
from advisor_desk.store.engine import Store
from advisor_desk.ui.context import AppContext
from tests.services.bizdev.conftest import bizdev  # noqa: F401  (the fixture)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WORKED = {  # the contract's worked example: P1–P3 submitted, P4 a draft
    "p1@lumen.example": [("CY-01", True, 4, 5), ("CY-02", True, 3, 3), ("CY-03", False)],
    "p2@lumen.example": [("CY-01", True, 3, 5), ("CY-02", True, 4, 2), ("CY-03", True, 2, 4)],
    "p3@lumen.example": [("CY-01", True, 4, 4), ("CY-02", False), ("CY-03", False)],
}


@pytest.fixture
def context(store: Store, data_dir: Path, bizdev: dict[str, Any]) -> Iterator[AppContext]:  # noqa: F811
    app_context = AppContext(store, data_dir)
    yield app_context
    app_context.wait_for_tasks()


def lumen_review(store: Store) -> str:
    """Prospect Lumen Dental, a draft review of CY-01..CY-03 (CY-04 excluded), four invited."""
    run_op(store, apply_add_prospect, "Lumen Dental", contact_email="boss@lumen.example")
    made = run_op(
        store,
        apply_create_review,
        "Cyber check",
        prospect="Lumen Dental",
        libraries=["Cyber risks"],
        exclude=["CY-04"],
    ).value
    emails = [*WORKED, "p4@lumen.example"]
    run_op(store, apply_invite, made.id, emails)
    return made.id


def answer_worked_example(store: Store, review_id: str) -> None:
    for email, answers in WORKED.items():
        doc = {
            "risks": [
                {"ref": a[0], "relevant": a[1]}
                | ({"likelihood": a[2], "impact": a[3]} if a[1] else {})
                for a in answers
            ]
        }
        run_op(store, apply_respond, review_id, email, doc, submit=True)
    draft = {"risks": [{"ref": "CY-01", "relevant": True, "likelihood": 1, "impact": 1}]}
    run_op(store, apply_respond, review_id, "p4@lumen.example", draft, submit=False)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Any Qt warning fails a test of these views (but the offscreen platform's chatter)."""
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore("This plugin does not support"))
