"""The demo's content library and client templates, in the workspace file's shapes.

The open library starts with real frameworks and the artefacts advisors build on them; when
more items are asked for, variants (per sector, audience and edition) fill the rest with
unique titles. The partner library holds the firm's own, some priced, published or locked.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from advisor_desk.services.demo.names import between, pick, words

# (title, version, tags) — the frameworks and authorities of the open library.
FRAMEWORKS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ISO/IEC 27001:2022", "2022", ("iso", "isms")),
    ("ISO/IEC 27002:2022", "2022", ("iso", "controls")),
    ("Essential Eight", "2023", ("asd", "australia")),
    ("Privacy Act 1988 (Cth)", "2024", ("privacy", "australia")),
    ("SOC 2", "2017", ("aicpa", "assurance")),
    ("NIST CSF 2.0", "2.0", ("nist",)),
    ("NIST SP 800-53 Rev. 5", "Rev. 5", ("nist", "controls")),
    ("APRA CPS 234", "2019", ("apra", "australia", "financial-services")),
    ("APRA CPS 230", "2025", ("apra", "australia", "operational-resilience")),
    ("GDPR", "2016/679", ("privacy", "eu")),
    ("PCI DSS 4.0", "4.0", ("payments",)),
    ("HIPAA Security Rule", "2013", ("privacy", "health", "us")),
    ("ISO 31000:2018", "2018", ("iso", "risk")),
    ("ISO 22301:2019", "2019", ("iso", "continuity")),
    ("CIS Controls v8", "8.0", ("cis", "controls")),
    ("NIS2 Directive", "2022/2555", ("eu", "critical-infrastructure")),
    ("DORA", "2022/2554", ("eu", "financial-services", "operational-resilience")),
    ("ISO/IEC 27701:2019", "2019", ("iso", "privacy")),
    ("ISO/IEC 27017:2015", "2015", ("iso", "cloud")),
    ("ISO/IEC 27018:2019", "2019", ("iso", "cloud", "privacy")),
    ("ISO/IEC 42001:2023", "2023", ("iso", "ai")),
    ("ISO 9001:2015", "2015", ("iso", "quality")),
    ("ISO/IEC 20000-1:2018", "2018", ("iso", "it-service")),
    ("NIST SP 800-171 Rev. 3", "Rev. 3", ("nist", "us")),
    ("NIST AI RMF 1.0", "1.0", ("nist", "ai")),
    ("ASD Information Security Manual", "2024", ("asd", "australia")),
    ("Australian Privacy Principles", "2014", ("privacy", "australia")),
    ("Notifiable Data Breaches scheme", "2018", ("privacy", "australia")),
    ("SOCI Act 2018", "2018", ("australia", "critical-infrastructure")),
    ("Protective Security Policy Framework", "2024", ("australia", "government")),
    ("NZISM", "3.7", ("new-zealand", "government")),
    ("COBIT 2019", "2019", ("isaca", "governance")),
    ("CSA Cloud Controls Matrix v4", "4.0", ("csa", "cloud")),
    ("HITRUST CSF v11", "11", ("health", "us")),
    ("CMMC 2.0", "2.0", ("us", "defence")),
    ("Cyber Essentials", "2023", ("uk",)),
    ("EU AI Act", "2024/1689", ("eu", "ai")),
    ("SOX IT general controls", "2002", ("us", "financial-reporting")),
)

# (title, kind, version, tags) — the artefacts advisors use most, by name.
ARTEFACTS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("ISO/IEC 27001:2022 Annex A controls", "control_set", "2022", ("iso", "isms")),
    ("ISO 27001 gap assessment", "assessment_template", "3.1", ("iso", "isms")),
    ("Information security policy", "policy", "4.0", ("isms",)),
    ("Essential Eight maturity level 2 controls", "control_set", "2023", ("asd",)),
    ("Essential Eight maturity assessment", "assessment_template", "2023", ("asd",)),
    ("Cyber risk library", "risk_library", "5.2", ("cyber",)),
    ("Patch management policy", "policy", "2.0", ("asd",)),
    ("Privacy impact assessment", "assessment_template", "2.4", ("privacy",)),
    ("Privacy policy", "policy", "3.0", ("privacy",)),
    ("Data breach response playbook", "playbook", "2.2", ("privacy", "incident")),
    ("Privacy risk library", "risk_library", "1.8", ("privacy",)),
    ("SOC 2 common criteria", "control_set", "2017", ("aicpa",)),
    ("SOC 2 readiness assessment", "assessment_template", "1.5", ("aicpa",)),
    ("Access control policy", "policy", "3.2", ("identity",)),
    ("Change management policy", "policy", "2.1", ("it-service",)),
    ("APRA CPS 234 self-assessment", "assessment_template", "2.0", ("apra",)),
    ("Third-party risk library", "risk_library", "2.6", ("supplier",)),
    ("Board cyber maturity survey", "assessment_template", "1.2", ("governance",)),
    ("Ransomware response playbook", "playbook", "3.0", ("incident",)),
    ("NIST SP 800-53 Rev. 5 moderate baseline", "control_set", "Rev. 5", ("nist",)),
    ("CIS Controls v8 IG1 safeguards", "control_set", "8.0", ("cis",)),
    ("PCI DSS 4.0 requirements", "control_set", "4.0", ("payments",)),
    ("HIPAA administrative safeguards", "control_set", "2013", ("health",)),
    ("NIST CSF 2.0 subcategories", "control_set", "2.0", ("nist",)),
    ("Vendor risk assessment", "assessment_template", "2.3", ("supplier",)),
    ("Business impact analysis", "assessment_template", "1.9", ("continuity",)),
    ("PCI DSS self-assessment questionnaire", "assessment_template", "4.0", ("payments",)),
    ("Cloud security assessment", "assessment_template", "1.4", ("cloud",)),
    ("Operational risk library", "risk_library", "3.1", ("operational-resilience",)),
    ("Ransomware risk scenarios", "risk_library", "1.3", ("incident",)),
    ("AI risk library", "risk_library", "1.0", ("ai",)),
    ("Fraud risk library", "risk_library", "2.0", ("fraud",)),
    ("Acceptable use policy", "policy", "5.0", ("staff",)),
    ("Data classification policy", "policy", "2.0", ("data",)),
    ("Incident response policy", "policy", "3.1", ("incident",)),
    ("Business continuity policy", "policy", "2.2", ("continuity",)),
    ("Supplier security policy", "policy", "1.6", ("supplier",)),
    ("Backup and recovery policy", "policy", "2.0", ("continuity",)),
    ("Cryptography policy", "policy", "1.4", ("data",)),
    ("Vulnerability management policy", "policy", "2.5", ("asd",)),
    ("Remote work policy", "policy", "1.7", ("staff",)),
    ("AI acceptable use policy", "policy", "1.0", ("ai", "staff")),
    ("Risk management policy", "policy", "3.0", ("risk",)),
    ("Phishing response playbook", "playbook", "2.0", ("incident",)),
    ("Business email compromise playbook", "playbook", "1.5", ("incident", "fraud")),
    ("Lost or stolen device playbook", "playbook", "1.2", ("incident",)),
    ("Cloud account compromise playbook", "playbook", "1.1", ("cloud", "incident")),
    ("Crisis communications playbook", "playbook", "1.8", ("continuity",)),
    ("Cyber tabletop exercise pack", "playbook", "2.4", ("governance",)),
    # business development (risks and questions: services/demo/risk_libraries.py)
    ("WHS risk library", "risk_library", "1.0", ("whs",)),
    ("Climate risk library", "risk_library", "1.0", ("climate",)),
    ("Cyber health check", "assessment_template", "1.0", ("cyber",)),
)

# client templates: name, tier, model, default members, content titles (all defined above).
TEMPLATES: tuple[tuple[str, str, str, int, tuple[str, ...]], ...] = (
    (
        "ISO 27001 readiness",
        "risk_compliance",
        "reseller",
        5,
        (
            "ISO/IEC 27001:2022",
            "ISO/IEC 27002:2022",
            "ISO/IEC 27001:2022 Annex A controls",
            "ISO 27001 gap assessment",
            "Information security policy",
        ),
    ),
    (
        "Essential Eight uplift",
        "risk_compliance",
        "reseller",
        4,
        (
            "Essential Eight",
            "Essential Eight maturity level 2 controls",
            "Essential Eight maturity assessment",
            "Cyber risk library",
            "Patch management policy",
        ),
    ),
    (
        "Privacy health check",
        "just_risk",
        "direct",
        3,
        (
            "Privacy impact assessment",
            "Privacy policy",
            "Data breach response playbook",
            "Privacy risk library",
        ),
    ),
    (
        "SOC 2 Type II journey",
        "risk_compliance",
        "reseller",
        6,
        (
            "SOC 2",
            "SOC 2 common criteria",
            "SOC 2 readiness assessment",
            "Access control policy",
            "Change management policy",
        ),
    ),
    (
        "APRA CPS 234 assurance",
        "risk_compliance",
        "direct",
        4,
        ("APRA CPS 234", "APRA CPS 234 self-assessment", "Third-party risk library"),
    ),
    (
        "Board cyber briefing",
        "free",
        "reseller",
        2,
        ("Ransomware response playbook", "Information security policy"),
    ),
)

SECTORS = words(
    """
