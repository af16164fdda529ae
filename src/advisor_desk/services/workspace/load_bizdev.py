"""Queueing business development's rows: prospects, registers, reviews, sent assessments.

Names become row ids through the loader's maps (folded name → id: the new rows' or, when
merging, the store's). When merging, a review or an assessment comes with a new subject
only: it is added when every subject it names (client, prospect) is new in this import.
Respondents' links are not in the file: each participant and assessment gets a new private
link (a new token and its hash), its expiry and revocation kept as they were.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from advisor_desk.domain.respondent_links import new_link
from advisor_desk.services.workspace.bulk import BulkWriter
from advisor_desk.services.workspace.records import ContentRecord, Workspace, fold
from advisor_desk.services.workspace.records_bizdev import RegisterRiskRecord, ReviewRecord
from advisor_desk.store.models import (
    Assessment,
    AssessmentAnswer,
    AssessmentQuestion,
    ClientRisk,
    LibraryRisk,
    Prospect,
    ProspectContact,
    ReviewLibrary,
    ReviewParticipant,
    ReviewResponse,
    ReviewRisk,
    RiskReview,
)

if TYPE_CHECKING:
    from advisor_desk.services.workspace.load_rows import RowLoader


def add_content_entries(writer: BulkWriter, content_id: str, item: ContentRecord) -> None:
    """A new risk library's risks, a new assessment template's questions."""
    for r in item.risks:
        writer.add(
            LibraryRisk,
            content_id=content_id,
            item_version=r.version,
            position=r.position,
            ref=r.ref,
            title=r.title,
            description=r.description,
            domain=r.domain,
            causes=list(r.causes),
            impacts=list(r.impacts),
        )
    for q in item.questions:
        writer.add(
            AssessmentQuestion,
            content_id=content_id,
            item_version=q.version,
            position=q.position,
            ref=q.ref,
            domain=q.domain,
            text=q.text,
            answer_type=q.answer_type,
            options=[[label, rating] for label, rating in q.options],
        )


class BizdevLoader:
    """Claims prospects and reviews before the clients are written (their registers name
    them), then writes the rest once the clients have their ids."""

    def __init__(self, loader: RowLoader, ws: Workspace) -> None:
        self.loader = loader
        self.writer = loader.writer
        ids = loader.ids
        # When merging, only what comes with a new subject: decided before anything is claimed.
        self.new_clients = {fold(c.name) for c in ws.clients if fold(c.name) not in ids["clients"]}
        self.new_prospects: set[str] = set()
        self.prospect_ids: dict[str, str] = {}  # the new prospects' rows
        for p in ws.prospects:
            row_id = loader.claim("prospects", p.name)
            if row_id is not None:
                self.prospect_ids[fold(p.name)] = row_id
                self.new_prospects.add(fold(p.name))
        self.sent: set[int] = set()  # the indexes of the assessments added
        self.review_ids: dict[str, str] = {}  # folded key → the new review's id
        for review in ws.reviews:
            if self._kept(review.client, review.prospect):
                self.review_ids[fold(review.key)] = self.writer.new_id(RiskReview)

    def _kept(self, client: str | None, prospect: str | None) -> bool:
        if not self.loader.merging:
            return True
        return (client is None or fold(client) in self.new_clients) and (
            prospect is None or fold(prospect) in self.new_prospects
        )

    def _subject(self, client: str | None, prospect: str | None) -> tuple[str | None, str | None]:
        ids = self.loader.ids
        return (
            None if client is None else ids["clients"][fold(client)],
            None if prospect is None else ids["prospects"][fold(prospect)],
        )

    def add_register(
        self,
        risks: Iterable[RegisterRiskRecord],
        client_id: str | None,
        prospect_id: str | None = None,
    ) -> None:
        content, prospects = self.loader.ids["content"], self.loader.ids["prospects"]
        for r in risks:
            named = None if r.prospect is None else prospects[fold(r.prospect)]
            self.writer.add(
                ClientRisk,
                client_id=client_id,
                prospect_id=prospect_id or named,
                content_id=None if r.content is None else content[fold(r.content)],
                review_id=None if r.review is None else self.review_ids.get(fold(r.review)),
                ref=r.ref,
                title=r.title,
                description=r.description,
                domain=r.domain,
                causes=list(r.causes),
                impacts=list(r.impacts),
                likelihood=r.likelihood,
                impact=r.impact,
                owner=r.owner,
                treatment=r.treatment,
                treatment_plan=r.plan,
                due=r.due,
                residual_likelihood=r.residual_likelihood,
                residual_impact=r.residual_impact,
                status=r.status,
            )

    def add_rest(self, ws: Workspace) -> None:
        """Prospects, reviews and assessments (after the clients: they name them)."""
        clients = self.loader.ids["clients"]
        for p in ws.prospects:
            prospect_id = self.prospect_ids.get(fold(p.name))
            if prospect_id is None:
                continue
            converted = p.converted_client
            self.writer.add(
                Prospect,
                prospect_id,
                name=p.name,
                domain=p.domain,
                industry=p.industry,
                created=p.created,
                converted_client_id=None if converted is None else clients[fold(converted)],
                converted=p.converted,
            )
            for position, contact in enumerate(p.contacts):
                self.writer.add(
                    ProspectContact,
                    prospect_id=prospect_id,
                    position=position,
                    name=contact.name,
                    email=contact.email,
                )
            self.add_register(p.risks, None, prospect_id)
        for review in ws.reviews:
            review_id = self.review_ids.get(fold(review.key))
            if review_id is not None:
                self._add_review(review_id, review)
        self._add_assessments(ws)

    def _add_review(self, review_id: str, r: ReviewRecord) -> None:
        client_id, prospect_id = self._subject(r.client, r.prospect)
        content = self.loader.ids["content"]
        add = self.writer.add
        add(
            RiskReview,
            review_id,
            title=r.title,
            description=r.description,
            client_id=client_id,
            prospect_id=prospect_id,
            due=r.due,
            status=r.status,
            created=r.created,
            published_at=r.published_at,
            closed_at=r.closed_at,
            adopted_at=r.adopted_at,
            excluded_refs=list(r.excluded_refs),
        )
        for lib in r.libraries:
            add(
                ReviewLibrary,
                review_id=review_id,
                client_id=client_id,
                content_id=content[fold(lib.content)],
                item_version=lib.version,
                position=lib.position,
            )
        for risk in r.risks:
            add(
                ReviewRisk,
                review_id=review_id,
                client_id=client_id,
                position=risk.position,
                ref=risk.ref,
                title=risk.title,
                description=risk.description,
                domain=risk.domain,
                causes=list(risk.causes),
                impacts=list(risk.impacts),
            )
        for p in r.participants:
            participant_id = add(
                ReviewParticipant,
                review_id=review_id,
                client_id=client_id,
                email=p.email,
                name=p.name,
                status=p.status,
                **new_link(),
                token_expires=p.link_expires,
                revoked_at=p.revoked_at,
                invited_at=p.invited_at,
                reminded_at=p.reminded_at,
                submitted_at=p.submitted_at,
                reopen_log=list(p.reopen_log),
            )
            for answer in p.responses:
                add(
                    ReviewResponse,
                    participant_id=participant_id,
                    review_id=review_id,
                    client_id=client_id,
                    ref=answer.ref,
                    relevant=answer.relevant,
                    likelihood=answer.likelihood,
                    impact=answer.impact,
                )

    def _add_assessments(self, ws: Workspace) -> None:
        content = self.loader.ids["content"]
        add = self.writer.add
        for index, a in enumerate(ws.assessments):
            if not self._kept(a.client, a.prospect):
                continue
            self.sent.add(index)
            client_id, prospect_id = self._subject(a.client, a.prospect)
            assessment_id = add(
                Assessment,
                content_id=content[fold(a.content)],
                item_version=a.version,
                title=a.title,
                client_id=client_id,
                prospect_id=prospect_id,
                respondent_email=a.respondent_email,
                respondent_name=a.respondent_name,
                created=a.created,
                due=a.due,
                status=a.status,
                **new_link(),
                token_expires=a.link_expires,
                revoked_at=a.revoked_at,
                sent_at=a.sent_at,
                reminded_at=a.reminded_at,
                reminders=a.reminders,
                submitted_at=a.submitted_at,
                closed_at=a.closed_at,
                reopen_log=list(a.reopen_log),
            )
            for x in a.answers:
                add(
                    AssessmentAnswer,
                    assessment_id=assessment_id,
                    client_id=client_id,
                    ref=x.ref,
                    choice=x.choice,
                    text=x.text,
                )
