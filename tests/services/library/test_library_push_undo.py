"""Taking a push back removes exactly what it added: earlier grants and later ones stay."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services.billing.partners import create_partner
from advisor_desk.services.clients.teams import create_client
from advisor_desk.services.library.detail import item_detail
from advisor_desk.services.library.push import push_items, take_back_push
from advisor_desk.services.people import members
from advisor_desk.store.engine import Store
from advisor_desk.store.models import ClientContent, LibraryPush, Outbox
from tests.helpers.library import seed_library


def test_take_back_removes_only_what_the_push_added(store: Store) -> None:
    create_partner(store, name="Harbour Risk Partners")
    lib = seed_library(store)
    acme = create_client(store, name="Acme Logistics", created=dt.date(2026, 1, 5))
    members.add_member(
        store,
        acme.id,
        email="jo@acme.example",
        name="Jo",
        tier=LicenseTier.RISK_COMPLIANCE,
        start=dt.date(2026, 1, 5),
    )
    push_items(store, [lib.privacy], client_ids=[acme.id])  # Acme had this before
    both = push_items(store, [lib.privacy, lib.iso], client_ids=[acme.id], template_ids=[])
    assert (both.added, len(both.link_ids), len(both.log_ids)) == (1, 1, 2)

    take_back_push(store, both)

    assert item_detail(store, lib.privacy).clients == ("Acme Logistics",)
    assert item_detail(store, lib.iso).clients == ()
    assert len(item_detail(store, lib.privacy).activity) == 1  # the first push's entry stays
    assert item_detail(store, lib.iso).activity == ()
    with store.read() as session:
        removals = sorted(
            (row.entity, row.op)
            for row in session.scalars(select(Outbox).where(Outbox.op == "delete"))
            if row.row_id in (*both.link_ids, *both.log_ids)
        )
    # the removals go to the server as deletions, like any other edit
    assert removals == [
        (ClientContent.__tablename__, "delete"),
        (LibraryPush.__tablename__, "delete"),
        (LibraryPush.__tablename__, "delete"),
    ]

    take_back_push(store, both)  # a second time changes nothing
    assert item_detail(store, lib.privacy).clients == ("Acme Logistics",)
