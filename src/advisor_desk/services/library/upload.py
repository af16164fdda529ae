"""The partner library's own content: uploads, copies of open items, new versions.

An upload stores the file with the item (PDF, DOCX, XLSX, CSV, JSON); a CSV/JSON framework,
control set or assessment template is read into its provisions or questions, and a file with
bad rows is refused whole, each problem at its line. Publishing a new version keeps the old
one readable: its metadata goes to `content_version`, its provisions and files stay under
their version. Metadata, price, publish and lock are `services.content.edit_item`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain.licenses import ContentKind
from advisor_desk.services import validation as check
from advisor_desk.services import whoami
from advisor_desk.services.errors import ServiceError, ValidationError
from advisor_desk.services.library.content import (
    ContentSummary,
    Library,
    apply_add_item,
    ensure_unique_title,
    item_summary,
    live_item,
    parse_price,
)
from advisor_desk.services.library.parse import Entry, media_type, parse_entries
from advisor_desk.services.ops import run_op
from advisor_desk.services.uniqueness import free_name, name_taken
from advisor_desk.store.engine import Store
from advisor_desk.store.models import (
    ClientContent,
    ContentFile,
    ContentItem,
    ContentProvision,
    ContentVersion,
    Partner,
    TemplateAssessment,
    TemplateContent,
    TemplateRisk,
)
from advisor_desk.store.types import utcnow


@dataclass(frozen=True)
class UploadResult:
    item: ContentSummary
    file_name: str
    entries: int  # provisions or questions read from the file (0 for other files)


def upload_item(store: Store, **fields: Any) -> UploadResult:
    return run_op(store, apply_upload_item, **fields).value


def attach_file(store: Store, item_id: str, *, file_name: str, data: bytes) -> UploadResult:
    return run_op(store, apply_attach_file, item_id, file_name=file_name, data=data).value


def copy_from_open_library(store: Store, item_id: str, **fields: Any) -> ContentSummary:
    return run_op(store, apply_copy_from_open_library, item_id, **fields).value


def publish_new_version(store: Store, item_id: str, **fields: Any) -> ContentSummary:
    return run_op(store, apply_publish_new_version, item_id, **fields).value


def delete_own_item(store: Store, item_id: str) -> str:
    return run_op(store, apply_delete_own_item, item_id).value


# The operations: the caller's session and partner (`services.ops.run_op` runs one).


def apply_upload_item(
    session: Session,
    partner: Partner,
    *,
    file_name: str,
    data: bytes,
    title: str,
    kind: ContentKind,
    version: str = "1",
    description: str = "",
    tags: object = (),
    price: object = None,
) -> UploadResult:
    """A new partner-library item made from a file (unpublished until published)."""
    file_type = media_type(file_name, data)
    entries = parse_entries(kind, file_name, data)
    item = apply_add_item(
        session,
        partner,
        title=title,
        kind=kind,
        library=Library.PARTNER,
        version=_version(version),
        description=description,
        price=price,
        tags=tags,
    )
    row = live_item(session, item.id)
    _store_file(session, row, file_name, file_type, data, entries)
    return UploadResult(item_summary(row), PurePath(file_name).name, len(entries))


def apply_attach_file(
    session: Session, partner: Partner, item_id: str, *, file_name: str, data: bytes
) -> UploadResult:
    """Replace the current version's file (and its provisions/questions) of a partner item."""
    file_type = media_type(file_name, data)
    row = _own(session, item_id)
    entries = parse_entries(ContentKind(row.kind), file_name, data)
    _drop_current(session, row)
    _store_file(session, row, file_name, file_type, data, entries)
    return UploadResult(item_summary(row), file_name, len(entries))


def apply_copy_from_open_library(
    session: Session,
    partner: Partner,
    item_id: str,
    *,
    title: str | None = None,
    price: object = None,
    published: bool = False,
    description: str | None = None,
    version: str | None = None,
    tags: object = None,
) -> ContentSummary:
    """Add an open-library item to the partner library as the partner's own copy, with its
    provisions, to edit, price and push. What is given (title, price, publish, …) applies
    to the copy in the same transaction; the rest comes from the open item (the title with
    " (partner copy)", unpublished, no price)."""
    source = live_item(session, item_id)
    if source.library != Library.OPEN.value:
        raise ServiceError(f"{source.title} is already in the partner library")
    if title is None:
        title = _free_title(session, partner.id, f"{source.title} (partner copy)")
    else:
        title = check.required_text(title, "title", max_length=300)
        ensure_unique_title(session, partner.id, title)
    row = ContentItem(
        partner_id=partner.id,
        title=title,
        kind=source.kind,
        library=Library.PARTNER.value,
        item_version=source.item_version if version is None else _version(version),
        description=source.description if description is None else description.strip(),
        price=parse_price(session, partner.id, price, Library.PARTNER),
        published=bool(published),
        locked=False,
        tags=list(source.tags or ()) if tags is None else check.tags(tags),
    )
    session.add(row)
    session.flush()
    for entry in _current_entries(session, source):
        session.add(_provision(row, entry.position, entry))
    return item_summary(row)


