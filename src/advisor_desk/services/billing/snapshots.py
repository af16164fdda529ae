"""The snapshot a document is issued with (domain.snapshot), from the store's rows: who issues
it (the platform's legal details, or the partner's resale settings), to whom, its payment
terms, a statement's referral rate and a client's postal address.

`SnapshotSource` reads what every document of a partner shares once per transaction (the
resale settings, the platform's details), so issuing a month of documents does not read them
again for each one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain.agreement import agreement_for_period
from advisor_desk.domain.document_rules import PLATFORM_TERMS_DAYS
from advisor_desk.domain.documents import DocumentDraft, DocumentKind
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.snapshot import Party, Snapshot, snapshot_of
from advisor_desk.services.billing.charges import load_agreements
from advisor_desk.services.billing.platform_details import Platform, read_platform
from advisor_desk.store.models import Client, Partner, ResaleSettings

CLIENT_KINDS = (DocumentKind.CLIENT_INVOICE, DocumentKind.RESALE_INVOICE)


def resale_of(session: Session, partner_id: str) -> ResaleSettings | None:
    return session.scalars(
        select(ResaleSettings).where(
            ResaleSettings.partner_id == partner_id, ResaleSettings.deleted.is_(False)
        )
    ).first()


@dataclass
class SnapshotSource:
    """What the snapshots of one partner's documents are made from (read once)."""

    session: Session
    partner: Partner
    _resale: ResaleSettings | None = None
    _platform: Platform | None = None
    _read: set[str] = field(default_factory=set)
    _rates: dict[str, str | None] = field(default_factory=dict)
    _addresses: dict[str, str] | None = None

    @property
    def resale(self) -> ResaleSettings | None:
        if "resale" not in self._read:
            self._resale = resale_of(self.session, self.partner.id)
            self._read.add("resale")
        return self._resale

    @property
    def platform(self) -> Platform:
        if self._platform is None:
            self._platform = read_platform(self.session)
        return self._platform

    def snapshot(
        self,
        draft: DocumentDraft,
        number: str | None,
        issued_on: dt.date | None,
        *,
        reason: str | None = None,
    ) -> Snapshot:
        """Everything the PDF shows, frozen. `issued_on` None: a draft's preview."""
        partner, resale = self.partner, self.resale
        by_partner = draft.issuer == "partner"
        if by_partner and resale is not None:
            issuer = Party(
                name=partner.name,
                legal_name=resale.legal_name or partner.name,
                tax_number=resale.tax_number,
                address=resale.address,
                bank_details=resale.bank_details,
            )
            terms_days = resale.payment_terms_days
        else:
            issuer = Party(**self.platform.issuer())  # the platform's legal details
            terms_days = PLATFORM_TERMS_DAYS
        recipient = Party(draft.recipient)
        if not by_partner and resale is not None and draft.recipient == partner.name:
            # The platform bills the partner: its legal details, as the partner keeps them.
            recipient = Party(
                draft.recipient,
                legal_name=resale.legal_name,
                tax_number=resale.tax_number,
                address=resale.address,
            )
        statement = draft.kind is DocumentKind.REFERRAL_STATEMENT
        return snapshot_of(
            draft,
            issuer=issuer,
            recipient=recipient,
            number=number,
            issued_on=issued_on,
            locale=partner.locale,
            terms_days=terms_days,
            logo_png=resale.logo_png if by_partner and resale and resale.logo_png else None,
            referral_rate=self._referral_rate(draft) if statement else None,
            recipient_address=None if statement else self._client_address(draft),
            reason=reason,
        )

    def _referral_rate(self, draft: DocumentDraft) -> str | None:
        key = str(draft.period)
        if key not in self._rates:
            try:
                agreement = agreement_for_period(
                    load_agreements(self.session, self.partner.id), draft.period
                )
                self._rates[key] = str(agreement.referral_rate)
            except DomainError:
                self._rates[key] = None
        return self._rates[key]

    def _client_address(self, draft: DocumentDraft) -> str | None:
        """The address of the client an invoice or credit note is addressed to, if any."""
        kind = draft.credited_kind if draft.kind is DocumentKind.CREDIT_NOTE else draft.kind
        if kind not in CLIENT_KINDS or draft.client_key is None:
            return None
        if self._addresses is None:  # the partner's clients' addresses, read once
            self._addresses = {
                client_id: (address or "").strip()
                for client_id, address in self.session.execute(
                    select(Client.id, Client.address).where(
                        Client.partner_id == self.partner.id, Client.address.is_not(None)
                    )
                )
            }
        return self._addresses.get(draft.client_key) or None


def build_snapshot(
    session: Session,
    partner: Partner,
    draft: DocumentDraft,
    number: str | None,
    issued_on: dt.date | None,
) -> Snapshot:
    """The snapshot of one document (a draft's preview when `issued_on` is None)."""
    return SnapshotSource(session, partner).snapshot(draft, number, issued_on)
