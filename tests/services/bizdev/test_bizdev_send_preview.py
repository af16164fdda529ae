"""Who an assessment send reaches and who it skips, and why: the preview the window shows
(`send_preview.preview_send`) says exactly what `assessments.apply_send` then does, on sent
and skipped clients and prospects alike, and writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from advisor_desk.services.bizdev import assessments as a
from advisor_desk.services.bizdev.prospects import apply_add_prospect
from advisor_desk.services.bizdev.send_preview import preview_send
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.ops import run_op, run_query
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Assessment

DUE = dt.date(2026, 6, 1)
TEMPLATE = "Cyber health check"


def _preview_then_send(store: Store, name: str = "", **choice: Any) -> tuple[Any, Any]:
    preview = run_query(store, preview_send, TEMPLATE, **choice)
    with store.read() as session:
        assert session.query(Assessment).count() == 0  # the preview wrote nothing
    done = run_op(store, a.apply_send, TEMPLATE, due=DUE, respondent_name=name, **choice).value
    return preview, done


def test_the_preview_is_what_a_bulk_send_then_does(store: Store, bizdev: Any) -> None:
    preview, done = _preview_then_send(store, all_clients=True)
    assert preview.template == done.template == TEMPLATE
    assert list(preview.to_send) == [(s.recipient, s.email) for s in done.sent]
    assert preview.to_send == (
        ("Full Co", "owner@full.example"),
        ("Risky Co", "owner@risky.example"),
    )
    assert preview.skipped == done.skipped
    assert dict(preview.skipped) == {
        "Free Co": "Assessment template needs a Just Risk license this month",
        "Quiet Co": "no contact e-mail (set the client's contact)",
    }


def test_one_respondent_e_mail_reaches_a_client_without_a_contact_but_not_an_unentitled_one(
    store: Store, bizdev: Any
) -> None:
    choice: dict[str, Any] = {
        "clients": ["Quiet Co", "Free Co"],
        "respondent_email": "Boss@Quiet.example",
    }
    preview, done = _preview_then_send(store, "The Boss", **choice)
    assert preview.to_send == (("Quiet Co", "boss@quiet.example"),)
    assert [(s.recipient, s.email) for s in done.sent] == list(preview.to_send)
    assert preview.skipped == done.skipped
    assert [name for name, _why in done.skipped] == ["Free Co"]
    with store.read() as session:
        [row] = session.query(Assessment).all()
        assert (row.respondent_email, row.respondent_name) == ("boss@quiet.example", "The Boss")


def test_prospects_with_and_without_a_contact(store: Store, bizdev: Any) -> None:
    run_op(store, apply_add_prospect, "Lumen Dental", contact_email="ceo@lumen.example")
    run_op(store, apply_add_prospect, "Kite Labs")
    preview, done = _preview_then_send(store, prospects=["Lumen Dental", "Kite Labs"])
    assert preview.to_send == (("Lumen Dental", "ceo@lumen.example"),)
    assert [(s.recipient, s.email) for s in done.sent] == list(preview.to_send)
    assert (
        preview.skipped
        == done.skipped
        == (("Kite Labs", "no contact e-mail (set the prospect's contact)"),)
    )


def test_the_preview_and_the_send_refuse_the_same_choice_by_field(
    store: Store, bizdev: Any
) -> None:
    for choice, field in (
        ({"clients": ["Full Co"], "respondent_email": "nope"}, "respondent_email"),
        ({}, "recipients"),
        ({"clients": ["Full Co"], "tag": "x"}, "filters"),
    ):
        with pytest.raises(ValidationError) as previewed:
            run_query(store, preview_send, TEMPLATE, **choice)
        with pytest.raises(ValidationError) as sent:
            run_op(store, a.apply_send, TEMPLATE, due=DUE, **choice)
        assert [p for p, _ in previewed.value.problems] == [field]
        assert previewed.value.problems == sent.value.problems
