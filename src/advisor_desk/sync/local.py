"""The laptop's sync bookkeeping beyond `sync_state`: who is logged in, the last mid the
server acknowledged, and the rejected changes kept for the advisor.

The tables are the store's `sync_device` and `sync_rejection` (migration 0002). The outbox's
`mid` is SQLite's rowid, which starts again at 1 once the outbox empties, so the protocol's
mids are counted from `last_acked_mid` instead: the n-th waiting outbox row (by `mid`) is
protocol mid `last_acked_mid + n`. Outbox rows are only ever removed from the front,
together with raising `last_acked_mid`, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from advisor_desk.store.base import table_of
from advisor_desk.store.models import Outbox, SyncDevice, SyncRejection, SyncState
from advisor_desk.store.types import utcnow

device_table = table_of(SyncDevice)
rejection_table = table_of(SyncRejection)


@dataclass(frozen=True)
class Account:
    server_url: str | None
    device_id: str | None
    email: str | None
    advisor_id: str | None
    role: str | None
    partner_id: str | None
    last_acked_mid: int


def state_row(session: Session) -> SyncState:
    state = session.get(SyncState, 1)
    if state is None:
        state = SyncState(id=1, cursor=0)
        session.add(state)
        session.flush()
    return state


def account(session: Session) -> Account:
    state = session.get(SyncState, 1)
    row = session.execute(select(device_table).where(device_table.c.id == 1)).first()
    return Account(
        server_url=state.server_url if state else None,
        device_id=state.device_id if state else None,
        email=row.email if row else None,
        advisor_id=row.advisor_id if row else None,
        role=row.role if row else None,
        partner_id=row.partner_id if row else None,
        last_acked_mid=row.last_acked_mid if row else 0,
    )


def save_account(session: Session, **values: Any) -> None:
    exists = session.execute(select(device_table.c.id).where(device_table.c.id == 1)).first()
    if exists is None:
        session.execute(insert(device_table).values(**{"id": 1, "last_acked_mid": 0, **values}))
    else:
        session.execute(update(device_table).where(device_table.c.id == 1).values(**values))


def pending_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Outbox)) or 0)


def waiting_mutations(session: Session, limit: int) -> list[tuple[int, Outbox]]:
    """The first `limit` outbox rows, each with its protocol mid."""
    last_acked = account(session).last_acked_mid
    rows = session.scalars(select(Outbox).order_by(Outbox.mid).limit(limit)).all()
    return [(last_acked + n, row) for n, row in enumerate(rows, start=1)]


def acknowledge(session: Session, last_mid: int) -> int:
    """Drop the outbox rows the server acknowledged (up to protocol mid `last_mid`)."""
    last_acked = account(session).last_acked_mid
    count = last_mid - last_acked
    if count <= 0:
        return 0
    local = session.scalars(select(Outbox.mid).order_by(Outbox.mid).limit(count)).all()
    if local:
        session.query(Outbox).filter(Outbox.mid <= local[-1]).delete(synchronize_session=False)
    save_account(session, last_acked_mid=last_mid)
    return len(local)


def record_rejection(
    session: Session, *, entity: str, row_id: str, op: str, fields_json: str, reason: str
) -> None:
    session.execute(
        insert(rejection_table).values(
            entity=entity,
            row_id=row_id,
            op=op,
            fields_json=fields_json,
            reason=reason,
            detected_at=utcnow(),
            dismissed=False,
        )
    )


def last_synced_at(session: Session) -> dt.datetime | None:
    state = session.get(SyncState, 1)
    return state.last_synced_at if state else None
