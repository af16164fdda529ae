"""Uploading a firm made offline to an empty partner on the server (`advisor-desk connect
--upload`, "Connect to a server…").

The laptop sends its rows in pages (`POST /v1/upload/rows`, kept in `srv_upload_row`), then
`POST /v1/upload/finish` applies them all in one transaction, each with its own id (issued
documents with their numbers), stamped with versions like any write, so every laptop that
logs in then downloads them. Only an administrator may upload, and only to a partner that
holds nothing beyond what `advisor-desk-server partner create` and `advisor add` make
(itself, its agreement, advisors and their activity); otherwise 409 says what it holds.

Kept from the server: the partner's id (the laptop's rows take it), the agreement (set on
the server) and each advisor the server already knows by e-mail (the laptop's rows for that
advisor take the server's id, and the server's role; the laptop's activity replaces the one
`partner create` made). The partner's name, time zone and locale come from the laptop.
The number series continue after the highest number the laptop issued.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any

from fastapi import BackgroundTasks, FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from advisor_desk.server import auth
from advisor_desk.server.db import ServerDB
from advisor_desk.server.invitations import base_url_of, send_due
from advisor_desk.server.invite_upload_models import UploadRow
from advisor_desk.server.models import RowMeta
from advisor_desk.server.tenancy import SERVER_ONLY, Caller
from advisor_desk.server.versioning import DEVICE, lock_clock
from advisor_desk.store.base import table_of
from advisor_desk.store.models import (
    ENTITY_MODELS,
    Advisor,
    AdvisorActivity,
    NumberSeries,
    Partner,
)
from advisor_desk.sync.codec import FieldError, decode_row, entity_field_names

SKELETON = {"partner", "agreement", "resale_settings", "advisor", "advisor_activity"}
MAX_ROWS = 2000  # rows per page


class UploadRowIn(BaseModel):
    entity: str = Field(max_length=64)
    id: str = Field(min_length=1, max_length=36)
    deleted: bool = False  # a tombstone (kept: live rows may refer to it)
    fields: dict[str, Any]


class RowsIn(BaseModel):
    start: bool = False  # the first page: forget an earlier, unfinished upload
    rows: list[UploadRowIn] = Field(max_length=MAX_ROWS)


class SeriesIn(BaseModel):
    key: str = Field(max_length=32)
    prefix: str = Field(max_length=16)
    width: int = Field(ge=1, le=12)
    last_number: int = Field(ge=0)


class ProbeIn(BaseModel):
    ids: list[str] = Field(max_length=200)


class FinishIn(BaseModel):
    number_series: list[SeriesIn] = Field(default_factory=list, max_length=200)


class UploadRefused(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def holdings(session: Session, partner_id: str) -> Counter[str]:
    """Live rows of the partner beyond the skeleton, counted by entity."""
    rows = session.execute(
        select(RowMeta.entity, func.count())
        .where(RowMeta.partner_id == partner_id, RowMeta.deleted.is_(False))
        .group_by(RowMeta.entity)
    ).all()
    return Counter({entity: int(n) for entity, n in rows if entity not in SKELETON})


def emptiness(session: Session, partner: Partner) -> str | None:
    """Why this partner cannot take an upload (None: it can)."""
    held = holdings(session, partner.id)
    if not held:
        return None
    return (
        f"the partner {partner.name!r} on the server already holds data ({_said(held)}); "
        "a firm made offline is uploaded only to an empty partner: ask for a new one "
        "(`advisor-desk-server partner create`)"
    )


def _said(held: Counter[str]) -> str:
    """What a partner holds, in words: clients and documents first ("2 clients, 5 documents")."""
    first = [e for e in ("client", "document", "content_item", "client_template") if held[e]]
    rest = [e for e, _ in held.most_common() if e not in first]
    words = []
    for entity in (first + rest)[:3]:
        n = held[entity]
        name = entity.replace("_", " ").replace("client template", "template")
        words.append(f"{n} {name}{'' if n == 1 else 's'}")
    return ", ".join(words)


def _admin(db: ServerDB, session: Session, request: Request) -> Caller:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    caller = auth.authenticate(db, session, token.strip() if scheme.lower() == "bearer" else None)
    if not caller.is_admin:
        raise UploadRefused(403, "only the partner's administrators upload a firm")
    return caller


def _advisor_columns() -> dict[str, list[str]]:
    """For each entity, its columns that refer to an advisor (by foreign key)."""
    found: dict[str, list[str]] = {}
    for entity, model in ENTITY_MODELS.items():
        for column in table_of(model).columns:
            if any(key.column.table.name == "advisor" for key in column.foreign_keys):
                found.setdefault(entity, []).append(column.key)
    return found


ADVISOR_COLUMNS = _advisor_columns()


def apply_upload(session: Session, caller: Caller, rows: list[dict[str, Any]]) -> int:
    partner = session.get(Partner, caller.partner_id)
    assert partner is not None
    problem = emptiness(session, partner)
    if problem:
        raise UploadRefused(409, problem)
    known = {
        auth.normal_email(a.email): a
        for a in session.scalars(select(Advisor).where(Advisor.deleted.is_(False)))
    }
    same: dict[str, str] = {}  # the laptop's advisor id -> the server's
    for row in rows:
        if row["entity"] == "advisor":
            match = known.get(auth.normal_email(str(row["fields"].get("email", ""))))
            if match is not None:
                same[row["id"]] = match.id
    skeleton = session.scalars(
        select(AdvisorActivity).where(
            AdvisorActivity.advisor_id.in_(set(same.values())), AdvisorActivity.deleted.is_(False)
        )
    ).all()
    histories: set[str] = set()  # server advisors the laptop brings an activity of
    written = 0
    for row in rows:
        entity, row_id, fields = row["entity"], row["id"], dict(row["fields"])
        model = ENTITY_MODELS.get(entity)
        if model is None:
            raise UploadRefused(422, f"{entity!r} is not a synced entity")
        if entity in SERVER_ONLY:
            continue
        for name in ADVISOR_COLUMNS.get(entity, []):
            if fields.get(name) in same:
                fields[name] = same[fields[name]]
        missing = sorted(entity_field_names(entity) - fields.keys())
        if missing:
            raise UploadRefused(422, f"{entity} {row_id}: {missing[0]}: is missing")
        try:
            values = decode_row(entity, fields)
        except FieldError as error:
            raise UploadRefused(422, f"{entity} {row_id}: {error}") from None
        if entity == "partner":
            if row.get("deleted"):
                continue
            for name in ("name", "timezone", "locale"):
                if name in values:
                    setattr(partner, name, values[name])
            continue
        if entity == "advisor" and row_id in same:
            server_advisor = session.get(Advisor, same[row_id])
            if server_advisor is not None and values.get("name"):
                server_advisor.name = values["name"]
            continue
        if session.get(RowMeta, row_id) is not None or session.get(model, row_id) is not None:
            raise UploadRefused(409, f"{entity} {row_id} is already on the server")
        deleted = bool(row.get("deleted"))
        session.add(model(id=row_id, partner_id=partner.id, deleted=deleted, **values))
        if entity == "advisor_activity" and not deleted:
            histories.add(values["advisor_id"])
        written += 1
        if written % 500 == 0:
            session.flush()
    session.flush()
    for activity in skeleton:
        if activity.advisor_id in histories:
            activity.deleted = True  # the laptop's history of that advisor replaces it
    session.flush()
    return written


def _series(session: Session, partner_id: str, series: list[SeriesIn]) -> None:
    for item in series:
        row = session.scalars(
            select(NumberSeries)
            .where(NumberSeries.partner_id == partner_id, NumberSeries.key == item.key)
            .with_for_update()
        ).first()
        if row is None:
            session.add(
                NumberSeries(
                    partner_id=partner_id,
                    key=item.key,
                    prefix=item.prefix,
                    width=item.width,
                    last_number=item.last_number,
                )
            )
        else:
            row.last_number = max(row.last_number, item.last_number)


def install(app: FastAPI, db: Callable[[], ServerDB]) -> None:
    """The upload routes (registered by server/app.py)."""

    def refused(error: UploadRefused) -> JSONResponse:
        return JSONResponse({"detail": error.detail}, status_code=error.status)

    @app.get("/v1/upload", responses={403: {}})
    def check(request: Request) -> Any:
        """Whether this partner can take an upload (and why not)."""
        try:
            with db().transaction(write=False) as session:
                caller = _admin(db(), session, request)
                partner = session.get(Partner, caller.partner_id)
                assert partner is not None
                return {"partner": partner.name, "refused": emptiness(session, partner)}
        except UploadRefused as error:
            return refused(error)

    @app.post("/v1/upload/probe", responses={403: {}})
    def probe(body: ProbeIn, request: Request) -> Any:
        """How many of these row ids the partner holds: a laptop whose upload finished but
        which did not hear so (the answer was lost) finds its firm already there."""
        try:
            with db().transaction(write=False) as session:
                caller = _admin(db(), session, request)
                found = session.scalar(
                    select(func.count())
                    .select_from(RowMeta)
                    .where(RowMeta.partner_id == caller.partner_id, RowMeta.row_id.in_(body.ids))
                )
            return {"found": int(found or 0)}
        except UploadRefused as error:
            return refused(error)

    @app.post("/v1/upload/rows", responses={403: {}, 409: {}})
    def rows(body: RowsIn, request: Request) -> Any:
        try:
            with db().transaction(write=True) as session:
                caller = _admin(db(), session, request)
                partner = session.get(Partner, caller.partner_id)
                assert partner is not None
                problem = emptiness(session, partner)
                if problem:
                    raise UploadRefused(409, problem)
                mine = (UploadRow.partner_id == caller.partner_id) & (
                    UploadRow.device_id == caller.device_id
                )
                if body.start:
                    session.execute(delete(UploadRow).where(mine))
                held = session.scalar(select(func.count()).select_from(UploadRow).where(mine))
                page = [row.model_dump() for row in body.rows]
                session.add(
                    UploadRow(
                        partner_id=caller.partner_id,
                        device_id=caller.device_id,
                        page=int(held or 0) + 1,
                        body=json.dumps(page, separators=(",", ":")),
                    )
                )
            return {"pages": int(held or 0) + 1}
        except UploadRefused as error:
            return refused(error)

    @app.post("/v1/upload/finish", responses={403: {}, 409: {}, 422: {}})
    def finish(body: FinishIn, request: Request, background: BackgroundTasks) -> Any:
        try:
            with db().transaction(write=True) as session:
                caller = _admin(db(), session, request)
                lock_clock(session)  # one writer of this partner's rows at a time
                session.info[DEVICE] = caller.device_id
                mine = (UploadRow.partner_id == caller.partner_id) & (
                    UploadRow.device_id == caller.device_id
                )
                pages = session.scalars(select(UploadRow.body).where(mine).order_by(UploadRow.page))
                rows = [row for page in pages for row in json.loads(page)]
                if not rows:
                    raise UploadRefused(409, "nothing was uploaded: send the rows first")
                written = apply_upload(session, caller, rows)
                _series(session, caller.partner_id, body.number_series)
                session.execute(delete(UploadRow).where(mine))
            invited = [
                r["id"] for r in rows if r["entity"] == "invitation" and not r.get("deleted")
            ]
            if invited:  # invitations made offline are e-mailed as if pushed
                background.add_task(
                    send_due, db(), caller.partner_id, invited, base_url_of(request)
                )
            return {"rows": written}
        except UploadRefused as error:
            return refused(error)
        except IntegrityError as error:
            why = str(error.orig).strip().splitlines()[0] if error.orig else "a rule"
            return refused(
                UploadRefused(409, f"the firm's rows break a rule of the server's store: {why}")
            )
