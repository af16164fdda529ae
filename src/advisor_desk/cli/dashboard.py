"""`advisor-desk dashboard`: the hub's clients at a glance, heat map and totals as a table,
JSON (issue 19's shape; amounts as strings, the same month's charges as `billing`) or CSV.

Charges and referral are billing figures: for a role the permission table refuses billing
they are null (JSON) or left out (table, CSV), as the window hides them."""

from __future__ import annotations

import argparse
import json
from typing import Any

from sqlalchemy.orm import Session

from advisor_desk.cli.common import opened_store, out
from advisor_desk.domain.permissions import Action, can
from advisor_desk.services.clock import today
from advisor_desk.services.hub import (
    Column,
    HubFilter,
    HubQuery,
    client_page,
    heatmap,
    month_figures,
    totals,
)
from advisor_desk.services.hub.export import as_csv, dashboard_json
from advisor_desk.services.ops import run_query
from advisor_desk.services.whoami import whoami
from advisor_desk.store.models import Partner

BILLING_TOTALS = ("consolidated_total", "direct_invoices_total", "referral_total")


def add_command(commands: Any) -> None:
    dash = commands.add_parser("dashboard", help="every client at a glance (the hub)")
    dash.add_argument(
        "--attention", action="store_true", help="only clients needing attention (with why)"
    )
    dash.add_argument("--tag", default="", metavar="TAG")
    dash.add_argument("--tier", default="", choices=("", "free", "just_risk", "risk_compliance"))
    dash.add_argument("--billing-model", default="", choices=("", "direct", "reseller"))
    dash.add_argument("--sort", default="name", choices=[c.value for c in Column])
    dash.add_argument("--descending", action="store_true")
    dash.add_argument("--format", choices=("table", "json", "csv"), default="table")
    dash.set_defaults(handler="dashboard:show")


def _gather(session: Session, partner: Partner, args: argparse.Namespace) -> dict[str, Any]:
    me = whoami(session)
    month = month_figures(session, partner, today(partner.timezone))
    flt = HubFilter(
        tag=args.tag,
        tier=args.tier,
        billing_model=args.billing_model,
        attention="any" if args.attention else "",
    )
    query = HubQuery(flt, Column(args.sort), args.descending)
    clients = client_page(session, partner, month, query, limit=None)
    sums = totals(session, partner, month, flt)
    billing = can(me.role, Action.BILLING)
    if not billing:
        for key in BILLING_TOTALS:
            sums.pop(key, None)
    document = dashboard_json(clients, heatmap(session, partner), sums)
    if not billing:
        for row in document["clients"]:
            row["charge"] = row["referral"] = None
    return {"document": document, "clients": clients, "billing": billing}


def show(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        got = run_query(store, _gather, args)
    document = got["document"]
    if args.format == "json":
        out(json.dumps(document, indent=2, ensure_ascii=False))
    elif args.format == "csv":
        out(as_csv(got["clients"], billing=got["billing"]).rstrip("\n"))
    else:
        out(as_table(document, billing=got["billing"]))
    return 0


def as_table(document: dict[str, Any], *, billing: bool) -> str:
    heads = [
        "Client",
        "Licenses",
        "Charge",
        "Referral",
        "Extreme",
        "High",
        "Overdue",
        "In progress",
        "Last activity",
        "Needs attention",
    ]
    if not billing:
        heads = [h for h in heads if h not in ("Charge", "Referral")]
    rows = []
    for c in document["clients"]:
        cells = [
            c["name"],
            str(sum(c["licenses"].values())),
            c["charge"] or "",
            c["referral"] or "",
            str(c["risks"]["Extreme"]),
            str(c["risks"]["High"]),
            str(c["assessments"]["overdue"]),
            str(c["assessments"]["in_progress"]),
            c["last_activity"] or "",
            "; ".join(c["attention"]),
        ]
        rows.append(cells if billing else cells[:2] + cells[4:])
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(heads)
    ]
    numeric = {"Licenses", "Charge", "Referral", "Extreme", "High", "Overdue", "In progress"}

    def line(cells: list[str]) -> str:
        return "  ".join(
            cell.rjust(w) if head in numeric else cell.ljust(w)
            for cell, w, head in zip(cells, widths, heads, strict=True)
        ).rstrip()

    t = document["totals"]
    lines = [line(heads), line(["-" * w for w in widths]), *(line(r) for r in rows), ""]
    summary = f"{t['clients']} clients, {t['attention']} need attention; risks " + ", ".join(
        f"{k} {v}" for k, v in t["risks"].items()
    )
    lines.append(summary)
    if billing and "consolidated_total" in t:
        lines.append(
            f"{t['period']}: consolidated {t['consolidated_total']} {t['currency']}, "
            f"direct invoices {t['direct_invoices_total']}, referral {t['referral_total']}"
        )
    return "\n".join(lines)
