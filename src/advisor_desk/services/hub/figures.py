"""Clients at a glance: every client's figures in one SQL statement, sorted, filtered and
paged in SQL (as the library's search does), so a view over thousands of clients pulls one
page at a time.

Figure families, one aggregate each (a CTE grouped by client):

The window and the CLI read them through `table.py` (read once per refresh, then sorted,
filtered and paged in memory); `client_page_sql` and `count_clients_sql` are the same in SQL.

- the month's charges: `services.billing` computes them (`compute_period`, the same figures as
  `billing --period <month> --format json`); they enter the statement as one JSON parameter
  read by `json_each`, so sorting and filtering on them is SQL too;
- risks: the register's risks that are not closed, counted by rating (domain/risk.py rule 1,
  inherent score), and the Extreme ones with no treatment;
- assessments: `overdue` (sent or in progress, past due), `in_progress` (sent or in
  progress, not past due);
- last activity: the latest change to the client, its members, risks, reviews or
  assessments;
- advisors with access, and license changes pending (a license starting or ending after
  today).

Needs attention, with words: an overdue assessment, an Extreme risk with no treatment, no
activity for 60 days, a license change pending.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from advisor_desk.domain.charges import ClientCharge, PeriodCharges
from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.domain.periods import Period
from advisor_desk.domain.risk import Rating, rating_of_score
from advisor_desk.services.billing.charges import compute_period, load_agreements
from advisor_desk.services.errors import ValidationError
from advisor_desk.store.models import Partner

IDLE_DAYS = 60
TIERS = (LicenseTier.FREE, LicenseTier.JUST_RISK, LicenseTier.RISK_COMPLIANCE)
# The lowest score of each rating (rule 1), read from the domain so SQL never restates it.
LOWEST = {r: min(s for s in range(1, 26) if rating_of_score(s) is r) for r in Rating}


class Attention(StrEnum):
    OVERDUE = "overdue"
    UNTREATED = "untreated"
    IDLE = "idle"
    PENDING = "pending"


ATTENTION_WORDS = {
    Attention.OVERDUE: "an assessment is overdue",
    Attention.UNTREATED: "an Extreme risk has no treatment",
    Attention.IDLE: f"no activity for {IDLE_DAYS} days",
    Attention.PENDING: "a license change is pending",
}


class Column(StrEnum):
    NAME = "name"
    FREE = "free"
    JUST_RISK = "just_risk"
    RISK_COMPLIANCE = "risk_compliance"
    CHARGE = "charge"
    REFERRAL = "referral"
    EXTREME = "extreme"
    HIGH = "high"
    OVERDUE = "overdue"
    IN_PROGRESS = "in_progress"
    LAST_ACTIVITY = "last_activity"
    ADVISORS = "advisors"
    ATTENTION = "attention"


_ORDER = {
    Column.NAME: "lower(c.name)",
    Column.FREE: "COALESCE(c.free, 0)",
    Column.JUST_RISK: "COALESCE(c.just_risk, 0)",
    Column.RISK_COMPLIANCE: "COALESCE(c.risk_compliance, 0)",
    Column.CHARGE: "COALESCE(CAST(c.charge AS REAL), 0)",
    Column.REFERRAL: "COALESCE(CAST(c.referral AS REAL), 0)",
    Column.EXTREME: "c.extreme",
    Column.HIGH: "c.high",
    Column.OVERDUE: "c.overdue",
    Column.IN_PROGRESS: "c.in_progress",
    Column.LAST_ACTIVITY: "COALESCE(c.touched, '')",
    Column.ADVISORS: "c.advisors",
    Column.ATTENTION: "(c.a_overdue + c.a_untreated + c.a_idle + c.a_pending)",
}


@dataclass(frozen=True)
class HubFilter:
    """`mine`: clients the advisor `me` (an advisor id) has access to; `attention`: "" (any
    client), "any" (needing attention for any reason) or one `Attention` reason."""

    mine: bool = False
    me: str | None = None
    tag: str = ""
    tier: str = ""
    billing_model: str = ""
    attention: str = ""
    text: str = ""

    def checked(self) -> HubFilter:
        problems = []
        if self.tier and self.tier not in {t.value for t in TIERS}:
            problems.append(
                ("tier", f"{self.tier!r} is not one of free, just_risk, risk_compliance")
            )
        if self.billing_model and self.billing_model not in ("direct", "reseller"):
            problems.append(("billing_model", f"{self.billing_model!r} is not direct or reseller"))
        reasons = {"", "any", *(a.value for a in Attention)}
        if self.attention not in reasons:
            problems.append(
                (
                    "attention",
                    f"{self.attention!r} is not one of any, overdue, untreated, idle, pending",
                )
            )
        if problems:
            raise ValidationError(problems)
        return self


@dataclass(frozen=True)
class HubQuery:
    filter: HubFilter = field(default_factory=HubFilter)
    sort: Column = Column.NAME
    descending: bool = False


@dataclass(frozen=True)
class MonthFigures:
    """The month's charges (None: no agreement yet) and their JSON for the SQL statement."""

    period: Period
    today: dt.date
    charges: PeriodCharges | None
    by_client: dict[str, ClientCharge]
    # the refresh's table (`table.py`): every client's figures, read once, sorted in memory
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def encoded(self) -> str:
        """The charges as JSON for the SQL statements (`*_sql`; the table needs none)."""
        rows = [
            [c.key, str(c.charge), str(c.referral), c.billing_model.value]
            + [c.licenses.get(tier, 0) for tier in TIERS]
            for c in self.by_client.values()
        ]
        return json.dumps(rows)


