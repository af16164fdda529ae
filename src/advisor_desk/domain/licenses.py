"""License tiers, content kinds, what each tier entitles, and a member's tier for a period."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import NamedTuple

from .errors import parse_choice
from .periods import Interval, Period


class LicenseTier(StrEnum):
    FREE = "free"
    JUST_RISK = "just_risk"
    RISK_COMPLIANCE = "risk_compliance"

    @property
    def rank(self) -> int:
        """0, 1, 2: free < just_risk < risk_compliance."""
        return _TIER_RANK[self]

    @property
    def label(self) -> str:
        return _TIER_LABELS[self]

    @property
    def short(self) -> str:
        return _TIER_SHORT[self]

    @classmethod
    def parse(cls, s: object, field: str) -> LicenseTier:
        return parse_choice(cls, s, field)


_TIER_RANK = {tier: rank for rank, tier in enumerate(LicenseTier)}
TIER_RANK: Mapping[LicenseTier, int] = _TIER_RANK  # a tier's rank, as `LicenseTier.rank`
_TIER_LABELS = {
    LicenseTier.FREE: "Free",
    LicenseTier.JUST_RISK: "Just Risk",
    LicenseTier.RISK_COMPLIANCE: "Risk & Compliance",
}
_TIER_SHORT = {
    LicenseTier.FREE: "free",
    LicenseTier.JUST_RISK: "JR",
    LicenseTier.RISK_COMPLIANCE: "R&C",
}


class ContentKind(StrEnum):
    FRAMEWORK = "framework"
    CONTROL_SET = "control_set"
    ASSESSMENT_TEMPLATE = "assessment_template"
    RISK_LIBRARY = "risk_library"
    POLICY = "policy"
    PLAYBOOK = "playbook"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @classmethod
    def parse(cls, s: object, field: str) -> ContentKind:
        return parse_choice(cls, s, field)


_KIND_LABELS = {
    ContentKind.FRAMEWORK: "Framework",
    ContentKind.CONTROL_SET: "Control set",
    ContentKind.ASSESSMENT_TEMPLATE: "Assessment template",
    ContentKind.RISK_LIBRARY: "Risk library",
    ContentKind.POLICY: "Policy",
    ContentKind.PLAYBOOK: "Playbook",
}

_FREE_KINDS = frozenset({ContentKind.POLICY, ContentKind.PLAYBOOK})
_JUST_RISK_KINDS = _FREE_KINDS | {ContentKind.RISK_LIBRARY, ContentKind.ASSESSMENT_TEMPLATE}
ENTITLEMENTS: Mapping[LicenseTier, frozenset[ContentKind]] = MappingProxyType(
    {
        LicenseTier.FREE: _FREE_KINDS,
        LicenseTier.JUST_RISK: _JUST_RISK_KINDS,
        LicenseTier.RISK_COMPLIANCE: _JUST_RISK_KINDS
        | {ContentKind.FRAMEWORK, ContentKind.CONTROL_SET},
    }
)


def entitled_kinds(tiers: Iterable[LicenseTier]) -> frozenset[ContentKind]:
    """Every content kind any of the tiers entitles."""
    return frozenset().union(*(ENTITLEMENTS[tier] for tier in tiers))


def check_entitlement(kind: ContentKind, tiers: Iterable[LicenseTier]) -> str | None:
    """None if one of the tiers entitles `kind`, else a message naming the lowest tier that does."""
    if kind in entitled_kinds(tiers):
        return None
    needed = min((t for t in LicenseTier if kind in ENTITLEMENTS[t]), key=lambda t: t.rank)
    return f"{kind.label} needs a {needed.label} license"


class TierInterval(NamedTuple):
    """A member held `tier` on the days `[start, end)`; `end=None` while it still holds it.

    A NamedTuple, not a dataclass: billing builds one per license interval (tens of
    thousands per period), and a frozen dataclass costs several times more to create.
    """

    tier: LicenseTier
    start: date
    end: date | None


def highest_tier(
    intervals: Iterable[TierInterval], period: Period, *, within: Interval | None = None
) -> LicenseTier | None:
    """The highest tier held on any day of `period` (and of `within`, when given), or None."""
    days = Interval(period.first_day, period.end)
    if within is not None:
        clipped = days.clip(within.start, within.end)
        if clipped is None:
            return None
        days = clipped
    return highest_tier_between(intervals, days.start, days.end)


def highest_tier_between(
    intervals: Iterable[TierInterval], start: date, end: date | None
) -> LicenseTier | None:
    """The highest tier held on any day of `[start, end)`: the billing hot path, kept plain."""
    best: LicenseTier | None = None
    best_rank = -1
    for held in intervals:
        if (end is None or held.start < end) and (held.end is None or held.end > start):
            rank = _TIER_RANK[held.tier]
            if rank > best_rank:
                best, best_rank = held.tier, rank
    return best
