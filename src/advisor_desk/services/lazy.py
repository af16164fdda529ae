"""Lazy public names for the service packages (PEP 562), so that importing one submodule
costs only that submodule.

A package's `__init__` lists its public names and the submodule each comes from; the first
time a name is read (`billing.issue_period`, `from advisor_desk.services.billing import
issue_period`) its submodule is imported and the value kept on the package, so later reads
are plain attribute reads. The same imports sit under `if TYPE_CHECKING:`, for mypy and
import-linter (tests/services/test_lazy_exports.py checks the two agree, and `__all__`):

    if TYPE_CHECKING:
        from advisor_desk.services.billing.charges import charges_for_period

    __all__ = ["charges_for_period"]
    __getattr__, __dir__ = lazy_exports(__name__, __all__, {".charges": ("charges_for_period",)})

A source is a module name as `importlib.import_module(name, package)` takes it: relative to
the package (".charges") or absolute (a name re-exported from another package).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping

Getattr = Callable[[str], object]
Dir = Callable[[], list[str]]


def lazy_exports(
    package: str, public: Iterable[str], sources: Mapping[str, Iterable[str]]
) -> tuple[Getattr, Dir]:
    """The package's `__getattr__` and `__dir__` for `sources` ({module: names}).

    `public` (the package's `__all__`) must name exactly the names of `sources`: a name
    exported twice or left out fails here, at import, not at first use.
    """
    where: dict[str, str] = {}
    for module, names in sources.items():
        for name in names:
            if name in where:
                raise ValueError(f"{package}: {name!r} is exported by two submodules")
            where[name] = module
    listed = set(public)
    if listed != where.keys():
        missing = sorted(where.keys() - listed)
        unknown = sorted(listed - where.keys())
        raise ValueError(
            f"{package}: __all__ does not match the lazy exports "
            f"(not in __all__: {missing}; no submodule for: {unknown})"
        )

    def __getattr__(name: str) -> object:  # noqa: N807 - the module hook's name (PEP 562)
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        setattr(sys.modules[package], name, value)  # found directly from now on
        return value

    def __dir__() -> list[str]:  # noqa: N807
        return sorted(set(vars(sys.modules[package])) | where.keys())

    return __getattr__, __dir__
