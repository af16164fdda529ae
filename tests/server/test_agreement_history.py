"""`agreement set --from` on the server: the agreement is a history by month, and a change
applies from the month it names on, even when it is set after a later entry (issue 12, 16)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from advisor_desk.domain.agreement import agreement_for_period
from advisor_desk.domain.periods import Period
from advisor_desk.server import admin
from advisor_desk.server.db import open_db
from advisor_desk.services.billing.charges import load_agreements
from tests.helpers.clock import pinned_today
from tests.server.harness import BACKENDS, Database, new_tenant, postgres_database, sqlite_database


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    found = sqlite_database(tmp_path) if request.param == "sqlite" else postgres_database()
    try:
        yield found
    finally:
        found.drop()


def _set(database: Database, partner: str, start: str, **given: str) -> None:
    prices = {k.removeprefix("price_"): v for k, v in given.items() if k.startswith("price_")}
    with open_db(database.owner_url) as db, pinned_today("2026-12-06"):
        admin.set_agreement(
            db,
            partner=partner,
            advisor_fee=given.get("advisor_fee"),
            prices=prices,
            referral_rate=given.get("referral_rate"),
            tax_rate=given.get("tax_rate"),
            start=Period.parse(start),
        )


def _in_force(database: Database, partner_id: str, month: str) -> tuple[Decimal, ...]:
    with (
        open_db(database.owner_url) as db,
        db.transaction(write=False, partner_id=partner_id) as session,
    ):
        rule = agreement_for_period(load_agreements(session, partner_id), Period.parse(month))
    return (rule.advisor_fee, rule.tax_rate, rule.license_price["risk_compliance"])


def test_an_earlier_from_set_later_takes_effect_from_that_month(database: Database) -> None:
    tenant = new_tenant(database)  # its agreement: defaults from 2026-01
    _set(database, tenant.name, "2026-06", advisor_fee="150.00")
    _set(database, tenant.name, "2026-03", advisor_fee="130.00")

    assert _in_force(database, tenant.partner_id, "2026-02")[0] == Decimal("120.00")
    assert _in_force(database, tenant.partner_id, "2026-03")[0] == Decimal("130.00")
    # the later-made change wins over the entry of June it was set behind
    assert _in_force(database, tenant.partner_id, "2026-07")[0] == Decimal("130.00")


def test_fields_not_given_keep_what_was_in_force_that_month(database: Database) -> None:
    tenant = new_tenant(database)
    _set(database, tenant.name, "2026-06", advisor_fee="150.00", price_risk_compliance="90.00")
    _set(database, tenant.name, "2026-03", tax_rate="0.15")

    # March: the tax changes, the fee and prices stay those of January (not June's)
    assert _in_force(database, tenant.partner_id, "2026-03") == (
        Decimal("120.00"),
        Decimal("0.15"),
        Decimal("79.00"),
    )
    # June keeps its own fee and price, and takes the tax set from March on
    assert _in_force(database, tenant.partner_id, "2026-06") == (
        Decimal("150.00"),
        Decimal("0.15"),
        Decimal("90.00"),
    )


def test_setting_the_same_month_again_replaces_it(database: Database) -> None:
    tenant = new_tenant(database)
    _set(database, tenant.name, "2026-05", advisor_fee="140.00")
    _set(database, tenant.name, "2026-05", advisor_fee="141.00")
    assert _in_force(database, tenant.partner_id, "2026-05")[0] == Decimal("141.00")
    assert _in_force(database, tenant.partner_id, "2026-04")[0] == Decimal("120.00")
