"""People: the partner's advisors (roles, activity, access to clients) and client members
(license tiers over time), with the exact undo of member edits.

Modules: `advisors`, `members`, `member_undo`.
"""

from advisor_desk.services.people.advisors import AdvisorSummary, Role, list_advisors
from advisor_desk.services.people.member_undo import MemberEdit
from advisor_desk.services.people.members import MemberSummary, TierSpan

__all__ = ["AdvisorSummary", "MemberEdit", "MemberSummary", "Role", "TierSpan", "list_advisors"]
