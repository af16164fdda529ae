"""Turning a validated Workspace's records into queued rows (`BulkWriter`), names resolved
to row ids: the new rows' own or, when merging, the store's."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.services.workspace.bulk import BulkWriter
from advisor_desk.services.workspace.content_billing import implied_grants
from advisor_desk.services.workspace.load_bizdev import BizdevLoader, add_content_entries
from advisor_desk.services.workspace.load_plans import (
    add_client_plan,
    add_content_children,
    add_template_plan,
)
from advisor_desk.services.workspace.records import (
    AdvisorRecord,
    ClientRecord,
    DocumentRecord,
    PartnerRecord,
    TemplateRecord,
    Workspace,
    fold,
)
from advisor_desk.store.base import Synced
from advisor_desk.store.models import (
    Advisor,
    AdvisorAccess,
    AdvisorActivity,
    Agreement,
    Assessment,
    Client,
    ClientBillingModel,
    ClientContent,
    ClientTemplate,
    ContentGrant,
    ContentItem,
    ContentPrice,
    Document,
    DocumentLine,
    Member,
    MemberLicense,
    Partner,
    Prospect,
    ResaleSettings,
    RiskReview,
    TemplateContent,
)

_MODELS: dict[str, type[Synced]] = {
    "content": ContentItem,
    "templates": ClientTemplate,
    "clients": Client,
    "advisors": Advisor,
    "prospects": Prospect,
}


class RowLoader:
    """Turns records into queued rows, resolving names to ids (new rows or, when merging,
    the store's own)."""

    def __init__(self, writer: BulkWriter, *, merging: bool) -> None:
        self.writer = writer
        self.merging = merging
        self.ids: dict[str, dict[str, str]] = {
            "content": {},
            "templates": {},
            "clients": {},
            "advisors": {},
            "prospects": {},
        }
        self.new: dict[str, set[str]] = {key: set() for key in self.ids}
        self.skipped: dict[str, list[str]] = {}

    def find_existing(self, session: Session) -> None:
        partner_id = self.writer.partner_id
        for key, model, column in (
            ("content", ContentItem, ContentItem.title),
            ("templates", ClientTemplate, ClientTemplate.name),
            ("clients", Client, Client.name),
            ("advisors", Advisor, Advisor.email),
            ("prospects", Prospect, Prospect.name),
        ):
            rows = session.execute(
                select(column, model.id).where(
                    model.partner_id == partner_id, model.deleted.is_(False)
                )
            )
            self.ids[key] = {fold(name): row_id for name, row_id in rows}

    def counts(self) -> dict[str, int]:
        counted = (
            ("advisors", Advisor),
            ("clients", Client),
            ("members", Member),
            ("content", ContentItem),
            ("templates", ClientTemplate),
            ("documents", Document),
        )
        counts = {entity: self.writer.count(model) for entity, model in counted}
        for entity, model in (
            ("prospects", Prospect),
            ("reviews", RiskReview),
            ("assessments", Assessment),
        ):
            if self.writer.count(model):  # only when there are some: the lines stay as they were
                counts[entity] = self.writer.count(model)
        return counts

    def claim(self, key: str, name: str) -> str | None:
        """A new id for `name`, or None (and `name` skipped) when it is already there."""
        folded = fold(name)
        if folded in self.ids[key]:
            self.skipped.setdefault(key, []).append(name)
            return None
        row_id = self.ids[key][folded] = self.writer.new_id(_MODELS[key])
        self.new[key].add(folded)
        return row_id

    def add_partner(self, partner: PartnerRecord) -> None:
        partner_id = self.writer.partner_id
        self.writer.add(
            Partner, partner_id, name=partner.name, timezone=partner.timezone, locale=partner.locale
        )
        for agreement in partner.agreements:
            prices = agreement.license_price
            self.writer.add(
                Agreement,
                currency=agreement.currency,
                advisor_fee=agreement.advisor_fee,
                price_free=prices[LicenseTier.FREE],
                price_just_risk=prices[LicenseTier.JUST_RISK],
                price_risk_compliance=prices[LicenseTier.RISK_COMPLIANCE],
                referral_rate=agreement.referral_rate,
                tax_rate=agreement.tax_rate,
                effective_from=str(agreement.effective_from),
            )
        terms = partner.resale
        if terms is not None:
            self.writer.add(
                ResaleSettings,
                price_just_risk=terms.license_price[LicenseTier.JUST_RISK],
                price_risk_compliance=terms.license_price[LicenseTier.RISK_COMPLIANCE],
                tax_rate=terms.tax_rate,
                legal_name=terms.legal_name,
                tax_number=terms.tax_number,
                address=terms.address,
                bank_details=terms.bank_details,
                invoice_prefix=terms.invoice_prefix,
                payment_terms_days=terms.payment_terms_days,
                logo_png=partner.logo_png,
            )

    def add_all(self, ws: Workspace) -> None:
        content = self.ids["content"]
        for item in ws.content:
            row_id = self.claim("content", item.title)
            if row_id is not None:
                self.writer.add(
                    ContentItem,
                    row_id,
                    title=item.title,
                    kind=item.kind.value,
                    library=item.library,
                    item_version=item.version,
                    description=item.description,
                    price=item.price,
                    published=item.published,
                    locked=item.locked,
                    tags=list(item.tags),
                    charging=item.charging,
                )
                add_content_children(self.writer, row_id, item)
                add_content_entries(self.writer, row_id, item)
                for month, price in item.prices:
                    self.writer.add(
                        ContentPrice, content_id=row_id, effective_from=str(month), price=price
                    )
        self.pushes = {
            fold(item.title): [(p.pushed_at, p.targets) for p in item.pushes] for item in ws.content
        }
        self.bizdev = BizdevLoader(self, ws)  # prospects and reviews claimed: registers name them
        planned: list[tuple[str, TemplateRecord]] = []
        for template in ws.templates:
            row_id = self.claim("templates", template.name)
            if row_id is None:
                continue
            self.writer.add(
                ClientTemplate,
                row_id,
                name=template.name,
                description=template.description,
                license_tier=template.license_tier.value,
                billing_model=template.billing_model.value,
                members=template.members,
                revision=template.revision,
                archived=template.archived,
            )
            for title in template.content:
                self.writer.add(
                    TemplateContent, template_id=row_id, content_id=content[fold(title)]
                )
            planned.append((row_id, template))
        for client in ws.clients:
            self._add_client(client)
        for advisor in ws.advisors:
            self._add_advisor(advisor)
        for row_id, template in planned:  # after the advisors: the plan names them
            add_template_plan(self.writer, row_id, template, content, self.ids["advisors"])
        self.bizdev.add_rest(ws)
        if self.merging:
            self.skipped["documents"] = [_document_name(d) for d in ws.documents]
        else:
            self._add_documents(ws.documents)

    def _add_client(self, client: ClientRecord) -> None:
        client_id = self.claim("clients", client.name)
        if client_id is None:
            return
        template = client.template
        self.writer.add(
            Client,
            client_id,
            name=client.name,
            domain=client.domain,
            address=client.address,
            employees=client.employees,
            created=client.created,
            archived=client.archived,
            tags=list(client.tags),
            template_id=None if template is None else self.ids["templates"][fold(template)],
            template_version=client.template_revision,
            contact_name=client.contact_name,
            contact_email=client.contact_email,
        )
        for month, model in client.billing_models:
            self.writer.add(
                ClientBillingModel,
                client_id=client_id,
                effective_from=str(month),
                model=model.value,
            )
        for member in client.members:
            member_id = self.writer.add(
                Member, client_id=client_id, email=member.email, name=member.name
            )
            for held in member.licenses:
                self.writer.add(
                    MemberLicense,
                    member_id=member_id,
                    tier=held.tier.value,
                    start=held.start,
                    end=held.end,
                )
        content = self.ids["content"]
        for title in client.content:
            self.writer.add(ClientContent, client_id=client_id, content_id=content[fold(title)])
        grants = client.grants
        if grants is None:  # a file from before grant history: held since pushed
            grants = implied_grants(client, getattr(self, "pushes", {}))
        for title, start, end in grants:
            self.writer.add(
                ContentGrant,
                client_id=client_id,
                content_id=content[fold(title)],
                start=start,
                end=end,
            )
        add_client_plan(self.writer, client_id, client, content)
        self.bizdev.add_register(client.risks, client_id)

    def _add_advisor(self, advisor: AdvisorRecord) -> None:
        folded = fold(advisor.email)
        advisor_id = self.claim("advisors", advisor.email) or self.ids["advisors"][folded]
        is_new = folded in self.new["advisors"]
        if is_new:
            self.writer.add(
                Advisor, advisor_id, email=advisor.email, name=advisor.name, role=advisor.role
            )
            for interval in advisor.active:
                self.writer.add(
                    AdvisorActivity, advisor_id=advisor_id, start=interval.start, end=interval.end
                )
        clients = self.ids["clients"]
        for name in advisor.client_access:
            # Both sides already there: the store's access list is the store's business.
            if is_new or fold(name) in self.new["clients"]:
                self.writer.add(AdvisorAccess, advisor_id=advisor_id, client_id=clients[fold(name)])

    def _add_documents(self, documents: tuple[DocumentRecord, ...]) -> None:
        numbered = (d.number for d in documents if d.number is not None)
        ids = {fold(number): self.writer.new_id(Document) for number in numbered}
        clients = self.ids["clients"]
        for doc in documents:
            document_id = self.writer.add(
                Document,
                ids[fold(doc.number)] if doc.number is not None else "",
                kind=doc.kind.value,
                status=doc.status.value,
                number=doc.number,
                period=str(doc.period),
                recipient=doc.recipient,
                client_id=None if doc.client is None else clients[fold(doc.client)],
                references_id=None if doc.references is None else ids[fold(doc.references)],
                currency=doc.currency,
                tax_rate=doc.tax_rate,
                subtotal=doc.subtotal,
                tax=doc.tax,
                total=doc.total,
                snapshot_json=(
                    None
                    if doc.snapshot is None
                    else json.dumps(doc.snapshot, sort_keys=True, ensure_ascii=False)
                ),
                pdf_sha256=doc.pdf_sha256,
                pdf_file=None,
                issued_at=doc.issued_at,
            )
            for position, line in enumerate(doc.lines):
                self.writer.add(
                    DocumentLine,
                    document_id=document_id,
                    position=position,
                    description=line.description,
                    quantity=line.quantity,
                    unit_price=line.unit_price,
                    amount=line.amount,
                    group_name=line.group,
                )


def _document_name(doc: DocumentRecord) -> str:
    return doc.number or f"draft {doc.kind.value} {doc.period} {doc.recipient}"
