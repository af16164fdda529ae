"""The clients a period bills, read in bulk: billing's hot path at thousands of clients.

Three plain SQL queries with bound parameters, run on the driver's own cursor (SQLAlchemy's
per-row and per-value processing cost more than the billing arithmetic itself), and one pass
over the license rows that builds the domain's inputs with as few new objects per row as it
takes (profile and figures: issue 15's note on `billing.period_5000_clients`).
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.charges import ClientInput, MemberInput
from advisor_desk.domain.licenses import LicenseTier, TierInterval
from advisor_desk.domain.periods import Period


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector paused while billing builds its ~100,000 small objects
    per 5,000 clients (none of them cyclic): its passes over the growing heap cost more than
    the reading and the arithmetic together (profile: 0.55 s of 0.8 s). Restored after, and
    left alone when someone else already paused it."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def load_clients(
    session: Session, partner_id: str, first: dt.date, end: dt.date
) -> list[ClientInput]:
    """Every client that existed on a day of `[first, end)` (a period, or several months for
    the panel's chart), with its billing models and the license intervals overlapping it:
    each member's intervals in the order the store returns them, members in order of their
    first interval."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    params: dict[str, object] = {
        "partner": partner_id,
        "end": end.isoformat(),
        "first": first.isoformat(),
        "no": False,
    }
    if not sqlite:
        params.update(end=end, first=first)  # typed dates (PostgreSQL compares date to date)
    with paused_gc():
        return _read_clients(session, params, sqlite)


# Deleted clients keep counting for the days they existed: deleting sets `archived`.
_EXISTED = "c.created < :end AND (c.archived IS NULL OR c.archived > :first)"

# A license row's tier and days as ONE text, "tier start end" (end "" while open): one value
# to fetch, hash and look up per row instead of three. Dates are ISO `YYYY-MM-DD` (text on
# SQLite; PostgreSQL's are formatted so, whatever its DateStyle).
_INTERVAL_SQLITE = "l.tier || ' ' || l.start || ' ' || COALESCE(l.\"end\", '')"
_INTERVAL_POSTGRES = (
    "l.tier || ' ' || to_char(l.start, 'YYYY-MM-DD') || ' ' "
    "|| COALESCE(to_char(l.\"end\", 'YYYY-MM-DD'), '')"
)


def _read_clients(session: Session, params: dict[str, object], sqlite: bool) -> list[ClientInput]:
    day = _DateCache()
    clients = _fetch(
        session,
        f"SELECT c.id, c.name, c.created, c.archived FROM client AS c "
        f"WHERE c.partner_id = :partner AND {_EXISTED}",
        params,
    )
    models_by_name = {model.value: model for model in BillingModel}
    months: dict[str, Period] = {}
    models: dict[str, list[tuple[Period, BillingModel]]] = defaultdict(list)
    for client_id, month, model in _fetch(
        session,
        "SELECT b.client_id, b.effective_from, b.model FROM client_billing_model AS b "
        "JOIN client AS c ON c.id = b.client_id "
        f"WHERE b.deleted = :no AND c.partner_id = :partner AND {_EXISTED}",
        params,
    ):
        when = months.get(month) or months.setdefault(month, Period.parse(month))
        models[client_id].append((when, models_by_name[model]))
    # The licenses of the partner's live members overlapping the range. Not joined to the
    # clients: rows of clients that did not exist then are read and left out below (cheaper
    # than a lookup per row). The unary + keeps SQLite from starting at the partner index:
    # scanning the table is faster.
    partner = "+l.partner_id" if sqlite else "l.partner_id"
    rows = _fetch(
        session,
        f"""
        SELECT m.client_id, m.id, m.name, {_INTERVAL_SQLITE if sqlite else _INTERVAL_POSTGRES}
        FROM member_license AS l
        JOIN member AS m ON m.id = l.member_id
        WHERE {partner} = :partner AND m.deleted = :no AND l.deleted = :no
          AND l.start < :end AND (l."end" IS NULL OR l."end" > :first)
        """,
        params,
    )
    members_of = _members(rows, day)
    no_members: list[MemberInput] = []
    return [
        ClientInput(
            key=client_id,
            name=name,
            created=day(created),
            archived=None if archived is None else day(archived),
            billing_models=tuple(models.get(client_id, ())),
            members=tuple(members_of.get(client_id, no_members)),
        )
        for client_id, name, created, archived in clients
    ]


def _members(rows: Sequence[Any], day: _DateCache) -> dict[str, list[MemberInput]]:
    """Each client's members from rows (client id, member id, member name, interval text).

    One pass. The intervals are shared TierIntervals, one per distinct text (the rows repeat
    a few thousand). The driver returns a member's rows one after the other (a client's too),
    so a member is complete when the next row is another's: it is built then, without a
    lookup per row. Rows in another order still give the same result (`_joined`)."""
    tiers = {tier.value: tier for tier in LicenseTier}
    intervals: dict[str, TierInterval] = {}
    members_of: dict[str, list[MemberInput]] = {}
    members: list[MemberInput] = []
    seen: set[str] = set()
    last_client: object = None
    last_member: Any = None
    last_name: Any = None
    spans: tuple[TierInterval, ...] = ()
    new_member = tuple.__new__  # MemberInput is a NamedTuple: (key, name, licenses)
    for client_id, member_id, member_name, text in rows:
        held = intervals.get(text)
        if held is None:
            tier, start, until = text.split(" ")
            held = intervals[text] = TierInterval(
                tiers[tier], day(start), day(until) if until else None
            )
        if member_id == last_member:
            spans += (held,)  # rare: most members hold one interval in a period
            continue
        if spans:
            members.append(new_member(MemberInput, (last_member, last_name, spans)))
        last_member, last_name, spans = member_id, member_name, (held,)
        seen.add(member_id)
        if client_id != last_client:
            last_client = client_id
            members = members_of.setdefault(client_id, [])
    if spans:
        members.append(new_member(MemberInput, (last_member, last_name, spans)))
    if len(seen) != sum(map(len, members_of.values())):  # a member's rows were apart
        members_of = {key: _joined(found) for key, found in members_of.items()}
    return members_of


def _joined(members: list[MemberInput]) -> list[MemberInput]:
    """One MemberInput per member (a client's members all come from its own rows), at the
    place of its first, with its intervals in the rows' order."""
    by_key: dict[str, MemberInput] = {}
    for member in members:
        earlier = by_key.get(member.key)
        by_key[member.key] = (
            member
            if earlier is None
            else earlier._replace(licenses=(*earlier.licenses, *member.licenses))
        )
    return list(by_key.values())


class _DateCache(dict[object, dt.date]):
    """Dates as ISO text (as the queries give them): each distinct one parsed once."""

    def __call__(self, value: str | dt.date) -> dt.date:
        try:
            return self[value]
        except KeyError:
            day = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
            self[value] = day
            return day


def _fetch(session: Session, sql: str, params: dict[str, object]) -> Sequence[Any]:
    """Plain tuples from the driver's own cursor, on the session's connection (and so in
    its transaction): SQLAlchemy's result rows cost more than the billing arithmetic.

    `sql` names its parameters `:name` (SQLite's style), rewritten for drivers that use
    `%(name)s` (psycopg)."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":  # sqlite3 takes `:name` as it is
        sql = _PARAM.sub(r"%(\1)s", sql)
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql, params)
        return cursor.fetchall()
    finally:
        cursor.close()


_PARAM = re.compile(r"(?<![:\w]):(\w+)")
