"""`advisor-desk dashboard`: the JSON shape of issue 19, --attention, CSV and table, and the
billing figures left out for a role refused billing."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from advisor_desk.cli import main
from advisor_desk.domain.permissions import Role
from advisor_desk.services.demo import make_demo
from advisor_desk.services.people import advisors
from advisor_desk.store.engine import Store
from advisor_desk.sync import local


@pytest.fixture
def demo_dir(store: Store, data_dir: Path) -> Path:
    make_demo(store, clients=6, content=30, seed=4)
    return data_dir


def _run(capsys: pytest.CaptureFixture[str], folder: Path, *args: str) -> str:
    capsys.readouterr()
    assert main(["--data-dir", str(folder), "dashboard", *args]) == 0
    return capsys.readouterr().out


def test_json_has_the_issues_shape(capsys: pytest.CaptureFixture[str], demo_dir: Path) -> None:
    document = json.loads(_run(capsys, demo_dir, "--format", "json"))
    assert set(document) == {"clients", "heatmap", "totals"}
    client = document["clients"][0]
    assert set(client) == {
        "name",
        "licenses",
        "charge",
        "referral",
        "risks",
        "assessments",
        "last_activity",
        "attention",
    }
    assert isinstance(client["charge"], str)
    assert isinstance(client["referral"], str)
    assert set(client["risks"]) == {"Extreme", "High", "Medium", "Low"}
    assert set(client["assessments"]) == {"overdue", "in_progress"}
    assert len(document["heatmap"]) == 25
    assert set(document["heatmap"][0]) == {"likelihood", "impact", "count"}
    assert isinstance(document["totals"]["consolidated_total"], str)
    names = [c["name"] for c in document["clients"]]
    assert names == sorted(names, key=str.lower)


def test_attention_keeps_the_clients_that_need_it(
    capsys: pytest.CaptureFixture[str], demo_dir: Path
) -> None:
    everyone = json.loads(_run(capsys, demo_dir, "--format", "json"))["clients"]
    needing = json.loads(_run(capsys, demo_dir, "--attention", "--format", "json"))["clients"]
    assert [c["name"] for c in needing] == [c["name"] for c in everyone if c["attention"]]
    assert all(isinstance(words, str) for c in needing for words in c["attention"])


def test_csv_and_table(capsys: pytest.CaptureFixture[str], demo_dir: Path) -> None:
    rows = list(csv.reader(io.StringIO(_run(capsys, demo_dir, "--format", "csv"))))
    assert rows[0][:2] == ["Client", "Free"]
    assert "Charge" in rows[0]
    table = _run(capsys, demo_dir, "--sort", "extreme", "--descending")
    assert table.splitlines()[0].startswith("Client")
    assert "need attention" in table


def test_billing_figures_left_out_for_a_plain_advisor(
    capsys: pytest.CaptureFixture[str], store: Store, demo_dir: Path
) -> None:
    who = advisors.add_advisor(store, email="plain@x.example", name="Sam Lee", role=Role.ADVISOR)
    with store.write() as session:
        local.save_account(session, advisor_id=who.id, email=who.email, role=Role.ADVISOR.value)
    document = json.loads(_run(capsys, demo_dir, "--format", "json"))
    assert all(c["charge"] is None and c["referral"] is None for c in document["clients"])
    assert "consolidated_total" not in document["totals"]
    header = _run(capsys, demo_dir, "--format", "csv").splitlines()[0]
    assert "Charge" not in header


def test_a_bad_sort_is_refused_by_argparse(
    capsys: pytest.CaptureFixture[str], demo_dir: Path
) -> None:
    with pytest.raises(SystemExit):
        main(["--data-dir", str(demo_dir), "dashboard", "--sort", "height"])
    assert "--sort" in capsys.readouterr().err
