"""A workspace file's partner, advisors, content and templates, as models.

Each model reads one record of the file (`.record()` makes it the loader's plain value);
rules between records are `references.py`'s.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
from collections.abc import Iterable
from decimal import Decimal
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pydantic
from babel import Locale, UnknownLocaleError
from pydantic import Field, PrivateAttr

from advisor_desk.domain.agreement import Agreement, ResaleTerms, minor_units_checked
from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.content_charges import ChargingMode
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.licenses import ContentKind, LicenseTier
from advisor_desk.domain.periods import Period
from advisor_desk.domain.values import Library, Role
from advisor_desk.services.workspace.checks import enum_values
from advisor_desk.services.workspace.fields import (
    Bad,
    Count,
    Email,
    Intervals,
    Model,
    Money,
    Month,
    Name,
    OptionalMoney,
    Rate,
    after,
    choice,
    collect,
    currency_of,
    money,
    month,
    once,
    one_of,
    optional_money,
    pair_of,
    plain,
)
from advisor_desk.services.workspace.models_bizdev import (
    LibraryRiskModel,
    QuestionModel,
    entries_once,
)
from advisor_desk.services.workspace.models_plans import (
    FileModel,
    ProvisionModel,
    PushModel,
    RevisionModel,
    TemplateAssessmentModel,
    TemplateRiskModel,
    VersionModel,
    a_kind,
    entry_problems,
)
from advisor_desk.services.workspace.records import (
    AdvisorRecord,
    ContentRecord,
    PartnerRecord,
    TemplateRecord,
    fold,
)

# The partner ---------------------------------------------------------------------------------


def _currency(value: str, info: pydantic.ValidationInfo) -> str:
    """The agreement's currency: its amounts (and, for the latest, the resale prices and the
    content's) are read in it."""
    if not value.strip():
        raise Bad("must not be empty")
    minor_units_checked(value, "currency")
    if info.context is not None:
        info.context["currency"] = value
    return value


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise Bad(f'"{value}" is not a time zone such as "Australia/Sydney"') from None
    return value


def _locale(value: str) -> str:
    try:
        Locale.parse(value)
    except (UnknownLocaleError, ValueError):
        raise Bad(f'"{value}" is not a locale such as "en_AU"') from None
    return value


def _domain_problem(error: DomainError, prefix: str) -> tuple[str, str]:
    """`agreement.effective_from` → `.from` under the record (the file's names)."""
    return error.field.removeprefix(prefix).replace("effective_from", "from"), error.message


class ResalePrices(Model):
    just_risk: Money
    risk_compliance: Money


class AgreementPrices(ResalePrices):
    # Left out: None (0). A null given is refused as for any amount: `money` runs on it.
    free: Annotated[Decimal | None, plain(money)] = None


class AgreementModel(Model):
    currency: Annotated[str, after(_currency)]
    advisor_fee: Money
    license_price: AgreementPrices
    referral_rate: Rate
    tax_rate: Rate
    effective_from: Month = Field(alias="from")
    _agreement: Agreement = PrivateAttr()

    def problems(self, info: Any) -> Iterable[tuple[str, str]]:
        try:
            self._agreement = Agreement.create(
                self.currency,
                self.advisor_fee,
                self.license_price.model_dump(exclude_none=True),
                self.referral_rate,
                self.tax_rate,
                self.effective_from,
            )
        except DomainError as error:
            yield _domain_problem(error, "agreement")


class ResaleModel(Model):
    license_price: ResalePrices
    tax_rate: Rate
    legal_name: str
    tax_number: str
    address: str
    bank_details: str
    invoice_prefix: str
    payment_terms_days: Count
    logo_png: str | None = None
    _terms: ResaleTerms = PrivateAttr()
    _logo: bytes | None = PrivateAttr(default=None)

    def problems(self, info: pydantic.ValidationInfo) -> Iterable[tuple[str, str]]:
        try:
            self._terms = ResaleTerms.create(
                self.license_price.model_dump(),
                self.tax_rate,
                **self.model_dump(exclude={"license_price", "tax_rate", "logo_png"}),
                currency=currency_of(info),
            )
        except DomainError as error:
            yield _domain_problem(error, "resale")
        try:
            self._logo = _decode_logo(self.logo_png)
        except Bad:
            yield ".logo_png", "is not a PNG image written in base64"


def _decode_logo(text: str | None) -> bytes | None:
    try:
        return None if text is None else base64.b64decode(text, validate=True)
    except binascii.Error:
        raise Bad("") from None


