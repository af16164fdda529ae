"""What the `advisor-desk-server` admin commands do: partners, their first administrator,
advisors' passwords, the agreement, and purging old tombstones (raising the horizon)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from advisor_desk.domain.access_log import AccessKind
from advisor_desk.domain.agreement import Agreement as AgreementRule
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.passwords import password_problem
from advisor_desk.domain.periods import Period
from advisor_desk.domain.permissions import Role, role_label
from advisor_desk.server.access_log import record
from advisor_desk.server.auth import normal_email, set_password
from advisor_desk.server.db import ServerDB
from advisor_desk.server.models import Login, PartnerClock, RowMeta
from advisor_desk.server.versioning import lock_clock
from advisor_desk.services.billing.partners import DEFAULT_PRICES, agreement_row
from advisor_desk.services.billing.platform_details import Platform, read_platform, write_platform
from advisor_desk.services.clock import today
from advisor_desk.services.errors import ValidationError
from advisor_desk.store.base import table_of
from advisor_desk.store.models import (
    ENTITY_MODELS,
    SYNCED_MODELS,
    Advisor,
    AdvisorActivity,
    Agreement,
    Partner,
)
from advisor_desk.store.types import new_id, utcnow

ROLES = tuple(role.value for role in Role)  # domain/permissions.py: one set of roles


ADMIN_COMMAND = "the server's administrator"  # who, in the access log, for these commands


class AdminError(Exception):
    """A user error of an admin command; the message says what is wrong."""


def find_partner(session: Session, name: str) -> Partner:
    found = session.scalars(
        select(Partner).where(Partner.name == name, Partner.deleted.is_(False))
    ).all()
    if not found:
        raise AdminError(f"no partner named {name!r}")
    return found[0]


def create_partner(
    db: ServerDB, *, name: str, admin_email: str, password: str, currency: str = "AUD"
) -> str:
    _check_name(name, "--name", required=True)
    _check_email(admin_email, "--admin-email")
    _check_password(password, admin_email)
    with db.transaction(write=True) as session:
        if session.scalars(select(Partner).where(Partner.name == name.strip())).first():
            raise AdminError(f"a partner named {name!r} already exists")
        _check_email_free(db, session, admin_email)
        partner_id = new_id()
        db.set_tenant(session, partner_id)
        lock_clock(session)
        timezone = "Australia/Sydney"
        session.add(
            Partner(
                id=partner_id,
                partner_id=partner_id,
                name=name.strip(),
                timezone=timezone,
                locale="en_AU",
            )
        )
        rule = _rule(currency.strip().upper(), {}, None, Period.of(today(timezone)))
        session.add(agreement_row(partner_id, rule))
        _add_advisor(
            session,
            partner_id,
            admin_email,
            admin_email.split("@")[0],
            "administrator",
            password,
            today(timezone),
        )
        return partner_id


def add_advisor(
    db: ServerDB, *, partner: str, email: str, name: str, role: str, password: str
) -> str:
    """An advisor who may log in (or a new password for one added in the app)."""
    if role not in ROLES:
        raise AdminError(f"--role: one of {', '.join(ROLES)}")
    _check_email(email, "--email")
    _check_name(name, "--name")
    _check_password(password, email, name)
    with db.transaction(write=True) as session:
        found = find_partner(session, partner)
        db.set_tenant(session, found.id)
        existing = session.scalars(
            select(Advisor).where(Advisor.partner_id == found.id, Advisor.deleted.is_(False))
        ).all()
        match = next((a for a in existing if normal_email(a.email) == normal_email(email)), None)
        if match is not None:
            set_password(session, partner_id=found.id, advisor=match, password=password)
            return match.id
        _check_email_free(db, session, email)
        added = _add_advisor(
            session, found.id, email, name or email, role, password, today(found.timezone)
        )
        advisor = session.get(Advisor, added)
        detail = f"added as {role_label(role)} (advisor-desk-server)"
        record(session, found.id, AccessKind.ACTIVATED, ADMIN_COMMAND, advisor or email, detail)
        return added


def _add_advisor(
    session: Session,
    partner_id: str,
    email: str,
    name: str,
    role: str,
    password: str,
    start: dt.date,
) -> str:
    advisor = Advisor(partner_id=partner_id, email=email.strip(), name=name, role=role)
    session.add(advisor)
    session.flush()
    session.add(AdvisorActivity(partner_id=partner_id, advisor_id=advisor.id, start=start))
    set_password(session, partner_id=partner_id, advisor=advisor, password=password)
    return advisor.id


def _check_email_free(db: ServerDB, session: Session, email: str) -> None:
    db.set_local(session, "app.login_email", normal_email(email))
    if session.scalars(select(Login).where(Login.email == normal_email(email))).first():
        raise AdminError(f"{email} can already log in (to this or another partner)")


def _check_password(password: str, *identity: str) -> None:
    """The rule `set_password` (and so every login-setting path) applies, said up front."""
    problem = password_problem(password, identity=identity)
    if problem is not None:
        raise AdminError(f"the password {problem}")


def _check_email(email: str, option: str) -> None:
    local, at, domain = email.strip().rpartition("@")
    if (
        not at
        or not local
        or "." not in domain
        or len(email.strip()) > 254
        or any(char.isspace() or ord(char) < 32 for char in email.strip())
    ):
        raise AdminError(f"{option}: {email!r} is not an e-mail address")


def _check_name(name: str, option: str, *, required: bool = False) -> None:
    if required and not name.strip():
        raise AdminError(f"{option}: must not be empty")
    if len(name.strip()) > 200 or any(ord(char) < 32 for char in name):
        raise AdminError(f"{option}: at most 200 characters, on one line")


def deactivate_advisor(db: ServerDB, *, partner: str, email: str, on: dt.date | None) -> dt.date:
    """End an advisor's activity from `on` (default today): from that day they cannot log
    in, and their sessions end (server/revocation.py). The same rule as the app's."""
    with db.transaction(write=True) as session:
        found = find_partner(session, partner)
        db.set_tenant(session, found.id)
        advisor = next(
            (
                a
                for a in session.scalars(
                    select(Advisor).where(
                        Advisor.partner_id == found.id, Advisor.deleted.is_(False)
                    )
                )
                if normal_email(a.email) == normal_email(email)
            ),
            None,
        )
        if advisor is None:
            raise AdminError(f"--email: {partner!r} has no advisor {email}")
        day = on or today(found.timezone)
        current = session.scalars(
            select(AdvisorActivity).where(
                AdvisorActivity.advisor_id == advisor.id,
                AdvisorActivity.deleted.is_(False),
                AdvisorActivity.end.is_(None),
            )
        ).first()
        if current is None:
            raise AdminError(f"{email} is already inactive")
        if day < current.start:
            raise AdminError(f"--on: {day} is before they became active ({current.start})")
        if day == current.start:
            current.deleted = True
        else:
            current.end = day
        session.flush()
        detail = f"from {day.isoformat()} (advisor-desk-server)"
        record(session, found.id, AccessKind.DEACTIVATED, ADMIN_COMMAND, advisor, detail)
        return day


