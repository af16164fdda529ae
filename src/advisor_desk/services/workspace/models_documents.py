"""A workspace file's `documents` and `number_series`, as models.

A document's amounts are in its own `currency` (read first: it sets the context's).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Annotated, Any

import pydantic
from pydantic import Field

from advisor_desk.domain.agreement import minor_units_checked
from advisor_desk.domain.documents import DocumentKind, DocumentLine, DocumentStatus
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.numbering import DEFAULT_PREFIXES, PARTNER_SERIES, NumberSeries
from advisor_desk.services.workspace.fields import (
    Bad,
    Count,
    Model,
    Month,
    Name,
    Quantity,
    Rate,
    SignedMoney,
    Timestamp,
    after,
    choice,
    one_of,
)
from advisor_desk.services.workspace.records import DEFAULT_CURRENCY, DocumentRecord, SeriesRecord

_SHA256 = re.compile(r"[0-9a-f]{64}")


def _currency(value: str, info: pydantic.ValidationInfo) -> str:
    """A known currency; the document's amounts are read in it (else in the default's)."""
    context = info.context if info.context is not None else {}
    context["currency"] = DEFAULT_CURRENCY
    minor_units_checked(value, "currency")
    context["currency"] = value
    return value


def _sha256(value: str | None) -> str | None:
    if value is not None and not _SHA256.fullmatch(value):
        raise Bad("is not a SHA-256 written as 64 lowercase hex digits")
    return value


class LineModel(Model):
    RECORD = DocumentLine
    description: str
    quantity: Quantity
    unit_price: SignedMoney
    amount: SignedMoney
    group: Name | None


class DocumentModel(Model):
    RECORD = DocumentRecord
    currency: Annotated[str, after(_currency)]
    kind: Annotated[DocumentKind, choice(DocumentKind)]
    number: Name | None
    status: Annotated[DocumentStatus, choice(DocumentStatus)]
    period: Month
    recipient: Name
    client: Name | None
    tax_rate: Rate
    subtotal: SignedMoney
    tax: SignedMoney
    total: SignedMoney
    references: Name | None
    issued_at: Timestamp
    pdf_sha256: Annotated[Name | None, after(_sha256)]
    snapshot: Any = None
    lines: list[LineModel]

    def problems(self, info: Any) -> Iterable[tuple[str, str]]:
        if self.status is DocumentStatus.ISSUED and self.number is None:
            yield ".number", "an issued document has a number"
        if self.status is DocumentStatus.DRAFT and self.number is not None:
            yield ".number", "a draft has no number"


class SeriesModel(Model):
    RECORD = SeriesRecord
    key: Annotated[str, one_of((*DEFAULT_PREFIXES, *PARTNER_SERIES))]
    prefix: Name
    width: Annotated[int, Field(ge=1)]
    last_number: Count

    def problems(self, info: Any) -> Iterable[tuple[str, str]]:
        try:
            NumberSeries(self.key, self.prefix, self.width)
        except DomainError as error:
            yield "", error.message
