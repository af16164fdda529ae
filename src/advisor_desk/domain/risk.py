"""Risk scales, score and rating (business-development.md, rule 1), and the register's words.

Likelihood 1 Rare … 5 Almost certain; impact 1 Insignificant … 5 Severe.
Score = likelihood × impact; rating: 1–4 Low, 5–9 Medium, 10–14 High, 15–25 Extreme.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from .errors import DomainError, parse_choice

SCALE = range(1, 6)
LIKELIHOOD_LABELS = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}
IMPACT_LABELS = {1: "Insignificant", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Severe"}


class Rating(StrEnum):
    LOW = "Low"
    MEDIUM = "Medium"
    HIGH = "High"
    EXTREME = "Extreme"


# (lowest score, rating), highest first
_BANDS = ((15, Rating.EXTREME), (10, Rating.HIGH), (5, Rating.MEDIUM), (1, Rating.LOW))


class Treatment(StrEnum):
    ACCEPT = "accept"
    MITIGATE = "mitigate"
    TRANSFER = "transfer"
    AVOID = "avoid"


class RegisterStatus(StrEnum):
    OPEN = "open"
    TREATED = "treated"
    CLOSED = "closed"


def check_level(value: object, field: str) -> int:
    """A likelihood or impact: a whole number from 1 to 5."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
        raise DomainError(field, f"{value!r} is not a whole number from 1 to 5")
    return value


def score(likelihood: int, impact: int) -> int:
    """Rule 1: likelihood × impact (each 1–5)."""
    return check_level(likelihood, "likelihood") * check_level(impact, "impact")


def rating_of_score(value: int) -> Rating:
    """Rule 1: 1–4 Low, 5–9 Medium, 10–14 High, 15–25 Extreme."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 25:
        raise DomainError("score", f"{value!r} is not from 1 to 25")
    return next(rating for lowest, rating in _BANDS if value >= lowest)


def rating(likelihood: int, impact: int) -> Rating:
    return rating_of_score(score(likelihood, impact))


def round_half_up(value: Fraction | Decimal | int) -> int:
    """The nearest integer, halves away from zero (3.5 → 4, 2.5 → 3): never banker's."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
        # exact for halves: a half has denominator 2, so the division above is exact there
    return int(Decimal(value).to_integral_value(rounding=ROUND_HALF_UP))


def mean_half_up(values: list[int]) -> int | None:
    """Rules 4 and 6: the mean of whole numbers, rounded half-up (None for no values).

    Computed exactly (a fraction), so 3.5 is 7/2 and never 3.4999…"""
    if not values:
        return None
    total = sum(values)
    count = len(values)
    # half-up on an exact fraction: floor((2·total + count) / (2·count)) for totals ≥ 0
    return (2 * total + count) // (2 * count)


def parse_treatment(value: object, field: str = "treatment") -> str:
    """A treatment, or "" (not decided yet)."""
    if value == "":
        return ""
    return parse_choice(Treatment, value, field).value


def parse_status(value: object, field: str = "status") -> str:
    return parse_choice(RegisterStatus, value, field).value
