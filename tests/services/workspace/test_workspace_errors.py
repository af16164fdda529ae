"""A bad workspace file: every problem named by its JSON path, and nothing written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.services.partner import has_partner
from advisor_desk.services.workspace import export_workspace, import_workspace
from advisor_desk.store.engine import Store

Mutate = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Mutate:
    """`_set("clients.0.members.1.email", "x")` sets that item of the workspace."""

    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        if last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value

    return mutate


def _drop(path: str) -> Mutate:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        del target[last]

    return mutate


# case: (change, place, message)
BAD: dict[str, tuple[Mutate, str, str]] = {
    "float money": (
        _set("partner.agreement.advisor_fee", 120.5),
        "partner.agreement.advisor_fee",
        '120.5 is a float; write the amount as a string, e.g. "120.00"',
    ),
    "negative price": (
        _set("partner.agreement.license_price.just_risk", "-35.00"),
        "partner.agreement.license_price.just_risk",
        "-35.00 is negative",
    ),
    "too many decimals": (
        _set("content.0.price", "450.005"),
        "content[0].price",
        "450.005 has more decimals than AUD allows (2)",
    ),
    "free tier not free": (
        _set("partner.agreement.license_price.free", "1.00"),
        "partner.agreement.license_price.free",
        "the free tier is always 0",
    ),
    "rate above one": (
        _set("partner.agreement_history.0.referral_rate", "1.5"),
        "partner.agreement_history[0].referral_rate",
        "1.5 is not between 0 and 1",
    ),
    "unknown tier": (
        _set("clients.0.members.1.licenses.0.0", "gold"),
        "clients[0].members[1].licenses[0]",
        '"gold" is not one of free, just_risk, risk_compliance',
    ),
    "unknown kind": (
        _set("content.1.kind", "poem"),
        "content[1].kind",
        '"poem" is not one of framework, control_set, assessment_template, risk_library, '
        "policy, playbook",
    ),
    "unknown billing model": (
        _set("clients.1.billing_model.0.1", "barter"),
        "clients[1].billing_model[0]",
        '"barter" is not one of reseller, direct',
    ),
    "unknown role": (
        _set("advisors.0.role", "boss"),
        "advisors[0].role",
        '"boss" is not one of administrator, power_user, advisor',
    ),
    "bad date": (
        _set("clients.2.created", "2026-02-30"),
        "clients[2].created",
        "'2026-02-30' is not a valid date",
    ),
    "bad month": (
        _set("partner.agreement.from", "2026-1"),
        "partner.agreement.from",
        "'2026-1' is not a month written YYYY-MM",
    ),
    "overlapping licenses": (
        _set(
            "clients.0.members.0.licenses",
            [["free", "2026-02-03", "2026-04-01"], ["just_risk", "2026-03-01", None]],
        ),
        "clients[0].members[0].licenses[1]",
        "overlaps the interval before it",
    ),
    "reversed interval": (
        _set("advisors.2.active.0", ["2026-05-01", "2026-02-01"]),
        "advisors[2].active[0]",
        "ends before it starts",
    ),
    "billing models out of order": (
        _set("clients.0.billing_model", [["2026-08", "reseller"], ["2026-02", "direct"]]),
        "clients[0].billing_model[1]",
        "is before the month before it",
    ),
    "duplicate client name": (
        lambda data: data["clients"].append({**data["clients"][1], "name": "ACME logistics"}),
        "clients[3].name",
        '"ACME logistics" is already the name of clients[1]',
    ),
    "duplicate advisor email": (
        _set("advisors.2.email", "Ana@Harbour.example"),
        "advisors[2].email",
        '"Ana@Harbour.example" is already the email of advisors[1]',
    ),
    "duplicate member email": (
        _set("clients.0.members.1.email", "JO@birch.example"),
        "clients[0].members[1].email",
        '"JO@birch.example" is already the email of clients[0].members[0]',
    ),
    "unknown content title": (
        _set("clients.0.content.1", "ISO 9001"),
        "clients[0].content[1]",
        'no content titled "ISO 9001" in this file',
    ),
    "unknown client in access": (
        _set("advisors.0.client_access.1", "Zed"),
        "advisors[0].client_access[1]",
        'no client named "Zed" in this file',
    ),
    "unknown template": (
        _set("clients.0.template", "SOC 2"),
        "clients[0].template",
        'no template named "SOC 2" in this file',
    ),
    "unknown referenced document": (
        _set("documents.1.references", "INV-000009"),
        "documents[1].references",
        'no document numbered "INV-000009" in this file',
    ),
    "missing key": (_drop("clients.1.created"), "clients[1]", 'missing key "created"'),
    "unknown key": (_set("clients.1.colour", "red"), "clients[1].colour", "unknown key"),
    "wrong type": (
        _set("clients.1.employees", "120"),
        "clients[1].employees",
        "expected a whole number, got a string",
    ),
    "money as a number": (
        _set("content.0.price", 450),
        "content[0].price",
        'expected a string such as "120.00", got a number',
    ),
    "draft with a number": (
        _set("documents.2.number", "INV-000002"),
        "documents[2].number",
        "a draft has no number",
    ),
    "wrong version": (_set("version", 2), "version", "this Advisor Desk reads version 1, not 2"),
    "not a workspace": (
        _set("format", "something/else"),
        "format",
        'expected "advisor-desk/workspace"; this is not an Advisor Desk workspace file',
    ),
}


def _problems(store: Store, data: bytes) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        import_workspace(store, data)
    return caught.value.problems


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_file_names_the_place_and_writes_nothing(
    store: Store,
    ws_rich: dict[str, Any],
    ws_encode: Callable[[dict[str, Any]], bytes],
    case: str,
) -> None:
    mutate, place, message = BAD[case]
    mutate(ws_rich)
    assert _problems(store, ws_encode(ws_rich)) == [(place, message)]
    with store.read() as session:
        assert not has_partner(session)


def test_an_open_interval_must_be_the_last(
    store: Store, ws_rich: dict[str, Any], ws_encode: Callable[[dict[str, Any]], bytes]
) -> None:
    ws_rich["advisors"][2]["active"] = [["2026-02-01", None], ["2026-06-01", None]]
    assert _problems(store, ws_encode(ws_rich)) == [
        ("advisors[2].active[0]", "is open but is not the last interval"),
        ("advisors[2].active[1]", "overlaps the interval before it"),
    ]


def test_every_problem_is_reported_at_once(
    store: Store, ws_rich: dict[str, Any], ws_encode: Callable[[dict[str, Any]], bytes]
) -> None:
    for case in ("float money", "overlapping licenses", "unknown role", "unknown template"):
        BAD[case][0](ws_rich)
    problems = _problems(store, ws_encode(ws_rich))
    assert [place for place, _ in problems] == [
        "partner.agreement.advisor_fee",
        "advisors[0].role",
        "clients[0].members[0].licenses[1]",
        "clients[0].template",
    ]
    error = ValidationError(problems)
    assert str(error).startswith("partner.agreement.advisor_fee: 120.5 is a float")
    assert str(error).endswith("(and 3 more problems)")


def test_malformed_json_names_the_line_and_column(store: Store) -> None:
    data = b'{"format": "advisor-desk/workspace",\n "version": 1,,\n}'
    with pytest.raises(ValidationError) as caught:
        import_workspace(store, data, source="mine.json")
    assert caught.value.problems == [
        (
            "mine.json line 2 column 15",
            "not valid JSON: Expecting property name enclosed in double quotes",
        )
    ]


def test_a_file_that_is_not_utf8_is_refused(store: Store) -> None:
    with pytest.raises(ValidationError, match="not UTF-8"):
        import_workspace(store, b'{"name": "\xff"}')


def test_a_bad_file_leaves_a_full_store_as_it_was(
    ws_store: Store, ws_rich: dict[str, Any], ws_encode: Callable[[dict[str, Any]], bytes]
) -> None:
    before = export_workspace(ws_store)
    ws_rich["clients"][0]["name"] = "Someone New"
    BAD["overlapping licenses"][0](ws_rich)
    with pytest.raises(ValidationError):
        import_workspace(ws_store, ws_encode(ws_rich), merge=True)
    assert export_workspace(ws_store) == before


def test_a_store_with_a_partner_needs_merge(
    ws_store: Store, ws_encode: Callable[[dict[str, Any]], bytes], ws_rich: dict[str, Any]
) -> None:
    before = export_workspace(ws_store)
    with pytest.raises(ServiceError, match="is not empty.*use --merge"):
        import_workspace(ws_store, ws_encode(ws_rich))
    assert export_workspace(ws_store) == before


def test_the_error_path_counts_the_raw_list_even_when_an_earlier_item_is_broken(
    store: Store, ws_rich: dict[str, Any], ws_encode: Callable[[dict[str, Any]], bytes]
) -> None:
    ws_rich["clients"][0] = "not an object"
    ws_rich["clients"][2]["name"] = "acme LOGISTICS"
    problems = _problems(store, ws_encode(ws_rich))
    assert ("clients[0]", "expected an object, got a string") in problems
    assert ("clients[2].name", '"acme LOGISTICS" is already the name of clients[1]') in problems
