"""What an issued invoice has left to credit: one small read, for a credit-note form that
checks the amount before anything is written (the issuing services check it again)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from advisor_desk.domain.documents import DocumentKind, DocumentStatus
from advisor_desk.services.billing.issue_rules import credited
from advisor_desk.services.errors import NotFoundError
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Document


@dataclass(frozen=True)
class CreditLeft:
    number: str
    currency: str
    subtotal: Decimal  # the invoice's, before tax
    left: Decimal  # what its issued credit notes have not taken back yet

    @property
    def partly_credited(self) -> bool:
        return self.left != self.subtotal


def credit_left(store: Store, number: str) -> CreditLeft:
    with store.read() as session:
        invoice = session.scalars(
            select(Document).where(
                Document.number == number,
                Document.status == DocumentStatus.ISSUED,
                Document.kind != DocumentKind.CREDIT_NOTE.value,
                Document.deleted.is_(False),
            )
        ).first()
        if invoice is None:
            raise NotFoundError(f"no issued invoice numbered {number}")
        taken = credited(session, invoice.id).subtotal
        return CreditLeft(number, invoice.currency, invoice.subtotal, invoice.subtotal - taken)
