"""Telling a retried push from a laptop restored from a backup.

Mids at or below a device's `last_mid` are skipped as already applied (a retried request
applies nothing twice). A laptop only ever sends such mids again as a retry of its last
batch, whose answer it never got: the same mutations under the same mids. A laptop restored
from a backup also sends mids at or below `last_mid`, but for new work; skipping them would
drop it. The server keeps the last batch's first mid and one digest per mutation
(`srv_device.batch_first_mid`, `batch_digests`); a repeated mid that is not in that batch,
or says something else, is refused with 409 `device_rewound` (push.py), and the laptop
starts a new device (devices.py) and sends its waiting changes again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Protocol

from advisor_desk.server.schemas import MutationIn

DEVICE_REWOUND = "device_rewound"


class DeviceBatch(Protocol):
    """What a device's row keeps of its last batch (`srv_device`)."""

    @property
    def last_mid(self) -> int: ...
    @property
    def batch_first_mid(self) -> int: ...
    @property
    def batch_digests(self) -> str: ...


class PushingDevice(DeviceBatch, Protocol):
    """The pushing device's row (push.py reads it)."""

    @property
    def id(self) -> str: ...
    @property
    def partner_id(self) -> str: ...
    @property
    def advisor_id(self) -> str: ...


def digest(mutation: MutationIn) -> str:
    """What a mutation says (not its mid), in 16 hex digits."""
    what = [mutation.entity, mutation.id, mutation.op, mutation.base_version, mutation.fields]
    text = json.dumps(what, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def first_foreign_repeat(device: DeviceBatch, mutations: Sequence[MutationIn]) -> int | None:
    """The first mid at or below `last_mid` that is not the mutation the server applied
    under it in the device's last batch; None when every repeat is a true retry."""
    repeated = [m for m in mutations if m.mid <= device.last_mid]
    if not repeated:
        return None
    known = json.loads(device.batch_digests or "[]")
    first = device.batch_first_mid or 0
    if not known and not first:
        return None  # a device from before the server kept batches: nothing to compare
    for mutation in repeated:
        at = mutation.mid - first
        if at < 0 or at >= len(known) or known[at] != digest(mutation):
            return mutation.mid
    return None