Health Mining Fintech Logistics Education Retail Local-government Legal Energy Construction
Agriculture Insurance Technology Non-profit Hospitality Manufacturing Banking Superannuation
Telecommunications Water Defence Aviation Media Pharmaceuticals
"""
)
AUDIENCES = (
    "board pack",
    "small business",
    "enterprise",
    "quick start",
    "detailed",
    "lite",
    "multi-site",
    "first-year",
)
EDITIONS = ("2022", "2023", "2024", "2025", "2026")
# what advisors derive from each framework, and its kind
DERIVED = (
    ("control mapping", "control_set"),
    ("implementation controls", "control_set"),
    ("gap assessment", "assessment_template"),
    ("internal audit checklist", "assessment_template"),
    ("policy pack", "policy"),
    ("statement of applicability", "policy"),
    ("audit playbook", "playbook"),
    ("implementation roadmap", "playbook"),
    ("risk register", "risk_library"),
    ("threat scenarios", "risk_library"),
)

PARTNER_TOPICS = (
    "Board cyber briefing",
    "Essential Eight quick wins",
    "Privacy uplift",
    "Supplier due diligence",
    "Ransomware readiness",
    "ISO 27001 certification roadmap",
    "Cloud migration risk",
    "AI governance",
    "Incident simulation",
    "Cyber insurance readiness",
    "Security awareness",
    "Data retention clean-up",
    "Executive risk appetite",
    "Critical infrastructure obligations",
    "Identity hardening",
)
PARTNER_ARTEFACTS = (
    ("workshop kit", "playbook"),
    ("checklist", "assessment_template"),
    ("policy set", "policy"),
    ("risk register", "risk_library"),
    ("control baseline", "control_set"),
    ("method", "framework"),
)


def _item(title: str, kind: str, library: str, version: str, tags: list[str]) -> dict[str, Any]:
    return {
        "title": title,
        "kind": kind,
        "library": library,
        "version": version,
        "price": None,
        "published": True,
        "locked": False,
        "tags": tags,
    }


def _curated() -> list[dict[str, Any]]:
    """Every named item, the ones templates use first (so a small library still has them)."""
    items = [_item(t, "framework", "open", v, list(tags)) for t, v, tags in FRAMEWORKS]
    items += [_item(t, k, "open", v, list(tags)) for t, k, v, tags in ARTEFACTS]
    used = {title for *_, titles in TEMPLATES for title in titles}
    return [i for i in items if i["title"] in used] + [i for i in items if i["title"] not in used]


def _unique(title: str, again: Callable[[], str], taken: set[str]) -> str:
    """`title`, or after a clash a few more tries of `again`, then the last one as a part.

    `taken` holds casefolded titles: the import compares titles case-insensitively."""
    for _ in range(8):
        if title.casefold() not in taken:
            break
        title = again()
    else:
        n = 2
        while f"{title} · part {n}".casefold() in taken:
            n += 1
        title = f"{title} · part {n}"
    taken.add(title.casefold())
    return title


def _variants(rng: random.Random, count: int, taken: set[str]) -> list[dict[str, Any]]:
    """Per-sector, per-audience editions of the named items and of the frameworks' artefacts."""
    bases = [(f"{t} {what}", kind, tags) for t, _, tags in FRAMEWORKS for what, kind in DERIVED]
    bases += [(t, kind, tags) for t, kind, _, tags in ARTEFACTS]
    out: list[dict[str, Any]] = []
    for _ in range(count):
        base, kind, tags = pick(rng, bases)
        sector, edition = pick(rng, SECTORS), pick(rng, EDITIONS)

        def make(base: str = base, sector: str = sector, edition: str = edition) -> str:
            return f"{base} — {sector}, {pick(rng, AUDIENCES)} ({edition} edition)"

        title = _unique(make(), make, taken)
        out.append(_item(title, kind, "open", edition, [*tags, sector.lower()]))
    return out


