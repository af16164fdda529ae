"""Business development in the workspace file: the demo's prospects, review and assessments
round-trip byte for byte, links stay out of the file, bad references are named by JSON path,
and a file from before these records still loads."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from advisor_desk.services.bizdev.review_answers import apply_adopt
from advisor_desk.services.demo import make_demo
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.ops import run_op
from advisor_desk.services.workspace import export_workspace, import_workspace
from advisor_desk.store.engine import Store, open_store
from advisor_desk.store.models import (
    Assessment,
    Client,
    ClientRisk,
    Prospect,
    ReviewParticipant,
    RiskReview,
)

TODAY = "2026-11-15"
NEW_SECTIONS = ("prospects", "reviews", "assessments")


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_DESK_TODAY", TODAY)


def _register_filled(store: Store) -> None:
    """The review adopted into the prospect's register, then the prospect made a client of
    the file's kind (converted, its review and adopted risks re-pointed) and one risk
    treated: every register field and every link between the records is used."""
    with store.read() as session:
        review_id = session.scalars(select(RiskReview.id)).one()
    run_op(store, apply_adopt, review_id)
    with store.write() as session:
        prospect = session.scalars(select(Prospect).where(Prospect.name == "Lumen Dental")).one()
        client = session.scalars(select(Client).order_by(Client.name)).first()
        assert client is not None
        client.contact_name, client.contact_email = "Ada Moss", "ada@example.com"
        prospect.converted_client_id, prospect.converted = client.id, dt.date(2026, 11, 15)
        review = session.get(RiskReview, review_id)
        assert review is not None
        review.client_id = client.id
        adopted = session.scalars(select(ClientRisk).where(ClientRisk.review_id == review_id))
        for index, risk in enumerate(adopted):
            if index % 2 == 0:  # half follow the prospect to the client, half stay with it
                risk.client_id = client.id
            risk.owner, risk.treatment, risk.treatment_plan = "Priya", "mitigate", "MFA"
            risk.due, risk.status = dt.date(2027, 1, 31), "treated"
            risk.residual_likelihood, risk.residual_impact = 2, 1


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[bytes]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ADVISOR_DESK_TODAY", TODAY)
        store = open_store(tmp_path_factory.mktemp("demo"))
        try:
            make_demo(store, clients=6, content=60)
            _register_filled(store)
            yield export_workspace(store)
        finally:
            store.close()


def _import(tmp_path: Path, data: bytes, name: str = "other") -> Store:
    store = open_store(tmp_path / name)
    import_workspace(store, data)
    return store


def test_the_demo_round_trips_byte_for_byte(demo_file: bytes, tmp_path: Path) -> None:
    data = json.loads(demo_file)
    assert [p["name"] for p in data["prospects"]] == sorted(p["name"] for p in data["prospects"])
    review = data["reviews"][0]
    assert (review["key"], review["prospect"]) == ("R1", "Lumen Dental")
    assert review["client"] is not None  # converted: both subjects named
    answered = [len(p["responses"]) for p in review["participants"]]
    assert len(answered) == 4
    assert sum(answered) > 0
    assert data["assessments"]
    assert any(a["answers"] for a in data["assessments"])
    assert any(item.get("questions") for item in data["content"])
    registers = [r for c in data["clients"] for r in c["risks"]]
    registers += [r for p in data["prospects"] for r in p["risks"]]
    adopted = [r for r in registers if r["review"] == "R1"]
    assert adopted
    assert all(r["treatment"] == "mitigate" for r in adopted)
    assert any(r.get("prospect") == "Lumen Dental" for r in adopted)  # a client's, from it
    assert any(p["risks"] for p in data["prospects"])  # and the prospect's own
    assert any(c["contact_email"] == "ada@example.com" for c in data["clients"])
    other = _import(tmp_path, demo_file)
    try:
        assert export_workspace(other) == demo_file
    finally:
        other.close()


def test_links_are_not_in_the_file_and_an_import_makes_new_ones(
    demo_file: bytes, tmp_path: Path
) -> None:
    assert b"token" not in demo_file
    first = _import(tmp_path, demo_file, "first")
    second = _import(tmp_path, demo_file, "second")
    try:
        links = []
        for store in (first, second):
            with store.read() as session:
                rows = [
                    *session.scalars(select(ReviewParticipant)),
                    *session.scalars(select(Assessment)),
                ]
            assert rows
            for row in rows:
                assert row.token
                assert row.token_hash == hashlib.sha256(row.token.encode()).hexdigest()
                assert row.token not in demo_file.decode()
            links.append({row.token for row in rows})
        assert not links[0] & links[1]  # every import its own links
    finally:
        first.close()
        second.close()


def _problems(tmp_path: Path, data: dict[str, Any]) -> list[tuple[str, str]]:
    store = open_store(tmp_path / "bad")
    try:
        with pytest.raises(ValidationError) as caught:
            import_workspace(store, json.dumps(data).encode())
        return list(caught.value.problems)
    finally:
        store.close()


def _first(items: list[dict[str, Any]], key: str) -> int:
    return next(i for i, item in enumerate(items) if item.get(key))


def test_bad_references_are_named_by_json_path(demo_file: bytes, tmp_path: Path) -> None:
    data = json.loads(demo_file)
    bad = copy.deepcopy(data)
    review = bad["reviews"][0]
    review["prospect"] = "Nobody Pty Ltd"
    review["client"] = "No Such Client"
    review["participants"][0]["responses"][0]["ref"] = "ZZ-99"
    review["libraries"][0]["content"] = "No such library"
    sent = _first(bad["assessments"], "answers")
    bad["assessments"][sent]["answers"][0]["ref"] = "Q-none"
    bad["assessments"][sent]["answers"][1]["choice"] = "Perhaps"
    other = _first(bad["assessments"], "respondent_email")
    bad["assessments"][other]["prospect"] = "Ghost Co"
    client = _first(bad["clients"], "risks")
    bad["clients"][client]["risks"][0]["review"] = "R9"
    bad["prospects"][0]["converted_client"] = "Nobody Else"
    bad["prospects"][0]["converted"] = "2026-11-15"
    problems = dict(_problems(tmp_path, bad))
    assert problems["reviews[0].prospect"] == 'no prospect named "Nobody Pty Ltd" in this file'
    assert problems["reviews[0].client"] == 'no client named "No Such Client" in this file'
    assert problems["reviews[0].libraries[0].content"] == (
        'no content titled "No such library" in this file'
    )
    assert problems[f"assessments[{sent}].answers[0].ref"].endswith('has no question "Q-none"')
    assert problems[f"assessments[{sent}].answers[1].choice"].startswith(
        '"Perhaps" is not one of its options: '
    )
    assert problems[f"assessments[{other}].prospect"] == 'no prospect named "Ghost Co" in this file'
    assert problems[f"clients[{client}].risks[0].review"] == 'no review keyed "R9" in this file'
    assert problems["prospects[0].converted_client"] == 'no client named "Nobody Else" in this file'
    # the library is gone, so the response is checked against the review's own risks only
    assert problems["reviews[0].participants[0].responses[0].ref"] == (
        'the review asks about no risk "ZZ-99"'
    )


def test_bad_values_and_duplicates_are_named(demo_file: bytes, tmp_path: Path) -> None:
    data = json.loads(demo_file)
    data["reviews"].append(copy.deepcopy(data["reviews"][0]))  # the same key twice
    person = data["reviews"][0]["participants"][0]
    person["status"] = "asleep"
    person["responses"][0]["likelihood"] = 9
    data["reviews"][1]["client"] = data["reviews"][1]["prospect"] = None
    library = _first(data["content"], "risks")
    data["content"][library]["kind"] = "playbook"
    data["prospects"][1]["name"] = data["prospects"][0]["name"].upper()
    problems = dict(_problems(tmp_path, data))
    assert problems["reviews[1].key"] == '"R1" is already the key of reviews[0]'
    assert "reviews[0].participants[0].status" in problems
    assert problems["reviews[0].participants[0].responses[0].likelihood"] == "9 is not from 1 to 5"
    assert problems["reviews[1].client"].startswith("names neither a client nor a prospect")
    assert problems[f"content[{library}].risks"].startswith("only a risk library has risks")
    twin = data["prospects"][1]["name"]
    assert problems["prospects[1].name"] == f'"{twin}" is already the name of prospects[0]'


def _before_business_development(data: dict[str, Any]) -> dict[str, Any]:
    old = copy.deepcopy(data)
    for key in NEW_SECTIONS:
        del old[key]
    for item in old["content"]:
        item.pop("risks", None)
        item.pop("questions", None)
    for client in old["clients"]:
        del client["contact_name"], client["contact_email"]
        client["risks"] = [
            {k: r[k] for k in ("content", "title", "likelihood", "impact")} for r in client["risks"]
        ]
    return old


def test_a_file_from_before_business_development_loads(demo_file: bytes, tmp_path: Path) -> None:
    old = _before_business_development(json.loads(demo_file))
    store = _import(tmp_path, json.dumps(old).encode())
    try:
        again = json.loads(export_workspace(store))
    finally:
        store.close()
    assert all(again[key] == [] for key in NEW_SECTIONS)
    assert all(c["contact_name"] == "" for c in again["clients"])
    risks = [r for c in again["clients"] for r in c["risks"]]
    assert risks
    assert all((r["status"], r["review"], r["treatment"]) == ("open", None, "") for r in risks)
    assert _before_business_development(again) == old  # nothing else changed on the way


def test_merging_the_same_file_adds_no_review_twice(demo_file: bytes, tmp_path: Path) -> None:
    store = _import(tmp_path, demo_file)
    try:
        summary = import_workspace(store, demo_file, merge=True)
        assert summary.count("reviews") == 0
        assert summary.count("assessments") == 0
        assert "Lumen Dental" in summary.skipped["prospects"]
        assert export_workspace(store) == demo_file
    finally:
        store.close()


def test_merging_refuses_a_review_whose_library_is_another_kind_in_the_store(
    demo_file: bytes, tmp_path: Path
) -> None:
    store = _import(tmp_path, demo_file)
    try:
        data = json.loads(demo_file)
        playbook = next(c for c in data["content"] if c["kind"] == "playbook")
        playbook["kind"] = "risk_library"  # the file says so; the store's item is a playbook
        data["prospects"].append({"name": "Newco", "created": "2026-11-15"})
        library = {"content": playbook["title"], "version": playbook["version"]}
        review: dict[str, Any] = {"key": "NEW", "title": "Newco review", "prospect": "Newco"}
        review.update(created="2026-11-15", libraries=[library])
        data["reviews"].append(review)
        with pytest.raises(ValidationError) as caught:
            import_workspace(store, json.dumps(data).encode(), merge=True)
        place = f"reviews[{len(data['reviews']) - 1}].libraries[0].content"
        assert dict(caught.value.problems)[place] == (
            "this store's item is a playbook, not a risk library"
        )
        with store.read() as session:
            assert session.scalars(select(Prospect).where(Prospect.name == "Newco")).all() == []
    finally:
        store.close()
