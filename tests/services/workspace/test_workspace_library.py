"""The workspace file carries the whole library (versions, files, provisions, pushes) and the
template and onboarding plans: made through the app, exported, imported, shown again."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.licenses import ContentKind, LicenseTier
from advisor_desk.services.billing.partners import create_partner
from advisor_desk.services.clients.onboarding import NewMember, onboard_client
from advisor_desk.services.clients.teams import create_client, list_clients
from advisor_desk.services.library import content
from advisor_desk.services.library.detail import item_detail
from advisor_desk.services.library.push import push_items
from advisor_desk.services.library.upload import publish_new_version, upload_item
from advisor_desk.services.people import advisors, members
from advisor_desk.services.templates.plan import (
    PlannedAssessment,
    PlannedRisk,
    TemplateDraft,
    list_template_plans,
    save_template,
    template_versions,
)
from advisor_desk.services.workspace import export_workspace, import_workspace
from advisor_desk.store.engine import Store, open_store
from advisor_desk.store.models import TemplateRevision
from tests.helpers.library import FRAMEWORK_CSV

QUESTIONS_CSV = (
    "ref,section,question,answer_type\n"
    "Q1,Governance,Is there an approved security policy?,yes_no\n"
    "Q2,Operations,How many days does critical patching take?,number\n"
)
NEWER_CSV = FRAMEWORK_CSV + "A.8.2,Technological controls,Privileged access rights\n"


def _library_store(store: Store, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A partner whose library, templates and clients were all made through the services."""
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-03-02")
    create_partner(store, name="Harbour Risk Advisory")
    ana = advisors.add_advisor(store, email="ana@harbour.example", name="Ana")
    framework = upload_item(
        store,
        file_name="controls.csv",
        data=FRAMEWORK_CSV.encode(),
        title="HRA controls",
        kind=ContentKind.FRAMEWORK,
        version="1.0",
        price="300",
    )
    publish_new_version(
        store,
        framework.item.id,
        version="1.1",
        file_name="controls-1.1.csv",
        data=NEWER_CSV.encode(),
    )
    content.edit_item(store, framework.item.id, published=True)
    survey = upload_item(
        store,
        file_name="survey.csv",
        data=QUESTIONS_CSV.encode(),
        title="HRA readiness survey",
        kind=ContentKind.ASSESSMENT_TEMPLATE,
    )
    content.edit_item(store, survey.item.id, published=True)
    risks = content.add_item(
        store, title="Cyber risk library", kind=ContentKind.RISK_LIBRARY, published=True
    )
    playbook = content.add_item(
        store, title="Breach playbook", kind=ContentKind.PLAYBOOK, published=True
    )
    bo = advisors.add_advisor(store, email="bo@harbour.example", name="Bo")
    current = TemplateDraft(
        name="Cyber uplift",
        license_tier=LicenseTier.RISK_COMPLIANCE,
        billing_model=BillingModel.RESELLER,
        description="v2",
        content_ids=(framework.item.id,),
        risks=(
            PlannedRisk(risks.id, "Ransomware", likelihood=4, impact=5),
            PlannedRisk(risks.id, "Phishing", likelihood=5, impact=2),
        ),
        assessments=(PlannedAssessment(survey.item.id, due_in_days=45),),
        advisor_ids=(ana.id,),
    )
    # Revision 1 held other content, assessments and advisors; both snapshots are kept.
    plan = save_template(
        store,
        replace(
            current,
            description="v1",
            content_ids=(playbook.id, survey.item.id),
            risks=current.risks[1:],
            assessments=(PlannedAssessment(survey.item.id, due_in_days=10),),
            advisor_ids=(bo.id, ana.id),
        ),
    )
    save_template(store, current, plan.template.id)
    onboard_client(
        store,
        template="Cyber uplift",
        name="Acme Logistics",
        members=(NewMember("jo@acme.example", "Jo"),),
    )
    other = create_client(store, name="Birch Retail", billing_model=BillingModel.DIRECT)
    members.add_member(
        store, other.id, email="al@birch.example", name="Al", tier=LicenseTier.RISK_COMPLIANCE
    )
    monkeypatch.setenv("ADVISOR_DESK_TODAY", "2026-03-09")
    push_items(store, [framework.item.id, survey.item.id], client_ids=[other.id])
    return {
        "framework": framework.item.id,
        "template": plan.template.id,
        "playbook": playbook.id,
        "bo": bo.id,
    }


def _by_title(data: dict[str, Any], title: str) -> dict[str, Any]:
    return next(item for item in data["content"] if item["title"] == title)


