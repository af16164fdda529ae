"""HTTP to the server store over `requests`: retries with backoff on network faults, and the
server's answers turned into the errors the engine and the app act on."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import requests

from advisor_desk import __version__
from advisor_desk.sync.protocol import PAGE_LIMIT, PROTOCOL_HEADER, PROTOCOL_VERSION


class SyncError(Exception):
    """Sync cannot go on; `str()` is one line an advisor understands."""


class ServerUnreachable(SyncError):
    """Refused, timed out or a 5xx: everything stays queued; try again later."""


class NotLoggedIn(SyncError):
    pass


class UpdateRequired(SyncError):
    pass


DEVICE_REWOUND = "device_rewound"  # 409: this device's mids restart below the server's


class ServerRefused(SyncError):
    def __init__(
        self, status: int, detail: str, expected_mid: int | None = None, code: str | None = None
    ) -> None:
        super().__init__(f"the server refused ({status}): {detail}")
        self.status = status
        self.detail = detail
        self.expected_mid = expected_mid
        self.code = code


class Transport:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        timeout: tuple[float, float] = (5.0, 120.0),
        retries: int = 2,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._sleep = sleep
        self.http = requests.Session()
        self.http.headers.update(
            {PROTOCOL_HEADER: str(PROTOCOL_VERSION), "User-Agent": f"advisor-desk/{__version__}"}
        )

    def close(self) -> None:
        self.http.close()

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        url = self.base_url + path
        for attempt in range(self.retries + 1):
            try:
                response = self.http.request(
                    method, url, headers=headers, timeout=self.timeout, **kwargs
                )
            except (requests.ConnectionError, requests.Timeout) as error:
                if attempt == self.retries:
                    why = (
                        "it did not answer in time"
                        if isinstance(error, requests.Timeout)
                        else "nothing answers there"
                    )
                    raise ServerUnreachable(
                        f"cannot reach the server at {self.base_url}: {why}"
                    ) from None
            else:
                if response.status_code < 500:
                    return _answer(response)
                if attempt == self.retries:
                    raise ServerUnreachable(
                        f"the server at {self.base_url} answered {response.status_code}"
                    )
            self._sleep(self.backoff * 2**attempt)
        raise AssertionError("unreachable")

    def login(self, email: str, password: str, device_name: str, device_id: str | None) -> Any:
        body = {"email": email, "password": password, "device_name": device_name}
        if device_id:
            body["device_id"] = device_id
        try:
            return self.request("POST", "/v1/auth/login", json=body)
        except NotLoggedIn:
            raise SyncError("wrong e-mail or password") from None

    def logout(self) -> None:
        self.request("POST", "/v1/auth/logout")

    def meta(self) -> Any:
        return self.request("GET", "/v1/sync/meta")

    def push(self, body: dict[str, Any]) -> Any:
        return self.request("POST", "/v1/sync/push", json=body)

    def new_device(self, device_name: str) -> Any:
        """A new device for this session's advisor (`{device_id, replaces}`); the session's
        token moves to it."""
        return self.request("POST", "/v1/sync/device", json={"device_name": device_name})

    def pull(self, cursor: int, limit: int = PAGE_LIMIT) -> Any:
        return self.request("GET", "/v1/sync/pull", params={"cursor": cursor, "limit": limit})

    def issue(self, document_id: str) -> Any:
        return self.request("POST", "/v1/invoices/issue", json={"document_id": document_id})


def _answer(response: requests.Response) -> Any:
    status = response.status_code
    if status == 204:
        return None
    try:
        body = response.json()
    except ValueError:
        body = {"detail": response.text[:200]}
    if status < 400:
        return body
    detail = str(body.get("detail", body)) if isinstance(body, dict) else str(body)
    if status == 401:
        raise NotLoggedIn("the server does not know this session: log in again")
    if status == 426:
        raise UpdateRequired(detail)
    expected = body.get("expected_mid") if isinstance(body, dict) else None
    code = body.get("code") if isinstance(body, dict) else None
    raise ServerRefused(status, detail, expected, code if isinstance(code, str) else None)
