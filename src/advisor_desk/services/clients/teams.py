"""Client teams: create, edit, archive, billing-model changes, and the list with license mix."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Required, TypedDict, Unpack

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from advisor_desk.domain.billing_model import BillingModel, effective_period_for_change
from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.domain.periods import Period
from advisor_desk.services import validation as check
from advisor_desk.services.clock import today
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.lookups import live_client
from advisor_desk.services.ops import run_op, run_query
from advisor_desk.services.uniqueness import ensure_unique
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Client, ClientBillingModel, Member, MemberLicense, Partner


@dataclass(frozen=True)
class ClientSummary:
    id: str
    name: str
    domain: str
    address: str
    employees: int | None
    tags: tuple[str, ...]
    created: dt.date
    archived: dt.date | None
    billing_model: BillingModel | None
    billing_history: tuple[tuple[str, BillingModel], ...]
    licenses: dict[LicenseTier, int]

    @property
    def license_mix(self) -> str:
        return license_mix(self.licenses)


TIER_ORDER = sorted(LicenseTier, key=lambda t: t.rank, reverse=True)


def license_mix(counts: Mapping[LicenseTier, int], nobody: str = "no members") -> str:
    """`4 R&C · 1 JR · 3 free` (tiers with nobody are left out): the one way it is written."""
    parts = [f"{counts[tier]} {tier.short}" for tier in TIER_ORDER if counts.get(tier)]
    return " · ".join(parts) or nobody


class NewClientFields(TypedDict, total=False):
    """The keyword fields `new_client` accepts (for callers that pass them through)."""

    name: Required[str]
    domain: str
    address: str
    employees: int | None
    tags: object
    billing_model: BillingModel
    created: dt.date | None
    template_id: str | None
    template_version: int | None


def new_client(
    session: Session,
    partner: Partner,
    *,
    name: str,
    domain: str = "",
    address: str = "",
    employees: int | None = None,
    tags: object = (),
    billing_model: BillingModel = BillingModel.RESELLER,
    created: dt.date | None = None,
    template_id: str | None = None,
    template_version: int | None = None,
) -> Client:
    """Add a client inside the caller's transaction (the wizard and imports reuse this)."""
    problems = check.Problems()
    clean_name = problems.check(check.required_text, name, "name")
    if clean_name is not None:
        problems.check(ensure_unique_name, session, partner.id, clean_name)
    clean_domain = problems.check(check.domain, domain)
    clean_address = problems.check(check.address, address)
    clean_employees = problems.check(check.employees, employees)
    clean_tags = problems.check(check.tags, tags)
    problems.done()
    start = created or today(partner.timezone)
    client = Client(
        partner_id=partner.id,
        name=clean_name,
        domain=clean_domain,
        address=clean_address or "",
        employees=clean_employees,
        tags=clean_tags,
        created=start,
        template_id=template_id,
        template_version=template_version,
    )
    session.add(client)
    session.flush()
    session.add(
        ClientBillingModel(
            partner_id=partner.id,
            client_id=client.id,
            effective_from=str(Period.of(start)),
            model=billing_model.value,
        )
    )
    return client


def ensure_unique_name(
    session: Session, partner_id: str, name: str, *, except_id: str = ""
) -> None:
    ensure_unique(
        session,
        Client.name,
        partner_id,
        name,
        field="name",
        message="a client named",
        except_id=except_id,
    )


def create_client(store: Store, **fields: Unpack[NewClientFields]) -> ClientSummary:
    return run_op(store, apply_create_client, **fields).value


def edit_client(
    store: Store,
    client_id: str,
    *,
    name: str | None = None,
    domain: str | None = None,
    employees: int | None = None,
    tags: object = None,
    address: str | None = None,
) -> ClientSummary:
    return run_op(
        store,
        apply_edit_client,
        client_id,
        name=name,
        domain=domain,
        employees=employees,
        tags=tags,
        address=address,
    ).value


def archive_client(store: Store, client_id: str, on: dt.date | None = None) -> ClientSummary:
    return run_op(store, apply_archive_client, client_id, on).value


def unarchive_client(store: Store, client_id: str) -> ClientSummary:
    return run_op(store, apply_unarchive_client, client_id).value


def change_billing_model(store: Store, client_id: str, model: BillingModel) -> Period:
    return run_op(store, apply_change_billing_model, client_id, model).value


def list_clients(store: Store, *, include_archived: bool = True) -> list[ClientSummary]:
    return run_query(store, list_clients_in, include_archived=include_archived)


def get_client(store: Store, client_id: str) -> ClientSummary:
    return run_query(store, get_client_in, client_id)


# The operations: the caller's session and partner (`services.ops.run_op` runs one).


def apply_create_client(
    session: Session, partner: Partner, /, **fields: Unpack[NewClientFields]
) -> ClientSummary:
    client = new_client(session, partner, **fields)
    session.flush()
    return _summaries(session, partner, [client])[0]


