"""The careful path of a push: each mutation applied in turn, under the partner's clock.

Every rule of sync-protocol.md is decided here with what is committed now: an update applies
when nothing changed since its `base_version`, merges when only other fields changed, and is
a conflict (server values stay) when the same fields changed; deletes are tombstones and an
update based on a version older than the tombstone loses; a row waits in the batch for a
parent inserted later in it; rejections are per mutation (a savepoint each), never a 500.
`push.push` sends a batch here whenever its bulk plan (push_plan.py) does not hold.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from advisor_desk.domain.documents import DocumentStatus
from advisor_desk.server.models import RowMeta
from advisor_desk.server.push_checks import (
    STORE_REFUSALS,
    Rejected,
    check_document,
    check_values,
    chunks,
    no_default,
    parents,
    partners_rows,
    refusal_reason,
)
from advisor_desk.server.schemas import MutationIn, MutationResultOut
from advisor_desk.server.tenancy import Caller, has_access, row_scope, write_refusal
from advisor_desk.server.versioning import field_versions, next_version
from advisor_desk.store.base import Synced, table_of
from advisor_desk.store.models import ENTITY_MODELS, AdvisorAccess, Document, DocumentLine
from advisor_desk.store.outbox import entity_fields
from advisor_desk.sync.codec import FieldError, decode_fields, field_decoders


@dataclass
class Hold(Exception):
    parent_id: str


@dataclass
class Batch:
    session: Session
    caller: Caller
    device_id: str
    mutations: list[MutationIn]
    results: list[MutationResultOut] = field(default_factory=list)
    _later_inserts: set[str] = field(default_factory=set)
    _held: dict[str, list[MutationIn]] = field(default_factory=lambda: defaultdict(list))
    _blocked: dict[str, str] = field(default_factory=dict)
    _known: set[str] = field(default_factory=set)  # ids with a row here (loaded up front)
    _foreign: set[str] = field(default_factory=set)  # ids of another partner's rows

    def run(self) -> list[MutationResultOut]:
        self._later_inserts = {m.id for m in self.mutations if m.op == "insert"}
        self._prefetch()
        for mutation in self.mutations:
            self._process(mutation)
        for waiting in list(self._held.values()):  # parents that never came
            for mutation in waiting:
                self.results.append(self._rejected(mutation, "refers to a row that is missing"))
        return self.results

    def _prefetch(self) -> None:
        """Load the batch's rows and index entries in a few queries (then the identity map
        answers), instead of one query per mutation."""
        by_entity: dict[str, list[str]] = defaultdict(list)
        for mutation in self.mutations:
            by_entity[mutation.entity].append(mutation.id)
        for entity, ids in by_entity.items():
            model = ENTITY_MODELS[entity]
            table = table_of(model)
            for chunk in chunks(ids):
                by_key = select(table).where(partners_rows(table, chunk, self.caller.partner_id))
                rows = self.session.scalars(select(model).from_statement(by_key)).all()
                self._known.update(row.id for row in rows)
        for chunk in chunks([m.id for m in self.mutations]):
            for meta in self.session.scalars(select(RowMeta).where(RowMeta.row_id.in_(chunk))):
                if meta.partner_id != self.caller.partner_id:
                    self._foreign.add(meta.row_id)

    def _process(self, mutation: MutationIn) -> None:
        blocked_on = self._blocked.get(mutation.id)
        if blocked_on is not None:
            self._held[blocked_on].append(mutation)
            return
        if mutation.op == "insert":
            self._later_inserts.discard(mutation.id)
        try:
            self.results.append(self._apply(mutation))
        except Hold as hold:
            self._held[hold.parent_id].append(mutation)
            self._blocked[mutation.id] = hold.parent_id
            return
        self._release(mutation.id)

    def _release(self, row_id: str) -> None:
        waiting = self._held.pop(row_id, [])
        for mutation in waiting:
            self._blocked.pop(mutation.id, None)
        for mutation in waiting:
            self._process(mutation)

    def _rejected(
        self, mutation: MutationIn, reason: str, row: Synced | None = None
    ) -> MutationResultOut:
        server_fields = None
        if row is not None and not row.deleted:
            server_fields = entity_fields(row)
        return MutationResultOut(
            mid=mutation.mid,
            status="rejected",
            error=reason,
            server_fields=server_fields,
            version=row.version if row is not None else None,
        )

    def _apply(self, mutation: MutationIn) -> MutationResultOut:
        refusal = write_refusal(self.caller, mutation.entity)
        if refusal:
            return self._rejected(mutation, refusal, self._visible_row(mutation))
        try:
            values = decode_fields(mutation.entity, mutation.fields)
        except FieldError as error:
            return self._rejected(mutation, str(error), self._visible_row(mutation))
        savepoint = self.session.begin_nested()
        try:
            result = self._apply_checked(mutation, values)
            savepoint.commit()
            return result
        except Rejected as rejected:
            savepoint.rollback()
            return self._rejected(mutation, rejected.reason, self._visible_row(mutation))
        except STORE_REFUSALS as error:  # one bad value is one rejected mutation, never a 500
            savepoint.rollback()
            return self._rejected(mutation, refusal_reason(error), self._visible_row(mutation))
        except Hold:
            savepoint.rollback()
            raise

    def _get(self, mutation: MutationIn) -> Synced | None:
        if mutation.id not in self._known:
            return None
        return self.session.get(ENTITY_MODELS[mutation.entity], mutation.id)

    def _visible_row(self, mutation: MutationIn) -> Synced | None:
        row = self._get(mutation)
        if row is None or not self._can_see(mutation.entity, row):
            return None
        return row

    def _can_see(self, entity: str, row: Synced) -> bool:
        client_id, _advisor, admin_only = row_scope(self.session, entity, row)
        return has_access(self.session, self.caller, client_id, admin_only)

    def _apply_checked(self, mutation: MutationIn, values: dict[str, Any]) -> MutationResultOut:
        model = ENTITY_MODELS[mutation.entity]
        row = self._get(mutation)
        hidden = row is not None and not self._can_see(mutation.entity, row)
        if hidden:  # H5: answered exactly as a missing id (as another partner's id is)
            row = None
        if mutation.op == "delete":
            return self._delete(mutation, row)
        self._checkparents(mutation.entity, values)
        if mutation.entity == "document":
            check_document(row, values)
        elif mutation.entity == "document_line":
            self._check_line(row, values)
        check_values(mutation.entity, row, values)
        if row is None:
            if mutation.op == "update":
                raise Rejected("no such row (it was never synced)")
            if hidden:  # what the database says of another partner's id (primary key)
                raise Rejected("another row already has this value (it must be unique)")
            return self._insert(mutation, model, values)
        return self._update(mutation, row, values)

    def _checkparents(self, entity: str, values: dict[str, Any]) -> None:
        for name, parent_entity in parents(entity).items():
            parent_id = values.get(name)
            if parent_id is None:
                continue
            parent = self.session.get(ENTITY_MODELS[parent_entity], parent_id)
            if parent is None:
                if parent_id in self._later_inserts:
                    raise Hold(parent_id)
                raise Rejected(
                    f"{name}: refers to a {parent_entity.replace('_', ' ')} that does not exist"
                )
            if not self._can_see(parent_entity, parent):  # H5: as if missing
                raise Rejected(
                    f"{name}: refers to a {parent_entity.replace('_', ' ')} that does not exist"
                )
            if parent.deleted:
                raise Rejected(f"{name}: the {parent_entity.replace('_', ' ')} was deleted")

    def _check_line(self, row: Synced | None, values: dict[str, Any]) -> None:
        document_id = values.get("document_id") or (
            row.document_id if isinstance(row, DocumentLine) else None
        )
        document = self.session.get(Document, document_id) if document_id else None
        if document is not None and document.status != DocumentStatus.DRAFT:
            raise Rejected(f"{document.number} is issued and cannot change")

    def _insert(
        self, mutation: MutationIn, model: type[Synced], values: dict[str, Any]
    ) -> MutationResultOut:
        missing = [
            name
            for name, (_decode, nullable) in field_decoders(mutation.entity).items()
            if name not in values and not nullable and no_default(model, name)
        ]
        if missing:
            raise Rejected(f"{missing[0]}: missing")
        client_id, _advisor, admin_only = row_scope(self.session, mutation.entity, values)
        if mutation.entity != "client" and not has_access(
            self.session, self.caller, client_id, admin_only
        ):
            raise Rejected("you have no access to this client")
        row = model(id=mutation.id, partner_id=self.caller.partner_id, deleted=False, **values)
        self.session.add(row)
        self.session.flush()
        self._known.add(row.id)
        if mutation.entity == "client" and not self.caller.is_admin:
            self._grant_self(row.id)
        if mutation.entity == "advisor_access":
            self._touch_client(values["client_id"])
        return MutationResultOut(mid=mutation.mid, status="applied", version=row.version)

    def _conflict(self, mutation: MutationIn, row: Synced) -> MutationResultOut:
        """The server's row stays; the laptop gets it back with its own values kept."""
        if row.deleted:
            return MutationResultOut(
                mid=mutation.mid,
                status="conflict",
                version=row.version,
                deleted=True,
                server_fields={},
            )
        return MutationResultOut(
            mid=mutation.mid,
            status="conflict",
            version=row.version,
            server_fields=entity_fields(row),
        )

    def _update(
        self, mutation: MutationIn, row: Synced, values: dict[str, Any]
    ) -> MutationResultOut:
        meta = self.session.get(RowMeta, row.id)
        if mutation.base_version > row.version:
            return self._conflict(mutation, row)  # a version this row never had
        if row.deleted:
            if mutation.base_version < row.version:
                return self._conflict(mutation, row)  # an edit of what was since deleted
            row.deleted = False  # an edit based on the tombstone brings the row back
        others = self._changed_by_others(meta, mutation.base_version) if meta else set()
        # The same value on both sides is no conflict (two laptops made the same edit, or
        # a device started anew sends again what its old one had sent).
        overlap = {name for name in others & set(values) if getattr(row, name) != values[name]}
        if overlap:
            return self._conflict(mutation, row)
        for name, value in values.items():
            setattr(row, name, value)
        self.session.flush()
        if isinstance(row, AdvisorAccess) and not row.deleted:
            self._touch_client(row.client_id)
        if others:
            return MutationResultOut(
                mid=mutation.mid,
                status="merged",
                version=row.version,
                server_fields=entity_fields(row),
            )
        return MutationResultOut(mid=mutation.mid, status="applied", version=row.version)

    def _changed_by_others(self, meta: RowMeta, base_version: int) -> set[str]:
        if base_version >= meta.version:
            return set()
        names = set(field_decoders(meta.entity))
        versions = field_versions(meta)
        changed = set()
        for name in names:
            version, device = versions.get(name, (meta.created_version, meta.created_device))
            if version > base_version and device != self.device_id:
                changed.add(name)
        return changed

    def _delete(self, mutation: MutationIn, row: Synced | None) -> MutationResultOut:
        if row is None:
            raise Rejected("no such row")
        if isinstance(row, Document | DocumentLine):
            document = (
                row if isinstance(row, Document) else self.session.get(Document, row.document_id)
            )
            if document is not None and document.status != DocumentStatus.DRAFT:
                raise Rejected(f"{document.number} is issued and cannot change")
        if row.deleted:
            return MutationResultOut(mid=mutation.mid, status="applied", version=row.version)
        # Deletes obey the rules of edits: a delete based on a version this row never had,
        # or on one older than another device's later changes, is a conflict (the row
        # stays, the laptop is told what changed), never a silent loss of that edit.
        meta = self.session.get(RowMeta, row.id)
        if mutation.base_version > row.version or (
            meta is not None and self._changed_by_others(meta, mutation.base_version)
        ):
            return self._conflict(mutation, row)
        row.deleted = True  # its children go with it, in this version (versioning.py)
        self.session.flush()
        return MutationResultOut(mid=mutation.mid, status="applied", version=row.version)

    def _grant_self(self, client_id: str) -> None:
        self.session.add(
            AdvisorAccess(
                partner_id=self.caller.partner_id,
                advisor_id=self.caller.advisor_id,
                client_id=client_id,
                deleted=False,
            )
        )
        self.session.flush()

    def _touch_client(self, client_id: str) -> None:
        """Give a client's rows new versions, so an advisor just given access pulls them.

        The client first, then its live access rows, then the rest in their old order: a
        pull split into pages has the new access row before an older access tombstone of
        the same advisor, so the laptop never takes the client for withdrawn meanwhile."""
        metas = self.session.scalars(
            select(RowMeta)
            .where(RowMeta.partner_id == self.caller.partner_id, RowMeta.client_id == client_id)
            .order_by(RowMeta.version)
        ).all()
        metas = sorted(
            metas,
            key=lambda m: (m.entity != "client", m.entity != "advisor_access" or m.deleted),
        )
        by_entity: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for meta in metas:
            meta.version = next_version(self.session)
            by_entity[meta.entity].append({"row": meta.row_id, "v": meta.version})
        self.session.flush()
        for entity, rows in by_entity.items():
            table = table_of(ENTITY_MODELS[entity])
            self.session.execute(
                update(table)
                .where(table.c.id == bindparam("row"))
                .values(version=bindparam("v"))
                .execution_options(synchronize_session=False),
                rows,
            )
        self.session.expire_all()
