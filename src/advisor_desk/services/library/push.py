"""Pushing library items to clients and templates, with the activity log of every push.

One transaction: either every item reaches every chosen client and template, or nothing
changes and each refusal says why and what to change (a license to upgrade, a template's
tier to raise, an item to publish). Each item pushed gets one `library_push` row: its
version, who pushed it, when, and how many clients and templates it went to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain.licenses import ContentKind, LicenseTier, check_entitlement
from advisor_desk.services.clock import today
from advisor_desk.services.errors import NotFoundError, ValidationError
from advisor_desk.services.grants import delete_grants, open_grants
from advisor_desk.services.library.content import Library, client_tiers_now, live_item
from advisor_desk.services.library.upload import actor
from advisor_desk.services.lookups import live_client
from advisor_desk.services.ops import run_op, run_query
from advisor_desk.services.uniqueness import find_named
from advisor_desk.store.base import Synced
from advisor_desk.store.engine import Store
from advisor_desk.store.models import (
    Client,
    ClientContent,
    ClientTemplate,
    ContentItem,
    LibraryPush,
    Partner,
    TemplateContent,
)
from advisor_desk.store.types import new_id, utcnow


@dataclass(frozen=True)
class PushSummary:
    items: int
    clients: int
    templates: int
    added: int  # new grants and template links (what was there already is left as it was)
    pushed_by: str
    # What the push wrote, so that `take_back_push` can undo exactly that and nothing more.
    link_ids: tuple[str, ...] = ()  # the new client_content and template_content rows
    log_ids: tuple[str, ...] = ()  # its library_push rows
    grant_ids: tuple[str, ...] = ()  # the grant intervals it opened (content_grant)


def push_items(
    store: Store,
    item_ids: Sequence[str],
    *,
    client_ids: Sequence[str] = (),
    template_ids: Sequence[str] = (),
) -> PushSummary:
    return run_op(
        store, apply_push_items, item_ids, client_ids=client_ids, template_ids=template_ids
    ).value


def take_back_push(store: Store, summary: PushSummary) -> None:
    run_op(store, apply_take_back_push, summary)


def resolve_names(
    store: Store,
    titles: Sequence[str],
    *,
    clients: Sequence[str] = (),
    templates: Sequence[str] = (),
) -> Targets:
    return run_query(store, resolve_names_in, titles, clients=clients, templates=templates)


# The operations: the caller's session and partner (`services.ops.run_op` runs one).


def apply_push_items(
    session: Session,
    partner: Partner,
    item_ids: Sequence[str],
    *,
    client_ids: Sequence[str] = (),
    template_ids: Sequence[str] = (),
) -> PushSummary:
    """Give the items to the clients and add them to the templates, or refuse it all."""
    if not item_ids:
        raise ValidationError([("items", "choose one or more items to push")])
    if not client_ids and not template_ids:
        raise ValidationError([("targets", "choose one or more clients or templates")])
    items = [live_item(session, item_id) for item_id in dict.fromkeys(item_ids)]
    clients = [live_client(session, client_id) for client_id in dict.fromkeys(client_ids)]
    templates = [_template(session, t) for t in dict.fromkeys(template_ids)]
    tiers = {c.id: client_tiers_now(session, c.id, partner.timezone) for c in clients}
    refusals = _refusals(items, clients, tiers, templates)
    if refusals:
        raise ValidationError(refusals)
    links: list[str] = []
    for owner_ids, model, owner in (
        ([c.id for c in clients], ClientContent, "client_id"),
        ([t.id for t in templates], TemplateContent, "template_id"),
    ):
        links += _link(session, partner.id, items, owner_ids, model, owner)
    day = today(partner.timezone)
    grant_ids = open_grants(
        session, partner.id, [(c.id, i.id) for c in clients for i in items], day
    )
    who, now = actor(session), utcnow()
    targets = sorted(c.name for c in clients) + sorted(f"template {t.name}" for t in templates)
    log_ids = [new_id() for _ in items]
    for item, log_id in zip(items, log_ids, strict=True):
        session.add(
            LibraryPush(
                id=log_id,
                partner_id=partner.id,
                content_id=item.id,
                item_version=item.item_version,
                pushed_by=who,
                pushed_at=now,
                clients=len(clients),
                templates=len(templates),
                targets=targets,
            )
        )
    return PushSummary(
        len(items),
        len(clients),
        len(templates),
        len(links),
        who,
        tuple(links),
        tuple(log_ids),
        tuple(grant_ids),
    )


def apply_take_back_push(session: Session, partner: Partner, summary: PushSummary) -> None:
    """Undo a push: remove the grants and template links it added and its log entries.

    What the clients and templates had before the push stays; so does anything added since.
    """
    delete_grants(session, summary.grant_ids)
    models: tuple[type[Synced], ...] = (ClientContent, TemplateContent, LibraryPush)
    for model in models:
        ids = summary.log_ids if model is LibraryPush else summary.link_ids
        for row in session.scalars(
            select(model).where(model.id.in_(ids), model.deleted.is_(False))
        ):
            row.deleted = True


def _refusals(
    items: list[ContentItem],
    clients: list[Client],
    tiers: dict[str, set[LicenseTier]],
    templates: list[ClientTemplate],
) -> list[tuple[str, str]]:
    refusals: list[tuple[str, str]] = []
    for item in items:
        if item.library == Library.PARTNER.value and not item.published:
            refusals.append((item.title, "is not published; publish it first"))
        kind = ContentKind(item.kind)
        for client in clients:
            why = check_entitlement(kind, tiers[client.id])
            if why:
                held = ", ".join(sorted(t.label for t in tiers[client.id])) or "no licensed member"
                refusals.append(
                    (
                        f"{item.title} → {client.name}",
                        f"{why}, and {client.name} has {held}; upgrade a member of "
                        f"{client.name} first, or leave {client.name} out",
                    )
                )
        for template in templates:
            why = check_entitlement(kind, [LicenseTier(template.license_tier)])
            if why:
                tier = LicenseTier(template.license_tier).label
                refusals.append(
                    (
                        f"{item.title} → template {template.name}",
                        f"{why}, and the template onboards {tier} members; raise the "
                        "template's license tier first, or leave it out",
                    )
                )
    return refusals


def _link(
    session: Session,
    partner_id: str,
    items: list[ContentItem],
    owner_ids: list[str],
    model: type[ClientContent] | type[TemplateContent],
    owner: str,
) -> list[str]:
    """Link each item to each owner that lacks it; the ids of the new links."""
    if not owner_ids:
        return []
    owner_column = getattr(model, owner)
    there = {
        (owner_id, content_id)
        for owner_id, content_id in session.execute(
            select(owner_column, model.content_id).where(
                owner_column.in_(owner_ids),
                model.content_id.in_([i.id for i in items]),
                model.deleted.is_(False),
            )
        )
    }
    added: list[str] = []
    for owner_id in owner_ids:
        for item in items:
            if (owner_id, item.id) not in there:
                link_id = new_id()
                fields = {"id": link_id, "partner_id": partner_id, owner: owner_id}
                session.add(model(content_id=item.id, **fields))
                added.append(link_id)
    return added


def _template(session: Session, template_id: str) -> ClientTemplate:
    row = session.get(ClientTemplate, template_id)
    if row is None or row.deleted:
        raise NotFoundError(f"no template with id {template_id}")
    return row


@dataclass(frozen=True)
class Targets:
    item_ids: tuple[str, ...]
    client_ids: tuple[str, ...]
    template_ids: tuple[str, ...]


def resolve_names_in(
    session: Session,
    partner: Partner,
    titles: Sequence[str],
    *,
    clients: Sequence[str] = (),
    templates: Sequence[str] = (),
) -> Targets:
    """Item titles, client and template names (case-insensitive) as ids; every unknown one
    is reported (for the command line, where scripts name things)."""
    problems: list[tuple[str, str]] = []
    found = []
    for column, names, what in (
        (ContentItem.title, titles, "content item titled"),
        (Client.name, clients, "client named"),
        (ClientTemplate.name, templates, "template named"),
    ):
        ids = []
        for name in names:
            row_id = find_named(session, column, partner.id, name.strip())
            if row_id is None:
                problems.append(("", f"no {what} {name!r}"))
            else:
                ids.append(row_id)
        found.append(tuple(ids))
    if problems:
        raise ValidationError(problems)
    return Targets(*found)
