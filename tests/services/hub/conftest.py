"""One demo store per module (the hub only reads it; tests that edit copy it)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor_desk.services.demo import make_demo
from advisor_desk.store.engine import STORE_FILE, Store, open_store
from tests.helpers.stores import new_store


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hub-demo")
    store = new_store(folder)
    make_demo(store, clients=14, content=60, seed=2)
    store.close()
    return folder


@pytest.fixture
def demo(demo_dir: Path) -> Iterator[Store]:
    store = open_store(demo_dir)
    yield store
    store.close()


@pytest.fixture
def demo_copy(demo_dir: Path, tmp_path: Path) -> Iterator[Store]:
    """A store of its own to edit (the module's demo stays as made)."""
    folder = tmp_path / "copy"
    folder.mkdir()
    for name in Path(demo_dir).iterdir():
        if name.name.startswith(STORE_FILE):
            shutil.copyfile(name, folder / name.name)
    store = open_store(folder)
    yield store
    store.close()
