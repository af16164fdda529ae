"""Widgets never run SQL (docs/architecture.md): no module of ui/ imports SQLAlchemy, even
inside a function or for type hints (lint-imports checks the same as "the window runs no
SQL", with no exceptions)."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "src" / "advisor_desk" / "ui"


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_no_ui_module_imports_sqlalchemy() -> None:
    offenders = sorted(
        str(path.relative_to(ROOT))
        for path in UI.rglob("*.py")
        if any(name.split(".")[0] == "sqlalchemy" for name in _imports(path))
    )
    assert offenders == []


def test_the_contract_is_there_without_exceptions() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [contract] = [
        c
        for c in config["tool"]["importlinter"]["contracts"]
        if c["name"] == "the window runs no SQL"
    ]
    assert contract["source_modules"] == ["advisor_desk.ui"]
    assert contract["forbidden_modules"] == ["sqlalchemy"]
    assert not contract.get("ignore_imports")
