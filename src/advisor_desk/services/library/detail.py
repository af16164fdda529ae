"""One library item in full, for the browser's detail pane: what it is, what is in it, its
versions, where it is used and who pushed it where."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from advisor_desk.services.errors import NotFoundError
from advisor_desk.services.library.content import ContentSummary, item_summary, live_item
from advisor_desk.store.engine import Store
from advisor_desk.store.models import (
    Client,
    ClientContent,
    ClientTemplate,
    ContentFile,
    ContentItem,
    ContentProvision,
    ContentVersion,
    LibraryPush,
    TemplateContent,
)

_Owner = TypeVar("_Owner", Client, ClientTemplate)
_Link = TypeVar("_Link", ClientContent, TemplateContent)

PREVIEW = 200  # provisions/questions listed in the pane (the count is always the full one)


@dataclass(frozen=True)
class ProvisionRow:
    ref: str
    section: str
    text: str
    kind: str  # "provision" or "question"
    answer_type: str


@dataclass(frozen=True)
class VersionRow:
    version: str
    title: str
    current: bool
    replaced_at: dt.datetime | None
    replaced_by: str
    provisions: int
    price: Decimal | None


@dataclass(frozen=True)
class FileRow:
    id: str
    version: str
    file_name: str
    media_type: str
    size: int


@dataclass(frozen=True)
class PushRow:
    version: str
    pushed_by: str
    pushed_at: dt.datetime
    clients: int
    templates: int
    targets: tuple[str, ...]


@dataclass(frozen=True)
class ItemDetail:
    item: ContentSummary
    provisions: int  # of the current version
    questions: int
    preview: tuple[ProvisionRow, ...]
    versions: tuple[VersionRow, ...]  # newest first, the current one at the top
    files: tuple[FileRow, ...]
    clients: tuple[str, ...]  # where it is used
    templates: tuple[str, ...]
    activity: tuple[PushRow, ...]  # newest first


def item_detail(store: Store, item_id: str) -> ItemDetail:
    with store.read() as session:
        row = live_item(session, item_id)
        counts = _entry_counts(session, row.id)
        current = counts.get(row.item_version, {})
        return ItemDetail(
            item=item_summary(row),
            provisions=current.get("provision", 0),
            questions=current.get("question", 0),
            preview=tuple(provisions(session, row.id, row.item_version, limit=PREVIEW)),
            versions=_versions(session, row, counts),
            files=tuple(
                FileRow(f.id, f.item_version, f.file_name, f.media_type, f.size)
                for f in session.execute(
                    select(
                        ContentFile.id,
                        ContentFile.item_version,
                        ContentFile.file_name,
                        ContentFile.media_type,
                        ContentFile.size,
                    )
                    .where(ContentFile.content_id == row.id, ContentFile.deleted.is_(False))
                    .order_by(ContentFile.uploaded_at.desc())
                )
            ),
            clients=_names(
                session, Client, Client.name, ClientContent, ClientContent.client_id, row.id
            ),
            templates=_names(
                session,
                ClientTemplate,
                ClientTemplate.name,
                TemplateContent,
                TemplateContent.template_id,
                row.id,
            ),
            activity=tuple(
                PushRow(
                    p.item_version,
                    p.pushed_by,
                    p.pushed_at,
                    p.clients,
                    p.templates,
                    tuple(p.targets),
                )
                for p in session.scalars(
                    select(LibraryPush)
                    .where(LibraryPush.content_id == row.id, LibraryPush.deleted.is_(False))
                    .order_by(LibraryPush.pushed_at.desc(), LibraryPush.updated_at.desc())
                )
            ),
        )


def provisions(
    session: Session, item_id: str, version: str, *, limit: int | None = None
) -> list[ProvisionRow]:
    """The provisions or questions of one version of an item, in the file's order."""
    query = (
        select(ContentProvision)
        .where(
            ContentProvision.content_id == item_id,
            ContentProvision.item_version == version,
            ContentProvision.deleted.is_(False),
        )
        .order_by(ContentProvision.position)
        .limit(limit)
    )
    return [
        ProvisionRow(p.ref, p.section, p.text, p.kind, p.answer_type)
        for p in session.scalars(query)
    ]


def version_entries(
    store: Store, item_id: str, version: str, *, limit: int = PREVIEW
) -> list[ProvisionRow]:
    """The first `limit` provisions or questions of any version, current or replaced."""
    with store.read() as session:
        live_item(session, item_id)
        return provisions(session, item_id, version, limit=limit)


def file_data(store: Store, file_id: str) -> tuple[str, bytes]:
    """An uploaded file's name and bytes (to save it somewhere)."""
    with store.read() as session:
        row = session.get(ContentFile, file_id)
        if row is None or row.deleted:
            raise NotFoundError(f"no file with id {file_id}")
        return row.file_name, row.data


def _entry_counts(session: Session, item_id: str) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for version, kind, n in session.execute(
        select(ContentProvision.item_version, ContentProvision.kind, func.count())
        .where(ContentProvision.content_id == item_id, ContentProvision.deleted.is_(False))
        .group_by(ContentProvision.item_version, ContentProvision.kind)
    ):
        counts.setdefault(version, {})[kind] = n
    return counts


def _versions(
    session: Session, row: ContentItem, counts: dict[str, dict[str, int]]
) -> tuple[VersionRow, ...]:
    current = VersionRow(
        row.item_version,
        row.title,
        True,
        None,
        "",
        sum(counts.get(row.item_version, {}).values()),
        row.price,
    )
    older = [
        VersionRow(
            v.item_version,
            v.title,
            False,
            v.replaced_at,
            v.replaced_by,
            sum(counts.get(v.item_version, {}).values()),
            v.price,
        )
        for v in session.scalars(
            select(ContentVersion)
            .where(ContentVersion.content_id == row.id, ContentVersion.deleted.is_(False))
            .order_by(ContentVersion.replaced_at.desc())
        )
    ]
    return (current, *older)


def _names(
    session: Session,
    owner_model: type[_Owner],
    name: InstrumentedAttribute[str],
    link: type[_Link],
    owner: InstrumentedAttribute[str],
    item_id: str,
) -> tuple[str, ...]:
    """The live owners' names (clients or templates) the item is linked to."""
    return tuple(
        session.scalars(
            select(name)
            .join(link, owner == owner_model.id)
            .where(
                link.content_id == item_id,
                link.deleted.is_(False),
                owner_model.deleted.is_(False),
            )
            .order_by(name)
        )
    )
