"""The access log on the server: failed logins (written here, in their own transaction, as
the login's is rolled back) and the admin commands' (de)activations. Its export for
administrators is `GET /v1/access-log` (access_log_api.py).

Rows are the synced `access_event` entity: the versioning hook stamps them, administrators'
laptops pull them (tenancy.ADMIN_READ), and the laptop writes its own with the same service
(services/people/access_log.py)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain.access_log import AccessKind
from advisor_desk.server.db import ServerDB
from advisor_desk.server.models import Login
from advisor_desk.services.people.access_log import (
    record_access_event,
)
from advisor_desk.store.models import Advisor, Partner

SERVER_DEVICE = "server"


def record(
    session: Session,
    partner_id: str,
    kind: AccessKind,
    actor: str,
    subject: Advisor | str,
    detail: str = "",
    device: str = SERVER_DEVICE,
) -> None:
    """One log row written by the server (inside a transaction scoped to the partner)."""
    partner = session.get(Partner, partner_id)
    if partner is None:
        return
    record_access_event(session, partner, actor, kind, subject, detail, device=device)
    # Stamped now: the versioning hook settles the partner's clock in `before_commit`, which
    # runs before the commit's own flush (a row first flushed there would reuse a version).
    session.flush()


def record_login_failure(db: ServerDB, email: str, address: str, why: str) -> None:
    """A failed login of a known e-mail, in the log of the partner it belongs to (an unknown
    e-mail belongs to no partner: the rate limiter alone counts it)."""
    with db.transaction(write=True) as session:
        db.set_local(session, "app.login_email", email)
        found = session.scalars(select(Login).where(Login.email == email)).first()
        if found is None:
            return
        db.set_tenant(session, found.partner_id)
        advisor = session.get(Advisor, found.advisor_id)
        subject: Advisor | str = advisor if advisor is not None else email
        record(session, found.partner_id, AccessKind.LOGIN_FAILED, email, subject, why, address)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
