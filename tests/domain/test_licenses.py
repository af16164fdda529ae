from datetime import date

import pytest

from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.licenses import (
    ENTITLEMENTS,
    ContentKind,
    LicenseTier,
    TierInterval,
    check_entitlement,
    entitled_kinds,
    highest_tier,
)
from advisor_desk.domain.periods import Interval, Period

FREE, JR, RC = LicenseTier.FREE, LicenseTier.JUST_RISK, LicenseTier.RISK_COMPLIANCE
NOV = Period(2026, 11)


def test_tiers() -> None:
    assert [t.value for t in LicenseTier] == ["free", "just_risk", "risk_compliance"]
    assert [t.rank for t in LicenseTier] == [0, 1, 2]
    assert [t.label for t in LicenseTier] == ["Free", "Just Risk", "Risk & Compliance"]
    assert [t.short for t in LicenseTier] == ["free", "JR", "R&C"]
    assert RC == "risk_compliance"  # a StrEnum: stores and JSON see the plain value


def test_parse_tier() -> None:
    assert LicenseTier.parse("just_risk", "member.license_tier") is JR
    for bad in ["Just Risk", "JR", "", None, "FREE"]:
        with pytest.raises(DomainError, match=r"^member\.license_tier: .*free, just_risk"):
            LicenseTier.parse(bad, "member.license_tier")


def test_content_kinds() -> None:
    assert ContentKind.parse("risk_library", "content.kind") is ContentKind.RISK_LIBRARY
    assert ContentKind.CONTROL_SET.label == "Control set"
    assert len({kind.label for kind in ContentKind}) == 6
    with pytest.raises(DomainError, match=r"^content\.kind: "):
        ContentKind.parse("framework/authority", "content.kind")


def test_entitlements() -> None:
    assert ENTITLEMENTS[FREE] == {ContentKind.POLICY, ContentKind.PLAYBOOK}
    assert ENTITLEMENTS[JR] == ENTITLEMENTS[FREE] | {
        ContentKind.RISK_LIBRARY,
        ContentKind.ASSESSMENT_TEMPLATE,
    }
    assert ENTITLEMENTS[RC] == set(ContentKind)
    assert entitled_kinds([]) == frozenset()
    assert entitled_kinds([FREE, JR]) == ENTITLEMENTS[JR]


@pytest.mark.parametrize(
    ("kind", "tiers", "needed"),
    [
        (ContentKind.POLICY, [FREE], None),
        (ContentKind.FRAMEWORK, [RC], None),
        (ContentKind.FRAMEWORK, [FREE, JR], "Risk & Compliance"),
        (ContentKind.CONTROL_SET, [JR], "Risk & Compliance"),
        (ContentKind.RISK_LIBRARY, [FREE], "Just Risk"),
        (ContentKind.ASSESSMENT_TEMPLATE, [], "Just Risk"),
        (ContentKind.PLAYBOOK, [], "Free"),
    ],
)
def test_check_entitlement(kind: ContentKind, tiers: list[LicenseTier], needed: str | None) -> None:
    message = check_entitlement(kind, tiers)
    if needed is None:
        assert message is None
    else:
        assert message == f"{kind.label} needs a {needed} license"


def _held(tier: LicenseTier, start: date, end: date | None = None) -> TierInterval:
    return TierInterval(tier, start, end)


class TestHighestTier:
    def test_no_interval(self) -> None:
        assert highest_tier([], NOV) is None

    def test_held_all_month(self) -> None:
        assert highest_tier([_held(JR, date(2026, 1, 1))], NOV) is JR

    def test_upgrade_mid_month_counts_the_higher(self) -> None:
        history = [_held(JR, date(2026, 1, 1), date(2026, 11, 20)), _held(RC, date(2026, 11, 20))]
        assert highest_tier(history, NOV) is RC
        assert highest_tier(history, Period(2026, 10)) is JR

    def test_downgrade_mid_month_still_counts_the_higher(self) -> None:
        history = [_held(RC, date(2026, 1, 1), date(2026, 11, 2)), _held(FREE, date(2026, 11, 2))]
        assert highest_tier(history, NOV) is RC
        assert highest_tier(history, Period(2026, 12)) is FREE

    def test_ended_on_the_first_is_not_held_that_month(self) -> None:
        history = [_held(RC, date(2026, 1, 1), date(2026, 11, 1)), _held(JR, date(2026, 11, 1))]
        assert highest_tier(history, NOV) is JR

    def test_started_on_the_last_day_is_held_that_month(self) -> None:
        assert highest_tier([_held(RC, date(2026, 11, 30))], NOV) is RC
        assert highest_tier([_held(RC, date(2026, 12, 1))], NOV) is None

    def test_order_of_the_history_does_not_matter(self) -> None:
        history = [_held(RC, date(2026, 11, 10), date(2026, 11, 12)), _held(FREE, date(2026, 1, 1))]
        assert highest_tier(history, NOV) is RC
        assert highest_tier(list(reversed(history)), NOV) is RC

    def test_within_only_counts_the_days_the_client_existed(self) -> None:
        history = [_held(JR, date(2026, 1, 1), date(2026, 11, 20)), _held(RC, date(2026, 11, 20))]
        archived_on_the_20th = Interval(date(2026, 1, 1), date(2026, 11, 20))
        assert highest_tier(history, NOV, within=archived_on_the_20th) is JR
        archived_on_the_21st = Interval(date(2026, 1, 1), date(2026, 11, 21))
        assert highest_tier(history, NOV, within=archived_on_the_21st) is RC

    def test_within_outside_the_period(self) -> None:
        history = [_held(RC, date(2026, 1, 1))]
        assert (
            highest_tier(history, NOV, within=Interval(date(2026, 1, 1), date(2026, 11, 1))) is None
        )
        assert highest_tier(history, NOV, within=Interval(date(2026, 12, 1), None)) is None
