"""Business development in a workspace file, as plain values (records.py's companions).

A risk library's risks and an assessment template's questions (under their content item);
a register risk (a client's or a prospect's, with its treatment and residual rating);
prospects; risk reviews with their libraries, added risks, participants and answers; sent
assessments with their answers. Names refer to records as everywhere in the file (client
and prospect names, content titles); a review has a `key` of the file, which register
risks name. Respondents' links are not in the file (docs/workspace-format.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class LibraryRiskRecord:
    version: str
    position: int
    ref: str
    title: str
    description: str = ""
    domain: str = ""
    causes: tuple[str, ...] = ()
    impacts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QuestionRecord:
    version: str
    position: int
    ref: str
    text: str
    domain: str = ""
    answer_type: str = "choice"
    options: tuple[tuple[str, int | None], ...] = ()  # (label, rating or None)


@dataclass(frozen=True, slots=True)
class RegisterRiskRecord:
    """A risk in a client's or a prospect's register (beyond a template's starter risk)."""

    title: str
    content: str | None = None  # the risk library's title
    likelihood: int = 3
    impact: int = 3
    ref: str = ""
    description: str = ""
    domain: str = ""
    causes: tuple[str, ...] = ()
    impacts: tuple[str, ...] = ()
    owner: str = ""
    treatment: str = ""
    plan: str = ""
    due: dt.date | None = None
    residual_likelihood: int | None = None
    residual_impact: int | None = None
    status: str = "open"
    review: str | None = None  # the review's key in the file
    prospect: str | None = None  # a client's risk adopted while it was this prospect


@dataclass(frozen=True, slots=True)
class ContactRecord:
    name: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class ProspectRecord:
    name: str
    created: dt.date
    domain: str = ""
    industry: str = ""
    converted_client: str | None = None  # client name
    converted: dt.date | None = None
    contacts: tuple[ContactRecord, ...] = ()  # the first is the primary contact
    risks: tuple[RegisterRiskRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class ReviewLibraryRecord:
    content: str  # the risk library's title
    version: str
    position: int = 0


@dataclass(frozen=True, slots=True)
class ReviewRiskRecord:
    ref: str
    title: str
    position: int = 0
    description: str = ""
    domain: str = ""
    causes: tuple[str, ...] = ()
    impacts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ResponseRecord:
    ref: str
    relevant: bool | None = None
    likelihood: int | None = None
    impact: int | None = None


@dataclass(frozen=True, slots=True)
class ParticipantRecord:
    email: str
    name: str = ""
    status: str = "invited"
    link_expires: dt.date | None = None
    revoked_at: dt.datetime | None = None
    invited_at: dt.datetime | None = None
    reminded_at: dt.datetime | None = None
    submitted_at: dt.datetime | None = None
    reopen_log: tuple[Any, ...] = ()
    responses: tuple[ResponseRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    key: str
    title: str
    created: dt.date
    client: str | None = None
    prospect: str | None = None
    description: str = ""
    due: dt.date | None = None
    status: str = "draft"
    published_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    adopted_at: dt.datetime | None = None
    excluded_refs: tuple[str, ...] = ()
    libraries: tuple[ReviewLibraryRecord, ...] = ()
    risks: tuple[ReviewRiskRecord, ...] = ()
    participants: tuple[ParticipantRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    ref: str
    choice: str | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class SentAssessmentRecord:
    content: str  # the assessment template's title
    version: str
    title: str
    respondent_email: str
    created: dt.date
    due: dt.date
    client: str | None = None
    prospect: str | None = None
    respondent_name: str = ""
    status: str = "sent"
    link_expires: dt.date | None = None
    revoked_at: dt.datetime | None = None
    sent_at: dt.datetime | None = None
    reminded_at: dt.datetime | None = None
    reminders: int = 0
    submitted_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    reopen_log: tuple[Any, ...] = ()
    answers: tuple[AnswerRecord, ...] = ()
