"""What the demo adds around its library, templates and clients, as the app would have made it.

A few named frameworks, control sets and assessment templates carry their provisions or
questions; the first partner items were uploaded from a file (a CSV read into provisions or
questions, else a small PDF), went through earlier versions and were pushed to clients;
templates plan starter risks, assessments and default advisors, were saved twice (revision 1
without one content item and the default advisor), and every client onboarded from a
template got its risks and assessments and remembers the revision it was onboarded from.
Its own `random.Random`, so the rest of the demo is the same for a seed as before; a bounded
number of items, so a big demo stays fast.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import io
import random
from typing import Any

from advisor_desk.domain.licenses import ENTITLEMENTS, ContentKind, LicenseTier
from advisor_desk.services.demo.names import between, pick

HISTORY_ITEMS = 30  # partner items given files, versions and pushes
ENTRY_KIND = {"framework": "provision", "control_set": "provision"}
ENTRY_KIND["assessment_template"] = "question"
SECTIONS = ("Governance", "Identify", "Protect", "Detect", "Respond", "Recover")
PROVISION_TEXTS = (
    "Roles and responsibilities for information security are defined and allocated.",
    "An inventory of information and assets is kept up to date.",
    "Access rights are granted, reviewed and removed under a documented process.",
    "Security events are logged, monitored and reviewed.",
    "Backups are taken, protected and restored in regular tests.",
    "Suppliers' security obligations are agreed and monitored.",
    "Incidents are reported, assessed and responded to under a plan.",
    "Vulnerabilities are identified and remediated in set time frames.",
)
QUESTIONS = (
    ("Is there a documented information security policy approved by management?", "yes_no"),
    ("How many privileged accounts exist, and who reviews them?", "text"),
    ("How many days does patching critical vulnerabilities take?", "number"),
    ("How mature is incident response today (1 to 5)?", "scale"),
    ("Which backup approach is used?", "choice"),
    ("Are staff trained in security awareness every year?", "yes_no"),
)
RISKS = (
    ("Ransomware disrupts operations", 3, 5),
    ("Phishing leads to account compromise", 4, 3),
    ("Supplier breach exposes customer data", 2, 4),
    ("Unpatched system is exploited", 3, 4),
    ("Personal information disclosed by mistake", 3, 3),
)


def add_entries(library: list[dict[str, Any]], rng: random.Random) -> None:
    """Provisions or questions for the named open items templates use (the first ones)."""
    for item in library[:40]:
        if item["library"] == "open" and item["kind"] in ENTRY_KIND:
            item["provisions"] = _entries(item["kind"], item["version"], rng)


def add_history(
    library: list[dict[str, Any]],
    rng: random.Random,
    today: dt.date,
    advisors: list[dict[str, Any]],
    clients: list[dict[str, Any]],
    templates: list[dict[str, Any]],
) -> None:
    """Files, earlier versions and pushes for the first partner items."""
    admin = advisors[0]["email"]
    tiers = {t["name"]: LicenseTier(t["license_tier"]) for t in templates}
    partner = [item for item in library if item["library"] == "partner"][:HISTORY_ITEMS]
    for item in partner:
        current = item["version"]
        major = int(current.split(".")[0])
        earlier = [f"{n}.0" for n in range(max(1, major - 2), major) if f"{n}.0" != current]
        start = today - dt.timedelta(days=between(rng, 200, 700))
        stamps = sorted(_time(start, rng, days) for days in rng.sample(range(1, 180), 3))
        item["versions"] = [
            {
                "version": old,
                "title": item["title"],
                "description": "",
                "tags": list(item["tags"]),
                "price": item["price"],
                "replaced_at": stamps[i],
                "replaced_by": admin,
            }
            for i, old in enumerate(earlier)
        ]
        uploaded = stamps[-1]  # the current version's file
        provisions = _entries(item["kind"], current, rng) if item["kind"] in ENTRY_KIND else []
        item["provisions"] = provisions
        item["files"] = [_file(item, current, provisions, uploaded)]
        if item["published"]:
            item["pushes"] = _pushes(item, clients, tiers, admin, stamps[-1])


def _time(start: dt.date, rng: random.Random, days: int) -> str:
    moment = dt.datetime.combine(start, dt.time(9)) + dt.timedelta(
        days=days, minutes=between(rng, 0, 480)
    )
    return moment.isoformat()


def _entries(kind: str, version: str, rng: random.Random) -> list[dict[str, Any]]:
    what = ENTRY_KIND[kind]
    count = between(rng, 4, 8)
    out = []
    for position in range(count):
        if what == "question":
            text, answer = QUESTIONS[position % len(QUESTIONS)]
            ref = f"Q{position + 1}"
        else:
            text, answer = PROVISION_TEXTS[position % len(PROVISION_TEXTS)], ""
            ref = f"{position // 3 + 1}.{position % 3 + 1}"
        out.append(
            {
                "version": version,
                "position": position,
                "kind": what,
                "ref": ref,
                "section": pick(rng, SECTIONS),
                "text": text,
                "answer_type": answer,
            }
        )
    return out


def _file(
    item: dict[str, Any], version: str, entries: list[dict[str, Any]], uploaded: str
) -> dict[str, Any]:
    if entries:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\n")
        if entries[0]["kind"] == "question":
            writer.writerow(["ref", "section", "question", "answer_type"])
            writer.writerows([e["ref"], e["section"], e["text"], e["answer_type"]] for e in entries)
        else:
            writer.writerow(["ref", "section", "text"])
            writer.writerows([e["ref"], e["section"], e["text"]] for e in entries)
        data, name, media = buffer.getvalue().encode(), "entries.csv", "text/csv"
    else:
        data = b"%PDF-1.4\n% " + item["title"].encode() + b"\n%%EOF\n"
        name, media = "document.pdf", "application/pdf"
    return {
        "version": version,
        "file_name": name,
        "media_type": media,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "uploaded_at": uploaded,
        "data": base64.b64encode(data).decode("ascii"),
    }


def _pushes(
    item: dict[str, Any],
    clients: list[dict[str, Any]],
    tiers: dict[str, LicenseTier],
    admin: str,
    when: str,
) -> list[dict[str, Any]]:
    """Push the item to the first two clients whose template's tier entitles it."""
    kind = ContentKind(item["kind"])
    chosen = [
        c
        for c in clients
        if c["template"] is not None
        and c["archived"] is None
        and kind in ENTITLEMENTS[tiers[c["template"]]]
    ][:2]
    if not chosen:
        return []
    for client in chosen:
        if item["title"] not in client["content"]:
            client["content"].append(item["title"])
    return [
        {
            "version": item["version"],
            "pushed_by": admin,
            "pushed_at": when,
            "clients": len(chosen),
            "templates": 0,
            "targets": sorted(c["name"] for c in chosen),
        }
    ]


