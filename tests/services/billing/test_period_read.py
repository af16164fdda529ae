"""The period's bulk read (services/billing/charges.py): plain driver rows, grouped in one
pass, with the cyclic GC paused only while billing builds its objects."""

from __future__ import annotations

import gc

import pytest

from advisor_desk.domain.periods import Period
from advisor_desk.services.billing.charges import _PARAM, charges_for_period, paused_gc
from advisor_desk.store.engine import Store
from tests.helpers.worked_example import build_worked_example

NOV = Period(2026, 11)


def test_the_gc_is_restored_after_the_period_and_left_alone_when_already_paused(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_worked_example(store, monkeypatch)
    assert gc.isenabled()
    first = charges_for_period(store, NOV)
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # someone else paused it: still theirs to restore
        assert charges_for_period(store, NOV) == first
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_named_parameters_are_rewritten_for_psycopg_but_not_casts() -> None:
    sql = 'SELECT x::text FROM t WHERE a = :partner AND b < :end AND l."end" > :first'
    assert _PARAM.sub(r"%(\1)s", sql) == (
        'SELECT x::text FROM t WHERE a = %(partner)s AND b < %(end)s AND l."end" > %(first)s'
    )
