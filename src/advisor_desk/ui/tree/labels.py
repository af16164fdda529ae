"""What a tree row says: one place for the words of an advisor's and a client's rows, shared by
the tree (ui/tree/nodes.py) and the start-up frame's early rows (plain Python: no SQLAlchemy,
no services, no Babel, so the frame may use it before they load)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.licenses import LicenseTier

# domain.values.Role's labels (that module loads Babel; a test checks they agree).
ROLE_LABELS = {
    "administrator": "Administrator",
    "power_user": "Advisor Power User",
    "advisor": "Advisor User",
}
_TIER_ORDER = sorted(LicenseTier, key=lambda t: t.rank, reverse=True)


def show_day(day: dt.date) -> str:
    """`7 Dec 2026` (ui/dates.py `show_day`)."""
    return f"{day.day} {day:%b %Y}"


def license_mix(counts: Mapping[LicenseTier, int], nobody: str = "no members") -> str:
    """`4 R&C · 1 JR · 3 free` (services/clients/teams.py `license_mix`; a test checks)."""
    parts = [f"{counts[tier]} {tier.short}" for tier in _TIER_ORDER if counts.get(tier)]
    return " · ".join(parts) or nobody


def advisor_note(role_label: str, active_now: bool) -> str:
    return role_label if active_now else f"{role_label} · inactive"


def describe_client(
    name: str, mix: str, model: BillingModel | None, archived: dt.date | None
) -> tuple[str, str]:
    """The second line (`4 R&C · 1 JR · 3 free · Reseller`) and the tooltip of a client."""
    label = model.label if model else "no billing model"
    detail = f"{mix} · {label.split(' ')[0]}"
    tip = f"{name}\n{mix}\nBilling: {label}"
    if archived is not None:
        detail += f" · archived {show_day(archived)}"
        tip += f"\nArchived since {show_day(archived)}"
    return detail, tip
