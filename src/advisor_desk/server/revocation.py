"""Who may still use the server: an advisor who is not deleted and is active today.

`authenticate` and `login` ask `may_sign_in` on every request, so an advisor whose activity
ended (or who was removed) is refused at once, whatever wrote the change. On top of that a
flush hook on the server's write sessions revokes their tokens in the same transaction as
the change (a push from an administrator's laptop, an admin command): a token once ended
stays ended, even if the advisor is made active again later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from advisor_desk.server.models import Token
from advisor_desk.services.clock import today
from advisor_desk.store.models import Advisor, AdvisorActivity, Partner
from advisor_desk.store.types import utcnow

PARTNER = "partner_id"  # the session's tenant (db.ServerDB.set_tenant)


def partner_today(session: Session, partner_id: str) -> dt.date | None:
    """Today in the partner's time zone; None when the partner is gone."""
    partner = session.get(Partner, partner_id)
    if partner is None or partner.deleted:
        return None
    return today(partner.timezone)


def is_active(session: Session, advisor_id: str, day: dt.date) -> bool:
    """One live activity interval `[start, end)` holds `day`."""
    found = session.scalar(
        select(AdvisorActivity.id)
        .where(
            AdvisorActivity.advisor_id == advisor_id,
            AdvisorActivity.deleted.is_(False),
            AdvisorActivity.start <= day,
            or_(AdvisorActivity.end.is_(None), AdvisorActivity.end > day),
        )
        .limit(1)
    )
    return found is not None


def may_sign_in(session: Session, partner_id: str, advisor: Advisor | None) -> bool:
    if advisor is None or advisor.deleted or advisor.partner_id != partner_id:
        return False
    day = partner_today(session, partner_id)
    return day is not None and is_active(session, advisor.id, day)


def revoke_tokens(session: Session, advisor_id: str, *, keep: str | None = None) -> None:
    """End every session of an advisor (but `keep`, a token hash, if given)."""
    statement = update(Token).where(Token.advisor_id == advisor_id, Token.revoked_at.is_(None))
    if keep is not None:
        statement = statement.where(Token.token_hash != keep)
    session.execute(
        statement.values(revoked_at=utcnow()).execution_options(synchronize_session=False)
    )


def _touched_advisors(rows: Iterable[Any]) -> set[str]:
    ids = set()
    for row in rows:
        if isinstance(row, AdvisorActivity) and row.advisor_id:
            ids.add(row.advisor_id)
        elif isinstance(row, Advisor) and row.id:
            ids.add(row.id)
    return ids


def _after_flush(session: Session, _context: Any) -> None:
    partner_id = session.info.get(PARTNER)
    if partner_id is None:
        return
    advisors = _touched_advisors([*session.new, *session.dirty, *session.deleted])
    if not advisors:
        return
    with session.no_autoflush:
        for advisor_id in sorted(advisors):
            advisor = session.get(Advisor, advisor_id)
            if advisor is not None and not may_sign_in(session, partner_id, advisor):
                revoke_tokens(session, advisor_id)


def install(session_factory: Any) -> None:
    from sqlalchemy import event

    event.listen(session_factory, "after_flush", _after_flush)
