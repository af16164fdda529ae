"""`POST /v1/sync/push`: a device's mutations, applied once each, in one transaction.

Rules (sync-protocol.md): mids at or below the device's `last_mid` are skipped (a retried
request applies nothing twice); a gap answers 409 and applies nothing; the mutations
themselves are written in bulk (push_plan.py) or one by one (push_batch.py), where merges,
conflicts, tombstones and per-mutation rejections are decided.

A request that brings nothing new — the same request sent again after its answer was lost —
is answered from a read transaction (`answer_repeat`), without the writers' turn: under
load, retries never queue behind the partner's clock. The writing transaction is shared by
the partner's pushes queued for its clock at the time (push_group.py: group commit), each
in a savepoint of its own.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from advisor_desk.server.models import Device
from advisor_desk.server.push_batch import Batch
from advisor_desk.server.push_plan import Plan, apply_plan, batch_digests, still_valid
from advisor_desk.server.replay import DEVICE_REWOUND, PushingDevice, first_foreign_repeat
from advisor_desk.server.schemas import MutationResultOut, PushRequest, PushResponse
from advisor_desk.server.tenancy import Caller
from advisor_desk.server.versioning import DEVICE, lock_clock
from advisor_desk.store.base import table_of
from advisor_desk.store.types import utcnow
from advisor_desk.sync.protocol import SCHEMA_VERSION

# A device's row as a push reads it: Core statements by primary key on the session's
# connection (no ORM object, loader criteria or flush: every push and retry pays for them).
_DEVICES = table_of(Device)
_DEVICE = select(
    _DEVICES.c.id,
    _DEVICES.c.partner_id,
    _DEVICES.c.advisor_id,
    _DEVICES.c.last_mid,
    _DEVICES.c.batch_first_mid,
    _DEVICES.c.batch_digests,
).where(_DEVICES.c.id == bindparam("device_id"))
_DEVICE_LOCKED = _DEVICE.with_for_update()
_DEVICE_SEEN = (
    update(_DEVICES)
    .where(_DEVICES.c.id == bindparam("device_id"))
    .values(last_seen_at=bindparam("seen"))
)
_DEVICE_PUSHED = (
    update(_DEVICES)
    .where(_DEVICES.c.id == bindparam("device_id"))
    .values(
        last_mid=bindparam("last_mid"),
        batch_first_mid=bindparam("first_mid"),
        batch_digests=bindparam("digests"),
        last_seen_at=bindparam("seen"),
    )
)


class PushRefused(Exception):
    def __init__(
        self, status: int, detail: str, expected_mid: int | None = None, code: str | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.expected_mid = expected_mid
        self.code = code


def push(
    session: Session, caller: Caller, request: PushRequest, plan: Plan | None = None
) -> PushResponse:
    """Apply a push (the write transaction); `plan`, made by `push_plan.prepare` before it,
    is written in bulk under the clock lock when nothing it read has changed since."""
    found = session.connection().execute(_DEVICE_LOCKED, {"device_id": request.device_id})
    device = _checked(found.first(), caller, request)
    last_mid = device.last_mid
    fresh = [m for m in request.mutations if m.mid > last_mid]
    for offset, mutation in enumerate(fresh):
        expected = last_mid + 1 + offset
        if mutation.mid != expected:
            raise PushRefused(409, f"expected mid {expected}", expected_mid=expected)
    results = _repeated(request, last_mid)
    seen = {"device_id": device.id, "seen": utcnow()}
    if fresh:
        session.info[DEVICE] = device.id
        digests = plan.digests if plan is not None else batch_digests(request)
        session.flush()
        lock_clock(session)  # held to commit: only stamping and writing from here
        planned = None
        if plan is not None and still_valid(session, caller, plan, last_mid):
            planned = apply_plan(session, caller, plan)
        results += (
            planned if planned is not None else Batch(session, caller, device.id, fresh).run()
        )
        last_mid = fresh[-1].mid
        pushed = {"last_mid": last_mid, "first_mid": request.mutations[0].mid, "digests": digests}
        session.connection().execute(_DEVICE_PUSHED, {**seen, **pushed})
    else:
        session.connection().execute(_DEVICE_SEEN, seen)
    results.sort(key=lambda r: r.mid)
    return PushResponse(last_mid=last_mid, results=results)


def read_device(session: Session, caller: Caller, request: PushRequest) -> PushingDevice:
    """The pushing device's row, read before the write transaction (push_plan.prepare and
    `answer_repeat` use it); refuses exactly as `push` does."""
    found = session.connection().execute(_DEVICE, {"device_id": request.device_id})
    return _checked(found.first(), caller, request)


def answer_repeat(device: PushingDevice, request: PushRequest) -> PushResponse | None:
    """The answer to a push that brings nothing new (every mutation at or below the device's
    `last_mid`, as the server applied it), read without writing; None when it brings anything
    new, for `push` to apply."""
    if not request.mutations or request.mutations[-1].mid > device.last_mid:
        return None
    return PushResponse(last_mid=device.last_mid, results=_repeated(request, device.last_mid))


def _checked(device: PushingDevice | None, caller: Caller, request: PushRequest) -> PushingDevice:
    """The caller's own device, for a request in this schema with rising mids that are not
    another history's (a laptop restored from a backup sends different changes again)."""
    if device is None or device.partner_id != caller.partner_id:
        raise PushRefused(404, "no such device")
    if device.advisor_id != caller.advisor_id:
        raise PushRefused(403, "this device belongs to another advisor")
    if request.schema_version != SCHEMA_VERSION:
        raise PushRefused(
            409, f"this server speaks schema {SCHEMA_VERSION}, not {request.schema_version}"
        )
    mids = [m.mid for m in request.mutations]
    if any(b <= a for a, b in zip(mids, mids[1:], strict=False)):
        raise PushRefused(422, "mutations must be in rising mid order")
    rewound = first_foreign_repeat(device, request.mutations)
    if rewound is not None:
        raise PushRefused(
            409,
            f"change {rewound} of this device is not the one the server applied (it has "
            f"{device.last_mid}): this laptop's changes restart below the server's, as after "
            "restoring a backup; start a new device (POST /v1/sync/device) and send them again",
            code=DEVICE_REWOUND,
        )
    return device


def _repeated(request: PushRequest, last_mid: int) -> list[MutationResultOut]:
    """Mutations the device sent before: applied once, answered as applied again."""
    return [
        MutationResultOut(mid=m.mid, status="applied")
        for m in request.mutations
        if m.mid <= last_mid
    ]