def test_the_library_and_the_plans_round_trip_byte_for_byte(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _library_store(store, monkeypatch)
    first = export_workspace(store)
    other = open_store(tmp_path / "other")
    try:
        import_workspace(other, first)
        assert export_workspace(other) == first
        # What a user sees in the imported store: the same library and plans.
        framework = next(c for c in content.list_items(other) if c.title == "HRA controls")
        detail = item_detail(other, framework.id)
        assert [(v.version, v.current, v.provisions) for v in detail.versions] == [
            ("1.1", True, 4),
            ("1.0", False, 3),
        ]
        assert [(f.version, f.file_name) for f in detail.files] == [
            ("1.1", "controls-1.1.csv"),
            ("1.0", "controls.csv"),
        ]
        assert [(p.version, p.targets) for p in detail.activity] == [("1.1", ("Birch Retail",))]
        assert detail.preview[-1].text == "Privileged access rights"
        (plan,) = list_template_plans(other)
        assert [(r.title, r.likelihood, r.impact) for r in plan.risks] == [
            ("Phishing", 5, 2),
            ("Ransomware", 4, 5),
        ]
        assert [a.due_in_days for a in plan.assessments] == [45]
        assert len(plan.advisor_ids) == 1
        assert [v.revision for v in template_versions(other, plan.template.id)] == [1, 2]
    finally:
        other.close()


def _named_versions(store: Store, template_name: str) -> list[tuple[Any, ...]]:
    """A template's revisions as the app lists them, ids named (title, email)."""
    titles = {item.id: item.title for item in content.list_items(store)}
    emails = {a.id: a.email for a in advisors.list_advisors(store)}
    (plan,) = [p for p in list_template_plans(store) if p.template.name == template_name]
    return [
        (
            v.revision,
            v.name,
            v.license_tier,
            v.billing_model,
            sorted(titles[i] for i in v.content_ids),
            v.risks,
            sorted((titles[i], days) for i, days in v.assessments),
            sorted(emails[i] for i in v.advisor_ids),
        )
        for v in template_versions(store, plan.template.id)
    ]


def test_revisions_name_the_same_content_and_advisors_in_another_store(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _library_store(store, monkeypatch)
    expected = [
        (
            1,
            "Cyber uplift",
            "risk_compliance",
            "reseller",
            ["Breach playbook", "HRA readiness survey"],
            ("Phishing",),
            [("HRA readiness survey", 10)],
            ["ana@harbour.example", "bo@harbour.example"],
        ),
        (
            2,
            "Cyber uplift",
            "risk_compliance",
            "reseller",
            ["HRA controls"],
            ("Phishing", "Ransomware"),
            [("HRA readiness survey", 45)],
            ["ana@harbour.example"],
        ),
    ]
    assert _named_versions(store, "Cyber uplift") == expected
    first = export_workspace(store)
    other = open_store(tmp_path / "other")
    try:
        import_workspace(other, first)
        assert _named_versions(other, "Cyber uplift") == expected
        assert export_workspace(other) == first
        # Imported snapshots are stored as the app stores its own: saving the plan again
        # unchanged records a revision 3 with exactly revision 2's JSON.
        (plan,) = list_template_plans(other)
        save_template(other, plan.draft(), plan.template.id)
        stored = _snapshots(other, plan.template.id)
        assert stored[3] == stored[2]
        assert stored[1] != stored[2]
    finally:
        other.close()


def _snapshots(store: Store, template_id: str) -> dict[int, str]:
    with store.read() as session:
        rows = session.execute(
            select(TemplateRevision.revision, TemplateRevision.snapshot_json).where(
                TemplateRevision.template_id == template_id
            )
        )
        return {revision: text for revision, text in rows}


def test_a_revision_leaves_out_what_was_deleted_since(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ids of tombstoned items and advisors name nothing the file has: left out. A live item
    that took a deleted one's title is not mistaken for it."""
    ids = _library_store(store, monkeypatch)
    content.delete_item(store, ids["playbook"])
    advisors.remove_advisor(store, ids["bo"])
    content.add_item(store, title="Breach playbook", kind=ContentKind.PLAYBOOK)
    first = export_workspace(store)
    (template,) = json.loads(first)["templates"]
    snapshot = template["revisions"][0]["snapshot"]
    assert snapshot["content"] == ["HRA readiness survey"]
    assert snapshot["advisors"] == ["ana@harbour.example"]
    assert snapshot["assessments"] == [["HRA readiness survey", 10]]
    other = open_store(tmp_path / "other")
    try:
        import_workspace(other, first)
        assert export_workspace(other) == first
        assert _named_versions(other, "Cyber uplift")[0][4] == ["HRA readiness survey"]
    finally:
        other.close()


def test_the_file_holds_the_history_as_the_app_made_it(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _library_store(store, monkeypatch)
    data = json.loads(export_workspace(store))
    framework = _by_title(data, "HRA controls")
    (old,) = framework["versions"]
    assert (old["version"], old["title"], old["price"]) == ("1.0", "HRA controls", "300.00")
    assert [f["version"] for f in framework["files"]] == ["1.0", "1.1"]  # by upload time
    first_file = framework["files"][0]
    assert base64.b64decode(first_file["data"]) == FRAMEWORK_CSV.encode()
    assert first_file["size"] == len(FRAMEWORK_CSV.encode())
    assert first_file["media_type"] == "text/csv"
    # by version, then position: the three of 1.0, then the four of 1.1
    assert [(p["version"], p["ref"]) for p in framework["provisions"]] == [
        ("1.0", "A.5.1"),
        ("1.0", "A.5.2"),
        ("1.0", "A.8.1"),
        ("1.1", "A.5.1"),
        ("1.1", "A.5.2"),
        ("1.1", "A.8.1"),
        ("1.1", "A.8.2"),
    ]
    (push,) = framework["pushes"]
    assert (push["clients"], push["templates"], push["targets"]) == (1, 0, ["Birch Retail"])
    assert push["pushed_at"].startswith("20")
    survey = _by_title(data, "HRA readiness survey")
    assert [(q["kind"], q["answer_type"]) for q in survey["provisions"]] == [
        ("question", "yes_no"),
        ("question", "number"),
    ]
    (template,) = data["templates"]
    assert template["risks"] == [
        {"content": "Cyber risk library", "title": "Phishing", "likelihood": 5, "impact": 2},
        {"content": "Cyber risk library", "title": "Ransomware", "likelihood": 4, "impact": 5},
    ]
    assert template["assessments"] == [{"content": "HRA readiness survey", "due_in_days": 45}]
    assert template["advisors"] == ["ana@harbour.example"]
    assert [r["revision"] for r in template["revisions"]] == [1, 2]
    # Snapshots name content by title and advisors by email, keys in a fixed order.
    assert template["revisions"][0]["snapshot"] == {
        "name": "Cyber uplift",
        "description": "v1",
        "license_tier": "risk_compliance",
        "billing_model": "reseller",
        "content": ["Breach playbook", "HRA readiness survey"],
        "risks": ["Phishing"],
        "assessments": [["HRA readiness survey", 10]],
        "advisors": ["ana@harbour.example", "bo@harbour.example"],
    }
    assert template["revisions"][1]["snapshot"]["description"] == "v2"
    assert template["revisions"][1]["snapshot"]["content"] == ["HRA controls"]
    acme = next(c for c in data["clients"] if c["name"] == "Acme Logistics")
    assert [r["title"] for r in acme["risks"]] == ["Phishing", "Ransomware"]
    assert acme["assessments"] == [{"content": "HRA readiness survey", "due": "2026-04-16"}]
    birch = next(c for c in data["clients"] if c["name"] == "Birch Retail")
    assert (birch["risks"], birch["assessments"]) == ([], [])


def test_a_deleted_risk_library_keeps_the_client_risk_without_its_link(
    store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _library_store(store, monkeypatch)
    risks = next(c for c in content.list_items(store) if c.title == "Cyber risk library")
    content.delete_item(store, risks.id)
    first = export_workspace(store)
    data = json.loads(first)
    acme = next(c for c in data["clients"] if c["name"] == "Acme Logistics")
    assert [(r["title"], r["content"]) for r in acme["risks"]] == [
        ("Phishing", None),
        ("Ransomware", None),
    ]
    assert data["templates"][0]["risks"] == []  # a template's risk needs its library
    other = open_store(tmp_path / "other")
    try:
        import_workspace(other, first)
        assert export_workspace(other) == first
    finally:
        other.close()


def test_a_file_without_the_new_keys_is_still_read(
    store: Store, ws_rich: dict[str, Any], ws_encode: Any
) -> None:
    """Files written before these keys existed: nothing is required, `[]` is written."""
    import_workspace(store, ws_encode(ws_rich))
    data = json.loads(export_workspace(store))
    item = _by_title(data, "ISO/IEC 27001:2022")
    assert (item["versions"], item["files"], item["provisions"], item["pushes"]) == ([], [], [], [])
    template = data["templates"][0]
    assert (template["risks"], template["advisors"], template["revisions"]) == ([], [], [])
    assert [c.name for c in list_clients(store)] == [
        "Acme Logistics",
        "Birch Retail",
        "Cedar Health",
    ]
