"""The kinds of tree rows and the folders among them (plain Python: the start-up frame's early
rows use them before SQLAlchemy or any service is imported)."""

from __future__ import annotations

from enum import Enum


class Kind(Enum):
    ROOT = "root"
    PARTNER = "partner"
    ADVISORS = "advisors"
    ADVISOR = "advisor"
    CLIENTS = "clients"
    TAG = "tag"
    CLIENT = "client"
    MEMBERS = "members"
    MEMBER = "member"
    CONTENT = "content"
    CONTENT_ITEM = "content-item"
    DOCUMENTS = "documents"
    DOCUMENT = "document"
    PROSPECTS = "prospects"
    PROSPECT = "prospect"


FOLDERS = frozenset(
    {
        Kind.ADVISORS,
        Kind.CLIENTS,
        Kind.TAG,
        Kind.MEMBERS,
        Kind.CONTENT,
        Kind.DOCUMENTS,
        Kind.PROSPECTS,
    }
)
CLIENT_FOLDERS = (Kind.MEMBERS, Kind.CONTENT, Kind.DOCUMENTS)
FOLDER_LABELS = {
    Kind.ADVISORS: "Advisors",
    Kind.CLIENTS: "Clients",
    Kind.MEMBERS: "Members",
    Kind.CONTENT: "Content",
    Kind.DOCUMENTS: "Documents",
}
BATCH = 80  # clients fetched per step while scrolling (a tall window shows ~25)


def expandable(kind: Kind) -> bool:
    """Whether a row of this kind may hold rows (shown with an arrow before they are read)."""
    return kind in FOLDERS or kind in {Kind.ROOT, Kind.PARTNER, Kind.CLIENT}
