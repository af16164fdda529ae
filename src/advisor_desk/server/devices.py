"""`POST /v1/sync/device`: a laptop starts a new device without a password.

A laptop restored from a backup counts its mids from an older acknowledgement than the
server's: the server refuses its push with 409 `device_rewound` (push.py). The laptop then
asks for a new device here, with its session token: the token moves to the new device
(mids from 1), and the laptop pushes every waiting change again under it. Nothing is dropped.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, FastAPI
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from advisor_desk.server import auth
from advisor_desk.server.db import ServerDB
from advisor_desk.server.models import Device, Token
from advisor_desk.server.schemas import Problem
from advisor_desk.server.tenancy import Caller
from advisor_desk.store.types import utcnow

bearer = HTTPBearer(auto_error=False)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


class NewDeviceRequest(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore")
    device_name: str = Field(default="", max_length=200)


class NewDeviceResponse(BaseModel):
    device_id: str
    replaces: str


def new_device(session: Session, caller: Caller, name: str) -> dict[str, Any]:
    """A fresh device (last mid 0) of the caller's advisor; the caller's token moves to it."""
    old = session.get(Device, caller.device_id)
    device = Device(
        id=str(uuid.uuid4()),
        partner_id=caller.partner_id,
        advisor_id=caller.advisor_id,
        name=name or (old.name if old is not None else ""),
        last_mid=0,
        created_at=utcnow(),
        last_seen_at=utcnow(),
    )
    session.add(device)
    token = session.get(Token, caller.token_hash)
    if token is not None:
        token.device_id = device.id
    session.flush()
    return {"device_id": device.id, "replaces": caller.device_id}


def install(app: FastAPI, db: Callable[[], ServerDB]) -> None:
    @app.post(
        "/v1/sync/device",
        response_model=NewDeviceResponse,
        responses={401: {"model": Problem}, 426: {"model": Problem}},
    )
    def start_new_device(body: NewDeviceRequest, credentials: Credentials) -> Any:
        with db().transaction(write=True) as session:
            caller = auth.authenticate(
                db(), session, credentials.credentials if credentials else None
            )
            return new_device(session, caller, body.device_name)
