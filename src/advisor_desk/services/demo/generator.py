"""Build a believable partner as a workspace dict (the `export`/`import` file format).

Plain Python and one `random.Random(seed)`: the same arguments always give the same dict.
Dates are relative to `today`, so the history always ends "now": three years of clients,
the last twelve months of license changes, an advisor who left months ago, one who just
joined.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable
from typing import Any

from advisor_desk.domain.licenses import ENTITLEMENTS, LicenseTier
from advisor_desk.domain.periods import Period
from advisor_desk.services.demo.library import build_content, build_templates
from advisor_desk.services.demo.names import (
    INDUSTRIES,
    NameFactory,
    between,
    email_local,
    person,
    pick,
)
from advisor_desk.services.demo.plans import (
    add_client_plans,
    add_entries,
    add_history,
    add_template_plans,
    add_template_revisions,
)
from advisor_desk.services.workspace.bulk import collector_paused

Progress = Callable[[int, int, str], None]

PARTNER_NAME = "Harbour Risk Advisory"
PARTNER_DOMAIN = "harbourrisk.example"
PARTNER_TIMEZONE = "Australia/Sydney"  # "today" is the date there
TIERS = ("free", "just_risk", "risk_compliance")
OTHER_TIERS = {tier: tuple(t for t in TIERS if t != tier) for tier in TIERS}
HISTORY_DAYS = 3 * 365  # how far back the partner's story starts
CHANGE_DAYS = 365  # license changes happen in the last twelve months


def build_workspace(
    today: dt.date,
    *,
    clients: int,
    content: int,
    seed: int,
    members: tuple[int, int] = (3, 25),
    progress: Progress | None = None,
) -> dict[str, Any]:
    """The whole workspace; `members` bounds each client's member count (both included)."""
    with collector_paused():
        return _build(today, clients, content, seed, members, progress)


def _build(
    today: dt.date,
    clients: int,
    content: int,
    seed: int,
    members: tuple[int, int],
    progress: Progress | None,
) -> dict[str, Any]:
    rng = random.Random(seed)
    origin = Period.of(today - dt.timedelta(days=HISTORY_DAYS)).first_day
    library = build_content(rng, content)
    templates = build_templates(rng, {item["title"] for item in library})
    by_kind = _open_titles_by_kind(library)
    factory = NameFactory(rng)
    builder = _ClientBuilder(rng, today, origin, templates, by_kind, members)
    rows = []
    for index in range(clients):
        rows.append(builder.client(factory))
        if progress is not None and ((index + 1) % 500 == 0 or index + 1 == clients):
            progress(index + 1, clients, "generating")
    partner = _partner(rng, origin)
    advisors = _advisors(rng, today, origin, rows)
    # Its own generator: what is above stays the same for a seed as before it was added.
    plans = random.Random(f"plans-{seed}")
    add_entries(library, plans)
    add_template_plans(templates, library, advisors, plans)
    add_client_plans(rows, templates)
    add_template_revisions(templates, library, rows, today - dt.timedelta(days=CHANGE_DAYS))
    add_history(library, plans, today, advisors, rows, templates)
    return {
        "format": "advisor-desk/workspace",
        "version": 1,
        "partner": partner,
        "advisors": advisors,
        "clients": rows,
        "content": library,
        "templates": templates,
        "documents": [],
    }


def _partner(rng: random.Random, origin: dt.date) -> dict[str, Any]:
    return {
        "name": PARTNER_NAME,
        "timezone": PARTNER_TIMEZONE,
        "agreement": {
            "currency": "AUD",
            "advisor_fee": "120.00",
            "license_price": {"free": "0.00", "just_risk": "35.00", "risk_compliance": "79.00"},
            "referral_rate": "0.20",
            "tax_rate": "0.10",
            "from": str(Period.of(origin)),
        },
        "resale": {
            "license_price": {"just_risk": "49.00", "risk_compliance": "99.00"},
            "tax_rate": "0.10",
            "legal_name": "Harbour Risk Advisory Pty Ltd",
            "tax_number": f"ABN {_abn(rng)}",
            "address": "Level 14, 88 Phillip Street\nSydney NSW 2000\nAustralia",
            "bank_details": (
                "Account name: Harbour Risk Advisory Pty Ltd\n"
                f"BSB: 062-{rng.randrange(1000):03d}  Account: {rng.randrange(10**7, 10**8)}"
            ),
            "invoice_prefix": "HRA-",
            "payment_terms_days": 14,
        },
    }


