"""Versions come from one per-partner counter locked inside each writing transaction: a
writer that started later commits later, and a pull never moves its cursor past a version
that is still being written."""

from __future__ import annotations

import threading
import time

from advisor_desk.server.db import open_db
from advisor_desk.server.pull import pull_page
from advisor_desk.server.tenancy import Caller
from advisor_desk.store.models import Client
from tests.server.api import Api
from tests.server.harness import Live, Tenant


def test_versions_committed_out_of_order_are_not_skipped(live: Live, tenant: Tenant) -> None:
    api = Api(live.server.url).login(tenant.admin_email)
    caller = Caller(
        tenant.partner_id,
        api.login_answer["advisor"]["id"],
        str(api.device_id),
        "administrator",
        "",
    )
    _, cursor = api.pull_all()
    db = open_db(live.database.app_url)
    holding = threading.Event()
    release = threading.Event()
    slow_version: list[int] = []

    def slow_writer() -> None:
        with db.transaction(write=True, partner_id=tenant.partner_id) as session:
            row = Client(partner_id=tenant.partner_id, name="Slow", created=_day(), tags=[])
            session.add(row)
            session.flush()  # takes the next version, and the counter's lock
            slow_version.append(row.version)
            holding.set()
            release.wait(10)

    writer = threading.Thread(target=slow_writer)
    writer.start()
    assert holding.wait(10)
    fast = threading.Thread(
        target=lambda: (
            Api(live.server.url)
            .login(tenant.admin_email)
            .push(
                [
                    {
                        "mid": 1,
                        "entity": "client",
                        "id": _uuid(),
                        "op": "insert",
                        "base_version": 0,
                        "fields": {
                            "name": "Fast",
                            "domain": "",
                            "created": "2026-01-01",
                            "tags": [],
                        },
                    }
                ]
            )
        )
    )
    fast.start()
    time.sleep(0.5)
    assert fast.is_alive()  # the later writer waits for the earlier one's lock
    with db.transaction(write=False, partner_id=tenant.partner_id) as session:
        page = pull_page(session, caller, cursor, 500)
    assert page["changes"] == []
    assert page["next_cursor"] == cursor
    release.set()
    writer.join(10)
    fast.join(30)
    changes, _ = api.pull_all(cursor)
    names = [c["fields"]["name"] for c in changes if c["entity"] == "client"]
    assert names == ["Slow", "Fast"]
    assert changes[0]["version"] == slow_version[0]
    db.close()


def _day():  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.date(2026, 1, 1)


def _uuid() -> str:
    import uuid

    return str(uuid.uuid4())
