"""The workspace file: the whole of a partner's data out (`export`) and in (`import`).

Format: ../shared/design/cli-and-formats.md and docs/workspace-format.md.

- `export_workspace(store) -> bytes`; the query `read_workspace(session, partner)`.
- `import_workspace(store, data, *, merge=False, source=...) -> ImportSummary`
  (`import_workspace_result`: the same as an `OpResult`, with its changes);
  `import_workspace_data(store, value, ...)` for a JSON value built in memory.
- `validate_workspace(value) -> Workspace` (pydantic models, models*.py) and the operation
  `load_workspace(session, partner | None, workspace, *, merge)`: the two halves of an
  import, for code that builds a Workspace itself (demo data).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor_desk.services.lazy import lazy_exports

if TYPE_CHECKING:  # imported when first used (services/lazy.py)
    from advisor_desk.services.workspace.export import export_workspace, read_workspace
    from advisor_desk.services.workspace.load import (
        import_workspace,
        import_workspace_data,
        import_workspace_result,
        load_workspace,
    )
    from advisor_desk.services.workspace.records import Workspace
    from advisor_desk.services.workspace.summary import ImportSummary
    from advisor_desk.services.workspace.validate import read_workspace_file, validate_workspace
    from advisor_desk.services.workspace.writer import to_data, to_json

__all__ = [
    "ImportSummary",
    "Workspace",
    "export_workspace",
    "import_workspace",
    "import_workspace_data",
    "import_workspace_result",
    "load_workspace",
    "read_workspace",
    "read_workspace_file",
    "to_data",
    "to_json",
    "validate_workspace",
]
__getattr__, __dir__ = lazy_exports(
    __name__,
    __all__,
    {
        ".export": ("export_workspace", "read_workspace"),
        ".load": (
            "import_workspace",
            "import_workspace_data",
            "import_workspace_result",
            "load_workspace",
        ),
        ".records": ("Workspace",),
        ".summary": ("ImportSummary",),
        ".validate": ("read_workspace_file", "validate_workspace"),
        ".writer": ("to_data", "to_json"),
    },
)
