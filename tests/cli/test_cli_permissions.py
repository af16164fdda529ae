"""The permission table on the command line: a refused command exits 1 with the table's
words (and who you are), before it does anything; the access log prints as CSV."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor_desk.domain.permissions import Action, Role, reason
from advisor_desk.services.billing.partners import create_partner
from advisor_desk.services.people import advisors
from advisor_desk.store.engine import open_store
from advisor_desk.sync import local
from tests.cli.conftest import Run


def _firm(data_dir: Path, role: Role | None) -> None:
    store = open_store(data_dir)
    try:
        create_partner(store, name="Harbour")
        advisors.add_advisor(
            store, email="ana@x.example", name="Ana Souza", role=Role.ADMINISTRATOR
        )
        if role is not None:
            sam = advisors.add_advisor(store, email="sam@x.example", name="Sam", role=role)
            with store.write() as session:
                local.save_account(session, advisor_id=sam.id, email=sam.email, role=role.value)
    finally:
        store.close()


@pytest.mark.parametrize(
    ("args", "action"),
    [
        (("billing", "--period", "2026-11"), Action.BILLING),
        (("invoice", "draft", "--period", "2026-11"), Action.ISSUE_DOCUMENTS),
        (("onboard", "--template", "T", "--name", "N"), Action.CREATE_CLIENT),
        (("library", "push", "X", "--client", "Y"), Action.LIBRARY_PUSH),
        (("access-log",), Action.ACCESS_LOG),
    ],
)
def test_a_plain_advisor_is_refused_with_the_words(
    run_cli: Run, data_dir: Path, args: tuple[str, ...], action: Action
) -> None:
    _firm(data_dir, Role.ADVISOR)
    done = run_cli(*args)
    assert done.returncode == 1, done.stderr
    assert reason(Role.ADVISOR, action) in done.stderr
    assert "you are Sam (Advisor User)" in done.stderr
    assert done.stderr.count("\n") == 1


def test_the_owner_exports_the_access_log(run_cli: Run, data_dir: Path) -> None:
    _firm(data_dir, None)
    done = run_cli("access-log", "--format", "csv")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "when_utc,kind,who,about,detail,device"
    assert any(",activated,Ana Souza,Ana Souza,added as Administrator," in line for line in lines)