class PartnerModel(Model):
    name: Name
    timezone: Annotated[Name, after(_timezone)]
    locale: Annotated[Name, after(_locale)] = "en_AU"
    agreement: AgreementModel | None
    agreement_history: list[AgreementModel] = []
    resale: ResaleModel | None = None

    def problems(self, info: Any) -> Iterable[tuple[str, str]]:
        if self.agreement is None:
            if self.agreement_history:
                yield ".agreement_history", "an agreement history needs an agreement"
            return
        months = [a.effective_from for a in (self.agreement, *self.agreement_history)]
        for index in range(1, len(months)):
            if months[index] <= months[index - 1]:
                place = f".agreement_history[{index - 1}].from"
                yield place, "is not after the month of the agreement before it"

    def record(self) -> PartnerRecord:
        agreements = () if self.agreement is None else (self.agreement, *self.agreement_history)
        resale = self.resale
        return PartnerRecord(
            name=self.name,
            timezone=self.timezone,
            locale=self.locale,
            agreements=tuple(a._agreement for a in agreements),
            resale=None if resale is None else resale._terms,
            logo_png=None if resale is None else resale._logo,
        )


# Advisors, content and templates -------------------------------------------------------------


class AdvisorModel(Model):
    RECORD = AdvisorRecord
    email: Email
    name: str
    role: Annotated[str, one_of(enum_values(Role))]
    active: Intervals
    client_access: list[str]


def _prices(
    entries: list[tuple[object, object]], info: pydantic.ValidationInfo
) -> list[tuple[Period, Decimal | None]]:
    """A priced item's price changes, in month order (a price is in the partner's currency)."""
    prices: list[tuple[Period, Decimal | None]] = []
    problems: list[tuple[str, str]] = []
    for index, (when, price) in enumerate(entries):
        try:
            parsed = collect(
                lambda m, p: (m, p), (month, when), (lambda v: optional_money(v, info), price)
            )
        except Bad as bad:
            problems += [(f"[{index}]{suffix}", message) for suffix, message in bad.problems]
            continue
        if prices and parsed[0] < prices[-1][0]:
            problems.append((f"[{index}]", "is before the month before it"))
        prices.append(parsed)
    if problems:
        raise Bad(problems)
    return prices


PriceEntry = Annotated[
    tuple[object, object], pair_of('["YYYY-MM", "12.00" or null]', 2, lambda m, p: (m, p))
]


class ContentModel(Model):
    RECORD = ContentRecord
    title: Name
    kind: Annotated[ContentKind, choice(ContentKind)]
    library: Annotated[str, one_of(enum_values(Library))]
    version: str
    price: OptionalMoney
    published: bool
    locked: bool
    tags: list[str]
    description: str = ""
    versions: list[VersionModel] = []
    files: list[FileModel] = []
    provisions: list[ProvisionModel] = []
    pushes: list[PushModel] = []
    charging: Annotated[ChargingMode, choice(ChargingMode)] = ChargingMode.MONTHLY
    prices: Annotated[list[PriceEntry], after(_prices)] = []
    risks: list[LibraryRiskModel] = []
    questions: list[QuestionModel] = []

    def problems(self, info: Any) -> Iterable[tuple[str, str]]:
        yield from entry_problems(self.kind, self.provisions)
        for key, kind in (
            ("risks", ContentKind.RISK_LIBRARY),
            ("questions", ContentKind.ASSESSMENT_TEMPLATE),
        ):
            if getattr(self, key) and self.kind is not kind:
                yield f".{key}", f"only {a_kind(kind)} has {key}, not {a_kind(self.kind)}"
        yield from entries_once(self.risks, self.questions)

    def record(self) -> ContentRecord:
        item: ContentRecord = super().record()
        return dataclasses.replace(item, charging=self.charging.value)


class TemplateModel(Model):
    RECORD = TemplateRecord
    name: Name
    license_tier: Annotated[LicenseTier, choice(LicenseTier)]
    billing_model: Annotated[BillingModel, choice(BillingModel)]
    content: list[str]
    members: Count
    description: str = ""
    revision: Annotated[int, Field(ge=1)] = 1
    archived: bool = False
    risks: list[TemplateRiskModel] = []
    assessments: list[TemplateAssessmentModel] = []
    advisors: list[str] = []
    revisions: list[RevisionModel] = []

    def problems(self, info: Any) -> Iterable[tuple[str, str]]:
        """Nothing twice: an advisor, a risk (by item and title), an assessed item, a revision."""
        seen: dict[Any, str] = {}
        for i, email in enumerate(self.advisors):
            yield from once(seen, ("advisor", fold(email)), f".advisors[{i}]", f'"{email}"')
        for i, risk in enumerate(self.risks):
            what = f'the risk "{risk.title}" of "{risk.content}"'
            yield from once(
                seen, ("risk", fold(risk.content), risk.title.strip()), f".risks[{i}]", what
            )
        for i, assessed in enumerate(self.assessments):
            title = assessed.content
            yield from once(seen, ("assessment", fold(title)), f".assessments[{i}]", f'"{title}"')
        for i, saved in enumerate(self.revisions):
            number = saved.revision
            where = f".revisions[{i}].revision"
            yield from once(seen, ("revision", number), where, f"revision {number}")
