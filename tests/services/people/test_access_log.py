"""Who works on this laptop, and the access log every advisor edit writes."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from advisor_desk.domain.access_log import AccessKind
from advisor_desk.domain.permissions import Action, Role
from advisor_desk.services.billing.partners import create_partner
from advisor_desk.services.clients.teams import create_client
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.people import advisors
from advisor_desk.services.people.access_log import access_log, access_log_csv
from advisor_desk.services.whoami import UNNAMED_OWNER, NotAllowed, require, whoami
from advisor_desk.store.engine import Store
from advisor_desk.sync import local

D = dt.date


@pytest.fixture
def firm(store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-05-14")
    create_partner(store, name="Harbour")
    return store


def _me(store: Store):  # type: ignore[no-untyped-def]
    with store.read() as session:
        return whoami(session)


def test_standalone_the_owner_is_the_first_administrator(firm: Store) -> None:
    assert _me(firm).name == UNNAMED_OWNER  # a firm just made: an unnamed owner
    assert _me(firm).role is Role.ADMINISTRATOR
    advisors.add_advisor(
        firm, email="b@x.example", name="Ben", role=Role.ADMINISTRATOR, start=D(2026, 3, 1)
    )
    advisors.add_advisor(
        firm, email="a@x.example", name="Ana Souza", role=Role.ADMINISTRATOR, start=D(2025, 1, 6)
    )
    advisors.add_advisor(firm, email="c@x.example", name="Cleo", start=D(2024, 1, 1))
    me = _me(firm)
    assert (me.name, me.role, me.signed_in) == ("Ana Souza", Role.ADMINISTRATOR, False)
    assert me.described == "Ana Souza (Administrator)"


def test_with_a_server_it_is_the_signed_in_advisor_and_their_role(firm: Store) -> None:
    cleo = advisors.add_advisor(firm, email="c@x.example", name="Cleo", role=Role.POWER_USER)
    with firm.write() as session:
        local.save_account(session, advisor_id=cleo.id, email=cleo.email, role="power_user")
    me = _me(firm)
    assert (me.name, me.role, me.signed_in) == ("Cleo", Role.POWER_USER, True)
    with firm.read() as session:
        require(session, Action.CREATE_CLIENT)
        with pytest.raises(NotAllowed, match="only administrators can add advisors"):
            require(session, Action.MANAGE_ADVISORS)


def test_every_access_change_is_logged_with_who_and_which_device(firm: Store) -> None:
    ana = advisors.add_advisor(firm, email="a@x.example", name="Ana Souza", role=Role.ADMINISTRATOR)
    ben = advisors.add_advisor(firm, email="b@x.example", name="Ben", start=D(2026, 5, 1))
    acme = create_client(firm, name="Acme")
    globex = create_client(firm, name="Globex")
    advisors.give_access(firm, ben.id, acme.id)
    advisors.set_access(firm, ben.id, [globex.id])
    advisors.edit_advisor(firm, ben.id, role=Role.POWER_USER)
    advisors.deactivate_advisor(firm, ben.id, D(2026, 5, 20))
    advisors.reactivate_advisor(firm, ben.id, D(2026, 6, 1))
    about_ben = [(e.kind, e.detail) for e in reversed(access_log(firm, person="Ben"))]
    assert about_ben == [
        ("activated", "added as Advisor User"),
        ("access_granted", "Acme"),
        ("access_removed", "Acme"),
        ("access_granted", "Globex"),
        ("role_changed", "Advisor User → Advisor Power User"),
        ("deactivated", "from 2026-05-20"),
        ("activated", "from 2026-06-01"),
    ]
    entries = access_log(firm, kinds=[AccessKind.ROLE_CHANGED])
    assert [(e.actor, e.subject) for e in entries] == [("Ana Souza", "Ben")]
    assert entries[0].device
    assert access_log(firm, person="nobody") == []
    assert ana.id
    with pytest.raises(ValidationError, match="kind"):
        access_log(firm, kinds=["hacked"])


def test_the_csv_export_has_a_header_and_no_formulas(firm: Store) -> None:
    ben = advisors.add_advisor(firm, email="b@x.example", name="=HYPERLINK(1)")
    acme = create_client(firm, name="Acme")
    advisors.give_access(firm, ben.id, acme.id)
    rows = list(csv.reader(io.StringIO(access_log_csv(access_log(firm)))))
    assert rows[0] == ["when_utc", "kind", "who", "about", "detail", "device"]
    assert {row[3] for row in rows[1:]} == {"'=HYPERLINK(1)"}
    assert all(row[0].endswith("Z") for row in rows[1:])
