"""One sync: push the whole outbox, then pull pages until there are no more.

    engine = SyncEngine(store)
    report = engine.sync(progress=lambda done, total, stage: ..., cancelled=lambda: False)

Network faults raise `ServerUnreachable` with every change still queued; `retry_in()` says
when the app's timer should try again (exponential backoff). Each pulled page and the new
cursor commit in one transaction, so stopping at any point leaves the store consistent; a
page that withdraws a client from this advisor removes it in that transaction (withdraw.py).

Engines of one store in one process sync one at a time (a lock per store): a pull may move
waiting outbox rows to the refused changes, which is safe only while no push of the same
outbox is under way (see docs/sync-deviations.md).
"""

from __future__ import annotations

import datetime as dt
import logging
import platform
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from advisor_desk.store.engine import Store
from advisor_desk.store.models import Partner, SyncState
from advisor_desk.store.outbox import APPLYING_SYNC
from advisor_desk.store.types import utcnow
from advisor_desk.sync import local
from advisor_desk.sync.apply import apply_careful, apply_changes, sweep
from advisor_desk.sync.credentials import NoKeyring, delete_token, load_token, save_token
from advisor_desk.sync.overview import NOTHING, ChangeCollector, Changed
from advisor_desk.sync.parked import forget_unseen, park, retry_parked
from advisor_desk.sync.protocol import PROTOCOL_VERSION, PULL_PAGE_LIMIT, SCHEMA_VERSION
from advisor_desk.sync.pusher import Cancelled, Progress, SyncCancelled, push_outbox
from advisor_desk.sync.transport import (
    NotLoggedIn,
    ServerUnreachable,
    SyncError,
    Transport,
    UpdateRequired,
)
from advisor_desk.sync.withdraw import Withdrawal, purge_withdrawn

