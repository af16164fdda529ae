"""The FastAPI application of the server store (HTTP API of sync-protocol.md)."""

from __future__ import annotations

import gc
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import BackgroundTasks, Depends, FastAPI, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from advisor_desk import __version__
from advisor_desk.domain.permissions import Action
from advisor_desk.server import auth, devices, invitations, respond, respond_mail, upload
from advisor_desk.server.access_log_api import install as install_access_log
from advisor_desk.server.db import ServerDB, open_db
from advisor_desk.server.guard import Guard, client_address, networks, problem
from advisor_desk.server.issuing import IssueError, issue_by_id, record_pdf_hashes
from advisor_desk.server.pull import clock_of, encode, pull_page
from advisor_desk.server.push import PushRefused, answer_repeat, read_device
from advisor_desk.server.push_group import GroupCommit, write_push
from advisor_desk.server.push_plan import prepare
from advisor_desk.server.schemas import (
    BIG,
    Health,
    Invalid,
    IssuedDocument,
    IssueRequest,
    LoginRequest,
    LoginResponse,
    MetaResponse,
    Problem,
    PullResponse,
    PushRequest,
    PushResponse,
)
from advisor_desk.server.tenancy import redact_changes, require
from advisor_desk.store.types import utcnow
from advisor_desk.sync.protocol import (
    MAX_PAGE_LIMIT,
    PAGE_LIMIT,
    PROTOCOL_MAX,
    PROTOCOL_MIN,
    SCHEMA_VERSION,
)

DB_VARIABLE = "ADVISOR_DESK_SERVER_DB"
TOKEN_DAYS_VARIABLE = "ADVISOR_DESK_SERVER_TOKEN_DAYS"
# Reverse proxies whose X-Forwarded-For is believed (comma-separated addresses or networks,
# `*` for any; `serve --trusted-proxy`). Default none: the peer's own address counts.
PROXIES_VARIABLE = "ADVISOR_DESK_SERVER_TRUSTED_PROXIES"
bearer = HTTPBearer(auto_error=False)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
Responses = dict[int | str, dict[str, Any]]
DESCRIBED = {
    400: "the body could not be read",
    401: "no valid session: log in again (or wrong e-mail or password)",
    403: "not allowed for this advisor",
    404: "no such row (the same answer when it belongs to another partner)",
    409: "the request does not fit the server's state (mid gap, schema)",
    413: "the request body is too large",
    422: "the request is malformed or breaks a rule",
    426: "the app is too old for this server",
    429: "too many failed logins: wait Retry-After seconds",
}


def errors(*statuses: int) -> Responses:
    """OpenAPI answers of an operation (`declare_errors` adds what every route may get)."""
    return {
        status: {"model": Invalid if status == 422 else Problem, "description": DESCRIBED[status]}
        for status in sorted(statuses)
    }


ERRORS = errors(400, 401, 403, 404, 409, 413, 422, 426, 429)


