"""A client's risk register: its risks (adopted from reviews, started by a template, or
added by hand) with score and rating (rule 1), owner, treatment and plan, due date,
residual rating and status; and the heat map of inherent and residual ratings.

Closed risks stay in the list but leave the heat maps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisor_desk.domain import risk as rules
from advisor_desk.domain.review_results import HeatCell, heatmap
from advisor_desk.services import validation as check
from advisor_desk.services.bizdev.common import client_named
from advisor_desk.services.errors import NotFoundError, ValidationError
from advisor_desk.store.models import Client, ClientRisk, Partner


@dataclass(frozen=True)
class RegisterRisk:
    id: str
    client: str
    ref: str
    title: str
    likelihood: int
    impact: int
    owner: str
    treatment: str
    treatment_plan: str
    due: dt.date | None
    residual_likelihood: int | None
    residual_impact: int | None
    status: str
    from_review: bool

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def rating(self) -> str:
        return rules.rating_of_score(self.score).value

    @property
    def residual_score(self) -> int | None:
        if self.residual_likelihood is None or self.residual_impact is None:
            return None
        return self.residual_likelihood * self.residual_impact

    @property
    def residual_rating(self) -> str | None:
        value = self.residual_score
        return None if value is None else rules.rating_of_score(value).value

    def as_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "title": self.title,
            "likelihood": self.likelihood,
            "impact": self.impact,
            "score": self.score,
            "rating": self.rating,
            "owner": self.owner,
            "treatment": self.treatment,
            "treatment_plan": self.treatment_plan,
            "due": self.due.isoformat() if self.due else None,
            "residual_likelihood": self.residual_likelihood,
            "residual_impact": self.residual_impact,
            "residual_score": self.residual_score,
            "residual_rating": self.residual_rating,
            "status": self.status,
        }


def _row(row: ClientRisk, client: str) -> RegisterRisk:
    return RegisterRisk(
        row.id,
        client,
        row.ref or "",
        row.title,
        row.likelihood,
        row.impact,
        row.owner or "",
        row.treatment or "",
        row.treatment_plan or "",
        row.due,
        row.residual_likelihood,
        row.residual_impact,
        row.status or "open",
        row.review_id is not None,
    )


def _key(risk: RegisterRisk) -> tuple[int, str, str]:
    return (-risk.score, risk.title.casefold(), risk.ref)


def register(session: Session, partner: Partner, client: str | None = None) -> list[RegisterRisk]:
    """The register of one client (all clients' without one), highest score first."""
    query = (
        select(ClientRisk, Client.name)
        .join(Client, Client.id == ClientRisk.client_id)
        .where(
            ClientRisk.partner_id == partner.id,
            ClientRisk.deleted.is_(False),
            Client.deleted.is_(False),
        )
    )
    if client is not None:
        query = query.where(ClientRisk.client_id == client_named(session, partner, client).id)
    rows = [_row(row, name) for row, name in session.execute(query)]
    return sorted(
        rows, key=lambda r: (r.client.casefold(), *_key(r)) if client is None else _key(r)
    )


@dataclass(frozen=True)
class RegisterHeatmap:
    client: str | None
    inherent: tuple[HeatCell, ...]
    residual: tuple[HeatCell, ...]
    risks: int

    def as_json(self) -> dict[str, Any]:
        return {
            "client": self.client,
            "risks": self.risks,
            "heatmap": [c.as_json() for c in self.inherent],
            "residual": [c.as_json() for c in self.residual],
        }


def register_heatmap(
    session: Session, partner: Partner, client: str | None = None
) -> RegisterHeatmap:
    risks = [r for r in register(session, partner, client) if r.status != "closed"]
    name = client_named(session, partner, client).name if client is not None else None
    return RegisterHeatmap(
        name,
        heatmap((r.likelihood, r.impact) for r in risks),
        heatmap(
            (r.residual_likelihood, r.residual_impact)
            for r in risks
            if r.residual_likelihood is not None and r.residual_impact is not None
        ),
        len(risks),
    )


EDITABLE = (
    "title",
    "likelihood",
    "impact",
    "owner",
    "treatment",
    "treatment_plan",
    "due",
    "residual_likelihood",
    "residual_impact",
    "status",
)


def _find(session: Session, partner: Partner, client: str, risk: str) -> ClientRisk:
    owner = client_named(session, partner, client)
    rows = session.scalars(
        select(ClientRisk).where(
            ClientRisk.client_id == owner.id,
            ClientRisk.deleted.is_(False),
            (ClientRisk.id == risk)
            | (func.casefold(ClientRisk.ref) == risk.casefold())
            | (func.casefold(ClientRisk.title) == risk.casefold()),
        )
    ).all()
    if len(rows) != 1:
        raise NotFoundError(
            f"risk: {owner.name} has {'no' if not rows else len(rows)} risks {risk!r}"
        )
    return rows[0]


def apply_edit_risk(
    session: Session, partner: Partner, client: str, risk: str, **changes: Any
) -> RegisterRisk:
    """Change a register entry's fields (every bad one named at once)."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ValidationError([(name, "cannot be changed here") for name in unknown])
    row = _find(session, partner, client, risk)
    problems = check.Problems()
    clean: dict[str, Any] = {}
    for name, value in changes.items():
        clean[name] = problems.check(_clean, name, value)
    problems.done()
    for name, value in clean.items():
        setattr(row, name, value)
    session.flush()
    owner = session.get(Client, row.client_id)
    return _row(row, owner.name if owner else "")


def _clean(name: str, value: Any) -> Any:
    if name in ("likelihood", "impact"):
        return rules.check_level(value, name)
    if name in ("residual_likelihood", "residual_impact"):
        return None if value is None else rules.check_level(value, name)
    if name == "treatment":
        return rules.parse_treatment(value or "", name)
    if name == "status":
        return rules.parse_status(value, name)
    if name == "due":
        if value is None or isinstance(value, dt.date):
            return value
        raise ValidationError([(name, f"{value!r} is not a date")])
    if name == "title":
        return check.required_text(value, name, max_length=300)
    limit = 200 if name == "owner" else 10_000
    return check.domain_rule(lambda: _text(value, name, limit))


def _text(value: Any, name: str, limit: int) -> str:
    from advisor_desk.domain import values

    return values.text((value or "").strip(), name, max_length=limit)


def apply_add_risk(
    session: Session,
    partner: Partner,
    client: str,
    title: str,
    *,
    likelihood: int,
    impact: int,
    ref: str = "",
    description: str = "",
    causes: Sequence[str] = (),
    impacts: Sequence[str] = (),
) -> RegisterRisk:
    owner = client_named(session, partner, client)
    problems = check.Problems()
    clean = problems.check(check.required_text, title, "title", max_length=300)
    problems.check(rules.check_level, likelihood, "likelihood")
    problems.check(rules.check_level, impact, "impact")
    problems.done()
    row = ClientRisk(
        partner_id=partner.id,
        client_id=owner.id,
        ref=(ref or "").strip()[:64],
        title=clean,
        description=description,
        causes=list(causes),
        impacts=list(impacts),
        likelihood=likelihood,
        impact=impact,
        status="open",
    )
    session.add(row)
    session.flush()
    return _row(row, owner.name)
