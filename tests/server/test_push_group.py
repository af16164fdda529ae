"""Group commit (server/push_group.py): pushes of one partner that queue while another of
its pushes holds the partner's clock are written by the next holder in one transaction and
committed together; each keeps its own answer, and a bad push among them fails alone (its
own refusal, or written again alone when it breaks the group's commit). On SQLite and
PostgreSQL, in process (the queue held open on purpose) and through a live server."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from advisor_desk.server import admin, auth
from advisor_desk.server.db import ServerDB, open_db
from advisor_desk.server.push import PushRefused
from advisor_desk.server.push_group import GroupCommit, write_push
from advisor_desk.server.schemas import PushResponse
from advisor_desk.store.models import Client, Member
from tests.helpers.clock import FOUNDED, pinned_today
from tests.helpers.threads import WAIT_S, finished, in_thread, results, run_each, wait_until
from tests.server.api import Api, client_insert
from tests.server.harness import (
    BACKENDS,
    PASSWORD,
    Live,
    Tenant,
    postgres_database,
    sqlite_database,
)
from tests.server.planning_device import PlanningDevice

EMAIL = "admin@example.com"
QUEUED = 6  # pushes queued behind the one holding the clock


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerDB]:
    database = postgres_database() if request.param == "postgres" else sqlite_database(tmp_path)
    with open_db(database.owner_url) as owner, pinned_today(FOUNDED):
        admin.create_partner(owner, name="Group Pty", admin_email=EMAIL, password=PASSWORD)
    server = open_db(database.app_url)
    try:
        with pinned_today(FOUNDED):
            yield server
    finally:
        server.close()
        database.drop()


def _client(name: str) -> dict[str, Any]:
    fields = {"name": name, "domain": "", "created": "2026-01-01", "tags": []}
    return {"entity": "client", "id": str(uuid.uuid4()), "op": "insert", "base_version": 0,
            "fields": fields}  # fmt: skip


class Pusher:
    """A device's push through the server's two phases, the writing one grouped."""

    def __init__(self, db: ServerDB, group: GroupCommit) -> None:
        self.db, self.group = db, group
        self.device = PlanningDevice(db, EMAIL)

    def write(self, names: list[str], *, first_mid: int | None = None) -> PushResponse:
        request = self.device.request(*[_client(name) for name in names])
        if first_mid is not None:
            for n, mutation in enumerate(request.mutations):
                mutation.mid = first_mid + n
        plan = self.device.planned(request)
        with self.db.transaction(write=False) as session:
            caller = auth.authenticate(self.db, session, self.device.login.token)
        return write_push(self.group, self.db, caller, request, plan)


def _commits(db: ServerDB) -> list[int]:
    """A counter of the writing transactions committed from now on."""
    counted = [0]

    def count(connection: Any) -> None:
        if connection.get_execution_options().get("write"):  # writing transactions only
            counted[0] += 1

    event.listen(db.engine, "commit", count)
    return counted


def _held_open(
    db: ServerDB, group: GroupCommit, partner_id: str, queued: int, jobs: list[Callable[[], Any]]
) -> list[Future[Any]]:
    """Run `jobs` (each one grouped push or write) while another write of the partner holds
    its clock until all of them are queued behind it; their outcomes, in order."""
    release = threading.Event()

    def holder(_session: Session) -> None:
        wait_until(release.is_set, lambda: "the test never released the clock")

    held = in_thread(lambda: group.run(db, partner_id, holder), "holder")
    deadline = time.monotonic() + WAIT_S
    while group.queued(partner_id) != 0 or not held.running():
        # the holder has taken its group (of one) and waits under the clock
        assert time.monotonic() < deadline, "the holder never took the partner's clock"
    futures = [in_thread(job, f"job-{n}") for n, job in enumerate(jobs)]
    while group.queued(partner_id) != queued and time.monotonic() < deadline:
        time.sleep(0.01)
    assert group.queued(partner_id) == queued
    release.set()
    results([held])
    return list(finished(futures))


def _partner(db: ServerDB) -> str:
    pusher_login = PlanningDevice(db, EMAIL).login
    return str(pusher_login.partner.id)


def test_queued_pushes_commit_together_each_with_its_own_answer(db: ServerDB) -> None:
    group = GroupCommit()
    pushers = [Pusher(db, group) for _ in range(QUEUED)]
    partner_id = _partner(db)
    names = [[f"G{p}-{n}" for n in range(5)] for p in range(QUEUED)]
    commits = _commits(db)
    futures = _held_open(
        db,
        group,
        partner_id,
        QUEUED,
        [lambda p=p: pushers[p].write(names[p]) for p in range(QUEUED)],  # type: ignore[misc]
    )
    answers = [f.result(WAIT_S) for f in futures]
    assert commits[0] == 2  # the holder's transaction, then one for all six pushes
    versions: list[int] = []
    for answer in answers:
        assert [r.status for r in answer.results] == ["applied"] * 5
        assert [r.mid for r in answer.results] == [1, 2, 3, 4, 5]  # its own mids
        own = [r.version or 0 for r in answer.results]
        assert own == list(range(own[0], own[0] + 5))  # stamped together
        versions += own
    assert len(set(versions)) == QUEUED * 5  # no version given twice
    with db.transaction(write=False, partner_id=partner_id) as session:
        stored = set(session.scalars(select(Client.name).where(Client.name.like("G%-%"))))
    assert stored == {name for batch in names for name in batch}


def test_a_refused_push_among_queued_ones_is_refused_alone(db: ServerDB) -> None:
    group = GroupCommit()
    pushers = [Pusher(db, group) for _ in range(QUEUED)]
    partner_id = _partner(db)
    commits = _commits(db)
    jobs: list[Callable[[], Any]] = [
        lambda p=p: pushers[p].write([f"R{p}-0", f"R{p}-1"])  # type: ignore[misc]
        for p in range(QUEUED - 1)
    ]
    jobs.insert(2, lambda: pushers[-1].write(["Gap-0"], first_mid=5))  # a mid gap: 409
    futures = _held_open(db, group, partner_id, QUEUED, jobs)
    assert commits[0] == 2  # refused in its savepoint: the group still commits once
    refused = futures.pop(2).exception(WAIT_S)
    assert isinstance(refused, PushRefused)
    assert (refused.status, refused.expected_mid) == (409, 1)
    for future in futures:
        assert [r.status for r in future.result(WAIT_S).results] == ["applied", "applied"]
    with db.transaction(write=False, partner_id=partner_id) as session:
        stored = set(session.scalars(select(Client.name).where(Client.name.like("R%-%"))))
        gap = session.scalar(select(func.count()).where(Client.name == "Gap-0"))
    assert stored == {f"R{p}-{n}" for p in range(QUEUED - 1) for n in range(2)}
    assert gap == 0


def test_a_push_that_breaks_the_groups_commit_fails_alone(db: ServerDB) -> None:
    """A write whose fault shows only at COMMIT (a deferred foreign key): the group cannot
    commit, so each of its writes is written again alone; the good ones land."""
    group = GroupCommit()
    pushers = [Pusher(db, group) for _ in range(QUEUED - 1)]
    partner_id = _partner(db)
    orphan = str(uuid.uuid4())

    def orphan_member(session: Session) -> None:
        session.add(
            Member(
                id=orphan,
                partner_id=partner_id,
                client_id=str(uuid.uuid4()),  # no such client: refused at commit
                name="Orphan",
                email="orphan@example.com",
            )
        )
        session.flush()

    jobs: list[Callable[[], Any]] = [
        lambda p=p: pushers[p].write([f"B{p}-0"])  # type: ignore[misc]
        for p in range(QUEUED - 1)
    ]
    jobs.insert(3, lambda: group.run(db, partner_id, orphan_member))
    futures = _held_open(db, group, partner_id, QUEUED, jobs)
    assert isinstance(futures.pop(3).exception(WAIT_S), IntegrityError)
    for future in futures:
        assert [r.status for r in future.result(WAIT_S).results] == ["applied"]
    with db.transaction(write=False, partner_id=partner_id) as session:
        stored = set(session.scalars(select(Client.name).where(Client.name.like("B%-%"))))
        assert session.get(Member, orphan) is None
    assert stored == {f"B{p}-0" for p in range(QUEUED - 1)}


def test_many_devices_pushing_at_once_each_get_their_own_answer(live: Live, tenant: Tenant) -> None:
    """Through the live server (one process, SQLite or PostgreSQL): 16 devices push at
    once, each retried once, and one batch with a mid gap among them."""
    devices = [Api(live.server.url).login(tenant.admin_email) for _ in range(17)]
    _changes, cursor = devices[0].pull_all()
    tag = uuid.uuid4().hex[:6]
    batches = [
        [client_insert(n + 1, name=f"Many {tag} {d}-{n}") for n in range(8)] for d in range(16)
    ]
    gap = [client_insert(3, name=f"Many {tag} gap")]
    barrier = threading.Barrier(17)

    def push(index: int) -> tuple[int, Any]:
        api = devices[index]
        barrier.wait(WAIT_S)
        if index == 16:
            answer = api.post("/v1/sync/push", _body(api, gap))
            return answer.status_code, answer.json()
        first = api.push(batches[index])
        again = api.push(batches[index])  # a retry, as after a lost answer
        assert [r["status"] for r in again["results"]] == ["applied"] * 8
        return 200, first

    outcomes = run_each(push, range(17))
    status, refused = outcomes.pop()
    assert (status, refused.get("expected_mid")) == (409, 1)
    versions: dict[int, str] = {}
    for index, (_status, answer) in enumerate(outcomes):
        assert [r["mid"] for r in answer["results"]] == list(range(1, 9))
        assert {r["status"] for r in answer["results"]} == {"applied"}
        for result, mutation in zip(answer["results"], batches[index], strict=True):
            assert result["version"] not in versions  # no version given twice
            versions[result["version"]] = mutation["id"]
    changes, _ = devices[0].pull_all(cursor)
    pulled = {c["id"]: c["version"] for c in changes if c["entity"] == "client"}
    assert pulled == {row_id: version for version, row_id in versions.items()}  # each once


def _body(api: Api, mutations: list[dict[str, Any]]) -> dict[str, Any]:
    return {"device_id": api.device_id, "schema_version": 1, "mutations": mutations}
