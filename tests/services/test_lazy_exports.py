"""The service packages' public names are lazy (services/lazy.py): importing one submodule
costs only that submodule, and every public name still resolves, with the same value as
from its submodule; `__all__`, the lazy table and the `if TYPE_CHECKING:` imports agree."""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

import advisor_desk.services as services
from advisor_desk.services.lazy import lazy_exports

PACKAGES = sorted(
    f"{services.__name__}.{m.name}" for m in pkgutil.iter_modules(services.__path__) if m.ispkg
)
LAZY = [name for name in PACKAGES if not name.endswith(".demo")]  # demo defines make_demo


def _type_checking_imports(package: str) -> dict[str, str]:
    """{name: absolute module} of the `if TYPE_CHECKING:` imports of the package's __init__."""
    module = importlib.import_module(package)
    assert module.__file__ is not None
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom)
                assert statement.module
                for alias in statement.names:
                    found[alias.asname or alias.name] = statement.module
    return found


def _fresh_modules(code: str) -> list[str]:
    """The modules loaded by `code` in a new interpreter."""
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    return list(json.loads(done.stdout.splitlines()[-1]))


def test_every_service_package_is_lazy() -> None:
    assert len(LAZY) >= 8
    for package in LAZY:
        module = importlib.import_module(package)
        assert callable(getattr(module, "__getattr__", None)), package


@pytest.mark.parametrize("package", LAZY)
def test_every_public_name_resolves_to_its_submodules_value(package: str) -> None:
    module = importlib.import_module(package)
    imports = _type_checking_imports(package)
    assert sorted(module.__all__) == sorted(imports), "__all__ and the TYPE_CHECKING imports"
    assert len(set(module.__all__)) == len(module.__all__)
    for name in module.__all__:
        source = importlib.import_module(imports[name])
        assert getattr(module, name) is getattr(source, name), f"{package}.{name}"
        assert name in dir(module)
    namespace: dict[str, object] = {}
    exec(f"from {package} import *", namespace)  # noqa: S102 - the star import uses __all__
    assert set(module.__all__) <= namespace.keys()
    with pytest.raises(AttributeError, match="has no attribute 'no_such_name'"):
        _ = module.no_such_name


@pytest.mark.parametrize("package", LAZY)
def test_importing_the_package_imports_none_of_its_submodules(package: str) -> None:
    loaded = _fresh_modules(f"import {package}")
    assert [m for m in loaded if m.startswith(f"{package}.")] == []


def test_one_submodule_costs_only_that_submodule() -> None:
    """The window's queries load neither issuing (PDFs: reportlab), nor the workspace
    import (pydantic), nor onboarding; the demo generator loads no issuing either."""
    loaded = set(
        _fresh_modules(
            "import advisor_desk.services.billing.charges, advisor_desk.services.clients.tree\n"
            "import advisor_desk.services.hub.screen, advisor_desk.services.people.advisors"
        )
    )
    heavy = {
        "reportlab",
        "pydantic",
        "advisor_desk.services.billing.issuing",
        "advisor_desk.services.clients.onboarding",
        "advisor_desk.services.workspace.load",
    }
    assert heavy & loaded == set()
    loaded = set(_fresh_modules("import advisor_desk.services.demo.generator"))
    assert {"reportlab", "advisor_desk.services.billing.issuing"} & loaded == set()


def test_a_table_that_disagrees_with_all_fails_at_import() -> None:
    with pytest.raises(ValueError, match=r"not in __all__: \['b'\]"):
        lazy_exports("p", ["a"], {".m": ("a", "b")})
    with pytest.raises(ValueError, match=r"no submodule for: \['c'\]"):
        lazy_exports("p", ["a", "c"], {".m": ("a",)})
    with pytest.raises(ValueError, match="exported by two submodules"):
        lazy_exports("p", ["a"], {".m": ("a",), ".n": ("a",)})


def test_a_name_is_imported_once_then_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    package = types.ModuleType("lazy_probe")
    monkeypatch.setitem(sys.modules, "lazy_probe", package)
    source = types.ModuleType("lazy_probe.part")
    source.value = 42  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "lazy_probe.part", source)
    getter, lister = lazy_exports("lazy_probe", ["value"], {".part": ("value",)})
    assert getter("value") == 42
    assert vars(package)["value"] == 42  # later reads skip the hook
    assert "value" in lister()
