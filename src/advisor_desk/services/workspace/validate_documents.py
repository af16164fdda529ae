"""Validating the `documents` and `number_series` of a workspace file."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from advisor_desk.domain.agreement import minor_units_checked
from advisor_desk.domain.documents import DocumentKind, DocumentLine
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.numbering import DEFAULT_PREFIXES, PARTNER_SERIES, NumberSeries
from advisor_desk.services.workspace.checks import MISSING, STATUSES, Checker, at
from advisor_desk.services.workspace.records import DEFAULT_CURRENCY, DocumentRecord, SeriesRecord

DOCUMENT_KEYS = (
    "kind",
    "number",
    "status",
    "period",
    "recipient",
    "client",
    "currency",
    "tax_rate",
    "subtotal",
    "tax",
    "total",
    "references",
    "issued_at",
    "pdf_sha256",
    "lines",
)
LINE_KEYS = ("description", "quantity", "unit_price", "amount", "group")
SERIES_KEYS = ("key", "prefix", "width", "last_number")
_SHA256 = re.compile(r"[0-9a-f]{64}")


def document(ck: Checker, value: object, path: str) -> DocumentRecord | None:
    data = ck.obj(value, path, DOCUMENT_KEYS, ("snapshot",))
    if data is None:
        return None
    mark = ck.mark()
    currency = _currency(ck, data, path)
    status = ck.one_of(data.get("status", MISSING), at(path, "status"), STATUSES)
    number = ck.optional_text(data, "number", path)
    if status == "issued" and number is None:
        ck.add(at(path, "number"), "an issued document has a number")
    if status == "draft" and number is not None:
        ck.add(at(path, "number"), "a draft has no number")
    pdf_sha256 = ck.optional_text(data, "pdf_sha256", path)
    if pdf_sha256 is not None and not _SHA256.fullmatch(pdf_sha256):
        ck.add(at(path, "pdf_sha256"), "is not a SHA-256 written as 64 lowercase hex digits")

    def money(key: str) -> Decimal:
        return ck.money(data.get(key, MISSING), currency, at(path, key), allow_negative=True)

    record = DocumentRecord(
        kind=ck.choice(DocumentKind, data.get("kind", MISSING), at(path, "kind")),
        period=ck.month(data.get("period", MISSING), at(path, "period")),
        recipient=ck.text(data, "recipient", path, empty=False),
        currency=currency,
        tax_rate=ck.rate(data.get("tax_rate", MISSING), at(path, "tax_rate")),
        subtotal=money("subtotal"),
        tax=money("tax"),
        total=money("total"),
        status=status,
        number=number,
        client=ck.optional_text(data, "client", path),
        references=ck.optional_text(data, "references", path),
        issued_at=ck.timestamp(data.get("issued_at", MISSING), at(path, "issued_at")),
        pdf_sha256=pdf_sha256,
        snapshot=data.get("snapshot"),
        lines=_lines(ck, data, path, currency),
    )
    return record if ck.clean_since(mark) else None


def _currency(ck: Checker, data: dict[str, Any], path: str) -> str:
    currency = ck.text(data, "currency", path, default=DEFAULT_CURRENCY)
    try:
        minor_units_checked(currency, at(path, "currency"))
    except DomainError as error:
        ck.add(error.field, error.message)
        return DEFAULT_CURRENCY
    return currency


def _lines(ck: Checker, data: dict[str, Any], path: str, currency: str) -> tuple[DocumentLine, ...]:
    lines: list[DocumentLine] = []
    list_path = at(path, "lines")
    for index, value in enumerate(ck.items(data, "lines", path)):
        line_path = at(list_path, index)
        line = ck.obj(value, line_path, LINE_KEYS)
        if line is None:
            continue
        lines.append(
            DocumentLine(
                description=ck.text(line, "description", line_path),
                quantity=ck.quantity(line.get("quantity", MISSING), at(line_path, "quantity")),
                unit_price=ck.money(
                    line.get("unit_price", MISSING),
                    currency,
                    at(line_path, "unit_price"),
                    allow_negative=True,
                ),
                amount=ck.money(
                    line.get("amount", MISSING),
                    currency,
                    at(line_path, "amount"),
                    allow_negative=True,
                ),
                group=ck.optional_text(line, "group", line_path),
            )
        )
    return tuple(lines)


def series(ck: Checker, value: object, path: str) -> SeriesRecord | None:
    data = ck.obj(value, path, SERIES_KEYS)
    if data is None:
        return None
    mark = ck.mark()
    key = ck.one_of(data.get("key", MISSING), at(path, "key"), (*DEFAULT_PREFIXES, *PARTNER_SERIES))
    record = SeriesRecord(
        key=key,
        prefix=ck.text(data, "prefix", path, empty=False),
        width=ck.integer(data, "width", path, minimum=1, default=6),
        last_number=ck.integer(data, "last_number", path),
    )
    if ck.clean_since(mark):
        try:
            NumberSeries(record.key, record.prefix, record.width)
        except DomainError as error:
            ck.add(path, error.message)
    return record if ck.clean_since(mark) else None