def _rule(
    currency: str,
    prices: Mapping[str, str],
    latest: Agreement | None,
    start: Period,
    advisor_fee: str | None = None,
    referral: str | None = None,
    tax: str | None = None,
) -> AgreementRule:
    def old(name: str, default: str) -> object:
        return getattr(latest, name) if latest is not None else Decimal(default)

    try:
        return AgreementRule.create(
            currency=currency,
            advisor_fee=advisor_fee or old("advisor_fee", DEFAULT_PRICES["advisor_fee"]),
            license_price={
                "free": "0",
                "just_risk": prices.get("just_risk") or old("price_just_risk", "35.00"),
                "risk_compliance": prices.get("risk_compliance")
                or old("price_risk_compliance", "79.00"),
            },
            referral_rate=referral or old("referral_rate", "0.20"),
            tax_rate=tax or old("tax_rate", "0.10"),
            effective_from=start,
        )
    except DomainError as error:
        raise AdminError(str(error)) from None


AGREEMENT_FIELDS = ("advisor_fee", "price_just_risk", "price_risk_compliance", "referral_rate")


def set_agreement(
    db: ServerDB,
    *,
    partner: str,
    advisor_fee: str | None,
    prices: Mapping[str, str],
    referral_rate: str | None,
    tax_rate: str | None,
    start: Period | None,
) -> Period:
    """Set prices from a month on (billing-rules.md: "a price change applies from the month
    it names"). The agreement is a history by month: the new entry starts at `start`; the
    fields not given keep what was in force that month; and the fields given also replace
    those of every later entry, so a change back-dated before an existing entry (say the one
    `partner create` made this month) is not silently overridden by it."""
    unknown = set(prices) - {"just_risk", "risk_compliance", "free"}
    if unknown:
        raise AdminError(f"--price: unknown tier {sorted(unknown)[0]!r}")
    with db.transaction(write=True) as session:
        found = find_partner(session, partner)
        db.set_tenant(session, found.id)
        rows = session.scalars(
            select(Agreement).where(Agreement.partner_id == found.id, Agreement.deleted.is_(False))
        ).all()
        month = start or Period.of(today(found.timezone))
        base = _in_force(rows, month)
        currency = base.currency if base else "AUD"
        rule = _rule(currency, prices, base, month, advisor_fee, referral_rate, tax_rate)
        fresh = agreement_row(found.id, rule)
        given = _given_fields(advisor_fee, prices, referral_rate, tax_rate)
        same = next((r for r in rows if r.effective_from == str(month)), None)
        if same is None:
            session.add(fresh)
        else:
            _copy(fresh, same, (*AGREEMENT_FIELDS, "tax_rate"))
        for later in rows:
            if later.effective_from > str(month):
                _copy(fresh, later, given)
        return month


