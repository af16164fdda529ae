"""`GET /v1/access-log`: the partner's access log for its administrators (CSV or JSON, with
the filters of User Management); 403 with the permission table's words for other roles.
Also the 403 answer of every `tenancy.Forbidden` (a role refused by the permission table)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request, Response
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from advisor_desk.domain.permissions import Action
from advisor_desk.server import auth
from advisor_desk.server.db import ServerDB
from advisor_desk.server.tenancy import Forbidden, require
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.people.access_log import access_log_csv, list_access_events
from advisor_desk.store.models import Partner

bearer = HTTPBearer(auto_error=False)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def install(app: FastAPI, db: Callable[[], ServerDB]) -> None:
    async def _forbidden(_request: Request, error: Exception) -> Response:
        assert isinstance(error, Forbidden)
        return JSONResponse({"detail": error.reason, "code": "forbidden"}, status_code=403)

    app.add_exception_handler(Forbidden, _forbidden)

    @app.get("/v1/access-log", responses={401: {}, 403: {}, 422: {}})
    def access_log(
        credentials: Credentials,
        format: Annotated[Literal["csv", "json"], Query()] = "json",  # noqa: A002
        kind: Annotated[list[str] | None, Query()] = None,
        person: Annotated[str, Query(max_length=200)] = "",
        since: Annotated[dt.date | None, Query()] = None,
        until: Annotated[dt.date | None, Query()] = None,
    ) -> Response:
        with db().transaction(write=False) as session:
            token = credentials.credentials if credentials else None
            caller = auth.authenticate(db(), session, token)
            require(caller, Action.ACCESS_LOG)
            partner = session.get(Partner, caller.partner_id)
            assert partner is not None
            try:
                entries = list_access_events(
                    session, partner, kinds=kind or (), person=person, since=since, until=until
                )
            except ValidationError as error:
                return JSONResponse({"detail": str(error)}, status_code=422)
        if format == "csv":
            return Response(access_log_csv(entries), media_type="text/csv; charset=utf-8")
        rows: list[dict[str, Any]] = [
            {
                "at": entry.at.isoformat() + "Z",
                "kind": entry.kind,
                "actor": entry.actor,
                "subject": entry.subject,
                "detail": entry.detail,
                "device": entry.device,
            }
            for entry in entries
        ]
        body = json.dumps({"events": rows}, ensure_ascii=False)
        return Response(body, media_type="application/json")
