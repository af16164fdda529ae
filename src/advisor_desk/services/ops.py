"""Operations: one user action, one transaction, and what it changed (Anki's `OpChanges`).

An operation is a function `op(session, partner, *args) -> value` that does database work
only. `run_op(store, op, *args)` opens the write transaction, looks the partner up once,
calls the operation and returns `OpResult(value, changes)`, where `changes` comes from the
outbox's flush hook (store/changes.py): every synced row created, updated or tombstoned, with
no list written by hand. A read-only query `query(session, partner, *args)` runs the same way
through `run_query(store, query, *args)` and returns its value.

`run_op` and `run_query` are the laptop's way in: a local store belongs to one partner, looked
up once per transaction here. The server (many partners) calls the operations itself, with
the partner its request is for. The window's undo stack, background jobs and sync hand `changes` to
the views (ui/context.py), and each view refreshes when they touch the entities it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Concatenate, Generic, ParamSpec, TypeVar

from sqlalchemy.orm import Session

from advisor_desk.services.partner import current_partner
from advisor_desk.store.changes import NO_CHANGES, Changes, changes_of
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Partner

__all__ = ["NO_CHANGES", "Changes", "OpResult", "run_in_session", "run_op", "run_query"]

T = TypeVar("T")
P = ParamSpec("P")


@dataclass(frozen=True)
class OpResult(Generic[T]):
    """What an operation returned, and every synced row its transaction touched."""

    value: T
    changes: Changes


def run_op(
    store: Store,
    op: Callable[Concatenate[Session, Partner, P], T],
    /,
    *args: P.args,
    **kwargs: P.kwargs,
) -> OpResult[T]:
    """Run `op(session, partner, *args, **kwargs)` in one write transaction.

    Committed when `op` returns, rolled back (and nothing reported) when it raises.
    """
    with store.write() as session:
        partner = current_partner(session)
        value = op(session, partner, *args, **kwargs)
        session.flush()  # the last changes reach the hook before they are read
    return OpResult(value, changes_of(session))


def run_query(
    store: Store,
    query: Callable[Concatenate[Session, Partner, P], T],
    /,
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """Run the read-only `query(session, partner, *args, **kwargs)` in one read session and
    return its plain value (queries change nothing, so there is nothing to report)."""
    with store.read() as session:
        return query(session, current_partner(session), *args, **kwargs)


def run_in_session(
    store: Store,
    work: Callable[[Session], T],
) -> OpResult[T]:
    """For a write that needs no partner (creating the partner, a bulk import that may make
    one): `work(session)` in one write transaction, with its changes."""
    with store.write() as session:
        value = work(session)
        session.flush()
    return OpResult(value, changes_of(session))
