"""Exporting the whole workspace: the store's live rows read into a Workspace, then its file."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnClause, ColumnElement, literal_column, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from advisor_desk.domain.billing_model import BillingModel
from advisor_desk.domain.documents import DocumentKind, DocumentStatus
from advisor_desk.domain.documents import DocumentLine as Line
from advisor_desk.domain.licenses import ContentKind, LicenseTier, TierInterval
from advisor_desk.domain.periods import Interval, Period
from advisor_desk.services.billing.charges import load_agreements, load_resale_terms
from advisor_desk.services.grants import load_grants
from advisor_desk.services.ops import run_query
from advisor_desk.services.workspace.export_bizdev import BizdevReader
from advisor_desk.services.workspace.export_plans import (
    AnyRow,
    client_plans,
    content_children,
    template_plans,
)
from advisor_desk.services.workspace.records import (
    DEFAULT_CURRENCY,
    AdvisorRecord,
    ClientRecord,
    ContentRecord,
    DocumentRecord,
    MemberRecord,
    PartnerRecord,
    SeriesRecord,
    TemplateRecord,
    Workspace,
)
from advisor_desk.services.workspace.writer import to_json
from advisor_desk.store.engine import Store
from advisor_desk.store.models import (
    Advisor,
    AdvisorAccess,
    AdvisorActivity,
    Client,
    ClientBillingModel,
    ClientContent,
    ClientTemplate,
    ContentItem,
    ContentPrice,
    Document,
    DocumentLine,
    Member,
    MemberLicense,
    NumberSeries,
    Partner,
    ResaleSettings,
    TemplateContent,
)

# The order rows were recorded in (SQLite's rowid): of two billing-model changes for the same
# month, the later one is in force, so their order is kept.
_RECORDED: ColumnClause[Any] = literal_column("rowid")


def export_workspace(store: Store) -> bytes:
    """The whole workspace as the file's bytes (deterministic; tombstoned rows left out)."""
    return to_json(run_query(store, read_workspace))


def read_workspace(session: Session, partner: Partner) -> Workspace:
    """The live rows of `partner` as a Workspace (a query: `run_query` runs it)."""
    return _Reader(session, partner).workspace()