def apply_publish_new_version(
    session: Session,
    partner: Partner,
    item_id: str,
    *,
    version: str,
    file_name: str | None = None,
    data: bytes | None = None,
    description: str | None = None,
) -> ContentSummary:
    """Make `version` the item's current one; the one it replaces stays readable."""
    file_type = None if file_name is None or data is None else media_type(file_name, data)
    row = _own(session, item_id)
    new = _version(version)
    known = set(
        session.scalars(
            select(ContentVersion.item_version).where(
                ContentVersion.content_id == row.id, ContentVersion.deleted.is_(False)
            )
        )
    ) | {row.item_version}
    if new.casefold() in {v.casefold() for v in known}:
        raise ValidationError([("version", f"{row.title} already has a version {new}")])
    entries = (
        parse_entries(ContentKind(row.kind), file_name or "", data or b"") if file_type else None
    )
    session.add(
        ContentVersion(
            partner_id=row.partner_id,
            content_id=row.id,
            item_version=row.item_version,
            title=row.title,
            description=row.description,
            tags=list(row.tags or ()),
            price=row.price,
            replaced_at=utcnow(),
            replaced_by=actor(session),
        )
    )
    carried = _current_entries(session, row) if entries is None else []
    row.item_version = new
    if description is not None:
        row.description = description.strip()
    for position, old in enumerate(carried):
        session.add(_provision(row, position, old))
    if file_type is not None and entries is not None:
        _store_file(session, row, file_name or "", file_type, data or b"", entries)
    return item_summary(row)


def apply_delete_own_item(session: Session, partner: Partner, item_id: str) -> str:
    """Delete a partner-library item nobody uses (no client has it, no template names it);
    its title. Open-library items stay: unpublish them to hide them instead."""
    row = _own(session, item_id)
    users: dict[str, set[str]] = {"client": set(), "template": set()}
    for model, owner, what in (
        (ClientContent, ClientContent.client_id, "client"),
        (TemplateContent, TemplateContent.template_id, "template"),
        (TemplateRisk, TemplateRisk.template_id, "template"),
        (TemplateAssessment, TemplateAssessment.template_id, "template"),
    ):
        users[what].update(
            session.scalars(
                select(owner).where(model.content_id == row.id, model.deleted.is_(False))
            )
        )
    used = [f"{len(ids)} {what}{'s' * (len(ids) != 1)}" for what, ids in users.items() if ids]
    if used:
        users_text = " and ".join(used)
        raise ServiceError(f"{row.title} is used by {users_text}; remove it there first")
    row.deleted = True
    return row.title


def actor(session: Session) -> str:
    """Who is doing this, by name: the advisor signed in, or standalone the store's owner."""
    return whoami.actor_name(session)


def _own(session: Session, item_id: str) -> ContentItem:
    row = live_item(session, item_id)
    if row.library != Library.PARTNER.value:
        raise ServiceError(
            f"{row.title} belongs to the open library; add it to the partner library first"
        )
    return row


def _version(value: str) -> str:
    return check.required_text(value, "version", max_length=32)


def _free_title(session: Session, partner_id: str, title: str) -> str:
    return free_name(
        title,
        lambda name: name_taken(session, ContentItem.title, partner_id, name),
        lambda n: f"{title} {n}",
        max_length=300,
    )


def _current_entries(session: Session, row: ContentItem) -> list[ContentProvision]:
    return list(
        session.scalars(
            select(ContentProvision)
            .where(
                ContentProvision.content_id == row.id,
                ContentProvision.item_version == row.item_version,
                ContentProvision.deleted.is_(False),
            )
            .order_by(ContentProvision.position)
        )
    )


def _drop_current(session: Session, row: ContentItem) -> None:
    provisions, files = (
        _current(session, ContentProvision, row),
        _current(session, ContentFile, row),
    )
    stale: list[ContentProvision | ContentFile] = [*provisions, *files]
    for old in stale:
        old.deleted = True


_Part = TypeVar("_Part", ContentProvision, ContentFile)


def _current(session: Session, model: type[_Part], row: ContentItem) -> list[_Part]:
    """The item's live provisions or files at its current version."""
    return list(
        session.scalars(
            select(model).where(
                model.content_id == row.id,
                model.item_version == row.item_version,
                model.deleted.is_(False),
            )
        )
    )


def _provision(
    row: ContentItem, position: int, entry: Entry | ContentProvision
) -> ContentProvision:
    return ContentProvision(
        partner_id=row.partner_id,
        content_id=row.id,
        item_version=row.item_version,
        position=position,
        kind=entry.kind,
        ref=entry.ref,
        section=entry.section,
        text=entry.text,
        answer_type=entry.answer_type,
    )


def _store_file(
    session: Session,
    row: ContentItem,
    file_name: str,
    file_type: str,
    data: bytes,
    entries: list[Entry],
) -> None:
    session.add(
        ContentFile(
            partner_id=row.partner_id,
            content_id=row.id,
            item_version=row.item_version,
            file_name=PurePath(file_name).name[-255:],
            media_type=file_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            data=data,
            uploaded_at=utcnow(),
        )
    )
    for position, entry in enumerate(entries):
        session.add(_provision(row, position, entry))