def add_template_plans(
    templates: list[dict[str, Any]],
    library: list[dict[str, Any]],
    advisors: list[dict[str, Any]],
    rng: random.Random,
) -> None:
    """Starter risks from the template's risk libraries, its assessment templates due in
    30–90 days, and an administrator as default advisor."""
    kinds = {item["title"]: item["kind"] for item in library}
    for template in templates:
        libraries = [t for t in template["content"] if kinds.get(t) == "risk_library"]
        assessments = [t for t in template["content"] if kinds.get(t) == "assessment_template"]
        template["risks"] = [
            {"content": source, "title": title, "likelihood": likelihood, "impact": impact}
            for source in libraries
            for title, likelihood, impact in rng.sample(RISKS, 3)
        ]
        template["assessments"] = [
            {"content": title, "due_in_days": pick(rng, (30, 60, 90))} for title in assessments
        ]
        template["advisors"] = [advisors[0]["email"]]


def add_client_plans(clients: list[dict[str, Any]], templates: list[dict[str, Any]]) -> None:
    """What onboarding from its template gave each client (assessments due after it was
    created)."""
    by_name = {t["name"]: t for t in templates}
    for client in clients:
        template = by_name.get(client["template"] or "")
        if template is None:
            continue
        created = dt.date.fromisoformat(client["created"])
        client["risks"] = [dict(risk) for risk in template["risks"]]
        client["assessments"] = [
            {
                "content": a["content"],
                "due": (created + dt.timedelta(days=a["due_in_days"])).isoformat(),
            }
            for a in template["assessments"]
        ]


def add_template_revisions(
    templates: list[dict[str, Any]],
    library: list[dict[str, Any]],
    clients: list[dict[str, Any]],
    saved_again: dt.date,
) -> None:
    """Two saved revisions a template: the first without its last plain content item (not a
    risk library or assessment template, so the plan's risks and assessments stay) and
    without a default advisor, the second as it is now (saved on `saved_again`). Clients
    created before that were onboarded from revision 1. No randomness: the rest of the demo
    is the same for a seed as before."""
    kinds = {item["title"]: item["kind"] for item in library}
    for template in templates:
        content = template["content"]
        plain = [t for t in content if kinds.get(t) not in ("risk_library", "assessment_template")]
        first = [t for t in content if not plain or t != plain[-1]]
        template["revision"] = 2
        template["revisions"] = [
            _revision(template, 1, first, []),
            _revision(template, 2, list(content), list(template["advisors"])),
        ]
    for client in clients:
        if client["template"] is not None:
            created = dt.date.fromisoformat(client["created"])
            client["template_revision"] = 1 if created < saved_again else 2


def _revision(
    template: dict[str, Any], number: int, content: list[str], advisors: list[str]
) -> dict[str, Any]:
    return {
        "revision": number,
        "snapshot": {
            "name": template["name"],
            "license_tier": template["license_tier"],
            "billing_model": template["billing_model"],
            "content": content,
            "risks": [risk["title"] for risk in template["risks"]],
            "assessments": [[a["content"], a["due_in_days"]] for a in template["assessments"]],
            "advisors": advisors,
        },
    }
