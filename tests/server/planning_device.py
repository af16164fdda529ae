"""A device that pushes through the two phases the server runs (tests of push planning):
`planned` checks and reads a batch before the partner's clock (`push_plan.prepare`), `push`
writes it under the clock with that plan (or `None`: planned there and then)."""

from __future__ import annotations

from typing import Any

from advisor_desk.server import auth
from advisor_desk.server.db import ServerDB
from advisor_desk.server.push import push
from advisor_desk.server.push_plan import prepare
from advisor_desk.server.schemas import PushRequest, PushResponse
from tests.helpers.clock import FOUNDED, pinned_today
from tests.server.harness import PASSWORD


class PlanningDevice:
    def __init__(self, db: ServerDB, email: str) -> None:
        self.db = db
        with pinned_today(FOUNDED):
            self.login = auth.login(
                db,
                auth.RateLimiter(),
                email=email,
                password=PASSWORD,
                device_name="t",
                device_id=None,
                address="127.0.0.1",
            )
        self.mid = 0

    def request(self, *mutations: dict[str, Any]) -> PushRequest:
        """The mutations as this device's next batch (their `mid`s numbered on)."""
        for mutation in mutations:
            self.mid += 1
            mutation["mid"] = self.mid
        body = {
            "device_id": self.login.device_id,
            "schema_version": 1,
            "mutations": list(mutations),
        }
        return PushRequest.model_validate(body)

    def planned(self, request: PushRequest) -> Any:
        with pinned_today(FOUNDED), self.db.transaction(write=False) as session:
            caller = auth.authenticate(self.db, session, self.login.token)
            return prepare(session, caller, request)

    def push(self, request: PushRequest, plan: Any) -> PushResponse:
        with pinned_today(FOUNDED), self.db.transaction(write=True) as session:
            caller = auth.authenticate(self.db, session, self.login.token)
            return push(session, caller, request, plan)
