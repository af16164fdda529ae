"""The platform's legal details (legal name, address, tax number/ABN, e-mail, bank details):
the supplier printed on the platform's documents, frozen into each issued snapshot.

One row of `platform_details` in whichever store numbers: the server store (`advisor-desk-
server platform set`) or a standalone laptop's own store (`advisor-desk platform set`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy.orm import Session

from advisor_desk.domain.agreement import agreement_for_period
from advisor_desk.domain.documents import DocumentDraft, DocumentKind
from advisor_desk.domain.errors import DomainError
from advisor_desk.services.billing.charges import load_agreements
from advisor_desk.services.errors import ValidationError
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Client, Partner, PlatformDetails

DEFAULT_NAME = "Advisor Desk Platform"
FIELDS = ("legal_name", "address", "tax_number", "email", "bank_details")
LIMITS = {"legal_name": 200, "tax_number": 64, "email": 254, "address": 2000}
LIMITS["bank_details"] = 2000


@dataclass(frozen=True)
class Platform:
    legal_name: str = ""
    address: str = ""
    tax_number: str = ""
    email: str = ""
    bank_details: str = ""

    def issuer(self) -> dict[str, str]:
        """The snapshot's `issuer` for a platform document."""
        return {
            "name": DEFAULT_NAME,
            **asdict(self),
            "legal_name": self.legal_name or DEFAULT_NAME,
        }


def read_platform(session: Session) -> Platform:
    row = session.get(PlatformDetails, 1)
    if row is None:
        return Platform()
    return Platform(**{name: getattr(row, name) or "" for name in FIELDS})


def write_platform(session: Session, **given: str | None) -> Platform:
    """Set the fields given (None: keep); checks every field, naming the ones that are wrong."""
    problems = []
    cleaned: dict[str, str] = {}
    for name, value in given.items():
        if name not in FIELDS:
            raise ValueError(name)
        if value is None:
            continue
        text = value.replace("\\n", "\n").strip()
        if "\x00" in text:
            problems.append((name, "must not contain a NUL character"))
        elif len(text) > LIMITS[name]:
            problems.append((name, f"at most {LIMITS[name]} characters"))
        elif name == "legal_name" and not text:
            problems.append((name, "must not be empty"))
        elif name == "email" and text and ("@" not in text or " " in text):
            problems.append((name, f"{text!r} is not an e-mail address"))
        cleaned[name] = text
    if problems:
        raise ValidationError(problems)
    row = session.get(PlatformDetails, 1)
    if row is None:
        row = PlatformDetails(id=1, **dict.fromkeys(FIELDS, ""))
        session.add(row)
    for name, text in cleaned.items():
        setattr(row, name, text)
    session.flush()
    return read_platform(session)


def get_platform(store: Store) -> Platform:
    with store.read() as session:
        return read_platform(session)


def set_platform(store: Store, **given: str | None) -> Platform:
    """The standalone laptop's setting (with a server, the server's details are printed)."""
    with store.write() as session:
        return write_platform(session, **given)


CLIENT_KINDS = (DocumentKind.CLIENT_INVOICE, DocumentKind.RESALE_INVOICE)


def snapshot_extras(session: Session, partner: Partner, draft: DocumentDraft) -> dict[str, str]:
    """Snapshot keys beside build_snapshot's own: a referral statement's rate; the postal
    address of a client a document is addressed to (left out when it has none, so the
    snapshots of documents to clients without one are as before)."""
    if draft.kind is not DocumentKind.REFERRAL_STATEMENT:
        address = _client_address(session, draft)
        return {"recipient_address": address} if address else {}
    try:
        agreement = agreement_for_period(load_agreements(session, partner.id), draft.period)
    except DomainError:
        return {}
    return {"referral_rate": str(agreement.referral_rate)}


def _client_address(session: Session, draft: DocumentDraft) -> str:
    """The address of the client an invoice or credit note is addressed to, else ""."""
    kind = draft.credited_kind if draft.kind is DocumentKind.CREDIT_NOTE else draft.kind
    if kind not in CLIENT_KINDS or draft.client_key is None:
        return ""
    client = session.get(Client, draft.client_key)
    return (client.address or "").strip() if client is not None else ""
