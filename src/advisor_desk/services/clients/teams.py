"""Client teams: create, edit, archive, billing-model changes, and the list with license mix."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisor_desk.domain.billing_model import BillingModel, effective_period_for_change
from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.domain.periods import Period
from advisor_desk.services import validation as check
from advisor_desk.services.clock import today
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.lookups import live_client
from advisor_desk.services.partner import current_partner
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
        """`4 R&C · 1 JR · 3 free` (tiers with nobody are left out)."""
        parts = [
            f"{self.licenses[tier]} {tier.short}"
            for tier in sorted(LicenseTier, key=lambda t: t.rank, reverse=True)
            if self.licenses.get(tier)
        ]
        return " · ".join(parts) or "no members"


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
    clash = session.scalar(
        select(Client.id).where(
            Client.partner_id == partner_id,
            Client.deleted.is_(False),
            func.casefold(Client.name) == name.casefold(),
            Client.id != except_id,
        )
    )
    if clash is not None:
        raise ValidationError([("name", f"a client named {name!r} already exists")])


def create_client(store: Store, **fields: object) -> ClientSummary:
    with store.write() as session:
        partner = current_partner(session)
        client = new_client(session, partner, **fields)  # type: ignore[arg-type]
        session.flush()
        return _summaries(session, partner, [client])[0]


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
    with store.write() as session:
        partner = current_partner(session)
        client = live_client(session, client_id)
        problems = check.Problems()  # every wrong field at once, nothing written
        clean = problems.check(check.required_text, name, "name") if name is not None else None
        if clean is not None:
            problems.check(ensure_unique_name, session, partner.id, clean, except_id=client.id)
        clean_domain = problems.check(check.domain, domain) if domain is not None else None
        clean_address = problems.check(check.address, address) if address is not None else None
        clean_employees = (
            problems.check(check.employees, employees) if employees is not None else None
        )
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


def archive_client(store: Store, client_id: str, on: dt.date | None = None) -> ClientSummary:
    """Archive a client from `on` (default today): it stops being billed from that day."""
    with store.write() as session:
        partner = current_partner(session)
        client = live_client(session, client_id)
        day = on or today(partner.timezone)
        if day < client.created:
            raise ValidationError([("archived", f"{day} is before the client was created")])
        client.archived = day
        return _summaries(session, partner, [client])[0]


def unarchive_client(store: Store, client_id: str) -> ClientSummary:
    with store.write() as session:
        partner = current_partner(session)
        client = live_client(session, client_id)
        client.archived = None
        return _summaries(session, partner, [client])[0]


def change_billing_model(store: Store, client_id: str, model: BillingModel) -> Period:
    """Change the model from the next period on (the current one keeps its model)."""
    with store.write() as session:
        partner = current_partner(session)
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


def list_clients(store: Store, *, include_archived: bool = True) -> list[ClientSummary]:
    with store.read() as session:
        partner = current_partner(session)
        query = select(Client).where(Client.partner_id == partner.id, Client.deleted.is_(False))
        if not include_archived:
            query = query.where(Client.archived.is_(None))
        return _summaries(session, partner, list(session.scalars(query.order_by(Client.name))))


def get_client(store: Store, client_id: str) -> ClientSummary:
    with store.read() as session:
        return _summaries(session, current_partner(session), [live_client(session, client_id)])[0]


def client_summary(session: Session, client: Client) -> ClientSummary:
    """The summary of a client, inside the caller's transaction."""
    return _summaries(session, current_partner(session), [client])[0]


def _summaries(session: Session, partner: Partner, clients: list[Client]) -> list[ClientSummary]:
    if not clients:
        return []
    day = today(partner.timezone)
    ids = [c.id for c in clients]
    counts: dict[str, Counter[LicenseTier]] = {cid: Counter() for cid in ids}
    for client_id, tier in session.execute(
        select(Member.client_id, MemberLicense.tier)
        .join(MemberLicense, MemberLicense.member_id == Member.id)
        .where(
            Member.client_id.in_(ids),
            Member.deleted.is_(False),
            MemberLicense.deleted.is_(False),
            MemberLicense.start <= day,
            (MemberLicense.end.is_(None)) | (MemberLicense.end > day),
        )
    ):
        counts[client_id][LicenseTier(tier)] += 1
    history: dict[str, list[tuple[str, BillingModel]]] = {cid: [] for cid in ids}
    for client_id, month, model in session.execute(
        select(
            ClientBillingModel.client_id,
            ClientBillingModel.effective_from,
            ClientBillingModel.model,
        )
        .where(ClientBillingModel.client_id.in_(ids), ClientBillingModel.deleted.is_(False))
        .order_by(ClientBillingModel.effective_from)
    ):
        history[client_id].append((month, BillingModel(model)))
    now = str(Period.of(day))
    result = []
    for client in clients:
        models = history[client.id]
        in_force = [m for month, m in models if month <= now] or [m for _, m in models[:1]]
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
                billing_model=in_force[-1] if in_force else None,
                billing_history=tuple(models),
                licenses={tier: counts[client.id][tier] for tier in LicenseTier},
            )
        )
    return result
