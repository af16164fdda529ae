"""The hub: one view across every client (issue 19).

- `figures.py`: the clients-at-a-glance table as SQL (one aggregate per figure family,
  sorted, filtered and paged in SQL), the month's charges from services/billing.
- `table.py`: the refresh's table: every client's figures read once, then sorted, filtered
  and paged in memory (`client_page`, `count_clients`), checked against the SQL;
- `sums.py`: the filtered clients' totals (alone, or beside the first page in one statement);
- `screen.py`: what the hub shows first, in one read session (the window and the benchmark);
- `risks.py`: the 5×5 heat map, a cell's (client, risk) pairs, the top risks.
- `months.py`: twelve months of the business (billing's figures per month, prospects).
- `export.py`: the table as CSV or XLSX (the standard library's zipfile when openpyxl is
  missing), and the JSON of `advisor-desk dashboard`.

Every query takes `(session, partner)` explicitly (run it with `services.ops.run_query`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor_desk.services.lazy import lazy_exports

if TYPE_CHECKING:  # imported when first used (services/lazy.py)
    from advisor_desk.services.hub.figures import (
        ATTENTION_WORDS,
        Attention,
        ClientFigures,
        Column,
        HubFilter,
        HubQuery,
        MonthFigures,
        client_page_sql,
        count_clients_sql,
        month_figures,
    )
    from advisor_desk.services.hub.risks import RiskPair, heatmap, risks_in_cell, top_risks
    from advisor_desk.services.hub.sums import page_and_totals, totals, totals_sql
    from advisor_desk.services.hub.table import client_page, count_clients

__all__ = [
    "ATTENTION_WORDS",
    "Attention",
    "ClientFigures",
    "Column",
    "HubFilter",
    "HubQuery",
    "MonthFigures",
    "RiskPair",
    "client_page",
    "client_page_sql",
    "count_clients",
    "count_clients_sql",
    "heatmap",
    "month_figures",
    "page_and_totals",
    "risks_in_cell",
    "top_risks",
    "totals",
    "totals_sql",
]
__getattr__, __dir__ = lazy_exports(
    __name__,
    __all__,
    {
        ".figures": (
            "ATTENTION_WORDS",
            "Attention",
            "ClientFigures",
            "Column",
            "HubFilter",
            "HubQuery",
            "MonthFigures",
            "client_page_sql",
            "count_clients_sql",
            "month_figures",
        ),
        ".risks": ("RiskPair", "heatmap", "risks_in_cell", "top_risks"),
        ".sums": ("page_and_totals", "totals", "totals_sql"),
        ".table": ("client_page", "count_clients"),
    },
)
