"""The partner team, its agreement with the platform and its resale settings."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from advisor_desk.store.base import Base, Synced
from advisor_desk.store.types import Money, Rate


class Partner(Synced, Base):
    __tablename__ = "partner"

    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="Australia/Sydney")
    locale: Mapped[str] = mapped_column(String(16), default="en_AU")


class Agreement(Synced, Base):
    """The platform's prices for a partner, from `effective_from` (a month) on."""

    __tablename__ = "agreement"
    __table_args__ = (UniqueConstraint("partner_id", "effective_from"),)

    currency: Mapped[str] = mapped_column(String(3))
    advisor_fee: Mapped[Decimal] = mapped_column(Money())
    price_free: Mapped[Decimal] = mapped_column(Money())
    price_just_risk: Mapped[Decimal] = mapped_column(Money())
    price_risk_compliance: Mapped[Decimal] = mapped_column(Money())
    referral_rate: Mapped[Decimal] = mapped_column(Rate())
    tax_rate: Mapped[Decimal] = mapped_column(Rate())
    effective_from: Mapped[str] = mapped_column(String(7))


class ResaleSettings(Synced, Base):
    """What the partner charges its reseller clients, and how its invoices look."""

    __tablename__ = "resale_settings"

    price_just_risk: Mapped[Decimal] = mapped_column(Money())
    price_risk_compliance: Mapped[Decimal] = mapped_column(Money())
    tax_rate: Mapped[Decimal] = mapped_column(Rate())
    legal_name: Mapped[str] = mapped_column(String(200), default="")
    tax_number: Mapped[str] = mapped_column(String(64), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    bank_details: Mapped[str] = mapped_column(Text, default="")
    # Never the platform's INV- (domain.numbering.check_partner_prefix refuses it).
    invoice_prefix: Mapped[str] = mapped_column(String(16), default="PI-")
    payment_terms_days: Mapped[int] = mapped_column(Integer, default=14)
    logo_png: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
