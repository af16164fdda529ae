"""What a client may receive (business-development.md, rule 7); prospects may receive
everything (that is business development).

- A risk review needs a member on Just Risk or Risk & Compliance in the current month.
- A client whose best tier this month is Just Risk has at most 2 published reviews open.
- An assessment needs its template kind entitled (domain/licenses.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from .licenses import ContentKind, LicenseTier, check_entitlement

MAX_OPEN_REVIEWS_JUST_RISK = 2


def best_tier(tiers: Iterable[LicenseTier]) -> LicenseTier | None:
    held = list(tiers)
    return max(held, key=lambda tier: tier.rank) if held else None


def review_refusal(tiers: Iterable[LicenseTier], *, open_published: int = 0) -> str | None:
    """Why a client with members on `tiers` this month may not have one more review (None:
    it may). `open_published`: its reviews published and not closed, not counting this one."""
    best = best_tier(tiers)
    if best is None or best.rank < LicenseTier.JUST_RISK.rank:
        return "a risk review needs a member on Just Risk or Risk & Compliance this month"
    if best is LicenseTier.JUST_RISK and open_published >= MAX_OPEN_REVIEWS_JUST_RISK:
        return (
            f"a Just Risk client has at most {MAX_OPEN_REVIEWS_JUST_RISK} published reviews "
            "open at once (close one first)"
        )
    return None


def assessment_refusal(
    tiers: Iterable[LicenseTier], kind: str = "assessment_template"
) -> str | None:
    """Why a client with members on `tiers` this month may not receive an assessment."""
    message = check_entitlement(ContentKind(kind), list(tiers))
    return None if message is None else f"{message} this month"