class _Reader:
    def __init__(self, session: Session, partner: Partner) -> None:
        self.session = session
        self.partner = partner

    def rows(self, *columns: InstrumentedAttribute[Any], order: Iterable[Any] = ()) -> list[AnyRow]:
        model = columns[0].class_
        where: list[ColumnElement[bool]] = [
            model.partner_id == self.partner.id,
            model.deleted.is_(False),
        ]
        return list(self.session.execute(select(*columns).where(*where).order_by(*order)))

    def workspace(self) -> Workspace:
        partner = self._partner()
        content = {row.id: row for row in self.rows(*_columns(ContentItem))}
        titles = {row_id: row.title for row_id, row in content.items()}
        emails = {row.id: row.email for row in self.rows(Advisor.id, Advisor.email)}
        templates = self._templates(titles, emails)
        client_names = {row.id: row.name for row in self.rows(Client.id, Client.name)}
        bizdev = BizdevReader(self.rows, titles, client_names)
        clients = self._clients(titles, {t_id: t.name for t_id, t in templates.items()}, bizdev)
        children = content_children(self.rows)
        library_risks, questions = bizdev.content_entries()
        prices: defaultdict[str, tuple[tuple[Period, Decimal | None], ...]] = defaultdict(tuple)
        for content_id, month, price in self.rows(
            ContentPrice.content_id,
            ContentPrice.effective_from,
            ContentPrice.price,
            order=[ContentPrice.effective_from, _RECORDED],
        ):
            prices[content_id] += ((Period.parse(month), price),)
        return Workspace(
            partner=partner,
            advisors=self._advisors(client_names),
            clients=tuple(clients.values()),
            content=tuple(
                replace(
                    _content(row, children),
                    charging=row.charging,
                    prices=prices[row_id],
                    risks=tuple(library_risks[row_id]),
                    questions=tuple(questions[row_id]),
                )
                for row_id, row in content.items()
            ),
            templates=tuple(templates.values()),
            documents=self._documents(client_names),
            number_series=tuple(
                SeriesRecord(row.key, row.prefix, row.width, row.last_number)
                for row in self.session.execute(
                    select(NumberSeries).where(NumberSeries.partner_id == self.partner.id)
                ).scalars()
            ),
            prospects=bizdev.prospects(),
            reviews=tuple(review for _, review in bizdev.reviews),
            assessments=bizdev.assessments(),
        )

    def _partner(self) -> PartnerRecord:
        partner = self.partner
        agreements = sorted(
            load_agreements(self.session, partner.id), key=lambda a: a.effective_from
        )
        currency = agreements[-1].currency if agreements else DEFAULT_CURRENCY
        logo = self.rows(ResaleSettings.logo_png, order=[_RECORDED])
        return PartnerRecord(
            name=partner.name,
            timezone=partner.timezone,
            locale=partner.locale,
            agreements=tuple(agreements),
            resale=load_resale_terms(self.session, partner.id, currency),
            logo_png=logo[0].logo_png if logo else None,
        )

    def _templates(
        self, titles: dict[str, str], emails: dict[str, str]
    ) -> dict[str, TemplateRecord]:
        content = _grouped(
            self.rows(TemplateContent.template_id, TemplateContent.content_id), titles
        )
        plans = template_plans(self.rows, _RECORDED, titles, emails)
        return {
            row.id: TemplateRecord(
                name=row.name,
                license_tier=LicenseTier(row.license_tier),
                billing_model=BillingModel(row.billing_model),
                content=tuple(content[row.id]),
                members=row.members,
                description=row.description,
                revision=row.revision,
                archived=row.archived,
                risks=tuple(plans["risks"][row.id]),
                assessments=tuple(plans["assessments"][row.id]),
                advisors=tuple(plans["advisors"][row.id]),
                revisions=tuple(plans["revisions"][row.id]),
            )
            for row in self.rows(*_columns(ClientTemplate))
        }

    def _clients(
        self, titles: dict[str, str], template_names: dict[str, str], bizdev: BizdevReader
    ) -> dict[str, ClientRecord]:
        models: defaultdict[str, list[tuple[Period, BillingModel]]] = defaultdict(list)
        for client_id, month, model in self.rows(
            ClientBillingModel.client_id,
            ClientBillingModel.effective_from,
            ClientBillingModel.model,
            order=[ClientBillingModel.effective_from, _RECORDED],
        ):
            models[client_id].append((Period.parse(month), BillingModel(model)))
        licenses: defaultdict[str, list[TierInterval]] = defaultdict(list)
        for member_id, tier, start, end in self.rows(
            MemberLicense.member_id,
            MemberLicense.tier,
            MemberLicense.start,
            MemberLicense.end,
            order=[MemberLicense.start],
        ):
            licenses[member_id].append(TierInterval(LicenseTier(tier), start, end))
        members: defaultdict[str, list[MemberRecord]] = defaultdict(list)
        for member_id, client_id, email, name in self.rows(
            Member.id, Member.client_id, Member.email, Member.name
        ):
            members[client_id].append(MemberRecord(email, name, tuple(licenses[member_id])))
        content = _grouped(self.rows(ClientContent.client_id, ClientContent.content_id), titles)
        grants: defaultdict[str, list[tuple[str, dt.date, dt.date | None]]] = defaultdict(list)
        for grant in load_grants(self.session, self.partner.id):
            if grant.item_key in titles:
                grants[grant.client_key].append((titles[grant.item_key], grant.start, grant.end))
        plans = client_plans(self.rows, titles)
        return {
            row.id: ClientRecord(
                name=row.name,
                created=row.created,
                domain=row.domain,
                address=row.address or "",
                employees=row.employees,
                billing_models=tuple(models[row.id]),
                archived=row.archived,
                tags=tuple(row.tags),
                members=tuple(members[row.id]),
                content=tuple(content[row.id]),
                grants=tuple(grants[row.id]),
                template=template_names.get(row.template_id or ""),
                template_revision=row.template_version,
                risks=bizdev.client_risks(row.id),
                assessments=tuple(plans["assessments"][row.id]),
                contact_name=row.contact_name,
                contact_email=row.contact_email,
            )
            for row in self.rows(*_columns(Client))
        }

    def _advisors(self, client_names: dict[str, str]) -> tuple[AdvisorRecord, ...]:
        active: defaultdict[str, list[Interval]] = defaultdict(list)
        for advisor_id, start, end in self.rows(
            AdvisorActivity.advisor_id,
            AdvisorActivity.start,
            AdvisorActivity.end,
            order=[AdvisorActivity.start],
        ):
            active[advisor_id].append(Interval(start, end))
        access = _grouped(
            self.rows(AdvisorAccess.advisor_id, AdvisorAccess.client_id), client_names
        )
        return tuple(
            AdvisorRecord(
                email=row.email,
                name=row.name,
                role=row.role,
                active=tuple(active[row.id]),
                client_access=tuple(set(access[row.id])),
            )
            for row in self.rows(Advisor.id, Advisor.email, Advisor.name, Advisor.role)
        )

    def _documents(self, client_names: dict[str, str]) -> tuple[DocumentRecord, ...]:
        lines: defaultdict[str, list[Line]] = defaultdict(list)
        for row in self.rows(*_columns(DocumentLine), order=[DocumentLine.position]):
            lines[row.document_id].append(
                Line(row.description, row.quantity, row.unit_price, row.amount, row.group_name)
            )
        documents = self.rows(*_columns(Document))
        numbers = {row.id: row.number for row in documents}
        return tuple(
            DocumentRecord(
                kind=DocumentKind(row.kind),
                period=Period.parse(row.period),
                recipient=row.recipient,
                currency=row.currency,
                tax_rate=row.tax_rate,
                subtotal=row.subtotal,
                tax=row.tax,
                total=row.total,
                status=DocumentStatus(row.status),
                number=row.number,
                client=client_names.get(row.client_id or ""),
                references=numbers.get(row.references_id or ""),
                issued_at=row.issued_at,
                pdf_sha256=row.pdf_sha256,
                snapshot=None if row.snapshot_json is None else json.loads(row.snapshot_json),
                lines=tuple(lines[row.id]),
            )
            for row in documents
        )


def _columns(model: type[Any]) -> list[InstrumentedAttribute[Any]]:
    return [getattr(model, column.key) for column in model.__table__.columns]


def _grouped(pairs: Iterable[AnyRow], names: dict[str, str]) -> dict[str, list[str]]:
    """owner id → the names of the live rows it points at (links to tombstones dropped)."""
    grouped: defaultdict[str, list[str]] = defaultdict(list)
    for owner_id, target_id in pairs:
        name = names.get(target_id)
        if name is not None:
            grouped[owner_id].append(name)
    return grouped


def _content(row: AnyRow, children: dict[str, defaultdict[str, list[Any]]]) -> ContentRecord:
    return ContentRecord(
        title=row.title,
        kind=ContentKind(row.kind),
        library=row.library,
        version=row.item_version,
        price=row.price,
        published=row.published,
        locked=row.locked,
        tags=tuple(row.tags),
        description=row.description,
        versions=tuple(children["versions"][row.id]),
        files=tuple(children["files"][row.id]),
        provisions=tuple(children["provisions"][row.id]),
        pushes=tuple(children["pushes"][row.id]),
    )
