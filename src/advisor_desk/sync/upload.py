"""Uploading a firm made offline to an empty partner on a server (the laptop's side).

`upload_firm` sends every synced row (tombstones too) with its own id, and the number series, to
`/v1/upload…` (server/upload.py), which applies them in one transaction. Then the laptop
forgets its copy (`forget_local`) and downloads the partner from the server like any
laptop that logs in, so it holds what every other laptop will: the server's partner id,
the server's agreement, versions, and nothing waiting to be pushed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, inspect, select, text
from sqlalchemy.orm import Session

from advisor_desk.store.base import SYNC_COLUMNS, Base, table_of
from advisor_desk.store.engine import Store
from advisor_desk.store.models import SYNCED_MODELS, NumberSeries, Partner
from advisor_desk.store.outbox import APPLYING_SYNC
from advisor_desk.sync import local
from advisor_desk.sync.codec import encode_fields
from advisor_desk.sync.transport import SyncError, Transport

PAGE_ROWS = 1000
PAGE_BYTES = 2 * 1024 * 1024  # the server takes bodies up to 8 MiB
# Local bookkeeping that goes with the data it was about.
LOCAL_TABLES = ("outbox", "conflicts", "sync_rejection", "number_series", "sync_parked")
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Uploaded:
    rows: int
    pages: int


def firm_rows(session: Session) -> Iterator[dict[str, Any]]:
    """Every synced row, parents first, as `{"entity", "id", "deleted", "fields"}`: the
    tombstones too (an issued document may name a client removed since, as pulls keep)."""
    for model in SYNCED_MODELS:
        entity = model.__tablename__
        names = [c.key for c in inspect(model).columns if c.key not in SYNC_COLUMNS]
        for row in session.scalars(select(model).order_by(model.deleted, model.id)):
            values = {name: getattr(row, name) for name in names}
            yield {
                "entity": entity,
                "id": row.id,
                "deleted": bool(row.deleted),
                "fields": encode_fields(entity, values),
            }


def pages(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """The rows in pages of at most PAGE_ROWS rows and about PAGE_BYTES of JSON (a body
    stays well under the server's limit, files and logos included)."""
    page: list[dict[str, Any]] = []
    size = 0
    for row in rows:
        weight = len(json.dumps(row, separators=(",", ":")))
        if page and (len(page) >= PAGE_ROWS or size + weight > PAGE_BYTES):
            yield page
            page, size = [], 0
        page.append(row)
        size += weight
    if page:
        yield page


def number_series(session: Session, partner_id: str) -> list[dict[str, Any]]:
    rows = session.scalars(select(NumberSeries).where(NumberSeries.partner_id == partner_id))
    return [
        {"key": r.key, "prefix": r.prefix, "width": r.width, "last_number": r.last_number}
        for r in rows
    ]


def count_rows(store: Store) -> int:
    with store.read() as session:
        return sum(1 for _ in firm_rows(session))


def check_server(transport: Transport) -> str:
    """The server partner's name; SyncError saying why it cannot take an upload."""
    answer = transport.request("GET", "/v1/upload")
    if answer.get("refused"):
        raise SyncError(str(answer["refused"]))
    return str(answer.get("partner", ""))


def already_there(store: Store, transport: Transport) -> bool:
    """Whether the server partner holds this store's firm already (an upload that finished
    while its answer was lost): every one of a sample of its row ids is there."""
    with store.read() as session:
        sample: list[str] = []
        for model in SYNCED_MODELS:
            if model.__tablename__ in {"partner", "agreement", "advisor", "advisor_activity"}:
                continue  # the server keeps its own (ids may differ)
            sample.extend(session.scalars(select(model.id).order_by(model.id).limit(20)))
            if len(sample) >= 100:
                break
    if not sample:
        return False
    answer = transport.request("POST", "/v1/upload/probe", json={"ids": sample[:200]})
    return int(answer.get("found", 0)) == len(sample[:200])


def upload_firm(store: Store, transport: Transport, progress: Progress | None = None) -> Uploaded:
    """Send this store's firm to the (empty) partner `transport` is logged in to."""
    with store.read() as session:
        partner_id = session.scalars(select(Partner.id).where(Partner.deleted.is_(False))).first()
        if partner_id is None:
            raise SyncError("this data folder holds no firm to upload")
        rows = list(firm_rows(session))
        series = number_series(session, partner_id)
    sent = count = 0
    for page in pages(rows):
        body = {"start": count == 0, "rows": page}
        transport.request("POST", "/v1/upload/rows", json=body)
        count += 1
        sent += len(page)
        if progress is not None:
            progress(sent, len(rows), "uploading")
    transport.request("POST", "/v1/upload/finish", json={"number_series": series})
    return Uploaded(len(rows), count)


def forget_local(session: Session) -> None:
    """Remove the store's synced rows and the bookkeeping about them (inside the caller's
    write transaction, written as a sync: nothing goes to the outbox)."""
    session.info[APPLYING_SYNC] = True
    tables = Base.metadata.tables
    for model in reversed(SYNCED_MODELS):
        session.execute(delete(table_of(model)))
    present = set(inspect(session.connection()).get_table_names())
    for name in LOCAL_TABLES:
        if name in tables:
            session.execute(delete(tables[name]))
        elif name in present:
            session.execute(text(f'DELETE FROM "{name}"'))
    state = local.state_row(session)
    state.cursor, state.epoch = 0, None