@dataclass(frozen=True)
class ClientFigures:
    id: str
    name: str
    tags: tuple[str, ...]
    billing_model: str
    licenses: dict[str, int] | None  # None: no agreement, nothing billed
    charge: Decimal | None
    referral: Decimal | None
    risks: dict[str, int]  # Extreme, High, Medium, Low: open risks by rating
    overdue: int
    in_progress: int
    last_activity: dt.date | None
    advisors: int
    attention: tuple[str, ...]  # the reasons, in words


def month_figures(
    session: Session, partner: Partner, today: dt.date, period: Period | None = None
) -> MonthFigures:
    """The month's charges by billing's own computation (`billing --period` agrees)."""
    period = period or Period.of(today)
    charges = (
        compute_period(session, period, partner) if load_agreements(session, partner.id) else None
    )
    by_client = {c.key: c for c in charges.clients} if charges else {}
    return MonthFigures(period, today, charges, by_client)


_FIGURES = """
WITH ch AS MATERIALIZED (
  -- two columns, the id CAST to TEXT like client.id: the join then gets an automatic
  -- covering index (an id without affinity, or more columns, made it scan per client)
  SELECT CAST(json_extract(value, '$[0]') AS TEXT) AS client_id, value AS v
  FROM json_each(:charges)
),
rk AS MATERIALIZED (
  SELECT client_id,
    SUM(likelihood * impact >= :extreme) AS extreme,
    SUM(likelihood * impact >= :high AND likelihood * impact < :extreme) AS high,
    SUM(likelihood * impact >= :medium AND likelihood * impact < :high) AS medium,
    SUM(likelihood * impact < :medium) AS low,
    SUM(likelihood * impact >= :extreme AND treatment = '') AS untreated
  FROM client_risk
  WHERE partner_id = :partner AND deleted = 0 AND client_id IS NOT NULL AND status <> 'closed'
  GROUP BY client_id
),
asm AS MATERIALIZED (
  SELECT client_id,
    SUM(due < :today) AS overdue,
    SUM(due >= :today) AS in_progress
  FROM assessment
  WHERE partner_id = :partner AND deleted = 0 AND client_id IS NOT NULL
    AND status IN ('sent', 'in_progress')
  GROUP BY client_id
),
act AS MATERIALIZED (
  SELECT client_id, MAX(touched) AS touched FROM (
    SELECT id AS client_id, updated_at AS touched FROM client WHERE partner_id = :partner
    UNION ALL SELECT client_id, MAX(updated_at) FROM member
      WHERE partner_id = :partner GROUP BY client_id
    UNION ALL SELECT client_id, MAX(updated_at) FROM client_risk
      WHERE partner_id = :partner AND client_id IS NOT NULL GROUP BY client_id
    UNION ALL SELECT client_id, MAX(updated_at) FROM assessment
      WHERE partner_id = :partner AND client_id IS NOT NULL GROUP BY client_id
    UNION ALL SELECT client_id, MAX(updated_at) FROM risk_review
      WHERE partner_id = :partner AND client_id IS NOT NULL GROUP BY client_id
  ) GROUP BY client_id
),
adv AS MATERIALIZED (
  SELECT client_id, COUNT(DISTINCT advisor_id) AS advisors FROM advisor_access
  WHERE partner_id = :partner AND deleted = 0 GROUP BY client_id
),
pend AS MATERIALIZED (
  SELECT m.client_id, COUNT(*) AS pending FROM member_license AS l
  JOIN member AS m ON m.id = l.member_id
  WHERE l.partner_id = :partner AND l.deleted = 0 AND m.deleted = 0
    AND (l.start > :today OR (l."end" IS NOT NULL AND l."end" > :today))
  GROUP BY m.client_id
),
figures AS (
  SELECT c.id, c.name, c.tags, json_extract(ch.v, '$[3]') AS model,
    json_extract(ch.v, '$[4]') AS free, json_extract(ch.v, '$[5]') AS just_risk,
    json_extract(ch.v, '$[6]') AS risk_compliance, json_extract(ch.v, '$[1]') AS charge,
    json_extract(ch.v, '$[2]') AS referral, ch.client_id IS NOT NULL AS billed,
    COALESCE(rk.extreme, 0) AS extreme, COALESCE(rk.high, 0) AS high,
    COALESCE(rk.medium, 0) AS medium, COALESCE(rk.low, 0) AS low,
    COALESCE(rk.untreated, 0) AS untreated,
    COALESCE(asm.overdue, 0) AS overdue, COALESCE(asm.in_progress, 0) AS in_progress,
    act.touched AS touched, COALESCE(adv.advisors, 0) AS advisors,
    COALESCE(pend.pending, 0) AS pending,
    COALESCE(asm.overdue, 0) > 0 AS a_overdue, COALESCE(rk.untreated, 0) > 0 AS a_untreated,
    (act.touched IS NULL OR act.touched < :idle_since) AS a_idle,
    COALESCE(pend.pending, 0) > 0 AS a_pending
  -- ch drives (scanned once, each client found by its key): as the inner side of a LEFT
  -- JOIN the planner often scanned it once per client (a JSON table has no index)
  FROM ch RIGHT JOIN client AS c ON c.id = ch.client_id
  LEFT JOIN rk ON rk.client_id = c.id
  LEFT JOIN asm ON asm.client_id = c.id
  LEFT JOIN act ON act.client_id = c.id
  LEFT JOIN adv ON adv.client_id = c.id
  LEFT JOIN pend ON pend.client_id = c.id
  WHERE c.partner_id = :partner AND c.deleted = 0 AND c.archived IS NULL
)
"""

