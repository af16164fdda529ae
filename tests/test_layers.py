"""The layers contract (pyproject.toml, checked by lint-imports) leaves no package out."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "advisor_desk"


def _layers() -> list[set[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = [
        c for c in config["tool"]["importlinter"]["contracts"] if c["name"] == "layers point down"
    ]
    assert contract["type"] == "layers"
    return [
        {name.strip() for name in layer.replace(":", "|").split("|")}
        for layer in contract["layers"]
    ]


def test_every_package_has_its_layer() -> None:
    top_level = {
        f"advisor_desk.{path.stem}"
        for path in PACKAGE.iterdir()
        if (path.is_dir() and (path / "__init__.py").exists())
        or (path.suffix == ".py" and path.stem != "__init__")
    }
    listed = set().union(*_layers())
    assert top_level - listed == set(), "add these to the layers contract in pyproject.toml"
    assert listed - top_level == set()


def test_the_real_order_is_written_down() -> None:
    """What the code does today, made explicit: the server sits beside the window and the
    command line, above the operations; sync below the operations; the store and invoices
    side by side (a renderer never reads the store); domain at the bottom."""
    order = {name: n for n, layer in enumerate(_layers()) for name in layer}
    assert order["advisor_desk.server"] == order["advisor_desk.ui"] == order["advisor_desk.cli"]
    assert (
        order["advisor_desk.app"]
        < order["advisor_desk.server"]
        < order["advisor_desk.services"]
        < order["advisor_desk.sync"]
        < order["advisor_desk.store"]
        < order["advisor_desk.domain"]
    )
    assert order["advisor_desk.invoices"] == order["advisor_desk.store"]
