"""Client teams: create, edit, archive, onboard from a template, import a CSV, undo.

Modules: `teams` (the client rows), `onboarding` / `onboarding_review` (a new client from a
template; `recipes`, the templates as onboarding reads them), `csv_import`, `undo` (taking an
onboarding back), `plan` (risks and assessments),
`tree` (the window's partner/client tree queries).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor_desk.services.lazy import lazy_exports

if TYPE_CHECKING:  # imported when first used (services/lazy.py)
    from advisor_desk.services.clients.csv_import import import_clients_csv
    from advisor_desk.services.clients.onboarding import NewClient, NewMember, onboard_client
    from advisor_desk.services.clients.teams import ClientSummary, get_client, list_clients
    from advisor_desk.services.clients.undo import ClientCreation

__all__ = [
    "ClientCreation",
    "ClientSummary",
    "NewClient",
    "NewMember",
    "get_client",
    "import_clients_csv",
    "list_clients",
    "onboard_client",
]
__getattr__, __dir__ = lazy_exports(
    __name__,
    __all__,
    {
        ".csv_import": ("import_clients_csv",),
        ".onboarding": ("NewClient", "NewMember", "onboard_client"),
        ".teams": ("ClientSummary", "get_client", "list_clients"),
        ".undo": ("ClientCreation",),
    },
)
