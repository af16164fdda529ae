"""Undoing a member edit puts the member and its license history back exactly as billing saw
them, and refuses when the data moved on since (another edit, a sync, an issued document)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.domain.periods import Period
from advisor_desk.services.billing.charges import charges_for_period
from advisor_desk.services.billing.issuing import issue_period
from advisor_desk.services.billing.partners import create_partner
from advisor_desk.services.clients.teams import create_client
from advisor_desk.services.errors import ServiceError
from advisor_desk.services.people import member_undo, members
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Member, MemberLicense, Outbox

D = dt.date
MAY, JUNE = Period(2026, 5), Period(2026, 6)
R_C, J_R, FREE = LicenseTier.RISK_COMPLIANCE, LicenseTier.JUST_RISK, LicenseTier.FREE


@pytest.fixture
def acme(store: Store, monkeypatch: pytest.MonkeyPatch) -> str:
    """Acme (reseller, created 1 May 2026) with Jo (R&C since 1 May); today is 14 May."""
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-05-14")
    create_partner(store, name="Harbour Risk Partners")
    client = create_client(store, name="Acme Logistics", created=D(2026, 5, 1))
    members.add_member(
        store, client.id, email="jo@acme.example", name="Jo Smith", tier=R_C, start=D(2026, 5, 1)
    )
    return client.id


def _billing(store: Store) -> tuple[object, object]:
    return charges_for_period(store, MAY), charges_for_period(store, JUNE)


def _history(store: Store, client_id: str) -> list[tuple[str, tuple[object, ...]]]:
    return [
        (m.name, tuple((s.tier, s.start, s.end) for s in m.history))
        for m in members.list_members(store, client_id)
    ]


def _jo(store: Store, client_id: str) -> str:
    return next(m.id for m in members.list_members(store, client_id) if m.name == "Jo Smith")


def test_undo_add_member_tombstones_the_member_and_its_interval(store: Store, acme: str) -> None:
    billed, seen = _billing(store), _history(store, acme)
    edit = member_undo.record_edit(
        store,
        members.apply_add_member,
        acme,
        email="ada@acme.example",
        name="Ada",
        tier=J_R,
        start=D(2026, 5, 20),
    )
    assert edit.created
    assert edit.since == MAY
    assert _billing(store) != billed

    member_undo.undo_member_edit(store, edit)

    assert _billing(store) == billed
    assert _history(store, acme) == seen
    with store.read() as session:
        ada = session.get(Member, edit.member.id)
        assert ada is not None
        assert ada.deleted
        deletions = {
            row.entity
            for row in session.scalars(select(Outbox).where(Outbox.op == "delete"))
            if row.row_id in (edit.member.id, edit.after[0].id)
        }
    assert deletions == {"member", "member_license"}  # synced as deletions

    again = member_undo.record_edit(
        store,
        members.apply_add_member,  # redo: the same address is free again
        acme,
        email="ada@acme.example",
        name="Ada",
        tier=J_R,
        start=D(2026, 5, 20),
    )
    assert again.member.id != edit.member.id
    member_undo.undo_member_edit(store, again)
    assert _billing(store) == billed


def test_undo_the_second_of_two_tier_changes(store: Store, acme: str) -> None:
    jo = _jo(store, acme)
    billed = _billing(store)
    first = member_undo.record_edit(store, members.apply_change_tier, jo, J_R, D(2026, 6, 1))
    old_id = first.before[0].id
    assert _billing(store)[1] != billed[1]  # June bills Just Risk

    edit = member_undo.record_edit(
        store, members.apply_change_tier, jo, FREE, D(2026, 6, 10)
    )  # then again, undone
    member_undo.undo_member_edit(store, edit)
    assert [(s.tier, s.start, s.end) for s in members.list_members(store, acme)[0].history] == [
        (R_C, D(2026, 5, 1), D(2026, 6, 1)),
        (J_R, D(2026, 6, 1), None),
    ]
    with store.read() as session:
        closed = session.get(MemberLicense, old_id)
        assert closed is not None
        assert not closed.deleted
        assert closed.end == D(2026, 6, 1)


def test_undo_change_tier_restores_history_and_billing(store: Store, acme: str) -> None:
    jo = _jo(store, acme)
    billed, seen = _billing(store), _history(store, acme)
    edit = member_undo.record_edit(store, members.apply_change_tier, jo, J_R, D(2026, 6, 1))
    assert edit.since == JUNE

    member_undo.undo_member_edit(store, edit)

    assert _history(store, acme) == seen
    assert _billing(store) == billed
    with store.read() as session:
        [row] = session.scalars(
            select(MemberLicense).where(
                MemberLicense.member_id == jo, MemberLicense.deleted.is_(False)
            )
        ).all()
    assert (row.id, row.start, row.end) == (edit.before[0].id, D(2026, 5, 1), None)

    redo = member_undo.record_edit(store, members.apply_change_tier, jo, J_R, D(2026, 6, 1))
    member_undo.undo_member_edit(store, redo)
    assert _history(store, acme) == seen


def test_undo_a_same_day_tier_correction(store: Store, acme: str) -> None:
    jo = _jo(store, acme)
    billed, seen = _billing(store), _history(store, acme)
    edit = member_undo.record_edit(store, members.apply_change_tier, jo, FREE, D(2026, 5, 1))
    assert len(edit.after) == 1
    assert edit.after[0].tier == "free"
    member_undo.undo_member_edit(store, edit)
    assert (_history(store, acme), _billing(store)) == (seen, billed)


def test_undo_a_tier_change_that_changed_nothing(store: Store, acme: str) -> None:
    jo = _jo(store, acme)
    seen = _history(store, acme)
    edit = member_undo.record_edit(store, members.apply_change_tier, jo, R_C, D(2026, 6, 1))
    assert edit.since is None
    member_undo.undo_member_edit(store, edit)
    assert _history(store, acme) == seen


@pytest.mark.parametrize("on", [D(2026, 6, 15), D(2026, 5, 1)], ids=["later", "same-day"])
def test_undo_remove_member_reopens_the_interval(store: Store, acme: str, on: dt.date) -> None:
    jo = _jo(store, acme)
    billed, seen = _billing(store), _history(store, acme)
    edit = member_undo.record_edit(store, members.apply_remove_member, jo, on)
    assert _history(store, acme) != seen

    member_undo.undo_member_edit(store, edit)

    assert _history(store, acme) == seen
    assert _billing(store) == billed
    assert members.list_members(store, acme)[0].tier is R_C
    # and a redo removes them again
    member_undo.undo_member_edit(
        store, member_undo.record_edit(store, members.apply_remove_member, jo, on)
    )
    assert _history(store, acme) == seen


def test_undo_refuses_when_the_tier_was_changed_again(store: Store, acme: str) -> None:
    jo = _jo(store, acme)
    first = member_undo.record_edit(store, members.apply_change_tier, jo, J_R, D(2026, 6, 1))
    members.change_tier(store, jo, FREE, D(2026, 7, 1))
    seen = _history(store, acme)
    with pytest.raises(ServiceError, match="Jo Smith's license tiers changed since"):
        member_undo.undo_member_edit(store, first)
    assert _history(store, acme) == seen  # nothing half-done


def test_undo_refuses_when_a_sync_edited_the_member(store: Store, acme: str) -> None:
    edit = member_undo.record_edit(
        store, members.apply_add_member, acme, email="ada@acme.example", name="Ada", tier=J_R
    )
    with store.write() as session:  # as a pulled change would
        row = session.get(Member, edit.member.id)
        assert row is not None
        row.name = "Ada Lovelace"
    with pytest.raises(ServiceError, match="Ada was edited since"):
        member_undo.undo_member_edit(store, edit)
    assert [m.name for m in members.list_members(store, acme)] == ["Ada Lovelace", "Jo Smith"]


def test_undo_refuses_when_the_member_was_deleted(store: Store, acme: str) -> None:
    edit = member_undo.record_edit(
        store, members.apply_change_tier, _jo(store, acme), J_R, D(2026, 6, 1)
    )
    with store.write() as session:
        row = session.get(Member, edit.member.id)
        assert row is not None
        row.deleted = True
    with pytest.raises(ServiceError, match="was deleted since"):
        member_undo.undo_member_edit(store, edit)


def test_undo_refuses_once_a_document_billing_the_change_was_issued(
    store: Store, acme: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit = member_undo.record_edit(
        store,
        members.apply_add_member,
        acme,
        email="ada@acme.example",
        name="Ada",
        tier=J_R,
        start=D(2026, 5, 2),
    )
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-06-01")  # May is issued once it has ended
    issue_period(store, MAY)
    with store.read() as session:
        outbox_before = len(session.scalars(select(Outbox)).all())
    with pytest.raises(ServiceError, match="was issued since for 2026-05"):
        member_undo.undo_member_edit(store, edit)
    assert "Ada" in [m.name for m in members.list_members(store, acme)]
    with store.read() as session:
        assert len(session.scalars(select(Outbox)).all()) == outbox_before


def test_a_document_issued_before_the_edit_does_not_block_its_undo(
    store: Store, acme: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-06-01")  # May is issued once it has ended
    issue_period(store, MAY)
    billed = charges_for_period(store, JUNE)
    edit = member_undo.record_edit(
        store,
        members.apply_add_member,
        acme,
        email="ada@acme.example",
        name="Ada",
        tier=J_R,
        start=D(2026, 6, 3),
    )
    member_undo.undo_member_edit(store, edit)
    assert charges_for_period(store, JUNE) == billed
