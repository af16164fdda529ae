"""Exporting business development: the partner's live rows read into records.

Rows under a tombstoned owner are left out, and so are links to tombstones: a review or an
assessment whose subject (client and prospect) is gone, a review's library or an
assessment whose item is gone; a register risk keeps its title and loses only the link.
Respondents' link tokens are never read (docs/workspace-format.md).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy.orm import InstrumentedAttribute

from advisor_desk.services.workspace.export_plans import Rows
from advisor_desk.services.workspace.records_bizdev import (
    AnswerRecord,
    ContactRecord,
    LibraryRiskRecord,
    ParticipantRecord,
    ProspectRecord,
    QuestionRecord,
    RegisterRiskRecord,
    ResponseRecord,
    ReviewLibraryRecord,
    ReviewRecord,
    ReviewRiskRecord,
    SentAssessmentRecord,
)
from advisor_desk.services.workspace.writer_bizdev import review_keys
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

_SECRET = {"token", "token_hash"}  # never read: a link is not part of the firm's data


def _columns(model: type[Any]) -> list[InstrumentedAttribute[Any]]:
    return [getattr(model, c.key) for c in model.__table__.columns if c.key not in _SECRET]


class BizdevReader:
    def __init__(self, rows: Rows, titles: dict[str, str], clients: dict[str, str]) -> None:
        self.rows = rows
        self.titles = titles
        self.clients = clients
        prospects = self.rows(*_columns(Prospect))
        self.prospect_names = {row.id: row.name for row in prospects}
        self._prospect_rows = prospects
        self.reviews = self._reviews()
        self.review_key = {row_id: r.key for row_id, r in self.reviews}
        self.register = self._register()

    def content_entries(self) -> tuple[defaultdict[str, list[Any]], defaultdict[str, list[Any]]]:
        """content id → its library risks; content id → its questions."""
        risks: defaultdict[str, list[Any]] = defaultdict(list)
        for r in self.rows(*_columns(LibraryRisk)):
            risks[r.content_id].append(
                LibraryRiskRecord(
                    r.item_version,
                    r.position,
                    r.ref,
                    r.title,
                    r.description,
                    r.domain,
                    tuple(r.causes or ()),
                    tuple(r.impacts or ()),
                )
            )
        asked: defaultdict[str, list[Any]] = defaultdict(list)
        for q in self.rows(*_columns(AssessmentQuestion)):
            asked[q.content_id].append(
                QuestionRecord(
                    q.item_version,
                    q.position,
                    q.ref,
                    q.text,
                    q.domain,
                    q.answer_type,
                    tuple((label, rating) for label, rating in q.options or ()),
                )
            )
        return risks, asked

    def _register(self) -> defaultdict[str | None, list[tuple[str | None, RegisterRiskRecord]]]:
        """client id (None: a prospect's) → (prospect id, risk)."""
        out: defaultdict[str | None, list[tuple[str | None, RegisterRiskRecord]]]
        out = defaultdict(list)
        for r in self.rows(*_columns(ClientRisk)):
            client = r.client_id if r.client_id in self.clients else None
            record = RegisterRiskRecord(
                title=r.title,
                content=self.titles.get(r.content_id or ""),
                likelihood=r.likelihood,
                impact=r.impact,
                ref=r.ref,
                description=r.description,
                domain=r.domain,
                causes=tuple(r.causes or ()),
                impacts=tuple(r.impacts or ()),
                owner=r.owner,
                treatment=r.treatment,
                plan=r.treatment_plan,
                due=r.due,
                residual_likelihood=r.residual_likelihood,
                residual_impact=r.residual_impact,
                status=r.status,
                review=self.review_key.get(r.review_id or ""),
                prospect=self.prospect_names.get(r.prospect_id or ""),
            )
            out[client].append((r.prospect_id, record))
        return out

    def client_risks(self, client_id: str) -> tuple[RegisterRiskRecord, ...]:
        return tuple(risk for _, risk in self.register.get(client_id, ()))

    def prospects(self) -> tuple[ProspectRecord, ...]:
        contacts: defaultdict[str, list[tuple[int, ContactRecord]]] = defaultdict(list)
        for c in self.rows(*_columns(ProspectContact)):
            contacts[c.prospect_id].append((c.position, ContactRecord(c.name, c.email)))
        risks: defaultdict[str, list[RegisterRiskRecord]] = defaultdict(list)
        for prospect_id, risk in self.register.get(None, ()):
            if prospect_id is not None and prospect_id in self.prospect_names:
                risks[prospect_id].append(risk)
        return tuple(
            ProspectRecord(
                name=p.name,
                created=p.created,
                domain=p.domain,
                industry=p.industry,
                converted_client=self.clients.get(p.converted_client_id or ""),
                converted=p.converted if p.converted_client_id in self.clients else None,
                contacts=tuple(c for _, c in sorted(contacts[p.id], key=lambda pc: pc[0])),
                risks=tuple(risks[p.id]),
            )
            for p in self._prospect_rows
        )

    def _subject(self, row: Any) -> tuple[str | None, str | None]:
        return self.clients.get(row.client_id or ""), self.prospect_names.get(row.prospect_id or "")

    def _reviews(self) -> list[tuple[str, ReviewRecord]]:
        libraries: defaultdict[str, list[ReviewLibraryRecord]] = defaultdict(list)
        for lib in self.rows(*_columns(ReviewLibrary)):
            if lib.content_id in self.titles:
                libraries[lib.review_id].append(
                    ReviewLibraryRecord(self.titles[lib.content_id], lib.item_version, lib.position)
                )
        added: defaultdict[str, list[ReviewRiskRecord]] = defaultdict(list)
        for r in self.rows(*_columns(ReviewRisk)):
            added[r.review_id].append(
                ReviewRiskRecord(
                    r.ref,
                    r.title,
                    r.position,
                    r.description,
                    r.domain,
                    tuple(r.causes or ()),
                    tuple(r.impacts or ()),
                )
            )
        responses: defaultdict[str, list[ResponseRecord]] = defaultdict(list)
        for a in self.rows(*_columns(ReviewResponse)):
            responses[a.participant_id].append(
                ResponseRecord(a.ref, a.relevant, a.likelihood, a.impact)
            )
        people: defaultdict[str, list[ParticipantRecord]] = defaultdict(list)
        for p in self.rows(*_columns(ReviewParticipant)):
            people[p.review_id].append(
                ParticipantRecord(
                    email=p.email,
                    name=p.name,
                    status=p.status,
                    link_expires=p.token_expires,
                    revoked_at=p.revoked_at,
                    invited_at=p.invited_at,
                    reminded_at=p.reminded_at,
                    submitted_at=p.submitted_at,
                    reopen_log=tuple(p.reopen_log or ()),
                    responses=tuple(responses[p.id]),
                )
            )
        found = []
        for r in self.rows(*_columns(RiskReview)):
            client, prospect = self._subject(r)
            if client is None and prospect is None:
                continue
            record = ReviewRecord(
                key="",
                title=r.title,
                created=r.created,
                client=client,
                prospect=prospect,
                description=r.description,
                due=r.due,
                status=r.status,
                published_at=r.published_at,
                closed_at=r.closed_at,
                adopted_at=r.adopted_at,
                excluded_refs=tuple(r.excluded_refs or ()),
                libraries=tuple(libraries[r.id]),
                risks=tuple(added[r.id]),
                participants=tuple(people[r.id]),
            )
            found.append((r.id, record))
        return review_keys(found)

    def assessments(self) -> tuple[SentAssessmentRecord, ...]:
        answers: defaultdict[str, list[AnswerRecord]] = defaultdict(list)
        for x in self.rows(*_columns(AssessmentAnswer)):
            answers[x.assessment_id].append(AnswerRecord(x.ref, x.choice, x.text))
        out = []
        for a in self.rows(*_columns(Assessment)):
            client, prospect = self._subject(a)
            if a.content_id not in self.titles or (client is None and prospect is None):
                continue
            out.append(
                SentAssessmentRecord(
                    content=self.titles[a.content_id],
                    version=a.item_version,
                    title=a.title,
                    respondent_email=a.respondent_email,
                    created=a.created,
                    due=a.due,
                    client=client,
                    prospect=prospect,
                    respondent_name=a.respondent_name,
                    status=a.status,
                    link_expires=a.token_expires,
                    revoked_at=a.revoked_at,
                    sent_at=a.sent_at,
                    reminded_at=a.reminded_at,
                    reminders=a.reminders,
                    submitted_at=a.submitted_at,
                    closed_at=a.closed_at,
                    reopen_log=tuple(a.reopen_log or ()),
                    answers=tuple(answers[a.id]),
                )
            )
        return tuple(out)