__all__ = ["SyncCancelled", "SyncEngine", "SyncError", "SyncReport"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncReport:
    pushed: int
    applied: int
    merged: int
    conflicts: int
    rejected: int
    pulled: int
    reset: bool
    cursor: int
    finished_at: dt.datetime
    # Clients this advisor lost access to (removed from the laptop), and how many of their
    # changes could not be sent (moved to the refused changes).
    withdrawn: tuple[str, ...] = ()
    unsent: int = 0
    # Rows from the server that could not be applied here (kept, shown among the refused
    # changes, tried again at every sync), and whether this laptop had to start a new
    # device (restored from a backup: its mids restarted below the server's).
    held: int = 0
    new_device: bool = False
    # The rows this sync wrote here (pulled, or pushed and answered by the server): what the
    # app refreshes, without searching the store for them.
    changed: Changed = NOTHING


_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def store_lock(store: Store) -> threading.Lock:
    """The lock that keeps two engines of one store from syncing at the same time."""
    key = str(store.data_dir.resolve()) if store.data_dir is not None else f"memory:{id(store)}"
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(key, threading.Lock())


@dataclass
class PullTally:
    pulled: int = 0
    reset: bool = False
    cursor: int = 0
    withdrawn: list[str] = field(default_factory=list)
    unsent: int = 0
    held: int = 0
    changed: ChangeCollector = field(default_factory=ChangeCollector)


class Backoff:
    """Delays between failed attempts: 5 s, 10 s, 20 s … up to 5 minutes, with jitter."""

    def __init__(self, first: float = 5.0, cap: float = 300.0) -> None:
        self.first, self.cap = first, cap
        self.failures = 0
        self.not_before = 0.0

    def failed(self) -> None:
        self.failures += 1
        delay = min(self.cap, self.first * 2 ** (self.failures - 1))
        self.not_before = time.monotonic() + delay * random.uniform(0.8, 1.2)

    def succeeded(self) -> None:
        self.failures = 0
        self.not_before = 0.0

    def wait(self) -> float:
        return max(0.0, self.not_before - time.monotonic())


class SyncEngine:
    def __init__(
        self,
        store: Store,
        *,
        token: str | None = None,
        page_limit: int = PULL_PAGE_LIMIT,
        retries: int = 2,
        transport_factory: Callable[[str, str], Transport] | None = None,
    ) -> None:
        self.store = store
        self.token = token
        self.page_limit = page_limit
        self.retries = retries
        self.backoff = Backoff()
        self.online: bool | None = None
        self.last_error: str | None = None
        self._factory = transport_factory or (
            lambda url, token: Transport(url, token, retries=self.retries)
        )

    def retry_in(self) -> float:
        """Seconds the app's timer should wait before the next automatic attempt."""
        return self.backoff.wait()

    def sync(
        self, progress: Progress | None = None, cancelled: Cancelled | None = None
    ) -> SyncReport:
        try:
            with store_lock(self.store):
                report = self._sync(progress or (lambda *_: None), cancelled or (lambda: False))
        except ServerUnreachable as error:
            self.online, self.last_error = False, str(error)
            self.backoff.failed()
            raise
        except SyncError as error:
            self.online, self.last_error = True, str(error)
            raise
        self.online, self.last_error = True, None
        self.backoff.succeeded()
        return report

    def _sync(self, progress: Progress, cancelled: Cancelled) -> SyncReport:
        with self.store.read() as session:
            account = local.account(session)
            state = session.get(SyncState, 1)
            epoch = state.epoch if state else None
            cursor = state.cursor if state else 0
            refused_after = int(session.scalar(select(func.max(local.rejection_table.c.id))) or 0)
        if not account.server_url or not account.device_id or not account.partner_id:
            raise NotLoggedIn("no server yet: log in first (`advisor-desk login --server URL`)")
        token = self.token or load_token(account.server_url, account.device_id)
        if not token:
            raise NotLoggedIn(f"not logged in to {account.server_url}: log in again")
        transport = self._factory(account.server_url, token)
        try:
            meta = transport.meta()
            if meta["protocol_min"] > PROTOCOL_VERSION or meta["schema_version"] != SCHEMA_VERSION:
                raise UpdateRequired(
                    "this server needs a newer Advisor Desk: please update; nothing was changed"
                )
            tally = push_outbox(
                self.store,
                transport,
                account.device_id,
                progress=progress,
                cancelled=cancelled,
                new_device=lambda: self._new_device(transport, account.server_url or "", token),
            )
            full = epoch != meta["epoch"]
            pull = PullTally(cursor=0 if full else cursor)
            for entity, row_id in tally.answered:
                pull.changed.add(entity, row_id)
            self._pull(
                transport,
                account.partner_id,
                pull,
                full,
                meta["epoch"],
                progress,
                cancelled,
                refused_after,
            )
        finally:
            transport.close()
        finished = utcnow()
        with self.store.write() as session:
            local.state_row(session).last_synced_at = finished
        return SyncReport(
            tally.sent,
            tally.applied,
            tally.merged,
            tally.conflicts,
            tally.rejected,
            pull.pulled,
            pull.reset,
            pull.cursor,
            finished,
            tuple(pull.withdrawn),
            pull.unsent,
            pull.held,
            tally.new_device,
            pull.changed.changed(),
        )

    def _new_device(self, transport: Transport, server_url: str, token: str) -> str:
        """The server refused this device's mids (they restart below its own: a laptop
        restored from a backup). Start a new device with this session and send every
        waiting change again under it, from mid 1; nothing is dropped."""
        answer = transport.new_device(platform.node())
        device_id = str(answer["device_id"])
        with self.store.write() as session:
            session.info[APPLYING_SYNC] = True
            old = local.state_row(session).device_id
            local.state_row(session).device_id = device_id
            local.save_account(session, last_acked_mid=0)
        log.warning(
            "the server had more changes of device %s than this laptop knows (restored from a "
            "backup?): continuing as new device %s",
            old,
            device_id,
        )
        try:
            save_token(server_url, device_id, token)
            delete_token(server_url, old or "")
        except NoKeyring:
            self.token = token  # kept for this session, as after a login without a keyring
        return device_id

    def _pull(
        self,
        transport: Transport,
        partner_id: str,
        tally: PullTally,
        full: bool,
        epoch: str,
        progress: Progress,
        cancelled: Cancelled,
        refused_after: int,
    ) -> None:
        """Pages until has_more is false, counted in `tally` (rows, whether the store was
        reset, the cursor, withdrawn clients)."""
        if full:
            tally.reset = self._start_full_download() or tally.reset
        seen: set[str] = set()
        start = tally.cursor
        with ThreadPoolExecutor(1, thread_name_prefix="sync-pull") as prefetch:
            page = transport.pull(start, self.page_limit)
            while True:
                if page["reset_required"]:
                    if full:
                        raise SyncError("the server asked to start over twice; try again later")
                    tally.cursor = 0
                    return self._pull(
                        transport,
                        partner_id,
                        tally,
                        True,
                        epoch,
                        progress,
                        cancelled,
                        refused_after,
                    )
                cursor = int(page["next_cursor"])
                # The next page travels while this one is written (the server is another
                # process): the transport is used by that one thread only until it is back.
                coming = (
                    prefetch.submit(transport.pull, cursor, self.page_limit)
                    if page["has_more"]
                    else None
                )
                if cancelled():
                    raise SyncCancelled()
                self._take(page, tally, partner_id, refused_after, seen if full else None, epoch)
                head = max(int(page.get("head", cursor)), cursor)
                progress(cursor - start, max(head - start, 1), "Receiving changes")
                if coming is None:
                    return
                page = coming.result()

    def _take(
        self,
        page: dict[str, Any],
        tally: PullTally,
        partner_id: str,
        refused_after: int,
        seen: set[str] | None,
        epoch: str,
    ) -> None:
        """Apply one page (with the cursor) and count it. `seen`: the ids of a full download
        so far (None in an incremental pull); the last page sweeps what was not seen."""
        changes = page["changes"]
        for change in changes:
            if isinstance(change, dict):
                tally.changed.add(str(change.get("entity")), str(change.get("id")))
        last = None
        if seen is not None:
            seen.update(str(c.get("id")) for c in changes if isinstance(c, dict))
            last = None if page["has_more"] else seen
        try:  # the fast way: the whole page at once
            gone, held = self._apply_page(
                page, partner_id, refused_after, last, epoch, careful=False
            )
        except Exception as error:  # noqa: BLE001 - a bad row: again, one row at a time
            log.warning("a pulled page did not apply at once (%s); row by row", error)
            gone, held = self._apply_page(
                page, partner_id, refused_after, last, epoch, careful=True
            )
        tally.held = held
        self._count(tally, len(changes), int(page["next_cursor"]), gone)

    def _apply_page(
        self,
        page: dict[str, Any],
        partner_id: str,
        refused_after: int,
        seen: set[str] | None,
        epoch: str,
        *,
        careful: bool,
    ) -> tuple[Withdrawal, int]:
        """One page and the new cursor in one transaction. Careful: row by row, leaving out
        (parking, visibly) the rows that cannot be written. Kept rows of earlier pages are
        tried again each time. Returns the withdrawal and how many rows still wait."""
        changes = page["changes"]
        with self.store.write() as session:
            session.info[APPLYING_SYNC] = True
            me = local.account(session)
            if careful:
                park(session, apply_careful(session, changes, partner_id))
            else:
                apply_changes(session, changes, partner_id)
            held = retry_parked(session, partner_id)
            gone = purge_withdrawn(
                session, changes, me.advisor_id, me.role, refused_after=refused_after
            )
            state = local.state_row(session)
            state.cursor = int(page["next_cursor"])
            if seen is not None:
                sweep(session, seen)
                forget_unseen(session, seen)
                state.epoch = epoch
        return gone, held

    @staticmethod
    def _count(tally: PullTally, pulled: int, cursor: int, gone: Withdrawal) -> None:
        tally.pulled += pulled
        tally.cursor = cursor
        tally.withdrawn.extend(gone.clients)
        tally.unsent += gone.unsent

    def _start_full_download(self) -> bool:
        """A full download (first sync, a new server epoch, or past the tombstone horizon):
        forget cursor and epoch first, so an interrupted one starts over. True when the store
        already held synced data (a reset rather than a first download)."""
        with self.store.write() as session:
            session.info[APPLYING_SYNC] = True
            state = local.state_row(session)
            state.cursor = 0
            state.epoch = None
            return (
                session.scalar(select(Partner.id).where(Partner.version > 0).limit(1)) is not None
            )