_SELECT = """
SELECT id, name, tags, model, free, just_risk, risk_compliance, charge, referral, billed,
  extreme, high, medium, low, untreated, overdue, in_progress, touched, advisors, pending,
  a_overdue, a_untreated, a_idle, a_pending
FROM figures AS c
"""


def _where(flt: HubFilter) -> tuple[str, dict[str, Any]]:
    conditions: list[str] = []
    params: dict[str, Any] = {}
    if flt.mine:
        conditions.append(
            "EXISTS (SELECT 1 FROM advisor_access AS x WHERE x.client_id = c.id"
            " AND x.deleted = 0 AND x.advisor_id = :me)"
        )
        params["me"] = flt.me or ""
    if flt.tag:
        conditions.append("EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = :tag)")
        params["tag"] = flt.tag
    if flt.tier:
        conditions.append(f"COALESCE(c.{flt.tier}, 0) > 0")  # checked: one of TIERS
    if flt.billing_model:
        conditions.append("c.model = :model")
        params["model"] = flt.billing_model
    if flt.attention == "any":
        conditions.append("(a_overdue OR a_untreated OR a_idle OR a_pending)")
    elif flt.attention:
        conditions.append(f"a_{flt.attention}")  # checked: one of Attention
    if flt.text:
        conditions.append("instr(lower(c.name), :text) > 0")
        params["text"] = flt.text.casefold()
    return (" WHERE " + " AND ".join(conditions)) if conditions else "", params


