"""What the status bar shows: online or not, changes waiting, last sync, open conflicts and
rejections — plain values read from the store (and the engine's last attempt)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from advisor_desk.store.engine import Store
from advisor_desk.store.models import Conflict
from advisor_desk.sync import local
from advisor_desk.sync.parked import parked_count

if TYPE_CHECKING:
    from advisor_desk.sync.engine import SyncEngine


@dataclass(frozen=True)
class SyncStatus:
    server_url: str | None
    online: bool | None  # None: not tried yet in this session
    pending: int
    last_synced_at: dt.datetime | None
    conflicts: int
    rejections: int
    last_error: str | None
    # Rows from the server that could not be applied here (kept and tried again; each is
    # also among the refused changes, with its reason).
    held: int = 0

    @property
    def text(self) -> str:
        if self.server_url is None:
            return "standalone (no server)"
        waiting = f"{self.pending} change{'s' if self.pending != 1 else ''} waiting"
        if self.online is False:
            return f"offline — {waiting}"
        text = f"online — {waiting}" if self.pending else "online — up to date"
        if self.held:
            text += f" ({self.held} from the server not applied: see refused changes)"
        return text


def sync_status(store: Store, engine: SyncEngine | None = None) -> SyncStatus:
    with store.read() as session:
        account = local.account(session)
        conflicts = session.scalar(
            select(func.count()).select_from(Conflict).where(Conflict.resolved.is_(False))
        )
        rejections = session.scalar(
            select(func.count())
            .select_from(local.rejection_table)
            .where(local.rejection_table.c.dismissed.is_(False))
        )
        return SyncStatus(
            server_url=account.server_url,
            online=engine.online if engine is not None else None,
            pending=local.pending_count(session),
            last_synced_at=local.last_synced_at(session),
            conflicts=int(conflicts or 0),
            rejections=int(rejections or 0),
            last_error=engine.last_error if engine is not None else None,
            held=parked_count(session),
        )
