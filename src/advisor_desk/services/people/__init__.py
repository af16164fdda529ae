"""People: the partner's advisors (roles, activity, access to clients), the access log of
who gave whom what access, and client members (license tiers over time), with the exact
undo of member edits.

Modules: `advisors`, `access_log`, `intervals`, `members`, `member_undo`.
"""

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
