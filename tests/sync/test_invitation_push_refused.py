"""An invitation pushed by a plain advisor (an old laptop, or a hand-edited store) is refused
by the server in the permission table's words, never with ids."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from advisor_desk.store.models import Invitation
from advisor_desk.store.types import utcnow
from advisor_desk.sync.conflicts import list_rejections
from advisor_desk.sync.local import account
from tests.server.harness import Laptop, Live, Tenant


def test_a_plain_advisors_invitation_is_refused_in_words(
    tmp_path: Path, live: Live, tenant: Tenant
) -> None:
    bo = Laptop(tmp_path / "bo", live.server, tenant.emails["bo"])
    try:
        bo.login()
        bo.sync()
        with bo.store.write() as session:
            me = account(session)
            assert me.advisor_id
            assert me.partner_id
            session.add(
                Invitation(
                    partner_id=me.partner_id,
                    advisor_id=me.advisor_id,
                    email="friend@example.com",
                    role="administrator",
                    invited_by="Bo",
                    created_at=utcnow(),
                    expires_at=utcnow() + dt.timedelta(days=7),
                    sends=1,
                )
            )
        bo.sync()
        reasons = [r.reason for r in list_rejections(bo.store) if r.entity == "invitation"]
        assert reasons
        assert "only administrators" in reasons[0]
        assert me.advisor_id not in reasons[0]
    finally:
        bo.close()
