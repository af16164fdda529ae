"""Who an assessment send reaches and who it skips, and why: one rule for the preview the
window shows (`preview_send`, a query writing nothing) and for the send itself
(`assessments.apply_send`). A client not entitled to the template (rule 7) or a recipient
without a contact e-mail is skipped with the reason; the others get it at their contact's
e-mail, or at the one respondent e-mail given."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from advisor_desk.domain.bizdev_entitlements import assessment_refusal
from advisor_desk.domain.licenses import ContentKind
from advisor_desk.services import validation as check
from advisor_desk.services.bizdev.common import Subject, item_titled, tiers_by_client, today_of
from advisor_desk.services.bizdev.recipients import recipients
from advisor_desk.store.models import ContentItem, Partner


@dataclass(frozen=True)
class Delivery:
    """One recipient who gets the assessment: at `email`, addressed to `name`."""

    subject: Subject
    email: str
    name: str


@dataclass(frozen=True)
class SendPlan:
    to_send: tuple[Delivery, ...]
    skipped: tuple[tuple[str, str], ...]  # (recipient, why)


def plan_send(
    session: Session,
    partner: Partner,
    item: ContentItem,
    *,
    clients: Sequence[str] = (),
    prospects: Sequence[str] = (),
    all_clients: bool = False,
    tag: str | None = None,
    tier: str | None = None,
    billing_model: str | None = None,
    respondent_email: str | None = None,
    respondent_name: str = "",
    day: dt.date,
) -> SendPlan:
    """The recipients chosen, split into who gets `item` and who is skipped and why, with the
    entitlements of `day` (refusals name their field: `respondent_email`, `recipients`, …)."""
    override = check.email(respondent_email, "respondent_email") if respondent_email else ""
    subjects = recipients(
        session, partner, clients=clients, prospects=prospects, all_clients=all_clients,
        tag=tag or None, tier=tier or None, billing_model=billing_model or None,
    )  # fmt: skip
    tiers = tiers_by_client(session, [s.client_id for s in subjects if s.client_id], day)
    to_send: list[Delivery] = []
    skipped: list[tuple[str, str]] = []
    for subject in subjects:
        if subject.client_id:
            refusal = assessment_refusal(tiers.get(subject.client_id, set()), item.kind)
            if refusal is not None:
                skipped.append((subject.name, refusal))
                continue
        email = override or subject.contact_email
        if not email:
            skipped.append((subject.name, f"no contact e-mail (set the {subject.kind}'s contact)"))
            continue
        name = (respondent_name if override else subject.contact_name) or ""
        to_send.append(Delivery(subject, email, name))
    return SendPlan(tuple(to_send), tuple(skipped))


@dataclass(frozen=True)
class SendPreview:
    template: str
    to_send: tuple[tuple[str, str], ...]  # (recipient, e-mail)
    skipped: tuple[tuple[str, str], ...]  # (recipient, why)


def preview_send(
    session: Session,
    partner: Partner,
    template: str,
    *,
    clients: Sequence[str] = (),
    prospects: Sequence[str] = (),
    all_clients: bool = False,
    tag: str | None = None,
    tier: str | None = None,
    billing_model: str | None = None,
    respondent_email: str | None = None,
    day: dt.date | None = None,
) -> SendPreview:
    """What `assessments.apply_send` would do with the same choice, writing nothing."""
    item = item_titled(
        session, partner, template, ContentKind.ASSESSMENT_TEMPLATE.value, "template"
    )
    plan = plan_send(
        session, partner, item, clients=clients, prospects=prospects, all_clients=all_clients,
        tag=tag, tier=tier, billing_model=billing_model, respondent_email=respondent_email,
        day=day or today_of(partner),
    )  # fmt: skip
    return SendPreview(
        item.title,
        tuple((d.subject.name, d.email) for d in plan.to_send),
        plan.skipped,
    )
