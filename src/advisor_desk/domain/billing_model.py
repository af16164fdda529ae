"""Who pays for a client's licenses, and which model is in force for a period."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum

from .errors import parse_choice
from .periods import Period


class BillingModel(StrEnum):
    RESELLER = "reseller"
    DIRECT = "direct"

    @property
    def label(self) -> str:
        return "Reseller" if self is BillingModel.RESELLER else "Direct (non-reseller)"

    @classmethod
    def parse(cls, s: object, field: str) -> BillingModel:
        return parse_choice(cls, s, field)


def model_for_period(
    history: Sequence[tuple[Period, BillingModel]], p: Period
) -> BillingModel | None:
    """The model in force on p's first day: the entry with the greatest month <= p.

    Of two entries for the same month the later one in `history` wins (it was recorded last).
    """
    in_force: tuple[Period, BillingModel] | None = None
    for since, model in history:
        if since <= p and (in_force is None or since >= in_force[0]):
            in_force = (since, model)
    return None if in_force is None else in_force[1]


def effective_period_for_change(today: date) -> Period:
    """A change made during a period takes effect from the next one."""
    return Period.of(today).next()
