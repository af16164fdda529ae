"""One rule for names a partner may use once (client names, template names, item titles):
compared case-blind (Unicode casefold), among the partner's live rows, the row itself aside."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from advisor_desk.services.errors import ValidationError


def find_named(
    session: Session,
    column: InstrumentedAttribute[str],
    partner_id: str,
    name: str,
    *,
    except_id: str = "",
) -> str | None:
    """The id of the partner's live row of `column`'s model with this name (not
    `except_id`), or None."""
    model: Any = column.class_
    found: str | None = session.scalar(
        select(model.id).where(
            model.partner_id == partner_id,
            model.deleted.is_(False),
            func.casefold(column) == name.casefold(),
            model.id != except_id,
        )
    )
    return found


def name_taken(
    session: Session,
    column: InstrumentedAttribute[str],
    partner_id: str,
    name: str,
    *,
    except_id: str = "",
) -> bool:
    """Whether another live row of `column`'s model, of this partner, has this name."""
    return find_named(session, column, partner_id, name, except_id=except_id) is not None


def ensure_unique(
    session: Session,
    column: InstrumentedAttribute[str],
    partner_id: str,
    name: str,
    *,
    field: str,
    message: str,
    except_id: str = "",
) -> None:
    """Refuse a name already taken: `ValidationError` at `field` saying `message` + the name
    quoted (e.g. message "a client named" → "a client named 'Acme' already exists")."""
    if name_taken(session, column, partner_id, name, except_id=except_id):
        raise ValidationError([(field, f"{message} {name!r} already exists")])


def free_name(
    first: str,
    taken: Callable[[str], bool],
    then: Callable[[int], str],
    *,
    max_length: int | None = None,
) -> str:
    """`first`, or the first of `then(2)`, `then(3)`, … not `taken` (the name a copy gets:
    "Toolkit 2", "Plan (copy 2)")."""
    candidate, n = first[:max_length], 2
    while taken(candidate):
        candidate, n = then(n)[:max_length], n + 1
    return candidate
