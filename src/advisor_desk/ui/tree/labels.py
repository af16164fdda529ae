"""What a tree row says: one place for the words of an advisor's and a client's rows, shared by
the tree (ui/tree/nodes.py) and the start-up frame's early rows (ui/tree/early.py).

Plain Python that imports nothing of the app: the frame uses it before SQLAlchemy, the
services, Babel or even the domain modules are loaded. The words are the domain's (role and
tier names, billing models) and the services' (the license mix); tests check they agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

# domain.values.Role's labels (that module loads Babel).
ROLE_LABELS = {
    "administrator": "Administrator",
    "power_user": "Advisor Power User",
    "advisor": "Advisor User",
}
# domain.licenses.LicenseTier's short names, highest tier first (services' license mix order).
TIER_SHORTS = (("risk_compliance", "R&C"), ("just_risk", "JR"), ("free", "free"))
# domain.billing_model.BillingModel's labels.
BILLING_LABELS = {"reseller": "Reseller", "direct": "Direct (non-reseller)"}


def show_day(day: dt.date) -> str:
    """`7 Dec 2026` (ui/dates.py `show_day`)."""
    return f"{day.day} {day:%b %Y}"


def license_mix(counts: Mapping[str, int], nobody: str = "no members") -> str:
    """`4 R&C · 1 JR · 3 free` (tiers with nobody are left out): services/clients/teams.py
    `license_mix`, for counts by tier (LicenseTier members or their values)."""
    parts = [f"{counts[tier]} {short}" for tier, short in TIER_SHORTS if counts.get(tier)]
    return " · ".join(parts) or nobody


def advisor_note(role_label: str, active_now: bool) -> str:
    return role_label if active_now else f"{role_label} · inactive"


def describe_client(
    name: str, mix: str, model_label: str | None, archived: dt.date | None
) -> tuple[str, str]:
    """The second line (`4 R&C · 1 JR · 3 free · Reseller`) and the tooltip of a client."""
    label = model_label or "no billing model"
    detail = f"{mix} · {label.split(' ')[0]}"
    tip = f"{name}\n{mix}\nBilling: {label}"
    if archived is not None:
        detail += f" · archived {show_day(archived)}"
        tip += f"\nArchived since {show_day(archived)}"
    return detail, tip
