"""Respondents' private links (business-development.md, rule 8).

A link is a capability: 256 random bits (urlsafe base64, 43 characters), one per participant
or assessment; the server finds its questionnaire by the SHA-256 of the token; it opens up to
and including the 30th day after the due date (`token_expires`), never once revoked. A
submitted response is final: the link then shows it read-only, until the advisor reopens it
(which is logged).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

TOKEN_BYTES = 32  # ≥ 128 bits
EXPIRES_AFTER_DUE = dt.timedelta(days=30)
WITHOUT_DUE = dt.timedelta(days=90)  # a review without a due date: from its publication
LINK_PATH = "/r/"


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def new_link() -> dict[str, str]:
    """A respondent's new private link as its row stores it: the token (synced, so any laptop
    can show or e-mail the link) and its hash (what the server looks a request up by)."""
    token = new_token()
    return {"token": token, "token_hash": token_hash(token)}


def expires(due: dt.date | None, today: dt.date) -> dt.date:
    """The last day the link opens: 30 days after the due date."""
    if due is None:
        return today + WITHOUT_DUE
    return due + EXPIRES_AFTER_DUE


def link_opens(*, expires_on: dt.date | None, revoked: bool, today: dt.date) -> bool:
    return not revoked and (expires_on is None or today <= expires_on)


def link_url(base_url: str, token: str) -> str:
    """The respondent's URL on the partner's server (`base_url` without a trailing slash)."""
    return f"{base_url.rstrip('/')}{LINK_PATH}{token}"
