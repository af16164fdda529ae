"""Group commit: pushes of one partner that arrive while another of its pushes holds the
partner's clock are written by that holder, in its transaction, and committed together.

Every push of a partner takes the partner's clock (versioning.py) to stamp versions, so a
process's pushes of one partner run one after the other whatever happens. Each one alone
pays for its own transaction around a few milliseconds of writing: a connection, BEGIN, the
clock's row read and written, COMMIT (and on SQLite the process's writer lock handed on).
Here the first push of a partner to arrive becomes the group's leader: it opens the write
transaction, locks the clock, and only then takes every push of the partner queued by then
(its own among them), applies each in turn in a savepoint of its own and commits once. The
pushes that arrive meanwhile queue for the next leader, one of them.

Each push keeps its own answer: its results, or its own refusal (a mid gap, a session
ended), rolled back to its savepoint, never touching the others. A push that fails any
other way, or a group whose commit fails (a deferred foreign key, a lost connection), is
not answered from the group: each push it held is written again alone, in a transaction
of its own, as without grouping, so a bad push fails by itself and the good ones land.
Nothing is answered before the commit that holds it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from sqlalchemy.orm import Session

from advisor_desk.server.auth import AuthError, still_signed_in
from advisor_desk.server.db import ServerDB
from advisor_desk.server.push import PushRefused, push
from advisor_desk.server.push_plan import Plan
from advisor_desk.server.schemas import PushRequest, PushResponse
from advisor_desk.server.tenancy import Caller, acting_as, redact_results
from advisor_desk.server.versioning import NEXT, lock_clock

T = TypeVar("T")
Work = Callable[[Session], T]
# A push's own answer when it is refused: kept for it, the group goes on.
OWN_ANSWERS: tuple[type[Exception], ...] = (PushRefused, AuthError)


@dataclass
class _Queued(Generic[T]):
    work: Work[T]
    finished: bool = False
    alone: bool = False  # not answered by the group: write it again in a transaction alone
    answered: bool = False  # `result` or `error` is this push's answer
    result: T | None = None
    error: BaseException | None = None


class GroupCommit:
    """The queues of one server process, by partner."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._queues: dict[str, list[_Queued[Any]]] = {}
        self._leading: set[str] = set()

    def run(self, db: ServerDB, partner_id: str, work: Work[T]) -> T:
        """`work(session)` in a write transaction of the partner (maybe with other pushes of
        it), committed before it returns; raises what `work` raised for this push."""
        item: _Queued[T] = _Queued(work)
        with self._changed:
            self._queues.setdefault(partner_id, []).append(item)
            while not item.finished and partner_id in self._leading:
                self._changed.wait()
            lead = not item.finished
            if lead:
                self._leading.add(partner_id)
        if lead:
            try:
                self._lead(db, partner_id)
            finally:
                with self._changed:
                    self._leading.discard(partner_id)
                    self._changed.notify_all()
        if item.alone:
            with db.transaction(write=True, partner_id=partner_id) as session:
                return work(session)
        if item.error is not None:
            raise item.error
        return cast(T, item.result)  # its answer (`work` may itself return None)

    def queued(self, partner_id: str) -> int:
        """How many pushes of the partner wait for its next group."""
        with self._changed:
            return len(self._queues.get(partner_id, []))

    def _lead(self, db: ServerDB, partner_id: str) -> None:
        group: list[_Queued[Any]] = []
        try:
            with db.transaction(write=True, partner_id=partner_id) as session:
                lock_clock(session)  # held to commit: the pushes queued by now join in
                with self._changed:
                    group = self._queues.pop(partner_id, [])
                if len(group) == 1:
                    _alone_in(session, group[0])
                else:
                    for item in group:
                        _in_savepoint(session, item)
        except Exception as error:  # noqa: BLE001 - answered below, push by push
            if len(group) == 1:
                group[0].error = error  # as without grouping: this push's own failure
                group[0].answered = True
            else:
                with self._changed:  # failed before taking the queue: each push alone
                    group = group or self._queues.pop(partner_id, [])
                for item in group:
                    item.alone = True
        finally:
            with self._changed:
                for item in group:
                    item.alone = item.alone or not item.answered  # never left unanswered
                    item.finished = True
                self._changed.notify_all()


def _alone_in(session: Session, item: _Queued[Any]) -> None:
    """A group of one: the push's transaction is its own (its failure rolls it back)."""
    item.result = item.work(session)
    item.answered = True


def _in_savepoint(session: Session, item: _Queued[Any]) -> None:
    """One push of a group, undone alone if it fails: refused with its own answer, or
    written again alone after the group (any other failure)."""
    next_before = session.info.get(NEXT)
    savepoint = session.begin_nested()
    try:
        item.result = item.work(session)
        savepoint.commit()
        item.answered = True
    except Exception as error:  # noqa: BLE001 - kept for this push, the group goes on
        savepoint.rollback()  # if even this fails, the whole group is written push by push
        _forget_versions(session, next_before)
        if isinstance(error, OWN_ANSWERS):
            item.error = error
            item.answered = True
        else:
            item.alone = True


def _forget_versions(session: Session, before: int | None) -> None:
    """The versions a rolled-back push took are free again: nothing of it stays."""
    if before is None:
        session.info.pop(NEXT, None)
    else:
        session.info[NEXT] = before


def write_push(
    group: GroupCommit, db: ServerDB, caller: Caller, request: PushRequest, plan: Plan | None
) -> PushResponse:
    """A push's writing transaction (`push.push`, the session checked again first, the
    answer redacted for the caller), committed in the partner's next group."""
    entities = {m.mid: m.entity for m in request.mutations}

    def work(session: Session) -> PushResponse:
        signed_in = still_signed_in(db, session, caller)
        response = push(session, signed_in, request, plan)
        redact_results(session, signed_in, entities, response.results)
        return response

    try:
        return group.run(db, caller.partner_id, work)
    finally:
        acting_as(caller)  # this request's own caller again (it may have led the group)
