"""A small content library to search, upload to and push from (library tests)."""

from __future__ import annotations

from dataclasses import dataclass

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.licenses import ContentKind, LicenseTier
from advisor_desk.services.library.content import Library, add_item
from advisor_desk.services.templates.catalogue import create_template
from advisor_desk.store.engine import Store

FRAMEWORK_CSV = (
    "ref,section,text\n"
    "A.5.1,Organisational controls,Policies for information security\n"
    "A.5.2,Organisational controls,Information security roles and responsibilities\n"
    "A.8.1,Technological controls,User endpoint devices\n"
)
BAD_CSV = (
    "ref,section,text\n"
    "A.5.1,Organisational,Policies\n"
    ",Organisational,No reference here\n"
    "A.5.1,Organisational,The same reference again\n"
    "A.6.1,People,\n"
)


@dataclass(frozen=True)
class SeededLibrary:
    iso: str  # open framework, tags iso isms
    privacy: str  # open policy, tags privacy
    ransomware: str  # partner playbook, published, priced
    board: str  # partner assessment template, unpublished, locked
    template: str  # a Free-tier template


def seed_library(store: Store) -> SeededLibrary:
    iso = add_item(
        store,
        title="ISO/IEC 27001:2022",
        kind=ContentKind.FRAMEWORK,
        library=Library.OPEN,
        version="2022",
        description="Information security management systems",
        published=True,
        tags=["iso", "isms"],
    )
    privacy = add_item(
        store,
        title="Privacy policy",
        kind=ContentKind.POLICY,
        library=Library.OPEN,
        version="3.0",
        description="How personal information is handled",
        published=True,
        tags=["privacy"],
    )
    ransomware = add_item(
        store,
        title="HRA Ransomware readiness workshop kit",
        kind=ContentKind.PLAYBOOK,
        version="1.2",
        description="A half-day tabletop exercise for executives",
        price="1500.00",
        published=True,
        tags=["hra", "incident"],
    )
    board = add_item(
        store,
        title="HRA Board cyber checklist",
        kind=ContentKind.ASSESSMENT_TEMPLATE,
        version="2.0",
        description="Questions a board asks about cyber risk",
        published=False,
        locked=True,
        tags=["hra", "governance"],
    )
    template = create_template(
        store,
        name="Board cyber briefing",
        license_tier=LicenseTier.FREE,
        billing_model=BillingModel.RESELLER,
    )
    return SeededLibrary(iso.id, privacy.id, ransomware.id, board.id, template.id)
