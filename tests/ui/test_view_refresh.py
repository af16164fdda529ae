"""Views refresh from what changed: the undo stack, background jobs and sync tell them through
one signal carrying the transaction's recorded changes; each view declares the synced
entities it shows (model classes), checked against the store's entities."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

import advisor_desk.ui as ui
from advisor_desk.services.demo import make_demo
from advisor_desk.store.changes import Changes
from advisor_desk.store.engine import Store, open_store
from advisor_desk.store.models import ENTITY_MODELS, Partner
from advisor_desk.ui.commands import push_edit
from advisor_desk.ui.context import AppContext, shown


def _declarations() -> dict[str, frozenset[str]]:
    found = {}
    root = Path(ui.__file__).parent
    for path in sorted(root.rglob("*.py")):  # some folders are namespace packages
        parts = path.relative_to(root).with_suffix("").parts
        name = ".".join(("advisor_desk.ui", *parts)).removesuffix(".__init__")
        module = importlib.import_module(name)
        shows = getattr(module, "SHOWS", None)
        if isinstance(shows, frozenset):
            found[name] = shows
    return found


def test_views_declare_only_synced_entities() -> None:
    declared = _declarations()
    assert {"advisor_desk.ui.home", "advisor_desk.ui.workspace.page"} <= declared.keys()
    for module, shows in declared.items():
        assert shows, module
        assert shows <= ENTITY_MODELS.keys(), module
    with pytest.raises(ValueError, match="not synced entities: clients"):
        shown("clients")


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    mp = pytest.MonkeyPatch()
    mp.setenv("ADVISOR_DESK_TODAY", "2026-05-14")
    store = open_store(tmp_path_factory.mktemp("refresh") / "data")
    make_demo(store, clients=4, content=40, seed=1)
    yield store
    store.close()
    mp.undo()


@pytest.mark.parametrize("entity", sorted(ENTITY_MODELS))
def test_an_edit_of_any_synced_entity_refreshes_the_views_showing_it(
    qtbot: Any, demo_store: Store, tmp_path: Path, entity: str
) -> None:
    from tests.services.test_ops import _some_row

    model = ENTITY_MODELS[entity]
    with demo_store.write() as session:
        row_id = _some_row(session, session.scalars(select(Partner)).one(), model).id

    def set_deleted(value: bool) -> None:
        with demo_store.write() as session:
            session.get(model, row_id).deleted = value

    context = AppContext(demo_store, tmp_path)
    heard: list[Changes] = []
    context.changed.connect(heard.append)
    push_edit(context, f"Edit {entity}", lambda: set_deleted(True), lambda: set_deleted(False))
    assert len(heard) == 1
    assert (entity, row_id) in heard[0].deleted
    context.undo_stack.undo()  # the undo is reported too, from its own transaction
    assert len(heard) == 2
    assert row_id in heard[1].ids_of(model)
    for module, shows in _declarations().items():
        assert heard[0].touches(*shows) == (entity in shows), module
    context.undo_stack.clear()