def _abn(rng: random.Random) -> str:
    """Eleven digits that pass the ABN checksum (weights 10,1,3,…,19; first digit minus 1)."""
    rest = [rng.randrange(10) for _ in range(9)]
    total = sum(w * d for w, d in zip((3, 5, 7, 9, 11, 13, 15, 17, 19), rest, strict=True))
    first, second = next(
        (a, b) for a in range(1, 10) for b in range(10) if (10 * (a - 1) + b + total) % 89 == 0
    )
    digits = "".join(map(str, [first, second, *rest]))
    return f"{digits[:2]} {digits[2:5]} {digits[5:8]} {digits[8:]}"


def _advisors(
    rng: random.Random, today: dt.date, origin: dt.date, clients: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """6–9 advisors: two administrators, one who left months ago, one who just joined, one
    back from leave; the active advisors share the client portfolio."""
    count = between(rng, 6, 9)
    day = dt.timedelta(days=1)
    spans: list[list[list[str | None]]] = []
    for index in range(count):
        span: list[tuple[dt.date, dt.date | None]]
        if index == 0:
            span = [(origin, None)]
        elif index == 1:
            span = [(origin + day * between(rng, 30, 120), None)]
        elif index == count - 1:  # joined recently
            span = [(today - day * between(rng, 5, 25), None)]
        elif index == count - 2:  # deactivated months ago
            start = origin + day * between(rng, 60, 400)
            span = [(start, today - day * between(rng, 90, 200))]
        elif index == 2:  # a gap: parental leave
            start = origin + day * between(rng, 100, 300)
            away = today - day * between(rng, 300, 400)
            span = [(start, away), (away + day * between(rng, 90, 160), None)]
        else:
            span = [(origin + day * between(rng, 60, HISTORY_DAYS - 90), None)]
        spans.append([[a.isoformat(), _iso(b)] for a, b in span])
    people = _people(rng, count)
    active = [i for i in range(2, count) if spans[i][-1][1] is None]
    access: list[list[str]] = [[] for _ in range(count)]
    for client in clients:
        for index in rng.sample(active, min(len(active), pick(rng, (1, 1, 2)))):
            access[index].append(client["name"])
    for index in (0, 1):  # the administrators keep a few key accounts themselves
        access[index] = sorted(c["name"] for c in rng.sample(clients, min(3, len(clients))))
    return [
        {
            "email": f"{email_local(first, last)}@{PARTNER_DOMAIN}",
            "name": f"{first} {last}",
            "role": "administrator" if index < 2 else "advisor",
            "active": spans[index],
            "client_access": sorted(access[index]),
        }
        for index, (first, last) in enumerate(people)
    ]


def _people(rng: random.Random, count: int) -> list[tuple[str, str]]:
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    while len(out) < count:
        first, last = person(rng)
        local = email_local(first, last)
        if local not in seen:
            seen.add(local)
            out.append((first, last))
    return out


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _open_titles_by_kind(library: list[dict[str, Any]]) -> dict[str, list[str]]:
    by_kind: dict[str, list[str]] = {}
    for item in library:
        if item["library"] == "open":
            by_kind.setdefault(item["kind"], []).append(item["title"])
    return by_kind


class _ClientBuilder:
    """One client at a time: name, billing model history, members and their licenses."""

    def __init__(
        self,
        rng: random.Random,
        today: dt.date,
        origin: dt.date,
        templates: list[dict[str, Any]],
        by_kind: dict[str, list[str]],
        members: tuple[int, int],
    ) -> None:
        self.rng = rng
        self.today_date = today
        self.today = today.toordinal()
        self.origin = origin.toordinal()
        self.templates = templates
        self.by_kind = by_kind
        self.members = members
        self.industries = list(INDUSTRIES)
        self._dates: dict[int, str] = {}

    def _date(self, ordinal: int) -> str:
        text = self._dates.get(ordinal)
        if text is None:
            text = self._dates[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return text

    def client(self, factory: NameFactory) -> dict[str, Any]:
        rng = self.rng
        industry = pick(rng, self.industries)
        name, domain = factory.client(industry)
        low, high = INDUSTRIES[industry][0]
        employees = round(math.exp(rng.uniform(math.log(low), math.log(high))))
        created = between(rng, self.origin, self.today - 7)
        archived = None
        if rng.random() < 0.03 and self.today - created > 120:
            archived = between(rng, created + 90, self.today - 1)
        template = pick(rng, self.templates) if rng.random() < 0.85 else None
        tier = template["license_tier"] if template else pick(rng, TIERS[1:])
        return {
            "name": name,
            "domain": domain,
            "employees": employees,
            "billing_model": self._billing_models(created),
            "created": self._date(created),
            "archived": None if archived is None else self._date(archived),
            "tags": [industry],
            "members": self._members(domain, tier, created, archived or self.today),
            "content": self._content(template, tier),
            "template": template["name"] if template else None,
        }

    def _billing_models(self, created: int) -> list[list[str]]:
        rng = self.rng
        model = "reseller" if rng.random() < 0.7 else "direct"
        first = dt.date.fromordinal(created)
        history = [[f"{first:%Y-%m}", model]]
        months = (self.today_date.year - first.year) * 12 + self.today_date.month - first.month
        if rng.random() < 0.12 and months > 0:  # switched model in a later month
            index = first.year * 12 + first.month - 1 + between(rng, 1, months)
            other = "direct" if model == "reseller" else "reseller"
            history.append([f"{index // 12:04d}-{index % 12 + 1:02d}", other])
        return history

    def _members(self, domain: str, tier: str, created: int, horizon: int) -> list[dict[str, Any]]:
        rng = self.rng
        seen: set[str] = set()
        out = []
        for _ in range(between(rng, *self.members)):
            first, last = person(rng)
            local, n = email_local(first, last), 2
            while local in seen:  # a second Jo Smith: jo.smith2@
                local, n = f"{email_local(first, last)}{n}", n + 1
            seen.add(local)
            out.append(
                {
                    "email": f"{local}@{domain}",
                    "name": f"{first} {last}",
                    "licenses": self._licenses(tier, created, horizon),
                }
            )
        return out

    def _licenses(self, main: str, created: int, horizon: int) -> list[list[str | None]]:
        """The member's tier intervals: a start tier, then upgrades, downgrades, maybe leaving."""
        rng = self.rng
        founding = rng.random() < 0.7 or horizon - created < 3
        joined = created if founding else between(rng, created + 1, horizon - 1)
        roll = rng.random()
        tier = main if roll < 0.6 else ("free" if roll < 0.85 else "just_risk")
        window = max(joined + 1, self.today - CHANGE_DAYS)
        changes: list[int] = []
        if window < horizon and rng.random() < 0.35:
            changes.append(between(rng, window, horizon - 1))
            if rng.random() < 0.3:  # and changed again
                second = between(rng, window, horizon - 1)
                if second != changes[0]:
                    changes = sorted((changes[0], second))
        left = None
        if window < horizon and rng.random() < 0.08:
            start = (changes[-1] + 1) if changes else window
            if start < horizon:
                left = between(rng, start, horizon - 1)
        closed = horizon if horizon < self.today else None  # archived clients end there
        intervals: list[list[str | None]] = []
        start = joined
        for change in changes:
            intervals.append([tier, self._date(start), self._date(change)])
            tier = pick(rng, OTHER_TIERS[tier])
            start = change
        end = left if left is not None else closed
        intervals.append([tier, self._date(start), None if end is None else self._date(end)])
        return intervals

    def _content(self, template: dict[str, Any] | None, tier: str) -> list[str]:
        rng = self.rng
        granted = list(template["content"]) if template else []
        kinds = sorted(k for k in ENTITLEMENTS[LicenseTier(tier)] if self.by_kind.get(k))
        for _ in range(between(rng, 0, 4) if kinds else 0):
            title = pick(rng, self.by_kind[pick(rng, kinds)])
            if title not in granted:
                granted.append(title)
        return granted