def _params(partner: Partner, month: MonthFigures) -> dict[str, Any]:
    return {
        "partner": partner.id,
        "charges": month.encoded,
        "today": month.today.isoformat(),
        "idle_since": (month.today - dt.timedelta(days=IDLE_DAYS)).isoformat(),
        "extreme": LOWEST[Rating.EXTREME],
        "high": LOWEST[Rating.HIGH],
        "medium": LOWEST[Rating.MEDIUM],
    }


def count_clients_sql(
    session: Session, partner: Partner, month: MonthFigures, flt: HubFilter | None = None
) -> int:
    """`table.count_clients` in SQL (the reference its tests compare with)."""
    where, params = _where((flt or HubFilter()).checked())
    sql = _FIGURES + "SELECT COUNT(*) FROM figures AS c" + where
    return int(session.execute(text(sql), {**_params(partner, month), **params}).scalar_one())


def client_page_sql(
    session: Session,
    partner: Partner,
    month: MonthFigures,
    query: HubQuery | None = None,
    *,
    offset: int = 0,
    limit: int | None = 200,
) -> list[ClientFigures]:
    """`table.client_page` in SQL (the reference its tests compare with): one page of
    clients, sorted and filtered in SQL (ties by name, then id)."""
    query = query or HubQuery()
    where, params = _where(query.filter.checked())
    direction = "DESC" if query.descending else "ASC"
    order = f" ORDER BY {_ORDER[Column(query.sort)]} {direction}, lower(c.name), c.id"
    page = " LIMIT :limit OFFSET :offset" if limit is not None else ""
    params.update(limit=limit, offset=offset)
    rows = session.execute(
        text(_FIGURES + _SELECT + where + order + page),
        {**_params(partner, month), **params},
    )
    return [_figures(row) for row in rows]


def _figures(row: Any) -> ClientFigures:
    billed = bool(row.billed)
    reasons = []
    if row.a_overdue:
        reasons.append(_plural(row.overdue, "assessment overdue", "assessments overdue"))
    if row.a_untreated:
        reasons.append(
            _plural(
                row.untreated, "Extreme risk with no treatment", "Extreme risks with no treatment"
            )
        )
    if row.a_idle:
        reasons.append(ATTENTION_WORDS[Attention.IDLE])
    if row.a_pending:
        reasons.append(_plural(row.pending, "license change pending", "license changes pending"))
    touched = row.touched
    if isinstance(touched, str):
        touched = dt.datetime.fromisoformat(touched)
    tags = row.tags if isinstance(row.tags, list) else json.loads(row.tags or "[]")
    return ClientFigures(
        id=row.id,
        name=row.name,
        tags=tuple(tags),
        billing_model=row.model or "",
        licenses=(
            {"free": row.free, "just_risk": row.just_risk, "risk_compliance": row.risk_compliance}
            if billed
            else None
        ),
        charge=Decimal(row.charge) if billed else None,
        referral=Decimal(row.referral) if billed else None,
        risks={"Extreme": row.extreme, "High": row.high, "Medium": row.medium, "Low": row.low},
        overdue=row.overdue,
        in_progress=row.in_progress,
        last_activity=touched.date() if touched is not None else None,
        advisors=row.advisors,
        attention=tuple(reasons),
    )


def _plural(count: int, one: str, many: str) -> str:
    return f"1 {one}" if count == 1 else f"{count} {many}"
