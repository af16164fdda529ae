"""Who may still use the server: an advisor who is not deleted and is active today.

`login` asks `may_sign_in`, and `authenticate` its one-statement form `signed_in_role` on
every request (nothing cached), so an advisor whose activity ended (or who was removed) is
refused at once, by every server process, whatever wrote the change. On top of that a
flush hook on the server's write sessions revokes their tokens in the same transaction as
the change (a push from an administrator's laptop, an admin command): a token once ended
stays ended, even if the advisor is made active again later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Row, Select, and_, bindparam, or_, select, update
from sqlalchemy.orm import Session

from advisor_desk.server.models import Token
from advisor_desk.services.clock import today
from advisor_desk.store.base import table_of
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


def _signed_in_statement() -> Select[Any]:
    """The advisor (by id), its partner (by id) and the advisor's live activity intervals
    that may hold today in any time zone; `_role_if_active` decides on the rows."""
    advisor, partner = table_of(Advisor), table_of(Partner)
    activity = table_of(AdvisorActivity)
    near_today = and_(
        activity.c.advisor_id == advisor.c.id,
        activity.c.deleted.is_(False),
        activity.c.start <= bindparam("last"),
        or_(activity.c.end.is_(None), activity.c.end > bindparam("first")),
    )
    return (
        select(
            advisor.c.role,
            advisor.c.deleted,
            advisor.c.partner_id,
            partner.c.partner_id.label("partners_partner"),
            partner.c.deleted.label("partner_deleted"),
            partner.c.timezone,
            activity.c.partner_id.label("activity_partner"),
            activity.c.start,
            activity.c.end,
        )
        .select_from(
            advisor.join(partner, partner.c.id == bindparam("partner")).outerjoin(
                activity, near_today
            )
        )
        .where(advisor.c.id == bindparam("advisor"))
    )


_SIGNED_IN = _signed_in_statement()


def signed_in_role(connection: Connection, partner_id: str, advisor_id: str) -> str | None:
    """`may_sign_in` for a request's caller, in one statement and no ORM objects (every
    request asks): the advisor's role, or None when they may not use the server today."""
    around = today()  # the partner's day is within a day of it, whatever its time zone
    rows = connection.execute(
        _SIGNED_IN,
        {
            "advisor": advisor_id,
            "partner": partner_id,
            "first": around - dt.timedelta(days=1),
            "last": around + dt.timedelta(days=1),
        },
    ).all()
    return _role_if_active(rows, partner_id)


def _role_if_active(rows: Sequence[Row[Any]], partner_id: str) -> str | None:
    """The advisor's role when they may use the server today (`may_sign_in`'s rule: the
    advisor and the partner live and the partner's, one live activity interval
    `[start, end)` holding today in the partner's time zone); None when not."""
    if not rows:
        return None  # no such advisor, or no such partner
    first = rows[0]
    if first.deleted or first.partner_id != partner_id:
        return None
    if first.partner_deleted or first.partners_partner != partner_id:
        return None
    day = today(first.timezone)
    for row in rows:
        if (
            row.start is not None
            and row.activity_partner == partner_id
            and row.start <= day
            and (row.end is None or row.end > day)
        ):
            return str(first.role)
    return None
