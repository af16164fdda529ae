"""A whole workspace as plain, validated values: what a file is read into and written from.

Entities refer to each other by name (client name, content title, template name, document
number), as in the file; the loader turns names into row ids.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from advisor_desk.domain.agreement import Agreement, ResaleTerms
from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.documents import DocumentKind, DocumentLine, DocumentStatus
from advisor_desk.domain.licenses import ContentKind, LicenseTier, TierInterval
from advisor_desk.domain.periods import Interval, Period
from advisor_desk.services.workspace.records_bizdev import (
    LibraryRiskRecord,
    ProspectRecord,
    QuestionRecord,
    RegisterRiskRecord,
    ReviewRecord,
    SentAssessmentRecord,
)

FORMAT = "advisor-desk/workspace"
VERSION = 1
DEFAULT_CURRENCY = "AUD"


def fold(name: str) -> str:
    """The key names are compared by: case-insensitive, as users expect."""
    return name.casefold()


def name_order(name: str) -> tuple[str, str]:
    """Sort key for names, emails and titles: case-insensitive, then exact (deterministic)."""
    return (name.casefold(), name)


@dataclass(frozen=True, slots=True)
class PartnerRecord:
    name: str
    timezone: str = "Australia/Sydney"
    locale: str = "en_AU"
    agreements: tuple[Agreement, ...] = ()  # oldest first
    resale: ResaleTerms | None = None
    logo_png: bytes | None = None

    @property
    def currency(self) -> str:
        """The currency of content and resale prices: the latest agreement's."""
        return self.agreements[-1].currency if self.agreements else DEFAULT_CURRENCY


@dataclass(frozen=True, slots=True)
class AdvisorRecord:
    email: str
    name: str
    role: str = "advisor"
    active: tuple[Interval, ...] = ()
    client_access: tuple[str, ...] = ()  # client names


@dataclass(frozen=True, slots=True)
class MemberRecord:
    email: str
    name: str
    licenses: tuple[TierInterval, ...] = ()


@dataclass(frozen=True, slots=True)
class ClientRecord:
    name: str
    created: dt.date
    domain: str = ""
    address: str = ""  # postal, lines joined by "\n"
    employees: int | None = None
    billing_models: tuple[tuple[Period, BillingModel], ...] = ()  # in the order recorded
    archived: dt.date | None = None
    tags: tuple[str, ...] = ()
    members: tuple[MemberRecord, ...] = ()
    content: tuple[str, ...] = ()  # content titles
    template: str | None = None  # template name
    template_revision: int | None = None
    risks: tuple[RegisterRiskRecord, ...] = ()
    assessments: tuple[AssessmentRecord, ...] = ()  # `due` set, `due_in_days` None
    # (content title, from, to): the days it held each item; None: not in the file (v1)
    grants: tuple[tuple[str, dt.date, dt.date | None], ...] | None = None
    contact_name: str = ""
    contact_email: str = ""


@dataclass(frozen=True, slots=True)
class ContentRecord:
    title: str
    kind: ContentKind
    library: str = "open"
    version: str = ""
    price: Decimal | None = None
    published: bool = False
    locked: bool = False
    tags: tuple[str, ...] = ()
    description: str = ""
    versions: tuple[VersionRecord, ...] = ()
    files: tuple[FileRecord, ...] = ()
    provisions: tuple[ProvisionRecord, ...] = ()
    pushes: tuple[PushRecord, ...] = ()
    charging: str = "monthly"  # how a priced partner item is charged: monthly | once
    prices: tuple[tuple[Period, Decimal | None], ...] = ()  # price changes, month order
    risks: tuple[LibraryRiskRecord, ...] = ()  # a risk library's
    questions: tuple[QuestionRecord, ...] = ()  # an assessment template's


@dataclass(frozen=True, slots=True)
class TemplateRecord:
    name: str
    license_tier: LicenseTier
    billing_model: BillingModel
    content: tuple[str, ...] = ()  # content titles
    members: int = 0
    description: str = ""
    revision: int = 1
    archived: bool = False
    risks: tuple[RiskRecord, ...] = ()
    assessments: tuple[AssessmentRecord, ...] = ()  # `due_in_days` set, `due` None
    advisors: tuple[str, ...] = ()  # advisor emails
    revisions: tuple[RevisionRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class VersionRecord:
    """What a content item was before a newer version replaced it."""

    version: str
    title: str
    replaced_at: dt.datetime
    description: str = ""
    tags: tuple[str, ...] = ()
    price: Decimal | None = None
    replaced_by: str = ""


@dataclass(frozen=True, slots=True)
class FileRecord:
    version: str  # the item version it was uploaded for
    file_name: str
    media_type: str
    sha256: str
    data: bytes
    uploaded_at: dt.datetime

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True, slots=True)
class ProvisionRecord:
    version: str
    position: int
    kind: str  # "provision" or "question"
    ref: str
    text: str
    section: str = ""
    answer_type: str = ""  # questions only


@dataclass(frozen=True, slots=True)
class PushRecord:
    version: str
    pushed_by: str
    pushed_at: dt.datetime
    clients: int
    templates: int
    targets: tuple[str, ...] = ()  # client names and "template <name>", as pushed


@dataclass(frozen=True, slots=True)
class RiskRecord:
    """A starter risk of a template or a risk in a client's register."""

    title: str
    content: str | None  # the risk-library item's title (always set for a template)
    likelihood: int = 3
    impact: int = 3


@dataclass(frozen=True, slots=True)
class AssessmentRecord:
    """An assessment a template schedules (`due_in_days`) or a client has (`due`)."""

    content: str  # the assessment template's title
    due_in_days: int | None = None
    due: dt.date | None = None


@dataclass(frozen=True, slots=True)
class RevisionRecord:
    """What a template held at one saved revision (its snapshot), with names for ids."""

    revision: int
    name: str
    license_tier: LicenseTier
    billing_model: BillingModel
    description: str = ""
    content: tuple[str, ...] = ()  # content titles
    risks: tuple[str, ...] = ()  # the starter risks' titles
    assessments: tuple[tuple[str, int], ...] = ()  # (assessment template's title, due in days)
    advisors: tuple[str, ...] = ()  # advisor emails


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    kind: DocumentKind
    period: Period
    recipient: str
    currency: str
    tax_rate: Decimal
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    status: DocumentStatus = DocumentStatus.DRAFT
    number: str | None = None
    client: str | None = None  # client name
    references: str | None = None  # number of the document this one credits
    issued_at: dt.datetime | None = None
    pdf_sha256: str | None = None
    snapshot: Any = None  # the issued snapshot (JSON value), kept as it was
    lines: tuple[DocumentLine, ...] = ()


@dataclass(frozen=True, slots=True)
class SeriesRecord:
    key: str
    prefix: str
    width: int
    last_number: int


@dataclass(frozen=True, slots=True)
class Workspace:
    partner: PartnerRecord
    advisors: tuple[AdvisorRecord, ...] = ()
    clients: tuple[ClientRecord, ...] = ()
    content: tuple[ContentRecord, ...] = ()
    templates: tuple[TemplateRecord, ...] = ()
    documents: tuple[DocumentRecord, ...] = ()
    number_series: tuple[SeriesRecord, ...] = field(default=())
    prospects: tuple[ProspectRecord, ...] = ()
    reviews: tuple[ReviewRecord, ...] = ()
    assessments: tuple[SentAssessmentRecord, ...] = ()
