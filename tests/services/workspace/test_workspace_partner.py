"""The workspace operations work on the partner they are given: reading exports that partner's
rows only, merging adds to that partner, and no module of the package looks a partner up."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path
from typing import Any

from advisor_desk.services.workspace import import_workspace, load_workspace, read_workspace
from advisor_desk.services.workspace.validate import validate_workspace
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Client, Partner
from advisor_desk.store.types import new_id

PACKAGE = Path(__file__).resolve().parents[3] / "src" / "advisor_desk" / "services" / "workspace"


def _other_firm(store: Store) -> Partner:
    """A second partner whose name sorts first: a first-partner lookup would pick it."""
    with store.write() as session:
        alpha = Partner(id=new_id(), name="Alpha Advisory")
        alpha.partner_id = alpha.id
        session.add(alpha)
    return alpha


def test_reading_takes_the_partner_given(
    store: Store, ws_rich: dict[str, Any], ws_encode: Callable[[dict[str, Any]], bytes]
) -> None:
    import_workspace(store, ws_encode(ws_rich))
    alpha = _other_firm(store)
    with store.read() as session:
        harbour = session.query(Partner).filter(Partner.name == "Harbour Risk Advisory").one()
        theirs = read_workspace(session, harbour)
        others = read_workspace(session, session.get(Partner, alpha.id))  # type: ignore[arg-type]
    assert {c.name for c in theirs.clients} == {c["name"] for c in ws_rich["clients"]}
    assert others.partner.name == "Alpha Advisory"
    assert others.clients == ()
    assert others.content == ()


def test_merging_adds_to_the_partner_given(store: Store, ws_rich: dict[str, Any]) -> None:
    alpha = _other_firm(store)
    ws_rich["partner"]["name"] = "alpha advisory"  # the same partner, as the file names it
    workspace = validate_workspace(ws_rich)
    with store.write() as session:
        partner = session.get(Partner, alpha.id)
        assert partner is not None
        summary = load_workspace(session, partner, workspace, merge=True)
    assert summary.counts["clients"] == len(ws_rich["clients"])
    with store.read() as session:
        owners = {c.partner_id for c in session.query(Client)}
    assert owners == {alpha.id}


def test_no_module_of_the_package_looks_the_partner_up() -> None:
    for module in sorted(PACKAGE.glob("*.py")):
        names = {
            node.id if isinstance(node, ast.Name) else node.attr
            for node in ast.walk(ast.parse(module.read_text(encoding="utf-8")))
            if isinstance(node, ast.Name | ast.Attribute)
        }
        assert not names & {"current_partner", "has_partner"}, module.name
