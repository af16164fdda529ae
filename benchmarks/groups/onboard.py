"""Group `onboard`: onboarding one client from a big template, to committed.

- `onboard.template_200_items`: `services.onboarding.onboard_client` from a template with
  200 content items and 50 starter risks (Risk & Compliance), one transaction with its
  outbox mutations, against bare `sqlite3` doing the same job on a copy of the same store:
  read the template's content and risks, insert the client, its billing model, 200
  content rows, 50 risks and one outbox row per insert, and commit. Both sides' rows are
  counted afterwards and must match (a baseline doing less would flatter the app).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import shutil
import sqlite3
import uuid
from pathlib import Path

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.licenses import ContentKind, LicenseTier
from advisor_desk.services.billing.partners import create_partner
from advisor_desk.services.clients.onboarding import onboard_client
from advisor_desk.services.library.content import add_item
from advisor_desk.services.templates.plan import PlannedRisk, TemplateDraft, save_template
from advisor_desk.store.engine import STORE_FILE, open_store
from groups import Context, Result, median_seconds

ITEMS, RISKS = 200, 50
NAME = "Big engagement"
KINDS = (ContentKind.FRAMEWORK, ContentKind.CONTROL_SET, ContentKind.POLICY, ContentKind.PLAYBOOK)


def run(ctx: Context) -> list[Result]:
    items, risks = ctx.scaled(ITEMS), ctx.scaled(RISKS)
    folder = ctx.scratch("onboard")
    ctx.log(f"onboard: a template with {items} content items and {risks} starter risks")
    store = open_store(folder / "app")
    create_partner(store, name="Bench Partners")
    content = [
        add_item(store, title=f"Item {n:03d}", kind=KINDS[n % len(KINDS)], tags=["bench"]).id
        for n in range(items)
    ]
    library = add_item(store, title="Risk library", kind=ContentKind.RISK_LIBRARY, tags=["b"]).id
    save_template(
        store,
        TemplateDraft(
            name=NAME,
            license_tier=LicenseTier.RISK_COMPLIANCE,
            billing_model=BillingModel.RESELLER,
            content_ids=tuple(content),
            risks=tuple(PlannedRisk(library, f"Risk {n:02d}", 3, 4) for n in range(risks)),
        ),
    )
    store.close()
    shutil.copytree(folder / "app", folder / "raw")
    repeats = ctx.repeats(full=15, quick=5)
    app_names = (f"App client {n}" for n in itertools.count())
    store = open_store(folder / "app")
    try:
        app = median_seconds(
            lambda _: onboard_client(store, template=NAME, name=next(app_names)), repeats=repeats
        )
    finally:
        store.close()
    raw_names = (f"Raw client {n}" for n in itertools.count())
    connection = _connect(folder / "raw" / STORE_FILE)
    try:
        raw = median_seconds(lambda _: _raw_onboard(connection, next(raw_names)), repeats=repeats)
    finally:
        connection.close()
    note = f"{items} items + {risks} risks, {repeats} onboardings each"
    app_rows, raw_rows = _counts(folder / "app" / STORE_FILE), _counts(folder / "raw" / STORE_FILE)
    if app_rows != raw_rows:
        note += f"; ROW COUNTS DIFFER app {app_rows} raw {raw_rows}"
        ctx.log(f"onboard: WARNING the two sides wrote different rows: {app_rows} / {raw_rows}")
    return [Result("onboard.template_200_items", app, "s", raw, note)]


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("PRAGMA busy_timeout=10000")
    return connection


def _raw_onboard(db: sqlite3.Connection, name: str) -> None:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    today = dt.date.today().isoformat()
    db.execute("BEGIN IMMEDIATE")
    partner_id, template_id, revision = db.execute(
        "SELECT partner_id, id, revision FROM client_template WHERE name = ? AND deleted = 0",
        (NAME,),
    ).fetchone()
    content = db.execute(
        "SELECT content_id FROM template_content WHERE template_id = ? AND deleted = 0",
        (template_id,),
    ).fetchall()
    risks = db.execute(
        "SELECT content_id, title, likelihood, impact FROM template_risk "
        "WHERE template_id = ? AND deleted = 0",
        (template_id,),
    ).fetchall()
    base = (0, 0, 0, now, partner_id)
    sync = "version, base_version, deleted, updated_at, partner_id"
    client_id = str(uuid.uuid4())
    outbox: list[tuple[str, str, str]] = []
    db.execute(
        f"INSERT INTO client (id, name, domain, employees, created, archived, tags, template_id, "
        f"template_version, {sync}) VALUES (?, ?, '', NULL, ?, NULL, '[]', ?, ?, ?, ?, ?, ?, ?)",
        (client_id, name, today, template_id, revision, *base),
    )
    client = {
        "name": name,
        "domain": "",
        "employees": None,
        "created": today,
        "archived": None,
        "tags": [],
        "template_id": template_id,
        "template_version": revision,
    }
    outbox.append(("client", client_id, json.dumps(client, sort_keys=True)))
    model_id = str(uuid.uuid4())
    db.execute(
        f"INSERT INTO client_billing_model (id, client_id, effective_from, model, {sync}) "
        "VALUES (?, ?, ?, 'reseller', ?, ?, ?, ?, ?)",
        (model_id, client_id, today[:7], *base),
    )
    model = {"client_id": client_id, "effective_from": today[:7], "model": "reseller"}
    outbox.append(("client_billing_model", model_id, json.dumps(model, sort_keys=True)))
    rows = [(str(uuid.uuid4()), client_id, c, *base) for (c,) in content]
    db.executemany(
        f"INSERT INTO client_content (id, client_id, content_id, {sync}) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    outbox += [
        ("client_content", r[0], json.dumps({"client_id": client_id, "content_id": r[2]}))
        for r in rows
    ]
    # the grants' history (billing-rules.md, rule 7): one open interval per item
    grants = [(str(uuid.uuid4()), client_id, c, today, *base) for (c,) in content]
    db.executemany(
        f'INSERT INTO content_grant (id, client_id, content_id, start, "end", {sync}) '
        "VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)",
        grants,
    )
    outbox += [
        (
            "content_grant",
            g[0],
            json.dumps(
                {"client_id": client_id, "content_id": g[2], "end": None, "start": today},
                sort_keys=True,
            ),
        )
        for g in grants
    ]
    risk_rows = [(str(uuid.uuid4()), client_id, *risk, *base) for risk in risks]
    db.executemany(
        f"INSERT INTO client_risk (id, client_id, content_id, title, likelihood, impact, {sync}) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        risk_rows,
    )
    keys = ("client_id", "content_id", "title", "likelihood", "impact")
    outbox += [
        ("client_risk", r[0], json.dumps(dict(zip(keys, r[1:6], strict=True)), sort_keys=True))
        for r in risk_rows
    ]
    db.executemany(
        "INSERT INTO outbox (entity, row_id, op, base_version, fields_json, created_at) "
        "VALUES (?, ?, 'insert', 0, ?, ?)",
        [(entity, row_id, fields, now) for entity, row_id, fields in outbox],
    )
    db.execute("COMMIT")


def _counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        tables = (
            "client",
            "client_billing_model",
            "client_content",
            "content_grant",
            "client_risk",
            "outbox",
        )
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}  # noqa: S608
    finally:
        db.close()
