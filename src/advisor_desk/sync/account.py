"""Logging a laptop in to a server store, and out."""

from __future__ import annotations

import platform
from dataclasses import dataclass

from sqlalchemy import select

from advisor_desk.store.engine import Store
from advisor_desk.store.models import Partner
from advisor_desk.store.outbox import APPLYING_SYNC
from advisor_desk.sync import local
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
            http.close()
        raise SyncError(
            f"this data folder holds another partner's data, not {partner['name']}'s: "
            "log in from an empty data folder (--data-dir)"
        )
    advisor = answer["advisor"]
    with store.write() as session:
        session.info[APPLYING_SYNC] = True
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
    if transport is None:
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
