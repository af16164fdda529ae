"""`advisor-desk onboard` creates the template's whole plan, like the wizard."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from advisor_desk.store.engine import open_store
from advisor_desk.store.models import AdvisorAccess, ClientAssessment, ClientContent, ClientRisk
from tests.cli.conftest import Run
from tests.helpers.templates import cyber_template, make_library


def test_onboard_from_a_template_with_a_plan(run_cli: Run, data_dir: Path) -> None:
    store = open_store(data_dir)
    cyber_template(store, make_library(store))
    store.close()
    done = run_cli(
        "onboard", "--template", "cyber uplift", "--name", "Dune", "--domain", "dune.example"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        "onboarded Dune from cyber uplift version 1 "
        "(2 content items, 2 starter risks, 1 assessment, 1 advisor)"
    )
    store = open_store(data_dir)
    with store.read() as session:
        counts = [
            session.scalar(select(func.count()).select_from(model))
            for model in (ClientContent, ClientRisk, ClientAssessment, AdvisorAccess)
        ]
    store.close()
    assert counts == [2, 2, 1, 1]
    again = run_cli("onboard", "--template", "Cyber uplift", "--name", "dune")
    assert again.returncode == 1
    assert "already exists" in again.stderr
