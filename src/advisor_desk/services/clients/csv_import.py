"""`advisor-desk clients import FILE.csv`: onboard many clients (and members) at once.

The file is CSV (UTF-8, or Excel's Windows-1252 with a note; `,`, `;` or tab) or an Excel
workbook (.xlsx, its first sheet): services.tabular reads both, each row keeping its line.

Header `name,domain,billing_model,template`, optionally `address` (the client's postal
address, its lines in one quoted cell), `contact_email,contact_name` (its primary contact)
and `member_email,member_name,license_tier`; a client's name repeated on later rows adds
members to it. Every row is checked before anything is written — one error list, each
problem on its line
(`clients.csv line 7: license_tier "gold" is not one of free, just_risk, risk_compliance`)
— then all clients are onboarded in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session

from advisor_desk.services.clients.onboarding import NewClient, NewMember, Onboarding
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.ops import run_op
from advisor_desk.services.tabular import read_table
from advisor_desk.services.workspace.summary import ImportSummary
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Partner

CLIENT_COLUMNS = ("name", "domain", "billing_model", "template")
OPTIONAL_COLUMNS = ("address", "contact_email", "contact_name")
MEMBER_COLUMNS = ("member_email", "member_name", "license_tier")
_MEMBER_FIELDS = {"email": "member_email", "name": "member_name", "license_tier": "license_tier"}


@dataclass
class _Client:
    line: int
    request: NewClient
    member_lines: list[int] = field(default_factory=list)
    contact: tuple[str, str] = ("", "")  # (e-mail, name): the primary contact


def import_clients_csv(
    store: Store, data: bytes | str, *, source: str = "clients.csv"
) -> ImportSummary:
    """Onboard the file's clients; ValidationError (every problem, by line) writes nothing.

    `data`: the file's bytes (CSV in any encoding services.tabular reads, or .xlsx), or text.
    """
    return run_op(store, apply_import_clients, read_clients_csv(data, source=source)).value


@dataclass(frozen=True)
class ClientsFile:
    """A clients file read (before the transaction): its clients, the problems found in the
    file alone, and how its places are named ("clients.csv line")."""

    clients: tuple[_Client, ...]
    problems: tuple[tuple[str, str], ...]
    unit: str
    notes: tuple[str, ...]


def read_clients_csv(data: bytes | str, *, source: str = "clients.csv") -> ClientsFile:
    table = read_table(data, source=source)
    header, rows = _read(table.rows, source)
    unit = f"{source} {table.unit}"
    clients, problems = _clients(header, rows, unit)
    return ClientsFile(tuple(clients), tuple(problems), unit, tuple(table.notes))


def apply_import_clients(session: Session, partner: Partner, file: ClientsFile) -> ImportSummary:
    """Onboard a read clients file in the caller's transaction, or refuse it whole."""
    onboarding = Onboarding(session, partner)
    problems = list(file.problems)
    for client in file.clients:
        problems += _check(onboarding, client, file.unit)
    if problems:
        raise ValidationError(sorted(problems, key=_line_order))
    for client in file.clients:
        made = onboarding.create(client.request)
        made.contact_email, made.contact_name = client.contact
    members = sum(len(client.request.members) for client in file.clients)
    counts = {"clients": len(file.clients), "members": members}
    return ImportSummary(counts=counts, notes=file.notes)


