"""The firm this laptop set up without a server (a partner, never synced): what the Server
dialog offers to upload (`upload.upload_firm`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from advisor_desk.store.engine import Store
from advisor_desk.store.models import Client, Partner
from advisor_desk.sync.local import account


@dataclass(frozen=True)
class OfflineFirm:
    name: str
    clients: int  # live clients

    def words(self) -> str:
        """The firm in words: "Harbour Risk (12 clients)"."""
        return f"{self.name} ({self.clients} client{'s' if self.clients != 1 else ''})"


def offline_firm(store: Store) -> OfflineFirm | None:
    """The firm set up here without a server, or None (no firm, or it already syncs)."""
    with store.read() as session:
        partner = session.scalars(select(Partner).where(Partner.deleted.is_(False))).first()
        if partner is None or account(session).partner_id == partner.id:
            return None
        count = session.scalar(
            select(func.count()).select_from(Client).where(Client.deleted.is_(False))
        )
        return OfflineFirm(partner.name, int(count or 0))
