"""The tree's rows: what kind each is, its key (for remembering expansion), what it shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from advisor_desk.domain.documents import DocumentStatus
from advisor_desk.services.bizdev.prospects import ProspectSummary, list_prospects
from advisor_desk.services.clients.tree import (
    AdvisorRow,
    ClientIndex,
    ClientRow,
    ContentRow,
    DocumentRow,
    IndexEntry,
    MemberRow,
    client_index,
    client_rows,
    tree_advisors,
)
from advisor_desk.services.ops import run_query
from advisor_desk.store.engine import Store
from advisor_desk.ui.money import DEFAULT_LOCALE, format_money
from advisor_desk.ui.tree import labels
from advisor_desk.ui.tree.kinds import (  # noqa: F401 - the tree's names, as before
    BATCH,
    CLIENT_FOLDERS,
    FOLDER_LABELS,
    FOLDERS,
    Kind,
    expandable,
)


@dataclass(frozen=True)
class Snapshot:
    """What the tree shows at the top: made in a worker (the filter query can take 200 ms)."""

    partner_name: str
    text: str
    index: ClientIndex
    advisors: tuple[AdvisorRow, ...]
    advisor_total: int
    rows: dict[str, ClientRow] = field(default_factory=dict)  # the first clients, prefetched
    locale: str = DEFAULT_LOCALE  # how the partner writes money (documents' totals)
    prospects: tuple[ProspectSummary, ...] = ()  # the filter's prospects (never billed)


@dataclass(eq=False)
class Node:
    kind: Kind
    key: str  # unique path, e.g. "partner/clients/client:<id>/members"
    label: str
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    row_id: str = ""  # the service id of an advisor, client, member, content item, document
    detail: str = ""  # second line of a client, right-hand note of others
    tooltip: str = ""
    muted: bool = False  # archived clients, members who left, inactive advisors
    pending: list[IndexEntry] = field(default_factory=list)  # clients not fetched yet
    loaded: bool = False  # children fetched (leaves: always)
    filter_text: str = ""  # the filter its children are fetched with ("" = all of them)
    position: int = 0  # its row under its parent (kept, not searched: 5,000 siblings)
    entry: IndexEntry | None = None  # a client's place in the index (its tags, what matched)

    @property
    def expandable(self) -> bool:
        return expandable(self.kind)

    def add(self, child: Node) -> Node:
        child.parent = self
        child.position = len(self.children)
        self.children.append(child)
        return child

    def local_key(self) -> str:
        return self.key.rsplit("/", 1)[-1]


def child_key(parent: Node, local: str) -> str:
    return f"{parent.key}/{local}" if parent.key else local


def advisor_node(parent: Node, row: AdvisorRow) -> Node:
    note = labels.advisor_note(row.role.label, row.active_now)
    return Node(
        Kind.ADVISOR,
        child_key(parent, f"advisor:{row.id}"),
        row.name,
        row_id=row.id,
        detail=note,
        tooltip=f"{row.name} <{row.email}>\n{note}",
        muted=not row.active_now,
        loaded=True,
    )


def describe_client(row: ClientRow) -> tuple[str, str]:
    """The second line (`4 R&C · 1 JR · 3 free · Reseller`) and the tooltip of a client.

    The tooltip's tags are added when it is asked for (`tooltip_of`): decoding every row's
    tags while filtering costs more than the rest of building the row.
    """
    model = row.billing_model.label if row.billing_model else None
    return labels.describe_client(row.name, row.license_mix, model, row.archived)


def client_node(parent: Node, entry: IndexEntry, row: ClientRow | None) -> Node:
    if row is None:  # deleted while the tree was open: shown until the next refresh
        return Node(Kind.CLIENT, child_key(parent, f"client:{entry.id}"), entry.name, muted=True)
    detail, tip = describe_client(row)
    node = Node(
        Kind.CLIENT,
        child_key(parent, f"client:{row.id}"),
        row.name,
        row_id=row.id,
        detail=detail,
        tooltip=tip,
        muted=row.archived is not None,
        loaded=True,
        entry=entry,
    )
    text = "" if entry.matched else _index_text(parent)
    wanted = {
        Kind.MEMBERS: entry.matched or entry.member_match,
        Kind.CONTENT: entry.matched or entry.content_match,
        Kind.DOCUMENTS: entry.matched or entry.document_match,
    }
    for kind in CLIENT_FOLDERS:
        if wanted[kind]:
            folder = Node(kind, child_key(node, kind.value), FOLDER_LABELS[kind], filter_text=text)
            node.add(folder)
    return node


def _index_text(node: Node) -> str:
    while node.parent is not None and node.kind is not Kind.CLIENTS:
        node = node.parent
    return node.filter_text


def member_node(parent: Node, row: MemberRow) -> Node:
    tier = row.tier.label if row.tier is not None else "left"
    return Node(
        Kind.MEMBER,
        child_key(parent, f"member:{row.id}"),
        row.name,
        row_id=row.id,
        detail=tier,
        tooltip=f"{row.name} <{row.email}>\n{tier}",
        muted=row.tier is None,
        loaded=True,
    )


def content_node(parent: Node, row: ContentRow) -> Node:
    return Node(
        Kind.CONTENT_ITEM,
        child_key(parent, f"content:{row.id}"),
        row.title,
        row_id=row.id,
        detail=row.kind.label,
        tooltip=f"{row.title}\n{row.kind.label} · {row.library} library",
        loaded=True,
    )


def document_node(parent: Node, row: DocumentRow, locale: str = DEFAULT_LOCALE) -> Node:
    name = row.number or f"Draft {row.kind.replace('_', ' ')}"
    total = format_money(row.total, row.currency, locale)
    return Node(
        Kind.DOCUMENT,
        child_key(parent, f"document:{row.id}"),
        name,
        row_id=row.id,
        detail=f"{row.period} · {total}",
        tooltip=f"{name}\n{row.period}, {row.status}\n{total}",
        muted=row.status != DocumentStatus.ISSUED,
        loaded=True,
    )


def tooltip_of(node: Node) -> str:
    if node.kind is Kind.CLIENT and node.entry is not None and node.entry.tags_json:
        tags = ", ".join(node.entry.tags)
        if tags:
            return f"{node.tooltip}\nTags: {tags}"
    return node.tooltip


def load_snapshot(store: Store, text: str, include_archived: bool) -> Snapshot:
    """Runs in a worker: everything the top of the tree needs, for one filter text, in one
    read session (one look-up of the partner; every keystroke of the filter comes here)."""
    return run_query(store, _snapshot_query, text, include_archived)


def _snapshot_query(session: Any, partner: Any, text: str, include_archived: bool) -> Snapshot:
    """`load_snapshot`'s queries, each taking (session, partner) like every service query."""
    index = client_index(session, partner, text, include_archived=include_archived)
    advisors = tuple(tree_advisors(session, partner, text))
    total = len(advisors) if not text.strip() else len(tree_advisors(session, partner))
    # So the GUI thread need not ask: the view's first layout of the expanded clients takes
    # two batches at once (QTreeView fetches once more for an expanded row it lays out).
    first = [entry.id for entry in index.entries[: 2 * BATCH]]
    rows = {row.id: row for row in client_rows(session, partner, first)}
    wanted = text.strip().casefold()
    prospects = tuple(
        p
        for p in list_prospects(session, partner)
        if not wanted
        or wanted in " ".join((p.name, p.domain, p.industry, p.contact_email)).casefold()
    )
    name, locale = str(partner.name), str(partner.locale)
    return Snapshot(name, text.strip(), index, advisors, total, rows, locale, prospects)


def prospect_node(parent: Node, row: ProspectSummary) -> Node:
    """A prospect under "Prospects": courted, not a client (its own icon; never billed)."""
    facts = [f for f in (row.industry, row.domain) if f]
    contact = row.contact_email and f"Contact: {row.contact_name or row.contact_email}"
    return Node(
        Kind.PROSPECT,
        child_key(parent, f"prospect:{row.id}"),
        row.name,
        row_id=row.id,
        detail=row.industry or "prospect",
        tooltip="\n".join(
            line
            for line in (row.name, "Prospect (not a client: never billed)", *facts, contact)
            if line
        ),
        loaded=True,
    )
