"""What the access log records (services/people/access_log.py, server/auth.py): the kinds of
event and how each reads, and the columns of its CSV export."""

from __future__ import annotations

from enum import StrEnum


class AccessKind(StrEnum):
    ACCESS_GRANTED = "access_granted"
    ACCESS_REMOVED = "access_removed"
    ROLE_CHANGED = "role_changed"
    ACTIVATED = "activated"
    DEACTIVATED = "deactivated"
    INVITED = "invited"
    INVITATION_REVOKED = "invitation_revoked"
    INVITATION_ACCEPTED = "invitation_accepted"
    LOGIN_FAILED = "login_failed"

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {
    AccessKind.ACCESS_GRANTED: "Access given",
    AccessKind.ACCESS_REMOVED: "Access removed",
    AccessKind.ROLE_CHANGED: "Role changed",
    AccessKind.ACTIVATED: "Activated",
    AccessKind.DEACTIVATED: "Deactivated",
    AccessKind.INVITED: "Invited",
    AccessKind.INVITATION_REVOKED: "Invitation revoked",
    AccessKind.INVITATION_ACCEPTED: "Invitation accepted",
    AccessKind.LOGIN_FAILED: "Login failed",
}

CSV_COLUMNS = ("when_utc", "kind", "who", "about", "detail", "device")


def kind_label(value: str) -> str:
    try:
        return AccessKind(value).label
    except ValueError:
        return value.replace("_", " ").capitalize()