def _in_force(rows: Sequence[Agreement], month: Period) -> Agreement | None:
    """The entry in force in `month`, else (a month before them all) the earliest one."""
    before = [r for r in rows if r.effective_from <= str(month)]
    if before:
        return max(before, key=lambda r: r.effective_from)
    return min(rows, key=lambda r: r.effective_from) if rows else None


def _given_fields(
    advisor_fee: str | None,
    prices: Mapping[str, str],
    referral_rate: str | None,
    tax_rate: str | None,
) -> tuple[str, ...]:
    given = {
        "advisor_fee": advisor_fee,
        "price_just_risk": prices.get("just_risk"),
        "price_risk_compliance": prices.get("risk_compliance"),
        "referral_rate": referral_rate,
        "tax_rate": tax_rate,
    }
    return tuple(name for name, value in given.items() if value)


def _copy(source: Agreement, target: Agreement, fields: Sequence[str]) -> None:
    for name in fields:
        if getattr(target, name) != getattr(source, name):
            setattr(target, name, getattr(source, name))


def set_platform(db: ServerDB, **given: str | None) -> Platform:
    """The platform's legal details, printed as the supplier on every platform document the
    server issues (None: keep the field as it is)."""
    with db.transaction(write=True) as session:
        try:
            return write_platform(session, **given)
        except ValidationError as error:
            problems = (f"--{f.replace('_', '-')}: {m}" for f, m in error.problems)
            raise AdminError("; ".join(problems)) from None


def show_platform(db: ServerDB) -> Platform:
    with db.transaction(write=False) as session:
        return read_platform(session)


def purge_tombstones(db: ServerDB, older_than: dt.timedelta) -> int:
    """Forget tombstones older than `older_than` (kept longer than any laptop stays offline);
    laptops whose cursor is older than the purge must then reset."""
    cutoff = utcnow() - older_than
    purged = 0
    with db.transaction(write=True) as session:
        partners = session.scalars(select(PartnerClock.partner_id)).all()
    for partner_id in partners:
        with db.transaction(write=True, partner_id=partner_id) as session:
            clock = lock_clock(session)
            gone = _purge_partner(session, partner_id, cutoff)
            if gone:
                clock.tombstone_horizon = max(clock.tombstone_horizon, max(gone))
                purged += len(gone)
    return purged


def _purge_partner(session: Session, partner_id: str, cutoff: dt.datetime) -> list[int]:
    candidates = session.execute(
        select(RowMeta.row_id, RowMeta.entity, RowMeta.version).where(
            RowMeta.partner_id == partner_id,
            RowMeta.deleted.is_(True),
            RowMeta.deleted_at < cutoff,
        )
    ).all()
    by_entity: dict[str, dict[str, int]] = {}
    for row_id, entity, version in candidates:
        by_entity.setdefault(entity, {})[row_id] = version
    versions: list[int] = []
    for model in reversed(SYNCED_MODELS):  # children first: a parent goes once nothing refers
        entity = model.__tablename__
        ids = by_entity.get(entity, {})
        for child in SYNCED_MODELS:
            for column in table_of(child).columns:
                if ids and any(k.column.table.name == entity for k in column.foreign_keys):
                    used = session.scalars(select(column).where(column.in_(list(ids)))).all()
                    for row_id in used:
                        ids.pop(row_id, None)
        if not ids:
            continue
        table = table_of(ENTITY_MODELS[entity])
        session.execute(delete(table).where(table.c.id.in_(list(ids))))
        session.execute(delete(RowMeta).where(RowMeta.row_id.in_(list(ids))))
        versions.extend(ids.values())
    return versions


def all_partners(session: Session) -> list[Partner]:
    return list(session.scalars(select(Partner).where(Partner.deleted.is_(False))).all())
