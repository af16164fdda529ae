"""The worked example of billing-rules.md, as domain inputs (shared by several test modules)."""

from datetime import date

from advisor_desk.domain.agreement import Agreement
from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.charges import AdvisorInput, ClientInput, MemberInput
from advisor_desk.domain.licenses import LicenseTier, TierInterval
from advisor_desk.domain.periods import Interval, Period

NOV = Period(2026, 11)
JR, RC, FREE = LicenseTier.JUST_RISK, LicenseTier.RISK_COMPLIANCE, LicenseTier.FREE

AGREEMENT = Agreement.create(
    currency="AUD",
    advisor_fee="120.00",
    license_price={"free": "0.00", "just_risk": "35.00", "risk_compliance": "79.00"},
    referral_rate="0.20",
    tax_rate="0.10",
    effective_from="2026-01",
)


def advisor(key: str, *intervals: tuple[date, date | None]) -> AdvisorInput:
    return AdvisorInput(key, key.upper(), [Interval(start, end) for start, end in intervals])


def member(key: str, *licenses: tuple[LicenseTier, date, date | None]) -> MemberInput:
    return MemberInput(key, key, [TierInterval(*held) for held in licenses])


def client(
    name: str,
    model: BillingModel,
    members: list[MemberInput],
    *,
    created: date = date(2026, 1, 10),
    archived: date | None = None,
) -> ClientInput:
    return ClientInput(name.lower(), name, created, archived, [(Period(2026, 1), model)], members)


ADVISORS = [
    advisor("a", (date(2026, 1, 1), None)),
    advisor("b", (date(2026, 1, 1), date(2026, 11, 3))),
    advisor("c", (date(2026, 12, 1), None)),
]
ACME = client(
    "Acme",
    BillingModel.RESELLER,
    [member(f"rc{i}", (RC, date(2026, 1, 10), None)) for i in range(3)]
    + [member("mover", (JR, date(2026, 1, 10), date(2026, 11, 20)), (RC, date(2026, 11, 20), None))]
    + [member(f"free{i}", (FREE, date(2026, 1, 10), None)) for i in range(4)],
)
BIRCH = client(
    "Birch",
    BillingModel.DIRECT,
    [member(f"jr{i}", (JR, date(2026, 1, 10), None)) for i in range(2)],
)
CLIENTS = [BIRCH, ACME]  # deliberately not in name order
