"""Who may do what: one table of roles × actions, read by the window (hide or disable), the
CLI (refuse with the words) and the server (refuse pushed changes and admin requests).

The table is plain data: `TABLE[action]` is the set of roles allowed. `can(role, action)`
answers it, `reason(role, action)` says the rule in words ("only administrators can add
advisors"), and `refusal(role, action)` is that reason when the role is not allowed (None
when it is). `write_action(entity, op, changed)` maps a synced row's change (as a laptop
pushes it) to the action it performs, so the server refuses with the same words the window
shows. Roles are those stored in `advisor.role`: administrator, power_user, advisor.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from enum import StrEnum

from .values import Role

__all__ = [
    "ENTITY_ACTIONS",
    "TABLE",
    "Action",
    "Role",
    "can",
    "parse_role",
    "reason",
    "refusal",
    "role_label",
    "write_action",
]


class Action(StrEnum):
    BILLING = "billing"  # the partner's billing: what it owes and earns, its documents
    PARTNER_SETTINGS = "partner_settings"
    MANAGE_ADVISORS = "manage_advisors"  # add, edit, change roles, (de)activate
    MANAGE_ACCESS = "manage_access"  # give or remove access to a client
    ACCESS_LOG = "access_log"  # see and export the access log
    CREATE_CLIENT = "create_client"
    ARCHIVE_CLIENT = "archive_client"
    LIBRARY_PUBLISH = "library_publish"  # add, edit, upload partner library content
    LIBRARY_PRICE = "library_price"
    LIBRARY_PUSH = "library_push"  # push library content to clients and templates
    TEMPLATES = "templates"
    ISSUE_DOCUMENTS = "issue_documents"
    REVIEWS = "reviews"  # a client's risks and assessments


ADMIN = Role.ADMINISTRATOR
POWER = Role.POWER_USER
USER = Role.ADVISOR
_ALL = frozenset(Role)
_ADMIN = frozenset({ADMIN})
_POWER = frozenset({ADMIN, POWER})

# The table: action -> the roles allowed.
TABLE: Mapping[Action, frozenset[Role]] = {
    Action.BILLING: _ADMIN,
    Action.PARTNER_SETTINGS: _ADMIN,
    Action.MANAGE_ADVISORS: _ADMIN,
    Action.MANAGE_ACCESS: _ADMIN,
    Action.ACCESS_LOG: _ADMIN,
    Action.CREATE_CLIENT: _POWER,
    Action.ARCHIVE_CLIENT: _POWER,
    Action.LIBRARY_PUBLISH: _POWER,
    Action.LIBRARY_PRICE: _ADMIN,
    Action.LIBRARY_PUSH: _POWER,
    Action.TEMPLATES: _POWER,
    Action.ISSUE_DOCUMENTS: _POWER,
    Action.REVIEWS: _ALL,
}

# What each action does, in words finishing "only administrators can …".
DOING: Mapping[Action, str] = {
    Action.BILLING: "see and change the partner's billing",
    Action.PARTNER_SETTINGS: "change the partner settings",
    Action.MANAGE_ADVISORS: "add advisors or change their roles and activity",
    Action.MANAGE_ACCESS: "give or remove access to clients",
    Action.ACCESS_LOG: "see the access log",
    Action.CREATE_CLIENT: "create clients",
    Action.ARCHIVE_CLIENT: "archive clients",
    Action.LIBRARY_PUBLISH: "publish partner library content",
    Action.LIBRARY_PRICE: "price library content",
    Action.LIBRARY_PUSH: "push library content to clients",
    Action.TEMPLATES: "change client templates",
    Action.ISSUE_DOCUMENTS: "issue invoices and statements",
    Action.REVIEWS: "edit reviews and assessments",
}

LABELS: Mapping[Role, str] = {role: role.label for role in Role}
_WHO = {_ADMIN: "administrators", _POWER: "administrators and power users", _ALL: "advisors"}


def parse_role(value: object) -> Role:
    """A stored or typed role; also accepts the labels ("Power user") and dashes/spaces."""
    if isinstance(value, Role):
        return value
    text = str(value).strip().casefold().replace("-", "_").replace(" ", "_")
    for role in Role:
        if text in (role.value, LABELS[role].casefold().replace(" ", "_")):
            return role
    choices = ", ".join(role.value for role in Role)
    raise ValueError(f"{value!r} is not a role (one of {choices})")


def role_label(role: object) -> str:
    try:
        return LABELS[parse_role(role)]
    except ValueError:
        return str(role)


def can(role: object, action: Action) -> bool:
    """Whether `role` (a Role or its stored value; None: nobody known, no rights) may."""
    try:
        return parse_role(role) in TABLE[action]
    except ValueError:
        return False


def reason(role: object, action: Action) -> str:
    """The rule in words, for a tooltip or a refusal: "only administrators can add advisors"."""
    del role  # the words name who may, whoever asks
    return f"only {_WHO[TABLE[action]]} can {DOING[action]}"


def refusal(role: object, action: Action) -> str | None:
    """`reason` when `role` may not, else None."""
    return None if can(role, action) else reason(role, action)


# Synced entities and the action writing them performs (a change of any field, any op).
ENTITY_ACTIONS: Mapping[str, Action] = {
    "partner": Action.PARTNER_SETTINGS,
    "resale_settings": Action.PARTNER_SETTINGS,
    "advisor": Action.MANAGE_ADVISORS,
    "advisor_activity": Action.MANAGE_ADVISORS,
    "invitation": Action.MANAGE_ADVISORS,  # h6: invitations
    "advisor_access": Action.MANAGE_ACCESS,
    "access_event": Action.ACCESS_LOG,
    "content_price": Action.LIBRARY_PRICE,
    "content_version": Action.LIBRARY_PUBLISH,
    "content_file": Action.LIBRARY_PUBLISH,
    "content_provision": Action.LIBRARY_PUBLISH,
    "library_push": Action.LIBRARY_PUSH,
    "client_template": Action.TEMPLATES,
    "template_content": Action.TEMPLATES,
    "template_risk": Action.TEMPLATES,
    "template_assessment": Action.TEMPLATES,
    "template_advisor": Action.TEMPLATES,
    "template_revision": Action.TEMPLATES,
    "client_risk": Action.REVIEWS,
    "client_assessment": Action.REVIEWS,
}
_PRICE_FIELDS = frozenset({"price", "charging"})


def write_action(
    entity: str,
    op: str,
    changed: Collection[str] = (),
    row: Mapping[str, object] | None = None,
) -> Action | None:
    """The action a pushed change performs: `op` insert/update/delete, `changed` the fields
    it sets, `row` the row as it would be. None: no role rule (client access rules apply)."""
    if entity in ENTITY_ACTIONS:
        return ENTITY_ACTIONS[entity]
    if entity == "document":  # the partner's own documents are its billing
        client = (row or {}).get("client_id")
        return Action.ISSUE_DOCUMENTS if client else Action.BILLING
    if entity == "document_line":
        return Action.ISSUE_DOCUMENTS
    if entity == "client":
        if op in ("insert", "delete"):
            return Action.CREATE_CLIENT
        return Action.ARCHIVE_CLIENT if "archived" in changed else None
    if entity == "content_item":
        if op == "update" and _PRICE_FIELDS.intersection(changed):
            return Action.LIBRARY_PRICE
        return Action.LIBRARY_PUBLISH
    return None