def create_app(
    db_url: str | None = None, trusted_proxies: str | None = None, *, serving: bool = False
) -> FastAPI:
    """The server's app; `serving`: this process does nothing else (`serve`), so what start-up
    built is moved out of the garbage collector's sight once it is up (`gc.freeze`)."""
    limiter = auth.RateLimiter()
    trusted = networks(
        trusted_proxies if trusted_proxies is not None else os.environ.get(PROXIES_VARIABLE, "")
    )
    token_days = int(os.environ.get(TOKEN_DAYS_VARIABLE) or auth.TOKEN_DAYS)
    holder: dict[str, ServerDB] = {}
    pushes = GroupCommit()  # a partner's pushes queued for its clock commit together

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        holder["db"] = open_db(db_url or os.environ.get(DB_VARIABLE))
        if serving:
            # Modules, models, compiled statements: never garbage, yet every full collection
            # walked them all (~50 ms each, inside whichever request triggered it).
            gc.collect()
            gc.freeze()
        try:
            yield
        finally:
            holder.pop("db").close()

    app = FastAPI(title="Advisor Desk server", version=__version__, lifespan=lifespan)

    def db() -> ServerDB:
        return holder["db"]

    app.add_middleware(Guard, trusted=trusted)
    _handlers(app)
    devices.install(app, db)  # POST /v1/sync/device (a restored laptop starts anew)
    install_access_log(app, db)  # GET /v1/access-log; 403 for a role the table refuses
    invitations.install(app, db)  # GET /invite/{token}, POST /v1/invitations/… (h6)
    upload.install(app, db)  # /v1/upload…: a firm made offline joins an empty partner (h6)
    respond.install(app, db, lambda request: client_address(request, trusted))  # /r/, /v1/respond/

    @app.get("/healthz", response_model=Health, responses={503: {"model": Health}})
    def healthz() -> Any:
        ok = db().ping()
        return JSONResponse(
            {"status": "ok" if ok else "unavailable", "database": ok},
            status_code=200 if ok else 503,
        )

    @app.post("/v1/auth/login", response_model=LoginResponse, responses=errors(401, 429))
    def login(body: LoginRequest, request: Request) -> Any:
        address = client_address(request, trusted)
        result = auth.login(
            db(),
            limiter,
            email=body.email,
            password=body.password,
            device_name=body.device_name,
            device_id=body.device_id,
            address=address,
            token_days=token_days,
        )
        advisor = result.advisor
        return {
            "token": result.token,
            "expires_at": result.expires_at,
            "device_id": result.device_id,
            "partner": {"id": result.partner.id, "name": result.partner.name},
            "advisor": {
                "id": advisor.id,
                "email": advisor.email,
                "name": advisor.name,
                "role": advisor.role,
            },
        }

    @app.post("/v1/auth/logout", status_code=204, responses=errors(401))
    def logout(credentials: Credentials) -> Response:
        with db().transaction(write=True) as session:
            caller = auth.authenticate(db(), session, _token(credentials))
            auth.revoke(session, caller)
        return Response(status_code=204)

    @app.get("/v1/sync/meta", response_model=MetaResponse, responses=errors(401))
    def meta(credentials: Credentials) -> Any:
        with db().transaction(write=False) as session:
            caller = auth.authenticate(db(), session, _token(credentials))
            head, horizon, epoch = clock_of(session, caller.partner_id)
        return {
            "server_time": utcnow(),
            "protocol_min": PROTOCOL_MIN,
            "protocol_max": PROTOCOL_MAX,
            "schema_version": SCHEMA_VERSION,
            "epoch": epoch,
            "tombstone_horizon": horizon,
            "head": head,
        }

    @app.post(
        "/v1/sync/push", response_model=PushResponse, responses=errors(401, 403, 404, 409, 422)
    )
    def push_(
        body: PushRequest, credentials: Credentials, request: Request, background: BackgroundTasks
    ) -> Any:
        # Checks and reads first, in a read transaction; then the writing one (on SQLite the
        # store's write lock, on PostgreSQL the partner's clock) for stamping and commit.
        with db().transaction(write=False) as session:
            caller = auth.authenticate(db(), session, _token(credentials))
            device = read_device(session, caller, body)
            repeat = answer_repeat(device, body)  # a retry: nothing to write
            plan = prepare(session, caller, body, device) if repeat is None else None
        if repeat is not None:
            return _answer(repeat)
        result = write_push(pushes, db(), caller, body, plan)  # with the partner's group
        invitations.after_push(background, db(), caller, body, request)  # e-mails, after answering
        respond_mail.after_push(background, db(), caller, body, request)  # respondents' e-mails
        return _answer(result)

    @app.get(
        "/v1/sync/pull",
        response_model=PullResponse,
        responses={**errors(401, 422), 200: {"model": PullResponse}},
    )
    def pull(
        credentials: Credentials,
        cursor: Annotated[int, Query(ge=0, le=BIG)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE_LIMIT)] = PAGE_LIMIT,
    ) -> Response:
        with db().transaction(write=False) as session:
            caller = auth.authenticate(db(), session, _token(credentials))
            page = pull_page(session, caller, cursor, limit)
            redact_changes(session, caller, page["changes"])
        return Response(encode(page), media_type="application/json")

    @app.post(
        "/v1/invoices/issue",
        response_model=IssuedDocument,
        responses=errors(401, 403, 404, 409, 422),
    )
    def issue(body: IssueRequest, credentials: Credentials) -> Any:
        with db().transaction(write=True) as session:
            caller = auth.authenticate(db(), session, _token(credentials))
            require(caller, Action.ISSUE_DOCUMENTS)  # 403 with the permission table's words
            issued = issue_by_id(session, caller, body.document_id)
        record_pdf_hashes(db(), caller.partner_id, [issued["id"]])  # after commit, no lock
        return issued

    declare_errors(app)
    return app


def declare_errors(app: FastAPI) -> None:
    """Every route's OpenAPI answers include what any request may get there: 413 and 426
    (checked before any route), 400 and 422 with a body or parameters, 401 under /v1."""
    for route in app.routes:
        if not isinstance(route, APIRoute):
            continue
        statuses = {413, 426}
        if route.body_field is not None:
            statuses |= {400, 422}
        if route.dependant.query_params or route.dependant.path_params:
            statuses.add(422)
        if route.path.startswith("/v1/"):
            statuses.add(401)
        for status, answer in errors(*statuses).items():
            if status not in route.responses and str(status) not in route.responses:
                route.responses[status] = answer


def _answer(response: PushResponse) -> Response:
    """A push's answer as JSON, as FastAPI would write it (`response_model`), without its
    second validation of a model built here (for a sync route, one more thread hop)."""
    return Response(response.model_dump_json(), media_type="application/json")


def _token(credentials: HTTPAuthorizationCredentials | None) -> str | None:
    return credentials.credentials if credentials else None


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(auth.AuthError)
    async def _unauthorized(_request: Request, _error: Exception) -> Response:
        response = problem(401, "wrong e-mail or password, or the session has ended")
        response.headers["WWW-Authenticate"] = "Bearer"
        return response

    @app.exception_handler(auth.RateLimited)
    async def _limited(_request: Request, error: Exception) -> Response:
        assert isinstance(error, auth.RateLimited)
        response = problem(429, str(error))
        response.headers["Retry-After"] = str(error.retry_after)
        return response

    @app.exception_handler(PushRefused)
    async def _refused(_request: Request, error: Exception) -> Response:
        assert isinstance(error, PushRefused)
        extra: dict[str, Any] = {}
        if error.expected_mid is not None:
            extra["expected_mid"] = error.expected_mid
        if error.code:
            extra["code"] = error.code  # e.g. "device_rewound" (a laptop restored from a backup)
        return problem(error.status, error.detail, **extra)

    @app.exception_handler(IssueError)
    async def _issue_error(_request: Request, error: Exception) -> Response:
        assert isinstance(error, IssueError)
        return problem(error.status, error.detail)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, error: Exception) -> Response:
        """FastAPI's 422 without the echoed input: text no encoder takes (a lone surrogate)
        would otherwise turn the answer into a 500."""
        assert isinstance(error, RequestValidationError)
        detail = [
            {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type")}
            for e in error.errors()
        ]
        body = json.dumps({"detail": detail})  # ASCII: every character escaped, never refused
        return Response(body, status_code=422, media_type="application/json")


def app_from_environment() -> FastAPI:
    """The app for `uvicorn --factory` (the database URL comes in the environment)."""
    return create_app(os.environ.get(DB_VARIABLE), serving=True)
