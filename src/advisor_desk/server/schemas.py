"""The HTTP API's request and response bodies (pydantic), from `sync.protocol`'s shapes."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.passwords import MAX_LENGTH as PASSWORD_MAX
from advisor_desk.domain.values import storable_text
from advisor_desk.store.models import ENTITY_MODELS
from advisor_desk.sync.protocol import MAX_PUSH_BATCH

UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
if TYPE_CHECKING:  # to a type checker an entity is a string; pydantic checks the names
    Entity = str
else:
    Entity = Literal[tuple(ENTITY_MODELS)]
BIG = 2**62


def _utc(value: dt.datetime) -> dt.datetime:
    """The store keeps naive UTC; the API says so (`…Z`), never a bare local-looking time."""
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


UtcDateTime = Annotated[dt.datetime, AfterValidator(_utc)]


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore")

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        """No request text a database refuses (a NUL, a lone surrogate): 422, never a 500."""
        if isinstance(value, str):
            try:
                storable_text(value, "")
            except DomainError as error:
                raise ValueError(error.message) from None
        return value


class LoginRequest(Strict):
    email: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=PASSWORD_MAX)
    device_name: str = Field(default="", max_length=200)
    device_id: str | None = Field(default=None, pattern=UUID_PATTERN)


class PartnerInfo(BaseModel):
    id: str
    name: str


class AdvisorInfo(BaseModel):
    id: str
    email: str
    name: str
    role: str


class LoginResponse(BaseModel):
    token: str
    expires_at: UtcDateTime
    device_id: str
    partner: PartnerInfo
    advisor: AdvisorInfo


class MetaResponse(BaseModel):
    server_time: UtcDateTime
    protocol_min: int
    protocol_max: int
    schema_version: int
    epoch: str
    tombstone_horizon: int
    head: int


class MutationIn(Strict):
    mid: int = Field(ge=1, le=BIG)
    entity: Entity
    id: str = Field(pattern=UUID_PATTERN)
    op: Literal["insert", "update", "delete"]
    base_version: int = Field(ge=0, le=BIG)
    fields: dict[str, Any] = Field(default_factory=dict)


class PushRequest(Strict):
    device_id: str = Field(pattern=UUID_PATTERN)
    schema_version: int
    mutations: list[MutationIn] = Field(max_length=MAX_PUSH_BATCH)


class MutationResultOut(BaseModel):
    mid: int
    status: Literal["applied", "merged", "conflict", "rejected"]
    version: int | None = None
    server_fields: dict[str, Any] | None = None
    deleted: bool | None = None
    error: str | None = None


class PushResponse(BaseModel):
    last_mid: int
    results: list[MutationResultOut]


class ChangeOut(BaseModel):
    entity: str
    id: str
    version: int
    deleted: bool
    fields: dict[str, Any]


class PullResponse(BaseModel):
    changes: list[ChangeOut]
    next_cursor: int
    has_more: bool
    reset_required: bool
    head: int


class IssueRequest(Strict):
    document_id: str = Field(pattern=UUID_PATTERN)


class IssuedDocument(BaseModel):
    id: str
    number: str | None
    kind: str
    recipient: str
    period: str
    status: str
    currency: str
    subtotal: str
    tax: str
    total: str
    version: int


class Problem(BaseModel):
    detail: str
    expected_mid: int | None = None


class ValidationIssue(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class Invalid(BaseModel):
    """422: a request the server cannot use — what was wrong (one line), or the fields."""

    detail: str | list[ValidationIssue]


class Health(BaseModel):
    status: str
    database: bool
