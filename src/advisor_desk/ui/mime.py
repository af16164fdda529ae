"""Drag-and-drop payload types shared by the views that drag and the views that accept drops."""

from __future__ import annotations

# Content item ids, one per line (UTF-8): dragged from the library, dropped on a client.
CONTENT_IDS_MIME = "application/x-advisor-desk-content-ids"


def content_ids(payload: bytes) -> list[str]:
    """The ids in a content drag's payload, in order, without blanks or repeats."""
    lines = payload.decode("utf-8", errors="replace").splitlines()
    return list(dict.fromkeys(line.strip() for line in lines if line.strip()))
