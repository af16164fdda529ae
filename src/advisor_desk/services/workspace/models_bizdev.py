"""Business development in a workspace file, as models (records_bizdev.py's values).

The field rules are the domain's (`domain/bizdev_fields.py`: the same rules the services
and the server apply), so a file can hold nothing a laptop could not store. Rules between
records (a review's subject exists, a response's risk is one the review asks about, …) are
`references_bizdev.py`'s.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Annotated, Any

from pydantic import AfterValidator

from advisor_desk.domain.bizdev_fields import (
    ASSESSMENT_STATUSES,
    BIZDEV_FIELD_RULES,
    CLIENT_FIELDS,
    CLIENT_RISK_FIELDS,
    PARTICIPANT_STATUSES,
    REVIEW_STATUSES,
)
from advisor_desk.services.workspace.fields import (
    Bad,
    Count,
    Date,
    Model,
    Name,
    OptionalDate,
    Timestamp,
    VersionText,
    after,
    once,
    one_of,
    pair_of,
)
from advisor_desk.services.workspace.models_plans import Scale
from advisor_desk.services.workspace.records import fold
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

MAX_TEXT = 10_000  # an answer's text, as the respondents' API takes it


def _rule(rules: Mapping[str, Any], field: str) -> AfterValidator:
    """The domain's rule for `field` (its DomainError becomes the field's problem)."""
    check = rules[field]
    return after(lambda value: check(value, field))


def _of(table: str, field: str) -> AfterValidator:
    return _rule(BIZDEV_FIELD_RULES[table], field)


Ref = Annotated[str, _of("library_risk", "ref")]
Words = Annotated[list[str], _of("library_risk", "causes")]
OptionalScale = Scale | None


def _option(label: object, rating: object) -> tuple[object, object]:
    return label, rating  # checked by the question's rule (_options)


Option = Annotated[tuple[Any, Any], pair_of("[label, rating 1-5 or null]", 2, _option)]


def _options(options: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    BIZDEV_FIELD_RULES["assessment_question"]["options"]([list(o) for o in options], "options")
    return options


def _reopen_log(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for index, entry in enumerate(entries):
        if not all(isinstance(v, str) for v in entry.values()):
            raise Bad([(f"[{index}]", 'expected {"at": time, "by": name} with text values')])
    return entries


ReopenLog = Annotated[list[dict[str, Any]], after(_reopen_log)]


# Content items' risks and questions ---------------------------------------------------------


class LibraryRiskModel(Model):
    RECORD = LibraryRiskRecord
    version: VersionText
    position: Count
    ref: Ref
    title: Annotated[str, _of("library_risk", "title")]
    description: str = ""
    domain: str = ""
    causes: Words = []
    impacts: Words = []


class QuestionModel(Model):
    RECORD = QuestionRecord
    version: VersionText
    position: Count
    ref: Annotated[str, _of("assessment_question", "ref")]
    domain: str = ""
    text: Annotated[str, _of("assessment_question", "text")]
    answer_type: Annotated[str, _of("assessment_question", "answer_type")] = "choice"
    options: Annotated[list[Option], after(_options)] = []


def entries_once(
    risks: list[LibraryRiskModel], questions: list[QuestionModel]
) -> Iterable[tuple[str, str]]:
    """A ref and a position are used once per version of an item."""
    seen: dict[Any, str] = {}
    lists: tuple[tuple[str, list[Any]], ...] = (("risks", risks), ("questions", questions))
    for key, entries in lists:
        for i, entry in enumerate(entries):
            what = f'the ref "{entry.ref}" in version "{entry.version}"'
            yield from once(seen, (key, entry.version, fold(entry.ref)), f".{key}[{i}].ref", what)
            what = f'position {entry.position} of version "{entry.version}"'
            where = f".{key}[{i}].position"
            yield from once(seen, (key, entry.version, entry.position), where, what)


# Registers ----------------------------------------------------------------------------------


class ProspectRiskModel(Model):
    """A risk in a prospect's register (a client's adds `prospect`)."""

    RECORD = RegisterRiskRecord
    content: Name | None
    title: Name
    likelihood: Scale
    impact: Scale
    ref: Annotated[str, _rule(CLIENT_RISK_FIELDS, "ref")] = ""
    description: str = ""
    domain: str = ""
    causes: Annotated[list[str], _rule(CLIENT_RISK_FIELDS, "causes")] = []
    impacts: Annotated[list[str], _rule(CLIENT_RISK_FIELDS, "impacts")] = []
    owner: Annotated[str, _rule(CLIENT_RISK_FIELDS, "owner")] = ""
    treatment: Annotated[str, _rule(CLIENT_RISK_FIELDS, "treatment")] = ""
    plan: str = ""
    due: OptionalDate = None
    residual_likelihood: OptionalScale = None
    residual_impact: OptionalScale = None
    status: Annotated[str, _rule(CLIENT_RISK_FIELDS, "status")] = "open"
    review: Name | None = None

    def problems(self, info: Any) -> Iterable[tuple[str, str]]:
        if (self.residual_likelihood is None) != (self.residual_impact is None):
            yield ".residual_impact", "give both residual likelihood and impact, or neither"


class ClientRiskModel(ProspectRiskModel):
    prospect: Name | None = None


ContactName = Annotated[str, _rule(CLIENT_FIELDS, "contact_name")]
ContactEmail = Annotated[str, _rule(CLIENT_FIELDS, "contact_email")]


class ContactModel(Model):
    RECORD = ContactRecord
    name: ContactName = ""
    email: ContactEmail = ""


class ProspectModel(Model):
    RECORD = ProspectRecord
    name: Annotated[str, _of("prospect", "name")]
    domain: Annotated[str, _of("prospect", "domain")] = ""
    industry: Annotated[str, _of("prospect", "industry")] = ""
    created: Date
    converted_client: Name | None = None
    converted: OptionalDate = None
    contacts: list[ContactModel] = []
    risks: list[ProspectRiskModel] = []

    def problems(self, info: Any) -> Iterable[tuple[str, str]]:
        if (self.converted_client is None) != (self.converted is None):
            yield ".converted", "a converted prospect has both converted_client and converted"
        if self.converted is not None and self.converted < self.created:
            yield ".converted", "is before the day the prospect was created"


# Risk reviews -------------------------------------------------------------------------------


class ReviewLibraryModel(Model):
    RECORD = ReviewLibraryRecord
    content: Name
    version: VersionText
    position: Count = 0


class ReviewRiskModel(Model):
    RECORD = ReviewRiskRecord
    position: Count = 0
    ref: Annotated[str, _of("review_risk", "ref")]
    title: Annotated[str, _of("review_risk", "title")]
    description: str = ""
    domain: str = ""
    causes: Words = []
    impacts: Words = []


class ResponseModel(Model):
    RECORD = ResponseRecord
    ref: Annotated[str, _of("review_response", "ref")]
    relevant: bool | None = None
    likelihood: OptionalScale = None
    impact: OptionalScale = None


class ParticipantModel(Model):
    RECORD = ParticipantRecord
    email: Annotated[str, _of("review_participant", "email")]
    name: str = ""
    status: Annotated[str, one_of(PARTICIPANT_STATUSES)] = "invited"
    link_expires: OptionalDate = None
    revoked_at: Timestamp = None
    invited_at: Timestamp = None
    reminded_at: Timestamp = None
    submitted_at: Timestamp = None
    reopen_log: ReopenLog = []
    responses: list[ResponseModel] = []

    def problems(self, info: Any) -> Iterable[tuple[str, str]]:
        seen: dict[Any, str] = {}
        for i, answer in enumerate(self.responses):
            what = f'the risk "{answer.ref}"'
            yield from once(seen, fold(answer.ref), f".responses[{i}].ref", what)


def _one_subject(client: str | None, prospect: str | None) -> Iterable[tuple[str, str]]:
    if client is None and prospect is None:
        yield ".client", "names neither a client nor a prospect (give one, or both once converted)"


class ReviewModel(Model):
    RECORD = ReviewRecord
    key: Name
    title: Annotated[str, _of("risk_review", "title")]
    description: str = ""
    client: Name | None = None
    prospect: Name | None = None
    created: Date
    due: OptionalDate = None
    status: Annotated[str, one_of(REVIEW_STATUSES)] = "draft"
    published_at: Timestamp = None
    closed_at: Timestamp = None
    adopted_at: Timestamp = None
    excluded_refs: Annotated[list[str], _of("risk_review", "excluded_refs")] = []
    libraries: list[ReviewLibraryModel] = []
    risks: list[ReviewRiskModel] = []
    participants: list[ParticipantModel] = []

    def problems(self, info: Any) -> Iterable[tuple[str, str]]:
        yield from _one_subject(self.client, self.prospect)
        seen: dict[Any, str] = {}
        for i, person in enumerate(self.participants):
            where = f".participants[{i}].email"
            yield from once(seen, ("email", fold(person.email)), where, f'"{person.email}"')
        for i, risk in enumerate(self.risks):
            yield from once(seen, ("ref", fold(risk.ref)), f".risks[{i}].ref", f'"{risk.ref}"')


# Sent assessments ---------------------------------------------------------------------------


class AnswerModel(Model):
    RECORD = AnswerRecord
    ref: Annotated[str, _of("assessment_answer", "ref")]
    choice: str | None = None
    text: str | None = None

    def problems(self, info: Any) -> Iterable[tuple[str, str]]:
        if self.text is not None and (len(self.text) > MAX_TEXT or "\x00" in self.text):
            yield ".text", f"is longer than {MAX_TEXT} characters or holds a NUL character"


class SentAssessmentModel(Model):
    RECORD = SentAssessmentRecord
    content: Name
    version: VersionText
    title: Annotated[str, _of("assessment", "title")]
    client: Name | None = None
    prospect: Name | None = None
    respondent_email: Annotated[str, _of("assessment", "respondent_email")]
    respondent_name: str = ""
    created: Date
    due: Date
    status: Annotated[str, one_of(ASSESSMENT_STATUSES)] = "sent"
    link_expires: OptionalDate = None
    revoked_at: Timestamp = None
    sent_at: Timestamp = None
    reminded_at: Timestamp = None
    reminders: Count = 0
    submitted_at: Timestamp = None
    closed_at: Timestamp = None
    reopen_log: ReopenLog = []
    answers: list[AnswerModel] = []

    def problems(self, info: Any) -> Iterable[tuple[str, str]]:
        yield from _one_subject(self.client, self.prospect)
        seen: dict[Any, str] = {}
        for i, answer in enumerate(self.answers):
            what = f'the question "{answer.ref}"'
            yield from once(seen, fold(answer.ref), f".answers[{i}].ref", what)
