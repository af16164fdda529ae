"""Raw HTTP calls to the server, for tests of the protocol's rules."""

from __future__ import annotations

import uuid
from typing import Any

import requests

from tests.server.harness import PASSWORD


class Api:
    def __init__(self, url: str) -> None:
        self.url = url
        self.http = requests.Session()
        self.token: str | None = None
        self.device_id: str | None = None
        self.login_answer: dict[str, Any] = {}

    def login(self, email: str, password: str = PASSWORD, **extra: Any) -> Api:
        answer = self.http.post(
            self.url + "/v1/auth/login",
            json={"email": email, "password": password, "device_name": "test", **extra},
            timeout=30,
        )
        assert answer.status_code == 200, answer.text
        self.login_answer = answer.json()
        self.token = self.login_answer["token"]
        self.device_id = self.login_answer["device_id"]
        return self

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def post(self, path: str, body: Any = None, **kwargs: Any) -> requests.Response:
        return self.http.post(
            self.url + path, json=body, headers=self.headers(), timeout=60, **kwargs
        )

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.http.get(self.url + path, params=params, headers=self.headers(), timeout=60)

    def push(
        self, mutations: list[dict[str, Any]], *, device_id: str | None = None, expect: int = 200
    ) -> Any:
        body = {
            "device_id": device_id or self.device_id,
            "schema_version": 1,
            "mutations": mutations,
        }
        answer = self.post("/v1/sync/push", body)
        assert answer.status_code == expect, answer.text
        return answer.json()

    def pull_all(self, cursor: int = 0, limit: int = 500) -> tuple[list[dict[str, Any]], int]:
        changes: list[dict[str, Any]] = []
        while True:
            answer = self.get("/v1/sync/pull", cursor=cursor, limit=limit)
            assert answer.status_code == 200, answer.text
            page = answer.json()
            changes += page["changes"]
            cursor = page["next_cursor"]
            if not page["has_more"]:
                return changes, cursor

    def rows(self, entity: str) -> dict[str, dict[str, Any]]:
        """The live rows of an entity this caller sees (latest version of each)."""
        latest: dict[str, dict[str, Any]] = {}
        for change in self.pull_all()[0]:
            if change["entity"] == entity:
                latest[change["id"]] = change
        return {k: v for k, v in latest.items() if not v["deleted"]}


def new_id() -> str:
    return str(uuid.uuid4())


def client_insert(
    mid: int, row_id: str | None = None, name: str | None = None, **fields: Any
) -> dict[str, Any]:
    row_id = row_id or new_id()
    return {
        "mid": mid,
        "entity": "client",
        "id": row_id,
        "op": "insert",
        "base_version": 0,
        "fields": {
            # Named by its id: six random hex digits made two of 600 clients share a name
            # about once in a hundred runs (a refused insert, a flaky test).
            "name": name or f"Client {row_id}",
            "domain": "",
            "created": "2026-01-10",
            "tags": [],
            **fields,
        },
    }


def update(mid: int, entity: str, row_id: str, base: int, **fields: Any) -> dict[str, Any]:
    return {
        "mid": mid,
        "entity": entity,
        "id": row_id,
        "op": "update",
        "base_version": base,
        "fields": fields,
    }


def delete(mid: int, entity: str, row_id: str, base: int) -> dict[str, Any]:
    return {
        "mid": mid,
        "entity": entity,
        "id": row_id,
        "op": "delete",
        "base_version": base,
        "fields": {},
    }
