"""Importing a workspace: validate the whole file, then write it in one transaction.

`load_workspace(session, partner, workspace)` is the operation (the partner explicit, None
for an empty store): it turns a validated Workspace into rows (load_rows.py) and writes them
with one executemany per table, outbox mutations included, inside the caller's transaction.
`import_workspace(store, data)` validates outside the write lock, then runs it.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from advisor_desk.services.errors import ServiceError
from advisor_desk.services.ops import OpResult, run_in_session, run_op
from advisor_desk.services.partner import NoPartnerError
from advisor_desk.services.workspace.bulk import BulkWriter, collector_paused, insert_rows
from advisor_desk.services.workspace.load_plans import check_store_kinds
from advisor_desk.services.workspace.load_rows import RowLoader
from advisor_desk.services.workspace.records import Workspace, fold
from advisor_desk.services.workspace.search_index import search_index_deferred
from advisor_desk.services.workspace.summary import ImportSummary
from advisor_desk.services.workspace.validate import read_workspace_file, validate_workspace
from advisor_desk.store.base import table_of
from advisor_desk.store.engine import Store
from advisor_desk.store.models import ContentItem, NumberSeries, Partner
from advisor_desk.store.types import new_id


def import_workspace(
    store: Store, data: bytes, *, merge: bool = False, source: str = "workspace.json"
) -> ImportSummary:
    """Import a workspace file; nothing is written unless all of it is valid.

    Into a store that has a partner only with `merge`: then the clients, advisors, content
    and templates not yet there (by name, case-insensitive) are added and the rest skipped;
    a file of another partner (by name, case-insensitive) is refused.
    """
    return import_workspace_result(store, data, merge=merge, source=source).value


def import_workspace_result(
    store: Store, data: bytes, *, merge: bool = False, source: str = "workspace.json"
) -> OpResult[ImportSummary]:
    """As import_workspace, with what the import changed (`OpResult`)."""
    with collector_paused():
        workspace = read_workspace_file(data, source=source)  # before the write lock
        return _run(store, workspace, merge)


def import_workspace_data(
    store: Store, value: object, *, merge: bool = False, source: str = "workspace"
) -> ImportSummary:
    """As import_workspace, from an already-parsed JSON value (e.g. built in memory)."""
    with collector_paused():
        return _run(store, validate_workspace(value, source=source), merge).value


def _run(store: Store, workspace: Workspace, merge: bool) -> OpResult[ImportSummary]:
    """The import as an operation: `run_op` looks the store's partner up (the way in); a
    store without one yet gets the whole file, partner included (`partner` None)."""
    try:
        return run_op(store, load_workspace, workspace, merge=merge)
    except NoPartnerError:  # nothing was written: the lookup comes first
        return run_in_session(store, lambda session: load_workspace(session, None, workspace))


def load_workspace(
    session: Session, partner: Partner | None, workspace: Workspace, *, merge: bool = False
) -> ImportSummary:
    """Write a validated workspace in the session's transaction (one executemany per table).

    Into a store without a partner (`partner` None) everything is written. A store with a
    partner refuses (ServiceError) unless `merge`: then its partner, agreements and resale
    terms stay, the clients, advisors, content and templates it has not (by name,
    case-insensitive) are added and the others are skipped, and documents are skipped (their
    numbers belong to the file's store).
    """
    if partner is not None:
        if not merge:
            raise ServiceError(
                f'this data folder is not empty (it holds partner "{partner.name}"); '
                "use --merge to add the file's new clients, advisors, content and templates"
            )
        if fold(workspace.partner.name) != fold(partner.name):
            raise ServiceError(
                f"the file's partner is \"{workspace.partner.name}\", not this store's "
                f'("{partner.name}"): --merge adds only a partner\'s own data'
            )
        loader = RowLoader(BulkWriter(session, partner.id), merging=True)
        loader.find_existing(session)
        loader.skipped["partner"] = [workspace.partner.name]
    else:
        loader = RowLoader(BulkWriter(session, new_id()), merging=False)
        loader.add_partner(workspace.partner)
    existing_titles = dict(loader.ids["content"])
    loader.add_all(workspace)
    if loader.merging:
        new = loader.new
        added = (set(loader.bizdev.review_ids), loader.bizdev.sent)
        check_store_kinds(
            session, workspace, existing_titles, new["templates"], new["clients"], added
        )
    counts = loader.counts()
    with search_index_deferred(session, loader.writer.count(ContentItem)):
        loader.writer.write()
    if not loader.merging:
        _write_number_series(session, loader.writer.partner_id, workspace)
    return ImportSummary(
        counts=counts,
        skipped={entity: tuple(names) for entity, names in loader.skipped.items() if names},
    )


def _write_number_series(session: Session, partner_id: str, workspace: Workspace) -> None:
    rows = [
        {
            "partner_id": partner_id,
            "key": s.key,
            "prefix": s.prefix,
            "width": s.width,
            "last_number": s.last_number,
        }
        for s in workspace.number_series
    ]
    insert_rows(session, table_of(NumberSeries), rows)
