"""The snapshot of an issued document: everything its PDF shows, frozen when it is numbered.

A `Snapshot` is a tree of frozen dataclasses. It is stored as JSON (`to_json`, the column
`document.snapshot_json`, synced as it is) and rendered by `invoices.pdf.render_pdf`. Amounts
are kept as the document prints them (the currency's decimals); older snapshots (without the
keys added later: `referral_rate`, `recipient_address`, `reason`) read back as they were.
`snapshot_of` makes one from a draft: the laptop, the server and the samples all use it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from .documents import DocumentDraft, DocumentKind, DocumentStatus
from .errors import DomainError
from .money import format_money

SNAPSHOT_VERSION = 1
PARTY_FIELDS = ("legal_name", "tax_number", "address", "bank_details", "email")


@dataclass(frozen=True)
class Party:
    """An issuer or a recipient; a detail that is None is left out of the stored JSON."""

    name: str
    legal_name: str | None = None
    tax_number: str | None = None
    address: str | None = None
    bank_details: str | None = None
    email: str | None = None

    def to_dict(self) -> dict[str, str]:
        out = {"name": self.name}
        out.update({k: v for k in PARTY_FIELDS if (v := getattr(self, k)) is not None})
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Party:
        data = data or {}
        return cls(
            name=str(data.get("name") or ""),
            **{k: None if data.get(k) is None else str(data[k]) for k in PARTY_FIELDS},
        )


@dataclass(frozen=True)
class SnapshotLine:
    description: str
    quantity: str  # as printed: the plain decimal ("6.5", "12")
    unit_price: str  # money as printed ("220.00")
    amount: str
    group: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "quantity": self.quantity,
            "unit_price": self.unit_price,
            "amount": self.amount,
            "group": self.group,
        }


@dataclass(frozen=True)
class Snapshot:
    kind: DocumentKind
    title: str
    number: str | None
    status: DocumentStatus
    period: str
    issue_date: dt.date | None
    due_date: dt.date | None
    currency: str
    locale: str | None
    issuer: Party
    recipient: Party
    references: str | None
    tax_rate: str
    lines: tuple[SnapshotLine, ...]
    group_subtotals: tuple[tuple[str, str], ...]
    subtotal: str
    tax: str
    total: str
    logo_png: bytes | None = None
    payment_terms_days: int | None = None
    snapshot_version: int = SNAPSHOT_VERSION
    # Keys added later: left out of the JSON when None, so older snapshots read back alike.
    referral_rate: str | None = None
    recipient_address: str | None = None
    reason: str | None = None
    extra: tuple[tuple[str, Any], ...] = field(default=(), compare=False)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "snapshot_version": self.snapshot_version,
            "kind": self.kind.value,
            "title": self.title,
            "number": self.number,
            "status": self.status.value,
            "period": self.period,
            "issue_date": self.issue_date.isoformat() if self.issue_date else None,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "currency": self.currency,
            "locale": self.locale,
            "issuer": self.issuer.to_dict(),
            "recipient": self.recipient.to_dict(),
            "references": self.references,
            "tax_rate": self.tax_rate,
            "lines": [line.to_dict() for line in self.lines],
            "group_subtotals": [[g, v] for g, v in self.group_subtotals],
            "subtotal": self.subtotal,
            "tax": self.tax,
            "total": self.total,
            "logo_png": self.logo_png.hex() if self.logo_png else None,
            "payment_terms_days": self.payment_terms_days,
        }
        for name in ("referral_rate", "recipient_address", "reason"):
            if (value := getattr(self, name)) is not None:
                out[name] = value
        out.update(dict(self.extra))
        return out

    def to_json(self) -> str:
        """The stored form (keys sorted, so the same snapshot is the same text)."""
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Snapshot:
        return cls.from_dict(json.loads(text))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Snapshot:
        """A stored snapshot read back; keys this version does not know are kept (`extra`)."""
        try:
            kind = DocumentKind(str(data.get("kind")))
            status = DocumentStatus(data.get("status") or DocumentStatus.DRAFT)
        except ValueError as error:
            raise DomainError("snapshot", str(error)) from None
        known = {f.name for f in fields(cls)}
        logo = data.get("logo_png")
        return cls(
            kind=kind,
            title=str(data.get("title") or kind.document_title),
            number=data.get("number"),
            status=status,
            period=str(data.get("period") or ""),
            issue_date=_date(data.get("issue_date")),
            due_date=_date(data.get("due_date")),
            currency=str(data.get("currency") or ""),
            locale=data.get("locale"),
            issuer=Party.from_dict(data.get("issuer")),
            recipient=Party.from_dict(data.get("recipient")),
            references=data.get("references"),
            tax_rate=str(data.get("tax_rate") or "0"),
            lines=tuple(
                SnapshotLine(
                    description=str(line.get("description", "")),
                    quantity=str(line.get("quantity", "")),
                    unit_price=str(line.get("unit_price", "")),
                    amount=str(line.get("amount", "")),
                    group=line.get("group"),
                )
                for line in data.get("lines") or ()
            ),
            group_subtotals=tuple((str(g), str(v)) for g, v in data.get("group_subtotals") or ()),
            subtotal=str(data.get("subtotal") or ""),
            tax=str(data.get("tax") or ""),
            total=str(data.get("total") or ""),
            logo_png=bytes.fromhex(logo) if logo else None,
            payment_terms_days=data.get("payment_terms_days"),
            snapshot_version=int(data.get("snapshot_version") or SNAPSHOT_VERSION),
            referral_rate=data.get("referral_rate"),
            recipient_address=data.get("recipient_address"),
            reason=data.get("reason"),
            extra=tuple((k, v) for k, v in sorted(data.items()) if k not in known),
        )

    @property
    def is_draft(self) -> bool:
        return self.status is not DocumentStatus.ISSUED


def _date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None


def due_date(kind: DocumentKind, issued_on: dt.date, terms_days: int) -> dt.date | None:
    """When a document issued on `issued_on` is due (a statement is never due)."""
    return issued_on + dt.timedelta(days=terms_days) if kind.is_payable else None


def plain(value: Decimal) -> str:
    """A quantity as printed: its plain digits, no exponent, no trailing zeros."""
    return format(value.normalize(), "f")


def snapshot_of(
    draft: DocumentDraft,
    *,
    issuer: Party,
    recipient: Party,
    number: str | None,
    issued_on: dt.date | None,
    locale: str | None,
    terms_days: int,
    logo_png: bytes | None = None,
    referral_rate: Decimal | str | None = None,
    recipient_address: str | None = None,
    reason: str | None = None,
) -> Snapshot:
    """The snapshot of `draft` numbered `number` on `issued_on` (None: a draft's preview)."""

    def money(value: Decimal) -> str:
        return format_money(value, draft.currency)

    payable = draft.kind.is_payable
    return Snapshot(
        kind=draft.kind,
        title=draft.kind.document_title,
        number=number,
        status=DocumentStatus.ISSUED if issued_on else DocumentStatus.DRAFT,
        period=str(draft.period),
        issue_date=issued_on,
        due_date=due_date(draft.kind, issued_on, terms_days) if issued_on else None,
        currency=draft.currency,
        locale=locale,
        issuer=issuer,
        recipient=recipient,
        references=draft.references,
        tax_rate=str(draft.tax_rate),
        lines=tuple(
            SnapshotLine(
                line.description,
                plain(line.quantity),
                money(line.unit_price),
                money(line.amount),
                line.group,
            )
            for line in draft.lines
        ),
        group_subtotals=tuple((g, money(v)) for g, v in draft.group_subtotals()),
        subtotal=money(draft.subtotal),
        tax=money(draft.tax),
        total=money(draft.total),
        logo_png=logo_png or None,
        payment_terms_days=terms_days if payable else None,
        referral_rate=None if referral_rate is None else str(referral_rate),
        recipient_address=recipient_address or None,
        reason=reason or None,
    )
