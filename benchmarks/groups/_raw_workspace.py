"""The baseline of `store.import_*`: a workspace file loaded with nothing but json + sqlite3.

It does the job the app's importer does, minus validation: parse the bytes, give every row a
UUID, resolve names to ids, write every table's rows and one outbox row per inserted row
(the same columns and values the app writes) with `executemany`, in one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from collections import defaultdict
from decimal import Decimal
from typing import Any

MONEY = Decimal(10) ** 4  # store.types: money is an integer of 1/10,000
RATE = Decimal(10) ** 6
SYNC = ("id", "version", "base_version", "deleted", "updated_at", "partner_id")


def _dumps(fields: dict[str, Any]) -> str:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"))


class _Rows:
    def __init__(self, partner_id: str) -> None:
        self.partner_id = partner_id
        self.now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        self.stamp = self.now.isoformat(sep=" ")
        self.tables: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = {}
        self.outbox: list[tuple[Any, ...]] = []

    def add(self, table: str, db: dict[str, Any], out: dict[str, Any] | None = None) -> str:
        row_id = str(uuid.uuid4())
        if table not in self.tables:
            self.tables[table] = ([*db, *SYNC], [])
        pid = row_id if table == "partner" else self.partner_id
        self.tables[table][1].append((*db.values(), row_id, 0, 0, 0, self.stamp, pid))
        fields = db if out is None else out
        self.outbox.append((table, row_id, "insert", 0, _dumps(fields), self.stamp))
        return row_id


def _money(text: str | None) -> int | None:
    return None if text is None else int(Decimal(text) * MONEY)


def _rate(text: str) -> int:
    return int(Decimal(text) * RATE)


def _partner(rows: _Rows, partner: dict[str, Any]) -> None:
    fields = {"name": partner["name"], "timezone": partner["timezone"], "locale": "en_AU"}
    rows.partner_id = rows.add("partner", fields)
    agreement = partner["agreement"]
    prices = agreement["license_price"]
    out = {
        "currency": agreement["currency"],
        "advisor_fee": agreement["advisor_fee"],
        "price_free": prices["free"],
        "price_just_risk": prices["just_risk"],
        "price_risk_compliance": prices["risk_compliance"],
        "referral_rate": agreement["referral_rate"],
        "tax_rate": agreement["tax_rate"],
        "effective_from": agreement["from"],
    }
    db = {k: (_money(v) if k.startswith(("price", "advisor")) else v) for k, v in out.items()}
    db["referral_rate"], db["tax_rate"] = _rate(out["referral_rate"]), _rate(out["tax_rate"])
    rows.add("agreement", db, out)
    resale = partner["resale"]
    text = {k: v for k, v in resale.items() if k not in ("license_price", "tax_rate")}
    out = {
        "price_just_risk": resale["license_price"]["just_risk"],
        "price_risk_compliance": resale["license_price"]["risk_compliance"],
        "tax_rate": resale["tax_rate"],
        **text,
        "logo_png": None,
    }
    db = dict(out)
    db["price_just_risk"] = _money(out["price_just_risk"])
    db["price_risk_compliance"] = _money(out["price_risk_compliance"])
    db["tax_rate"] = _rate(out["tax_rate"])
    rows.add("resale_settings", db, out)


def _library(rows: _Rows, data: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    content: dict[str, str] = {}
    for item in data["content"]:
        out = {
            "title": item["title"],
            "kind": item["kind"],
            "library": item["library"],
            "item_version": item["version"],
            "description": "",
            "price": item["price"],
            "published": item["published"],
            "locked": item["locked"],
            "tags": item["tags"],
        }
        db = {**out, "price": _money(item["price"]), "tags": json.dumps(item["tags"])}
        content[item["title"]] = rows.add("content_item", db, out)
    templates: dict[str, str] = {}
    for template in data["templates"]:
        fields = {
            "name": template["name"],
            "description": "",
            "license_tier": template["license_tier"],
            "billing_model": template["billing_model"],
            "members": template["members"],
            "revision": 1,
            "archived": False,
        }
        template_id = templates[template["name"]] = rows.add("client_template", fields)
        for title in template["content"]:
            link = {"template_id": template_id, "content_id": content[title]}
            rows.add("template_content", link)
    return content, templates


def _clients(
    rows: _Rows, data: dict[str, Any], content: dict[str, str], templates: dict[str, str]
) -> dict[str, str]:
    ids: dict[str, str] = {}
    for client in data["clients"]:
        template = client["template"]
        out = {
            "name": client["name"],
            "domain": client["domain"],
            "employees": client["employees"],
            "created": client["created"],
            "archived": client["archived"],
            "tags": client["tags"],
            "template_id": None if template is None else templates[template],
            "template_version": None if template is None else 1,
        }
        client_id = ids[client["name"]] = rows.add(
            "client", {**out, "tags": json.dumps(client["tags"])}, out
        )
        for month, model in client["billing_model"]:
            fields = {"client_id": client_id, "effective_from": month, "model": model}
            rows.add("client_billing_model", fields)
        for member in client["members"]:
            fields = {"client_id": client_id, "email": member["email"], "name": member["name"]}
            member_id = rows.add("member", fields)
            for tier, start, end in member["licenses"]:
                fields = {"member_id": member_id, "tier": tier, "start": start, "end": end}
                rows.add("member_license", fields)
        for title in client["content"]:
            rows.add("client_content", {"client_id": client_id, "content_id": content[title]})
    return ids


def _advisors(rows: _Rows, data: dict[str, Any], clients: dict[str, str]) -> None:
    for advisor in data["advisors"]:
        fields = {"email": advisor["email"], "name": advisor["name"], "role": advisor["role"]}
        advisor_id = rows.add("advisor", fields)
        for start, end in advisor["active"]:
            rows.add("advisor_activity", {"advisor_id": advisor_id, "start": start, "end": end})
        for name in advisor["client_access"]:
            rows.add("advisor_access", {"advisor_id": advisor_id, "client_id": clients[name]})


def load(connection: sqlite3.Connection, data: bytes) -> int:
    """Write the workspace in `data` into an empty store; the number of rows written."""
    workspace = json.loads(data)
    rows = _Rows(partner_id="")
    _partner(rows, workspace["partner"])
    content, templates = _library(rows, workspace)
    clients = _clients(rows, workspace, content, templates)
    _advisors(rows, workspace, clients)
    written = 0
    connection.execute("BEGIN IMMEDIATE")
    for table, (columns, values) in rows.tables.items():
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" * len(columns))
        connection.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", values)
        written += len(values)
    connection.executemany(
        "INSERT INTO outbox (entity, row_id, op, base_version, fields_json, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        rows.outbox,
    )
    connection.execute("COMMIT")
    return written + len(rows.outbox)


def table_counts(connection: sqlite3.Connection) -> dict[str, int]:
    """Rows per table (to check the baseline wrote what the app wrote)."""
    names = [
        r[0]
        for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'alembic_version'"
        )
    ]
    counts: dict[str, int] = defaultdict(int)
    for name in names:
        counts[name] = connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
    return dict(counts)
