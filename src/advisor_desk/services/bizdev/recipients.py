"""Who an assessment goes to: named clients or prospects, or every live client (filtered by
tag, best tier this month, billing model this month)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain.billing_model import BillingModel, model_for_period
from advisor_desk.domain.bizdev_entitlements import best_tier
from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.domain.periods import Period
from advisor_desk.services import validation as check
from advisor_desk.services.bizdev.common import (
    Subject,
    client_named,
    client_subject,
    prospect_named,
    prospect_subject,
    tiers_by_client,
    today_of,
)
from advisor_desk.services.errors import ValidationError
from advisor_desk.store.models import Client, ClientBillingModel, Partner


def _billing_models(session: Session, client_ids: Sequence[str], day: dt.date) -> dict[str, str]:
    history: dict[str, list[tuple[Period, BillingModel]]] = {}
    for client_id, since, model in session.execute(
        select(
            ClientBillingModel.client_id,
            ClientBillingModel.effective_from,
            ClientBillingModel.model,
        )
        .where(ClientBillingModel.deleted.is_(False))
        .order_by(ClientBillingModel.updated_at)
    ):
        history.setdefault(client_id, []).append((Period.parse(since), BillingModel(model)))
    out = {}
    for client_id in client_ids:
        found = model_for_period(history.get(client_id, []), Period.of(day))
        out[client_id] = found.value if found else ""
    return out


def recipients(
    session: Session,
    partner: Partner,
    *,
    clients: Sequence[str],
    prospects: Sequence[str],
    all_clients: bool,
    tag: str | None,
    tier: str | None,
    billing_model: str | None,
) -> list[Subject]:
    chosen = sum(bool(x) for x in (clients, prospects, all_clients))
    if chosen != 1:
        raise ValidationError([("recipients", "give --client, --prospect or --all-clients")])
    if (tag or tier or billing_model) and not all_clients:
        raise ValidationError(
            [("filters", "--tag, --tier and --billing-model go with --all-clients")]
        )
    if prospects:
        out = []
        for name in prospects:
            row = prospect_named(session, partner, name)
            if row.converted_client_id:
                raise ValidationError([("prospect", f"{row.name} is now a client")])
            out.append(prospect_subject(session, row))
        return out
    if clients:
        return [client_subject(client_named(session, partner, name)) for name in clients]
    day = today_of(partner)
    if tier:
        tier = check.domain_rule(lambda: LicenseTier.parse(tier, "tier")).value
    if billing_model:
        billing_model = check.domain_rule(
            lambda: BillingModel.parse(billing_model, "billing_model")
        ).value
    rows = session.execute(  # plain rows: a bulk send may name thousands of clients
        select(Client.id, Client.name, Client.tags, Client.contact_email, Client.contact_name)
        .where(
            Client.partner_id == partner.id, Client.deleted.is_(False), Client.archived.is_(None)
        )
        .order_by(Client.name)
    ).all()
    if tag:
        rows = [row for row in rows if tag in (row.tags or ())]
    if tier:
        tiers = tiers_by_client(session, [r.id for r in rows], day)
        rows = [
            row
            for row in rows
            if (best := best_tier(tiers[row.id])) is not None and best.value == tier
        ]
    if billing_model:
        models = _billing_models(session, [r.id for r in rows], day)
        rows = [row for row in rows if models[row.id] == billing_model]
    return [
        Subject("client", r.id, r.name, r.id, None, r.contact_email or "", r.contact_name or "")
        for r in rows
    ]
