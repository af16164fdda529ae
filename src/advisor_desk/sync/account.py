"""Logging a laptop in to a server store, and out; connecting a firm made offline to an
empty partner on a server by uploading it (`connect`)."""

from __future__ import annotations

import contextlib
import platform
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from advisor_desk.store.engine import Store
from advisor_desk.store.models import Partner
from advisor_desk.store.outbox import APPLYING_SYNC
from advisor_desk.sync import local, upload
from advisor_desk.sync.credentials import NoKeyring, delete_token, load_token, save_token
from advisor_desk.sync.transport import ServerUnreachable, SyncError, Transport


@dataclass(frozen=True)
class LoginOutcome:
    partner_name: str
    advisor_name: str
    role: str
    saved_in_keyring: bool
    keyring_problem: str | None
    token: str  # for this session only when the keyring could not keep it


def login(
    store: Store,
    server_url: str,
    email: str,
    password: str,
    *,
    device_name: str | None = None,
    transport: Transport | None = None,
) -> LoginOutcome:
    url = server_url.rstrip("/")
    with store.read() as session:
        account = local.account(session)
        local_partner = session.scalars(
            select(Partner.id).where(Partner.deleted.is_(False))
        ).first()
    same_server = account.server_url == url
    http = transport or Transport(url)
    answer = http.login(
        email, password, device_name or platform.node(), account.device_id if same_server else None
    )
    partner = answer["partner"]
    if local_partner is not None and local_partner != partner["id"]:
        http.token = answer["token"]
        try:
            http.logout()
        finally:
            if transport is None:
                http.close()
        raise SyncError(
            f"this data folder holds a firm that is not {partner['name']}'s on the server: "
            "upload it to an empty partner (`advisor-desk connect … --upload`, or "
            "Server… in the window), or log in from an empty data folder (--data-dir)"
        )
    return _remember(store, url, email, answer, same_server, http, transport is None)


def _remember(
    store: Store,
    url: str,
    email: str,
    answer: dict[str, Any],
    same_server: bool,
    http: Transport,
    close: bool,
    *,
    forget_firm: bool = False,
) -> LoginOutcome:
    """Keep the session `answer` gave (account, device, token in the keyring); with
    `forget_firm`, in the same transaction, drop the store's firm (it is on the server)."""
    partner = answer["partner"]
    advisor = answer["advisor"]
    with store.write() as session:
        session.info[APPLYING_SYNC] = True
        if forget_firm:
            upload.forget_local(session)
        state = local.state_row(session)
        if not same_server:
            state.cursor, state.epoch = 0, None
        new_device = state.device_id != answer["device_id"]
        state.server_url = url
        state.device_id = answer["device_id"]
        values = {
            "email": email,
            "advisor_id": advisor["id"],
            "role": advisor["role"],
            "partner_id": partner["id"],
        }
        if new_device:
            values["last_acked_mid"] = 0
        local.save_account(session, **values)
    if close:
        http.close()
    try:
        save_token(url, answer["device_id"], answer["token"])
        saved, problem = True, None
    except NoKeyring as error:
        saved, problem = False, str(error)
    return LoginOutcome(
        partner["name"], advisor["name"], advisor["role"], saved, problem, answer["token"]
    )


def logout(store: Store, token: str | None = None) -> str:
    """Revoke this device's token on the server (when reachable) and forget it here."""
    with store.read() as session:
        account = local.account(session)
    if not account.server_url:
        return "not logged in"
    token = token or load_token(account.server_url, account.device_id or "")
    message = f"logged out of {account.server_url}"
    if token:
        http = Transport(account.server_url, token, retries=0)
        try:
            http.logout()
        except ServerUnreachable:
            message += " here (the server could not be reached to end the session there)"
        except SyncError:
            pass  # already ended on the server
        finally:
            http.close()
    delete_token(account.server_url, account.device_id or "")
    return message


@dataclass(frozen=True)
class ConnectOutcome:
    login: LoginOutcome
    uploaded: int  # rows sent (0: nothing to upload, a plain login)
    partner_name: str
    joined: bool = False  # the firm is on the server now: the store downloads it next


def connect(
    store: Store,
    server_url: str,
    email: str,
    password: str,
    *,
    upload_firm: bool,
    device_name: str | None = None,
    transport: Transport | None = None,
    progress: upload.Progress | None = None,
) -> ConnectOutcome:
    """Log in; a store holding a firm made offline is uploaded to the (empty) server partner
    first when `upload_firm`, else refused with the reason (as `login`). After an upload the
    store holds nothing until the next sync downloads the partner from the server."""
    url = server_url.rstrip("/")
    with store.read() as session:
        local_partner = session.scalars(
            select(Partner.id).where(Partner.deleted.is_(False))
        ).first()
        account = local.account(session)
    if local_partner is None or account.partner_id == local_partner or not upload_firm:
        outcome = login(store, url, email, password, device_name=device_name, transport=transport)
        return ConnectOutcome(outcome, 0, outcome.partner_name)
    http = transport or Transport(url)
    answer = http.login(email, password, device_name or platform.node(), None)
    http.token = answer["token"]
    try:
        if answer["advisor"]["role"] != "administrator":
            raise SyncError(
                f"only an administrator of {answer['partner']['name']} uploads a firm; "
                f"{email} is an advisor there"
            )
        try:
            upload.check_server(http)
        except SyncError:
            if not upload.already_there(store, http):
                raise
            sent = upload.Uploaded(0, 0)  # it finished before; its answer was lost
        else:
            sent = upload.upload_firm(store, http, progress)
    except (SyncError, KeyError):
        with contextlib.suppress(SyncError):
            http.logout()
        if transport is None:
            http.close()
        raise
    outcome = _remember(store, url, email, answer, False, http, transport is None, forget_firm=True)
    return ConnectOutcome(outcome, sent.rows, outcome.partner_name, joined=True)
