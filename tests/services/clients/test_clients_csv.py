"""`clients import FILE.csv`: many clients at once; every bad row named by its line."""

from __future__ import annotations

import json

import pytest

from advisor_desk.services.clients.csv_import import import_clients_csv
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.workspace import export_workspace
from advisor_desk.store.engine import Store

pytestmark = pytest.mark.usefixtures("ws_today")

GOOD = """\
name,domain,billing_model,template,member_email,member_name,license_tier
Dune Energy,dune.example,,ISO 27001 readiness,kim@dune.example,Kim,
Dune Energy,,,,lee@dune.example,Lee,just_risk

Elm Partners,elm.example,direct,,,,
"Fig, Inc.",fig.example,reseller,,ann@fig.example,Ann,free
"""


def _errors(store: Store, text: str) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        import_clients_csv(store, text)
    return caught.value.lines()


def _clients(store: Store) -> dict[str, dict[str, object]]:
    return {c["name"]: c for c in json.loads(export_workspace(store))["clients"]}


def test_a_csv_onboards_its_clients_and_members(ws_store: Store) -> None:
    summary = import_clients_csv(ws_store, GOOD)
    assert summary.counts == {"clients": 3, "members": 3}
    clients = _clients(ws_store)
    dune = clients["Dune Energy"]
    assert dune["billing_model"] == [["2026-11", "reseller"]]  # the template's
    assert (dune["template"], dune["content"]) == ("ISO 27001 readiness", ["ISO/IEC 27001:2022"])
    assert dune["members"] == [
        {
            "email": "kim@dune.example",
            "name": "Kim",
            "licenses": [["risk_compliance", "2026-11-15", None]],
        },
        {
            "email": "lee@dune.example",
            "name": "Lee",
            "licenses": [["just_risk", "2026-11-15", None]],
        },
    ]
    assert clients["Elm Partners"]["billing_model"] == [["2026-11", "direct"]]
    assert clients["Elm Partners"]["members"] == []
    assert clients["Fig, Inc."]["members"][0]["licenses"] == [["free", "2026-11-15", None]]


def test_the_member_columns_are_optional(ws_store: Store) -> None:
    summary = import_clients_csv(ws_store, "Name, Domain ,billing_model,template\nGum,,direct,\n")
    assert summary.counts == {"clients": 1, "members": 0}


def test_a_missing_column_is_named(ws_store: Store) -> None:
    assert _errors(ws_store, "name,domain,template\nCedar,cedar.example,\n") == [
        'clients.csv: missing column "billing_model"'
    ]


def test_unknown_and_repeated_columns_are_named(ws_store: Store) -> None:
    text = "name,domain,billing_model,template,licence_tier,domain\n"
    assert _errors(ws_store, text) == [
        'clients.csv: unknown column "licence_tier"',
        'clients.csv: column "domain" appears twice',
    ]


def test_an_empty_file_says_what_the_header_must_be(ws_store: Store) -> None:
    assert _errors(ws_store, "\n\n") == [
        "clients.csv: is empty; its first line must be the header "
        "name,domain,billing_model,template"
    ]


def test_every_bad_row_is_named_by_its_line_and_nothing_is_written(ws_store: Store) -> None:
    before = export_workspace(ws_store)
    text = """\
name,domain,billing_model,template,member_email,member_name,license_tier
Gum,gum.example,reseller,,a@gum.example,A,just_risk
Gum,,direct,,b@gum.example,B,
acme logistics,,reseller,,,,
Hop,,,SOC 2,,,
Ivy,not a domain,barter,,x@ivy.example,,gold
Gum,,,,A@gum.example,A2,
,,,,,,
Jet,,direct,,,Jo,
Kit,kit.example,direct,,k@kit.example,K,risk_compliance,extra
"""
    assert _errors(ws_store, text) == [
        'clients.csv line 3: billing_model "direct" differs from line 2 ("reseller")',
        'clients.csv line 4: a client named "acme logistics" already exists',
        'clients.csv line 5: template "SOC 2" is not a template (there are: ISO 27001 readiness)',
        "clients.csv line 6: domain 'not a domain' is not a website domain like acme.example",
        'clients.csv line 6: billing_model "barter" is not one of reseller, direct',
        "clients.csv line 6: member_name must not be empty",
        'clients.csv line 6: license_tier "gold" is not one of free, just_risk, risk_compliance',
        'clients.csv line 7: member_email "A@gum.example" is already on line 2',
        "clients.csv line 9: member_email is empty but the row has a member",
        "clients.csv line 10: has 8 values but the header has 7",
    ]
    assert export_workspace(ws_store) == before


def test_a_file_without_a_partner_is_refused(store: Store) -> None:
    with pytest.raises(Exception, match="no partner yet"):
        import_clients_csv(store, GOOD)
