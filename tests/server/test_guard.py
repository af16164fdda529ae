"""What every request passes first (server/guard.py), against a real server process: bodies
sent without a length are counted as they come, a refusal is in the API's shape, and every
request leaves one access-log line."""

from __future__ import annotations

import json
from collections.abc import Iterator

from advisor_desk.sync.protocol import MAX_BODY_BYTES
from tests.server.api import Api, client_insert
from tests.server.harness import Live, Tenant


def _chunks(data: bytes, size: int = 64 * 1024) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def test_a_push_sent_in_chunks_is_applied(live: Live, tenant: Tenant) -> None:
    api = Api(live.server.url).login(tenant.admin_email)
    body = json.dumps(
        {"device_id": api.device_id, "schema_version": 1, "mutations": [client_insert(1)]}
    ).encode()
    answer = api.http.post(  # a generator: sent with Transfer-Encoding: chunked, no length
        live.server.url + "/v1/sync/push",
        data=_chunks(body, 10),
        headers={**api.headers(), "Content-Type": "application/json"},
    )
    assert answer.status_code == 200, answer.text
    assert [r["status"] for r in answer.json()["results"]] == ["applied"]
    assert len(api.rows("client")) == 1


def test_a_chunked_body_past_the_limit_is_refused_whole(live: Live, tenant: Tenant) -> None:
    api = Api(live.server.url).login(tenant.admin_email)
    huge = b'{"device_id": "' + b"x" * (MAX_BODY_BYTES + 1024) + b'"}'
    answer = api.http.post(
        live.server.url + "/v1/sync/push",
        data=_chunks(huge),
        headers={**api.headers(), "Content-Type": "application/json"},
    )
    assert answer.status_code == 413
    assert "larger than" in answer.json()["detail"]
    assert api.get("/v1/sync/meta").status_code == 200  # the server goes on serving


def test_every_request_leaves_one_access_line_with_its_status(live: Live, tenant: Tenant) -> None:
    api = Api(live.server.url).login(tenant.admin_email)
    api.get("/v1/sync/meta")
    api.http.get(
        live.server.url + "/v1/sync/meta", headers={**api.headers(), "X-Advisor-Desk-Protocol": "0"}
    )
    api.http.get(live.server.url + "/v1/sync/meta")  # no token
    lines = [
        json.loads(line[line.index("{") :])
        for line in live.server.log_text().splitlines()
        if '"path": "/v1/sync/meta"' in line
    ]
    assert {200, 401, 426} <= {entry["status"] for entry in lines}
    assert all(entry["method"] == "GET" and entry["ms"] >= 0 and entry["client"] for entry in lines)
