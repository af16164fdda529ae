"""What onboarding a client will create, and what it will cost per month: the review page.

The same checks and the same template plan as `Onboarding.create`, read without writing;
the monthly cost is the domain's arithmetic on the agreement in force this month (each
member counted at its tier, the advisor fees are the partner's whatever it onboards).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain.agreement import agreement_for_period
from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.domain.money import format_money, money_sum, multiply, round_money
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing.charges import load_agreements
from advisor_desk.services.billing.content import load_items
from advisor_desk.services.clients.onboarding import NewClient, NewMember, Onboarding
from advisor_desk.services.ops import run_query
from advisor_desk.services.tabular import read_pasted
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Advisor, ContentItem, Partner


@dataclass(frozen=True)
class CostLine:
    tier: LicenseTier
    count: int
    unit: Decimal
    amount: Decimal


@dataclass(frozen=True)
class OnboardingReview:
    name: str
    template: str  # "" for a blank plan
    template_version: int | None
    billing_model: BillingModel | None
    content: tuple[str, ...]  # titles
    risks: tuple[str, ...]
    assessments: tuple[tuple[str, dt.date], ...]  # (title, due)
    advisors: tuple[str, ...]  # names
    members: tuple[tuple[str, str, LicenseTier], ...]  # (name, email, tier)
    currency: str  # "" when the partner has no agreement in force
    locale: str  # the partner's, for showing money
    cost_lines: tuple[CostLine, ...]
    monthly_total: Decimal
    problems: tuple[tuple[str, str], ...]
    # The partner's items in the template that are not published: a warning, by title.
    unpublished: tuple[str, ...] = ()
    # The template's priced partner items, at this month's price: what the partner's invoice
    # to the client will carry for them (rules 6–7), (title, "monthly" | "once", price).
    content_costs: tuple[tuple[str, str, Decimal], ...] = ()

    @property
    def content_monthly(self) -> Decimal:
        return sum((p for _, mode, p in self.content_costs if mode == "monthly"), Decimal(0))

    @property
    def content_once(self) -> Decimal:
        return sum((p for _, mode, p in self.content_costs if mode == "once"), Decimal(0))

    def money(self, amount: Decimal) -> str:
        return format_money(amount, self.currency) if self.currency else "—"


def review_onboarding(store: Store, request: NewClient) -> OnboardingReview:
    return run_query(store, review_onboarding_in, request)


def review_onboarding_in(
    session: Session, partner: Partner, request: NewClient
) -> OnboardingReview:
    """What onboarding `request` would make and cost, and its problems (nothing written)."""
    onboarding = Onboarding(session, partner)
    problems = tuple(onboarding.check(request))
    template = onboarding.template_for(request)
    content_ids = template.content_ids if template is not None else ()
    risks = template.risks if template is not None else ()
    assessments = template.assessments if template is not None else ()
    advisor_ids = request.advisor_ids
    if advisor_ids is None:
        advisor_ids = template.advisor_ids if template is not None else ()
    model = template.billing_model if template is not None else None
    if request.billing_model is not None and str(request.billing_model) in set(BillingModel):
        model = BillingModel(request.billing_model)
    titles = dict(
        session.execute(
            select(ContentItem.id, ContentItem.title).where(
                ContentItem.id.in_([*content_ids, *(a for a, _ in assessments)])
            )
        ).all()
    )
    names = dict(
        session.execute(select(Advisor.id, Advisor.name).where(Advisor.id.in_(advisor_ids))).all()
    )
    default = template.license_tier if template is not None else LicenseTier.FREE
    members = tuple(
        (m.name.strip(), m.email.strip().lower(), _tier(m.license_tier, default))
        for m in request.members
    )
    currency, lines = _cost(onboarding, [tier for _, _, tier in members])
    return OnboardingReview(
        name=request.name.strip(),
        template=template.name if template is not None else "",
        template_version=template.revision if template is not None else None,
        billing_model=model,
        content=_sorted(titles.get(i, "?") for i in content_ids),
        risks=_sorted(title for _, title, _, _ in risks),
        assessments=tuple(
            (titles.get(item, "?"), onboarding.today + dt.timedelta(days=days))
            for item, days in sorted(assessments, key=lambda a: a[1])
        ),
        advisors=_sorted(names[a] for a in advisor_ids if a in names),
        members=members,
        currency=currency,
        locale=onboarding.partner.locale,
        cost_lines=lines,
        monthly_total=money_sum((x.amount for x in lines), currency) if currency else Decimal(0),
        problems=problems,
        unpublished=tuple(onboarding.unpublished_in(template)) if template else (),
        content_costs=_content_costs(onboarding, content_ids),
    )


class DetailsCheck:
    """The client-details checks of onboarding, for a form that checks as you type: the
    live client names are read once, then each check is pure (no query per keystroke)."""

    def __init__(self, store: Store) -> None:
        self._onboarding = run_query(store, Onboarding)

    def problems(
        self,
        *,
        name: str,
        domain: str,
        employees: int | None,
        tags: Sequence[str],
        address: str = "",
    ) -> dict[str, str]:
        """field -> the first problem with it (name, domain, address, employees, tags)."""
        request = NewClient(
            name=name,
            domain=domain,
            address=address,
            employees=employees,
            tags=tuple(tags),
            billing_model=BillingModel.RESELLER,
        )
        found: dict[str, str] = {}
        for field, message in self._onboarding.check_client(request):
            found.setdefault(field, message)
        return found

    def member_problems(self, member: NewMember) -> dict[str, str]:
        found: dict[str, str] = {}
        for field, message in self._onboarding.check_member(member):
            found.setdefault(field, message)
        return found


def _sorted(texts: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(texts, key=str.casefold))


def _tier(value: LicenseTier | str | None, default: LicenseTier) -> LicenseTier:
    if value is None:
        return default
    try:
        return LicenseTier(value)
    except ValueError:
        return default


def _content_costs(
    onboarding: Onboarding, content_ids: Sequence[str]
) -> tuple[tuple[str, str, Decimal], ...]:
    wanted = set(content_ids)
    month = Period.of(onboarding.today)
    costs = [
        (item.title, item.charging.value, price)
        for item in load_items(onboarding.session, onboarding.partner.id)
        if item.key in wanted and (price := item.price_for(month)) is not None and price > 0
    ]
    return tuple(sorted(costs, key=lambda c: (c[0].casefold(), c[0])))


def _cost(onboarding: Onboarding, tiers: list[LicenseTier]) -> tuple[str, tuple[CostLine, ...]]:
    try:
        agreement = agreement_for_period(
            load_agreements(onboarding.session, onboarding.partner.id), Period.of(onboarding.today)
        )
    except DomainError:
        return "", ()
    counts = Counter(tiers)
    currency = agreement.currency
    return currency, tuple(
        CostLine(
            tier,
            counts[tier],
            agreement.license_price[tier],
            round_money(multiply(counts[tier], agreement.license_price[tier]), currency),
        )
        for tier in reversed(LicenseTier)
        if counts[tier]
    )


_TIER_WORDS = {
    **{tier.value: tier for tier in LicenseTier},
    **{tier.label.casefold(): tier for tier in LicenseTier},
    **{tier.short.casefold(): tier for tier in LicenseTier},
}


def parse_member_rows(text: str) -> list[NewMember]:
    """Rows pasted from a spreadsheet (tab- or comma-separated, quoted cells kept whole):
    name, email[, tier].

    A header row (a cell reading "email") is skipped; the email may be in either of the first
    two columns; an unknown tier is kept as typed, so the check names it.
    """
    members = []
    for _, row in read_pasted(text).rows:
        cells = [c.strip() for c in row]
        if not any(cells) or any(c.casefold() in {"email", "e-mail"} for c in cells):
            continue
        cells += [""] * (3 - len(cells))
        name, email = cells[0], cells[1]
        if "@" in name and "@" not in email:
            name, email = email, name
        tier_text = cells[2]
        tier: LicenseTier | str | None = None
        if tier_text:
            tier = _TIER_WORDS.get(tier_text.casefold(), tier_text)
        members.append(NewMember(email=email, name=name, license_tier=tier))
    return members