def apply_edit_client(
    session: Session,
    partner: Partner,
    client_id: str,
    *,
    name: str | None = None,
    domain: str | None = None,
    employees: int | None = None,
    tags: object = None,
    address: str | None = None,
) -> ClientSummary:
    client = live_client(session, client_id)
    problems = check.Problems()  # every wrong field at once, nothing written
    clean = problems.check(check.required_text, name, "name") if name is not None else None
    if clean is not None:
        problems.check(ensure_unique_name, session, partner.id, clean, except_id=client.id)
    clean_domain = problems.check(check.domain, domain) if domain is not None else None
    clean_address = problems.check(check.address, address) if address is not None else None
    clean_employees = problems.check(check.employees, employees) if employees is not None else None
    clean_tags = problems.check(check.tags, tags) if tags is not None else None
    problems.done()
    if clean is not None:
        client.name = clean
    if domain is not None:
        client.domain = clean_domain or ""
    if address is not None:
        client.address = clean_address or ""
    if employees is not None:
        client.employees = clean_employees
    if tags is not None:
        client.tags = clean_tags or []
    return _summaries(session, partner, [client])[0]


def apply_archive_client(
    session: Session, partner: Partner, client_id: str, on: dt.date | None = None
) -> ClientSummary:
    """Archive a client from `on` (default today): it stops being billed from that day."""
    client = live_client(session, client_id)
    day = on or today(partner.timezone)
    if day < client.created:
        raise ValidationError([("archived", f"{day} is before the client was created")])
    client.archived = day
    return _summaries(session, partner, [client])[0]


def apply_unarchive_client(session: Session, partner: Partner, client_id: str) -> ClientSummary:
    client = live_client(session, client_id)
    client.archived = None
    return _summaries(session, partner, [client])[0]


def apply_change_billing_model(
    session: Session, partner: Partner, client_id: str, model: BillingModel
) -> Period:
    """Change the model from the next period on (the current one keeps its model)."""
    client = live_client(session, client_id)
    effective = effective_period_for_change(today(partner.timezone))
    entries = session.scalars(
        select(ClientBillingModel).where(
            ClientBillingModel.client_id == client.id,
            ClientBillingModel.deleted.is_(False),
        )
    ).all()
    for entry in entries:
        if entry.effective_from == str(effective):
            entry.model = model.value  # a second change in the same month replaces the first
            return effective
    session.add(
        ClientBillingModel(
            partner_id=partner.id,
            client_id=client.id,
            effective_from=str(effective),
            model=model.value,
        )
    )
    return effective


def list_clients_in(
    session: Session, partner: Partner, *, include_archived: bool = True
) -> list[ClientSummary]:
    query = select(Client).where(Client.partner_id == partner.id, Client.deleted.is_(False))
    if not include_archived:
        query = query.where(Client.archived.is_(None))
    return _summaries(session, partner, list(session.scalars(query.order_by(Client.name))))


def get_client_in(session: Session, partner: Partner, client_id: str) -> ClientSummary:
    return client_summary(session, partner, live_client(session, client_id))


def client_summary(session: Session, partner: Partner, client: Client) -> ClientSummary:
    """The summary of a client, inside the caller's transaction."""
    return _summaries(session, partner, [client])[0]


def _summaries(session: Session, partner: Partner, clients: list[Client]) -> list[ClientSummary]:
    if not clients:
        return []
    day = today(partner.timezone)
    ids = [c.id for c in clients]
    counts = license_counts(session, ids, day)
    history = billing_histories(session, ids)
    now = str(Period.of(day))
    result = []
    for client in clients:
        models = history[client.id]
        result.append(
            ClientSummary(
                id=client.id,
                name=client.name,
                domain=client.domain,
                address=client.address or "",
                employees=client.employees,
                tags=tuple(client.tags or ()),
                created=client.created,
                archived=client.archived,
                billing_model=model_in_force(models, now),
                billing_history=tuple(models),
                licenses=counts[client.id],
            )
        )
    return result


def license_counts(
    session: Session, client_ids: Sequence[str], day: dt.date
) -> dict[str, dict[LicenseTier, int]]:
    """Each client's members holding each tier on `day` (every tier present, 0 or more)."""
    counts = {cid: dict.fromkeys(LicenseTier, 0) for cid in client_ids}
    for client_id, tier, count in session.execute(
        select(Member.client_id, MemberLicense.tier, func.count())
        .join(MemberLicense, MemberLicense.member_id == Member.id)
        .where(
            Member.client_id.in_(client_ids),
            Member.deleted.is_(False),
            MemberLicense.deleted.is_(False),
            MemberLicense.start <= day,
            or_(MemberLicense.end.is_(None), MemberLicense.end > day),
        )
        .group_by(Member.client_id, MemberLicense.tier)
    ):
        counts[client_id][LicenseTier(tier)] = count
    return counts


def billing_histories(
    session: Session, client_ids: Sequence[str]
) -> dict[str, list[tuple[str, BillingModel]]]:
    """Each client's billing models by the month they start (YYYY-MM), oldest first."""
    history: dict[str, list[tuple[str, BillingModel]]] = {cid: [] for cid in client_ids}
    for client_id, month, model in session.execute(
        select(
            ClientBillingModel.client_id,
            ClientBillingModel.effective_from,
            ClientBillingModel.model,
        )
        .where(ClientBillingModel.client_id.in_(client_ids), ClientBillingModel.deleted.is_(False))
        .order_by(ClientBillingModel.effective_from)
    ):
        history[client_id].append((month, BillingModel(model)))
    return history


def model_in_force(history: Sequence[tuple[str, BillingModel]], now: str) -> BillingModel | None:
    """The model in force in month `now` (the first one before the client's first month)."""
    in_force = [m for month, m in history if month <= now] or [m for _, m in history[:1]]
    return in_force[-1] if in_force else None
