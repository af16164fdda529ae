"""Editing a prospect's name, domain and industry: each bad field named, a name another
prospect has refused (case-blind), the prospect's own name free to re-case, a converted
prospect left to its client."""

from __future__ import annotations

from typing import Any

import pytest

from advisor_desk.services.bizdev.prospects import (
    apply_add_prospect,
    apply_convert_prospect,
    apply_edit_prospect,
    contact_list,
    list_prospects,
)
from advisor_desk.services.clients.onboarding import NewClient
from advisor_desk.services.errors import NotFoundError, ValidationError
from advisor_desk.services.ops import run_op, run_query
from advisor_desk.store.engine import Store


def test_edit_changes_the_fields_given_and_keeps_the_others(store: Store, bizdev: Any) -> None:
    run_op(
        store,
        apply_add_prospect,
        "Lumen Dental",
        domain="lumen.example",
        industry="Dental",
        contact_email="ceo@lumen.example",
    )
    done = run_op(store, apply_edit_prospect, "lumen dental", name="  Lumen Dental Group ")
    assert (done.value.name, done.value.domain, done.value.industry) == (
        "Lumen Dental Group",
        "lumen.example",
        "Dental",
    )
    assert done.changes.touches("prospect")
    again = run_op(
        store,
        apply_edit_prospect,
        "Lumen Dental Group",
        domain="https://www.Lumen-Group.example/",
        industry=" Health ",
    ).value
    assert (again.domain, again.industry, again.contact_email) == (
        "lumen-group.example",
        "Health",
        "ceo@lumen.example",
    )
    [shown] = run_query(store, list_prospects)
    assert (shown.name, shown.domain, shown.industry) == (
        "Lumen Dental Group",
        "lumen-group.example",
        "Health",
    )
    assert run_query(store, contact_list, "Lumen Dental Group") == [("", "ceo@lumen.example")]


def test_every_bad_field_is_named_and_nothing_changes(store: Store, bizdev: Any) -> None:
    run_op(store, apply_add_prospect, "Lumen Dental", industry="Dental")
    with pytest.raises(ValidationError) as bad:
        run_op(
            store,
            apply_edit_prospect,
            "Lumen Dental",
            name=" ",
            domain="not a domain",
            industry="x" * 201,
        )
    assert [field for field, _ in bad.value.problems] == ["name", "domain", "industry"]
    [shown] = run_query(store, list_prospects)
    assert (shown.name, shown.domain, shown.industry) == ("Lumen Dental", "", "Dental")


def test_a_name_is_unique_among_prospects_but_may_be_re_cased(store: Store, bizdev: Any) -> None:
    run_op(store, apply_add_prospect, "Lumen Dental")
    run_op(store, apply_add_prospect, "Kite Labs")
    with pytest.raises(ValidationError) as taken:
        run_op(store, apply_edit_prospect, "Kite Labs", name="LUMEN dental")
    assert taken.value.problems == [("name", "there is already a prospect named LUMEN dental")]
    with pytest.raises(ValidationError) as both:  # said together with the other fields
        run_op(store, apply_edit_prospect, "Kite Labs", name="Lumen Dental", domain="no way")
    assert [field for field, _ in both.value.problems] == ["name", "domain"]
    assert run_op(store, apply_edit_prospect, "Kite Labs", name="KITE labs").value.name == (
        "KITE labs"
    )
    with pytest.raises(NotFoundError, match="prospect"):
        run_op(store, apply_edit_prospect, "Nobody", name="X")


def test_a_converted_prospect_is_changed_as_its_client(store: Store, bizdev: Any) -> None:
    run_op(store, apply_add_prospect, "Lumen Dental")
    run_op(
        store,
        apply_convert_prospect,
        "Lumen Dental",
        NewClient(name="Lumen Dental", billing_model="direct"),
    )
    with pytest.raises(ValidationError) as converted:
        run_op(store, apply_edit_prospect, "Lumen Dental", industry="Dental")
    assert [field for field, _ in converted.value.problems] == ["prospect"]
