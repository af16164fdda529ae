"""`make_demo`: fill an empty store with a believable partner, the same for the same seed.

The partner is built as a workspace dict (the documented `export`/`import` format) and loaded
by `services.workspace.import_workspace_data` (`import_workspace` minus the bytes: no JSON
round trip), so the demo takes the same validated bulk path as a user's import. Then the
platform documents of the two previous months are issued, so the demo has invoices. Past
`ISSUE_EVERY_INVOICE_UP_TO` clients, direct-client invoices are left as drafts (a PDF costs
~50 ms; thousands of them would make a big demo take minutes).

Importing a submodule (`services.demo.generator`, for the benchmarks) runs this package
first: what only `make_demo` needs (issuing, the workspace import, the store's models) is
imported when it runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from advisor_desk.domain.documents import DocumentKind
from advisor_desk.domain.periods import Period
from advisor_desk.services.clock import today as clock_today
from advisor_desk.services.demo.generator import (
    PARTNER_NAME,
    PARTNER_TIMEZONE,
    Progress,
    build_workspace,
)
from advisor_desk.services.errors import ServiceError

if TYPE_CHECKING:
    from advisor_desk.store.engine import Store


@dataclass(frozen=True)
class DemoSummary:
    partner: str
    today: str
    advisors: int
    clients: int
    members: int
    content: int
    templates: int
    documents: int


def make_demo(
    store: Store,
    *,
    clients: int = 40,
    content: int = 2000,
    seed: int = 0,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill an empty store with a demo partner; ServiceError if the store holds anything.

    `progress(done, total, stage)` is called per stage, in order: "generating" (clients
    built, every 500), "importing" (0 then 1 of 1), "issuing" (months issued, of 2).
    """
    from advisor_desk.services.billing.platform_details import set_platform
    from advisor_desk.services.demo.bizdev_activity import add_demo_activity
    from advisor_desk.services.demo.risk_libraries import add_risk_libraries
    from advisor_desk.services.workspace.load import import_workspace_data

    if clients < 0 or content < 0:
        raise ServiceError("the number of clients and of content items cannot be negative")
    _refuse_if_not_empty(store)
    today = clock_today(PARTNER_TIMEZONE)
    workspace = build_workspace(
        today, clients=clients, content=content, seed=seed, progress=progress
    )
    if progress is not None:
        progress(0, 1, "importing")
    imported = import_workspace_data(store, workspace, source="demo")
    if progress is not None:
        progress(1, 1, "importing")
    # the platform's own legal details, so the demo's tax invoices are complete ones
    set_platform(store, **DEMO_PLATFORM)
    add_risk_libraries(store)  # risks of the risk libraries, a health check's questions
    add_demo_activity(store)  # a prospect's risk review under way, assessments sent
    documents = _issue_recent_periods(store, Period.of(today), progress, clients)
    return DemoSummary(
        partner=PARTNER_NAME,
        today=today.isoformat(),
        advisors=imported.count("advisors"),
        clients=imported.count("clients"),
        members=imported.count("members"),
        content=imported.count("content"),
        templates=imported.count("templates"),
        documents=documents,
    )


def _refuse_if_not_empty(store: Store) -> None:
    from sqlalchemy import select

    from advisor_desk.store.models import Advisor, Client, ContentItem, Partner

    with store.read() as session:
        for model in (Partner, Advisor, Client, ContentItem):
            if session.scalar(select(model.id).limit(1)) is not None:
                raise ServiceError(
                    "the demo fills only an empty data folder, and this one already holds data"
                )


DEMO_PLATFORM = {
    "legal_name": "Advisor Desk Platform Pty Ltd",
    "address": "Level 9, 1 Example Street\nSydney NSW 2000, Australia",
    "tax_number": "ABN 51 824 753 556",
    "email": "billing@advisordesk.example",
}
ISSUE_EVERY_INVOICE_UP_TO = 300
PARTNER_DOCUMENTS = (DocumentKind.CONSOLIDATED_INVOICE, DocumentKind.REFERRAL_STATEMENT)


def _issue_recent_periods(
    store: Store, current: Period, progress: Progress | None, clients: int
) -> int:
    """Issue the platform documents of the two months before `current`; how many."""
    from advisor_desk.services.billing.issuing import issue_period

    kinds = None if clients <= ISSUE_EVERY_INVOICE_UP_TO else PARTNER_DOCUMENTS
    periods = [current.prev().prev(), current.prev()]
    issued = 0
    for done, period in enumerate(periods):
        if progress is not None:
            progress(done, len(periods), "issuing")
        issued += len(issue_period(store, period, kinds=kinds))
    if progress is not None:
        progress(len(periods), len(periods), "issuing")
    return issued
