"""A partner with a library and advisors for the template and onboarding tests."""

from __future__ import annotations

from dataclasses import dataclass

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.licenses import ContentKind, LicenseTier
from advisor_desk.services.billing.partners import create_partner
from advisor_desk.services.library import content
from advisor_desk.services.library.content import Library
from advisor_desk.services.people import advisors
from advisor_desk.services.templates.plan import (
    PlannedAssessment,
    PlannedRisk,
    TemplateDraft,
    TemplatePlan,
    save_template,
)
from advisor_desk.store.engine import Store


@dataclass(frozen=True)
class Library_:
    items: dict[str, str]  # title -> id
    advisors: dict[str, str]  # name -> id


ITEMS = (
    ("ISO/IEC 27001:2022", ContentKind.FRAMEWORK, Library.OPEN),
    ("Essential Eight controls", ContentKind.CONTROL_SET, Library.OPEN),
    ("Cyber risk library", ContentKind.RISK_LIBRARY, Library.OPEN),
    ("Supplier risk library", ContentKind.RISK_LIBRARY, Library.PARTNER),
    ("Security maturity assessment", ContentKind.ASSESSMENT_TEMPLATE, Library.PARTNER),
    ("Privacy impact assessment", ContentKind.ASSESSMENT_TEMPLATE, Library.OPEN),
    ("Acceptable use policy", ContentKind.POLICY, Library.PARTNER),
    ("Incident response playbook", ContentKind.PLAYBOOK, Library.OPEN),
)


def make_library(store: Store, *, partner: bool = True) -> Library_:
    if partner:
        create_partner(store, name="Harbour Risk Partners")
    items = {
        # published: a template may only offer what a client can be given
        title: content.add_item(
            store, title=title, kind=kind, library=library, tags=["demo"], published=True
        ).id
        for title, kind, library in ITEMS
    }
    people = {
        name: advisors.add_advisor(store, email=f"{name.lower()}@harbour.example", name=name).id
        for name in ("Ana", "Bo", "Cy")
    }
    return Library_(items, people)


def cyber_draft(lib: Library_, name: str = "Cyber uplift") -> TemplateDraft:
    i = lib.items
    return TemplateDraft(
        name=name,
        description="Twelve weeks to a defensible security program.",
        license_tier=LicenseTier.RISK_COMPLIANCE,
        billing_model=BillingModel.RESELLER,
        content_ids=(i["ISO/IEC 27001:2022"], i["Acceptable use policy"]),
        risks=(
            PlannedRisk(i["Cyber risk library"], "Ransomware outage", 4, 5),
            PlannedRisk(i["Supplier risk library"], "Key supplier failure", 2, 4),
        ),
        assessments=(PlannedAssessment(i["Security maturity assessment"], 30),),
        advisor_ids=(lib.advisors["Bo"],),
    )


def cyber_template(store: Store, lib: Library_) -> TemplatePlan:
    return save_template(store, cyber_draft(lib))
