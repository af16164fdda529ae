"""The content library: the open and partner catalogues, searching, uploads, pushes to clients.

Modules: `content` (items and what a client holds), `search` (one lazy list over both
libraries), `detail`, `parse` / `upload` (new items and versions from files), `push`
(granting items to clients, and taking a push back).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor_desk.services.lazy import lazy_exports

if TYPE_CHECKING:  # imported when first used (services/lazy.py)
    from advisor_desk.services.library.content import ContentSummary, Library
    from advisor_desk.services.library.detail import item_detail
    from advisor_desk.services.library.push import PushSummary, push_items, take_back_push
    from advisor_desk.services.library.search import LibraryQuery, LibraryRow
    from advisor_desk.services.library.upload import UploadResult, publish_new_version, upload_item

__all__ = [
    "ContentSummary",
    "Library",
    "LibraryQuery",
    "LibraryRow",
    "PushSummary",
    "UploadResult",
    "item_detail",
    "publish_new_version",
    "push_items",
    "take_back_push",
    "upload_item",
]
__getattr__, __dir__ = lazy_exports(
    __name__,
    __all__,
    {
        ".content": ("ContentSummary", "Library"),
        ".detail": ("item_detail",),
        ".push": ("PushSummary", "push_items", "take_back_push"),
        ".search": ("LibraryQuery", "LibraryRow"),
        ".upload": ("UploadResult", "publish_new_version", "upload_item"),
    },
)