def _partner_items(rng: random.Random, count: int, taken: set[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for _ in range(count):
        artefact, kind = pick(rng, PARTNER_ARTEFACTS)
        plain = f"HRA {pick(rng, PARTNER_TOPICS)} {artefact}"

        def make(plain: str = plain) -> str:
            return f"{plain} — {pick(rng, SECTORS)} ({pick(rng, EDITIONS)})"

        title = _unique(plain, make, taken)
        item = _item(title, kind, "partner", f"{between(rng, 1, 4)}.{between(rng, 0, 9)}", ["hra"])
        if rng.random() < 0.4:  # priced: toolkits and packs once, smaller ones by the month
            list_price = rng.randrange(250, 3001, 50)
            once = list_price >= 1000
            item["charging"] = "once" if once else "monthly"
            item["price"] = f"{list_price if once else list_price // 5}.00"
        else:
            item["price"] = None
        item["published"] = rng.random() < 0.8
        item["locked"] = rng.random() < 0.3
        out.append(item)
    return out


def build_content(rng: random.Random, count: int) -> list[dict[str, Any]]:
    """`count` items with unique titles: ~2% the partner's own, the rest the open library."""
    partner = max(1, count // 50) if count >= 10 else 0
    curated = _curated()[: count - partner]
    taken = {item["title"].casefold() for item in curated}
    variants = _variants(rng, count - partner - len(curated), taken)
    return curated + variants + _partner_items(rng, partner, taken)


def build_templates(rng: random.Random, titles: set[str]) -> list[dict[str, Any]]:
    """The four usual templates plus up to two more, with the content the library has."""
    chosen = list(TEMPLATES[:4]) + [t for t in TEMPLATES[4:] if rng.random() < 0.6]
    return [
        {
            "name": name,
            "license_tier": tier,
            "billing_model": model,
            "content": [t for t in content if t in titles],
            "members": members,
        }
        for name, tier, model, members, content in chosen
    ]