def _read(
    table: tuple[tuple[int, list[str]], ...], source: str
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header (lower-case names) and the non-blank rows with their first line number."""
    header = [cell.strip().lower() for cell in table[0][1]] if table else None
    rows = list(table[1:])
    if header is None:
        expected = ",".join(CLIENT_COLUMNS)
        raise ValidationError([(source, f"is empty; its first line must be the header {expected}")])
    problems = [(source, f'missing column "{c}"') for c in CLIENT_COLUMNS if c not in header]
    known = CLIENT_COLUMNS + OPTIONAL_COLUMNS + MEMBER_COLUMNS
    problems += [(source, f'unknown column "{c}"') for c in header if c not in known]
    problems += [
        (source, f'column "{c}" appears twice')
        for c in dict.fromkeys(header)
        if header.count(c) > 1
    ]
    if problems:
        raise ValidationError(problems)
    return header, rows


def _clients(
    header: list[str], rows: list[tuple[int, list[str]]], unit: str
) -> tuple[list[_Client], list[tuple[str, str]]]:
    """One request per client name (case-insensitive), members from every row of it."""
    clients: dict[str, _Client] = {}
    problems: list[tuple[str, str]] = []
    for line, row in rows:
        place = f"{unit} {line}"
        if len(row) > len(header):
            problems.append((place, f"has {len(row)} values but the header has {len(header)}"))
            continue
        cells = dict.fromkeys(header, "") | {
            name: value.strip() for name, value in zip(header, row, strict=False)
        }
        name = cells["name"]
        if not name:
            problems.append((place, "name is empty"))
            continue
        client = clients.get(name.casefold())
        if client is None:
            client = clients[name.casefold()] = _Client(
                line,
                NewClient(
                    name=name,
                    template=cells["template"] or None,
                    domain=cells["domain"],
                    address=cells.get("address", ""),
                    billing_model=cells["billing_model"] or None,
                ),
            )
            client.contact = (cells.get("contact_email", "").lower(), cells.get("contact_name", ""))
            problems += _contact_problems(client.contact, place)
        else:
            problems += _same_client(client, cells, place)
        email = cells.get("member_email", "")
        if email:
            member = NewMember(
                email, cells.get("member_name", ""), cells.get("license_tier") or None
            )
            members = (*client.request.members, member)
            client.request = replace(client.request, members=members)
            client.member_lines.append(line)
        elif cells.get("member_name") or cells.get("license_tier"):
            problems.append((place, "member_email is empty but the row has a member"))
    return list(clients.values()), problems


def _contact_problems(contact: tuple[str, str], place: str) -> list[tuple[str, str]]:
    from advisor_desk.domain.bizdev_fields import CLIENT_FIELDS
    from advisor_desk.domain.errors import DomainError

    problems = []
    for column, value in zip(("contact_email", "contact_name"), contact, strict=True):
        try:
            CLIENT_FIELDS[column](value, column)
        except DomainError as error:
            problems.append((place, f"{column} {error.message}"))
    return problems


def _same_client(client: _Client, cells: dict[str, str], place: str) -> list[tuple[str, str]]:
    """A repeated row may leave the client's columns empty, or repeat them, not change them."""
    first = client.request
    given = {
        "domain": first.domain,
        "address": first.address,
        "billing_model": first.billing_model,
        "template": first.template,
    }
    return [
        (place, f'{column} "{cells[column]}" differs from line {client.line} ("{value or ""}")')
        for column, value in given.items()
        if cells.get(column) and cells[column] != value
    ]


def _check(onboarding: Onboarding, client: _Client, unit: str) -> list[tuple[str, str]]:
    problems = [
        (f"{unit} {client.line}", _message(column, message))
        for column, message in onboarding.check_client(client.request)
    ]
    first_line: dict[str, int] = {}
    for line, member in zip(client.member_lines, client.request.members, strict=True):
        place = f"{unit} {line}"
        member_problems = onboarding.check_member(member)
        problems += [(place, _message(_MEMBER_FIELDS[f], m)) for f, m in member_problems]
        earlier = first_line.setdefault(member.email.casefold(), line)
        if earlier != line:
            problems.append((place, f'member_email "{member.email}" is already on line {earlier}'))
    return problems


def _message(column: str, message: str) -> str:
    """Checks' messages start with the value or a verb (`"gold" is not one of …`, `must not be
    empty`), so they follow the column's name; the name clash is already a whole sentence."""
    return message if message.startswith("a client named") else f"{column} {message}"


def _line_order(problem: tuple[str, str]) -> int:
    """Problems in line order (a stable sort keeps each line's own order)."""
    number = problem[0].rsplit(" ", 1)[-1]
    return int(number) if number.isdigit() else 0
