"""The clients' bulk read (services/billing/client_rows.py) on SQLite and PostgreSQL.

It builds each member in one pass, relying on the driver returning a member's rows together;
rows that are not (a license added later, stored after another member's) must still give
each member once, with its intervals in the rows' order and members in order of first row.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.charges import ClientInput, MemberInput
from advisor_desk.domain.licenses import LicenseTier, TierInterval
from advisor_desk.domain.periods import Period
from advisor_desk.server import admin
from advisor_desk.server.db import ServerDB, open_db
from advisor_desk.services.billing.client_rows import load_clients
from advisor_desk.store.models import Client, ClientBillingModel, Member, MemberLicense
from tests.helpers.clock import FOUNDED, pinned_today
from tests.server.harness import BACKENDS, PASSWORD, postgres_database, sqlite_database

D = dt.date
FREE, JR, RC = LicenseTier.FREE, LicenseTier.JUST_RISK, LicenseTier.RISK_COMPLIANCE


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[ServerDB, str]]:
    database = postgres_database() if request.param == "postgres" else sqlite_database(tmp_path)
    with open_db(database.owner_url) as owner, pinned_today(FOUNDED):
        partner_id = admin.create_partner(
            owner, name="Rows Pty", admin_email="admin@example.com", password=PASSWORD
        )
    server = open_db(database.app_url)
    try:
        yield server, str(partner_id)
    finally:
        server.close()
        database.drop()


def _id() -> str:
    return str(uuid.uuid4())


def _write(server: ServerDB, partner_id: str, rows: list[object]) -> None:
    """Each row in a transaction of its own: the table's rows are stored in this order."""
    for row in rows:
        with server.transaction(write=True, partner_id=partner_id) as session:
            session.add(row)


def _read(server: ServerDB, partner_id: str, first: D, end: D) -> list[ClientInput]:
    with server.transaction(write=False, partner_id=partner_id) as session:
        return load_clients(session, partner_id, first, end)


def test_a_members_rows_apart_still_make_one_member_in_first_row_order(
    db: tuple[ServerDB, str],
) -> None:
    server, partner_id = db
    acme, globex = _id(), _id()
    ann, bob, cat, dan = _id(), _id(), _id(), _id()
    common = {"partner_id": partner_id}

    def license(member: str, tier: LicenseTier, start: D, end: D | None) -> MemberLicense:
        return MemberLicense(
            id=_id(), member_id=member, tier=tier.value, start=start, end=end, **common
        )

    _write(
        server,
        partner_id,
        [
            Client(id=acme, name="Acme", domain="", created=D(2026, 1, 5), tags=[], **common),
            Client(
                id=globex,
                name="Globex",
                domain="",
                created=D(2026, 2, 1),
                archived=D(2026, 11, 20),
                tags=[],
                **common,
            ),
            ClientBillingModel(
                id=_id(), client_id=acme, effective_from="2026-01", model="reseller", **common
            ),
            ClientBillingModel(
                id=_id(), client_id=acme, effective_from="2026-06", model="direct", **common
            ),
            Member(id=ann, client_id=acme, email="ann@a.example", name="Ann", **common),
            Member(id=bob, client_id=acme, email="bob@a.example", name="Bob", **common),
            Member(id=cat, client_id=globex, email="cat@g.example", name="Cat", **common),
            Member(id=dan, client_id=acme, email="dan@a.example", name="Dan", **common),
            license(ann, FREE, D(2026, 1, 5), D(2026, 11, 10)),
            license(bob, JR, D(2026, 3, 1), None),
            license(cat, RC, D(2026, 2, 1), None),
            license(ann, RC, D(2026, 11, 10), D(2026, 11, 20)),  # Ann again, after Bob and Cat
            license(dan, JR, D(2026, 1, 5), D(2026, 10, 1)),  # ended before November: not read
            license(bob, FREE, D(2025, 1, 1), D(2025, 6, 1)),  # long before: not read
            license(ann, JR, D(2026, 11, 20), None),
        ],
    )

    clients = sorted(_read(server, partner_id, D(2026, 11, 1), D(2026, 12, 1)), key=str)

    by_name = {c.name: c for c in clients}
    assert by_name["Acme"] == ClientInput(
        key=acme,
        name="Acme",
        created=D(2026, 1, 5),
        archived=None,
        billing_models=(
            (Period(2026, 1), BillingModel.RESELLER),
            (Period(2026, 6), BillingModel.DIRECT),
        ),
        members=(
            MemberInput(
                ann,
                "Ann",
                (
                    TierInterval(FREE, D(2026, 1, 5), D(2026, 11, 10)),
                    TierInterval(RC, D(2026, 11, 10), D(2026, 11, 20)),
                    TierInterval(JR, D(2026, 11, 20), None),
                ),
            ),
            MemberInput(bob, "Bob", (TierInterval(JR, D(2026, 3, 1), None),)),
        ),
    )
    assert by_name["Globex"].archived == D(2026, 11, 20)
    assert by_name["Globex"].members == (
        MemberInput(cat, "Cat", (TierInterval(RC, D(2026, 2, 1), None),)),
    )
    # Dates are dates and tiers the enum, on both databases.
    interval = by_name["Acme"].members[0].licenses[0]
    assert type(interval.start) is dt.date
    assert interval.tier is FREE


def test_intervals_with_equal_days_are_shared_not_confused(db: tuple[ServerDB, str]) -> None:
    server, partner_id = db
    client, one, two = _id(), _id(), _id()
    common = {"partner_id": partner_id}
    rows: list[object] = [
        Client(id=client, name="Initech", domain="", created=D(2026, 1, 1), tags=[], **common),
        Member(id=one, client_id=client, email="1@i.example", name="One", **common),
        Member(id=two, client_id=client, email="2@i.example", name="Two", **common),
    ]
    for member, tier in ((one, JR), (two, JR), (one, RC), (two, FREE)):
        start = D(2026, 11, 1) if tier is not JR else D(2026, 1, 1)
        end = D(2026, 11, 1) if tier is JR else None
        rows.append(
            MemberLicense(
                id=_id(), member_id=member, tier=tier.value, start=start, end=end, **common
            )
        )
    _write(server, partner_id, rows)

    (found,) = _read(server, partner_id, D(2026, 10, 1), D(2026, 12, 1))

    assert [(m.name, [(t.tier, t.start, t.end) for t in m.licenses]) for m in found.members] == [
        ("One", [(JR, D(2026, 1, 1), D(2026, 11, 1)), (RC, D(2026, 11, 1), None)]),
        ("Two", [(JR, D(2026, 1, 1), D(2026, 11, 1)), (FREE, D(2026, 11, 1), None)]),
    ]
