"""`advisor-desk prospect|review|assessment|risks`, run as a user's script would: the
contract's worked examples through the command line, to the digit."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services.billing.partners import create_partner
from advisor_desk.services.clients.teams import create_client
from advisor_desk.services.people import members
from advisor_desk.store.engine import open_store
from tests.cli.conftest import Run

TODAY = "2026-05-14"
CYBER = (
    "ref,title,description,domain,causes,impacts\n"
    "CY-01,Ransomware,Files encrypted for ransom,Cyber,Phishing|Unpatched VPN,Outage|Data loss\n"
    "CY-02,Phishing,Staff tricked,Cyber,No training,Account takeover\n"
    "CY-03,Insider data theft,Someone inside copies data,Cyber,Broad access,Privacy breach\n"
)
HEALTH = (
    "ref,domain,text,type,options\n"
    "Q1,Access,Is MFA on everywhere?,choice,Yes=1|Partially=3|No=5|N/A=\n"
    "Q2,Access,Are accounts reviewed?,choice,Yes=1|Sometimes=2|No=4\n"
    "Q3,Backup,How often are backups tested?,choice,Daily=1|Weekly=2|Never=5\n"
    "Q4,Backup,Where are backups kept?,text,\n"
    "Q5,Patching,Patched within 14 days?,choice,Yes=1|No=5\n"
)


def _seed(data_dir: Path) -> None:
    store = open_store(data_dir)
    try:
        create_partner(store, name="Harbour Risk Partners")
        for name, tier in (
            ("Acme Logistics", LicenseTier.JUST_RISK),
            ("Free Co", LicenseTier.FREE),
        ):
            client = create_client(store, name=name, created=dt.date(2026, 1, 1))
            members.add_member(
                store,
                client.id,
                email="jo@x.example",
                name="Jo",
                tier=tier,
                start=dt.date(2026, 1, 1),
            )
    finally:
        store.close()


def _ok(result: object) -> str:
    assert result.returncode == 0, result.stderr  # type: ignore[attr-defined]
    return result.stdout  # type: ignore[attr-defined,no-any-return]


def _library(run_cli: Run, tmp_path: Path) -> None:
    cyber = tmp_path / "cyber.csv"
    cyber.write_text(CYBER, encoding="utf-8")
    health = tmp_path / "health.csv"
    health.write_text(HEALTH, encoding="utf-8")
    _ok(
        run_cli(
            "library",
            "add",
            str(cyber),
            "--kind",
            "risk_library",
            "--title",
            "Cyber risks",
            "--publish",
            today=TODAY,
        )
    )
    _ok(
        run_cli(
            "library",
            "add",
            str(health),
            "--kind",
            "assessment_template",
            "--title",
            "Cyber health check",
            "--publish",
            today=TODAY,
        )
    )


def test_the_worked_review_example_through_the_cli(
    run_cli: Run, data_dir: Path, tmp_path: Path
) -> None:
    _seed(data_dir)
    _library(run_cli, tmp_path)
    _ok(
        run_cli(
            "prospect",
            "add",
            "Lumen Dental",
            "--domain",
            "lumen.example",
            "--contact-email",
            "ceo@lumen.example",
            today=TODAY,
        )
    )
    listed = json.loads(_ok(run_cli("prospect", "list", "--format", "json", today=TODAY)))
    assert [p["name"] for p in listed["prospects"]] == ["Lumen Dental"]
    review = _ok(
        run_cli(
            "review",
            "create",
            "Cyber health check",
            "--prospect",
            "Lumen Dental",
            "--library",
            "Cyber risks",
            "--due",
            "2026-06-30",
            today=TODAY,
        )  # fmt: skip
    ).strip()
    people = ["p1@lumen.example", "p2@lumen.example", "p3@lumen.example", "p4@lumen.example"]
    _ok(run_cli("review", "invite", review, "--email", *people, today=TODAY))
    published = _ok(run_cli("review", "publish", review, today=TODAY))
    assert "no server yet" in published
    answers = [
        [("CY-01", 4, 5), ("CY-02", 3, 3), ("CY-03", None, None)],
        [("CY-01", 3, 5), ("CY-02", 4, 2), ("CY-03", 2, 4)],
        [("CY-01", 4, 4), ("CY-02", None, None), ("CY-03", None, None)],
    ]
    for n, (email, given) in enumerate(zip(people, answers, strict=False)):
        doc = {
            "risks": [
                {"ref": ref, "relevant": False}
                if lk is None
                else {"ref": ref, "relevant": True, "likelihood": lk, "impact": im}
                for ref, lk, im in given
            ]
        }
        path = tmp_path / f"p{n}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        _ok(
            run_cli(
                "review",
                "respond",
                review,
                "--participant",
                email,
                "--file",
                str(path),
                "--submit",
                today=TODAY,
            )
        )
    draft = tmp_path / "draft.json"
    draft.write_text(json.dumps({"risks": [{"ref": "CY-03", "relevant": True}]}), encoding="utf-8")
    _ok(
        run_cli(
            "review",
            "respond",
            review,
            "--participant",
            people[3],
            "--file",
            str(draft),
            today=TODAY,
        )
    )
    result = json.loads(_ok(run_cli("review", "results", review, "--format", "json", today=TODAY)))
    assert result == {
        "review": "Cyber health check",
        "subject": "Lumen Dental",
        "participants": {"invited": 4, "submitted": 3},
        "risks": [
            {"ref": "CY-01", "title": "Ransomware", "answered": 3, "relevant": 3,
             "likelihood": 4, "impact": 5, "score": 20, "rating": "Extreme"},
            {"ref": "CY-02", "title": "Phishing", "answered": 3, "relevant": 2,
             "likelihood": 4, "impact": 3, "score": 12, "rating": "High"},
        ],
        "excluded_by_relevance": ["CY-03"],
        "heatmap": [
            {"likelihood": 4, "impact": 5, "count": 1},
            {"likelihood": 4, "impact": 3, "count": 1},
        ],
    }  # fmt: skip
    links = json.loads(_ok(run_cli("review", "links", review, "--format", "json", today=TODAY)))
    assert [p["email"] for p in links["participants"]] == people
    assert [p["status"] for p in links["participants"]] == ["submitted"] * 3 + ["in_progress"]
    assert all("/r/" in p["url"] for p in links["participants"])

    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {"risks": [{"ref": "CY-99", "relevant": False}, {"ref": "CY-01", "relevant": True}]}
        ),
        encoding="utf-8",
    )
    refused = run_cli(
        "review",
        "respond",
        review,
        "--participant",
        "p9@lumen.example",
        "--file",
        str(bad),
        "--submit",
        today=TODAY,
    )
    assert refused.returncode == 1
    assert "CY-99" in refused.stderr
    assert "CY-01" in refused.stderr
    assert "Traceback" not in refused.stderr

    _ok(run_cli("review", "adopt", review, today=TODAY))
    _ok(
        run_cli("onboard", "--prospect", "Lumen Dental", "--template", "", today=TODAY)
    ) if False else None
    _ok(run_cli("review", "close", review, today=TODAY))


def test_the_worked_assessment_example_and_a_bulk_send(
    run_cli: Run, data_dir: Path, tmp_path: Path
) -> None:
    _seed(data_dir)
    _library(run_cli, tmp_path)
    bulk = _ok(
        run_cli(
            "assessment",
            "send",
            "Cyber health check",
            "--all-clients",
            "--due",
            "2026-06-01",
            today=TODAY,
        )
    )
    assert "skipped Acme Logistics: no contact" in bulk
    assert "skipped Free Co: Assessment template needs a Just Risk license" in bulk
    sent = json.loads(
        _ok(
            run_cli(
                "assessment",
                "send",
                "Cyber health check",
                "--client",
                "Acme Logistics",
                "--due",
                "2026-06-01",
                "--respondent-email",
                "it@acme.example",
                "--format",
                "json",
                today=TODAY,
            )
        )  # fmt: skip
    )
    assert [s["recipient"] for s in sent["sent"]] == ["Acme Logistics"]
    ident = sent["sent"][0]["id"]
    doc = tmp_path / "answers.json"
    given = [
        {"ref": "Q1", "choice": "Partially"},
        {"ref": "Q2", "choice": "No"},
        {"ref": "Q3", "choice": "Weekly"},
        {"ref": "Q4", "text": "Offsite"},
    ]
    doc.write_text(json.dumps({"answers": given}), encoding="utf-8")
    _ok(run_cli("assessment", "respond", ident, "--file", str(doc), "--submit", today=TODAY))
    result = json.loads(
        _ok(run_cli("assessment", "results", ident, "--format", "json", today=TODAY))
    )
    assert result == {
        "assessment": "Cyber health check",
        "recipient": "Acme Logistics",
        "status": "submitted",
        "domains": [
            {"domain": "Access", "answered": 2, "score": 4, "rating": "High"},
            {"domain": "Backup", "answered": 1, "score": 2, "rating": "Low"},
            {"domain": "Patching", "answered": 0, "score": None, "rating": None},
        ],
        "overall": {"score": 3, "rating": "Medium"},
    }
    again = run_cli("assessment", "respond", ident, "--file", str(doc), today=TODAY)
    assert again.returncode == 1
    assert "already submitted" in again.stderr
    listed = json.loads(_ok(run_cli("assessment", "list", "--format", "json", today="2026-06-02")))
    assert [a["status"] for a in listed["assessments"]] == ["submitted"]
    reminded = _ok(run_cli("assessment", "remind", "--overdue", today="2026-06-02"))
    assert reminded.strip().endswith("0 reminder(s) (no server yet: send these links yourself)")


def test_bad_rows_of_a_risk_library_are_named_by_line(
    run_cli: Run, data_dir: Path, tmp_path: Path
) -> None:
    _seed(data_dir)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "ref,title,description,domain,causes,impacts\nR-1,Fine,,,,\n,No ref,,,,\nR-1,Twice,,,,\n",
        encoding="utf-8",
    )
    refused = run_cli("library", "add", str(bad), "--kind", "risk_library", today=TODAY)
    assert refused.returncode == 1
    assert "line 3: ref is missing" in refused.stderr
    assert "line 4: ref R-1 is already at line 2" in refused.stderr


def test_onboard_a_prospect_keeps_its_review_and_adopted_risks(
    run_cli: Run, data_dir: Path, tmp_path: Path
) -> None:
    from tests.helpers.templates import cyber_template, make_library

    store = open_store(data_dir)
    try:
        cyber_template(store, make_library(store))
    finally:
        store.close()
    cyber = tmp_path / "cyber.csv"
    cyber.write_text(CYBER, encoding="utf-8")
    _ok(run_cli("library", "add", str(cyber), "--kind", "risk_library", "--title", "Cyber X"))
    _ok(run_cli("prospect", "add", "Lumen Dental", "--contact-email", "ceo@lumen.example"))
    review = _ok(
        run_cli("review", "create", "Check", "--prospect", "Lumen Dental", "--library", "Cyber X")
    ).strip()
    answers = tmp_path / "a.json"
    doc = {"risks": [{"ref": "CY-01", "relevant": True, "likelihood": 3, "impact": 4}]}
    answers.write_text(json.dumps(doc), encoding="utf-8")
    respond = ("review", "respond", review, "--participant", "a@l.example", "--file")
    _ok(run_cli(*respond, str(answers), "--submit"))
    _ok(run_cli("review", "adopt", review))
    done = run_cli("onboard", "--prospect", "Lumen Dental", "--template", "cyber uplift")
    assert done.returncode == 0, done.stderr
    listed = json.loads(_ok(run_cli("prospect", "list", "--format", "json")))
    assert listed["prospects"] == []  # now a client
    risks = json.loads(
        _ok(run_cli("risks", "list", "--client", "Lumen Dental", "--format", "json"))
    )
    [adopted] = [risk for risk in risks["risks"] if risk["ref"] == "CY-01"]
    assert (adopted["score"], adopted["rating"], adopted["status"]) == (12, "High", "open")
    assert len(risks["risks"]) == 3  # the adopted one and the template's two starter risks
    result = json.loads(_ok(run_cli("review", "results", review, "--format", "json")))
    assert result["subject"] == "Lumen Dental"
    heat = json.loads(_ok(run_cli("risks", "heatmap", "--format", "json")))
    assert sum(cell["count"] for cell in heat["heatmap"]) == 3
    missing = run_cli("onboard", "--template", "cyber uplift")
    assert missing.returncode == 1
    assert "--name" in missing.stderr
