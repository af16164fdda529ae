"""People: the partner's advisors (roles, activity, access to clients), the access log of
who gave whom what access, and client members (license tiers over time), with the exact
undo of member edits.

Modules: `advisors`, `access_log`, `intervals`, `members`, `member_undo`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor_desk.services.lazy import lazy_exports

if TYPE_CHECKING:  # imported when first used (services/lazy.py)
    from advisor_desk.domain.permissions import Role
    from advisor_desk.services.people.access_log import AccessEntry, record_access_event
    from advisor_desk.services.people.advisors import AdvisorSummary, list_advisors
    from advisor_desk.services.people.member_undo import MemberEdit
    from advisor_desk.services.people.members import MemberSummary, TierSpan

__all__ = [
    "AccessEntry",
    "AdvisorSummary",
    "MemberEdit",
    "MemberSummary",
    "Role",
    "TierSpan",
    "list_advisors",
    "record_access_event",
]
__getattr__, __dir__ = lazy_exports(
    __name__,
    __all__,
    {
        "advisor_desk.domain.permissions": ("Role",),
        ".access_log": ("AccessEntry", "record_access_event"),
        ".advisors": ("AdvisorSummary", "list_advisors"),
        ".member_undo": ("MemberEdit",),
        ".members": ("MemberSummary", "TierSpan"),
    },
)
