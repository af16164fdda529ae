"""The sync protocol's constants and shapes, shared by the laptop and the server (v1).

Plain Python only: the server builds its pydantic models from these, the laptop reads and
writes plain JSON. See ../shared/design/sync-protocol.md.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

PROTOCOL_VERSION = 1  # what this laptop speaks
PROTOCOL_MIN = 1  # the oldest laptop the server still serves
PROTOCOL_MAX = 1
SCHEMA_VERSION = 1  # the shape of the synced entities (store models)
PROTOCOL_HEADER = "X-Advisor-Desk-Protocol"

PAGE_LIMIT = 500  # rows per pull page unless the laptop asks otherwise
MAX_PAGE_LIMIT = 2000
# What the laptop asks for: the largest page, so a first download of ~200,000 rows is ~100
# requests and transactions instead of ~400 (each page still one transaction with its cursor).
PULL_PAGE_LIMIT = MAX_PAGE_LIMIT
MAX_PUSH_BATCH = 1000  # mutations per push request
MAX_BODY_BYTES = 8 * 1024 * 1024

Op = Literal["insert", "update", "delete"]
Status = Literal["applied", "merged", "conflict", "rejected"]
OPS: tuple[str, ...] = ("insert", "update", "delete")


class Mutation(TypedDict):
    mid: int
    entity: str
    id: str
    op: Op
    base_version: int
    fields: dict[str, Any]


class MutationResult(TypedDict, total=False):
    mid: int
    status: Status
    version: int
    server_fields: dict[str, Any]
    deleted: bool
    error: str


class Change(TypedDict):
    entity: str
    id: str
    version: int
    deleted: bool
    fields: dict[str, Any]
