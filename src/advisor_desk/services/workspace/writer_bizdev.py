"""The file's form of business development: each list in its one documented order.

Reviews are ordered by subject (client, else prospect, by name), title, creation day, then
their whole entry; their `key` is their place in that order (`R1`, `R2`, …), given by
`review_keys` when the store is read, so a register risk names its review the same way in
every export.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from advisor_desk.services.workspace.records import name_order
from advisor_desk.services.workspace.records_bizdev import (
    LibraryRiskRecord,
    ParticipantRecord,
    ProspectRecord,
    QuestionRecord,
    RegisterRiskRecord,
    ReviewRecord,
    SentAssessmentRecord,
)


def _sorted_dicts(rows: Iterable[dict[str, Any]], key: Any) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda row: (key(row), json.dumps(row, sort_keys=True)))


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _time(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def library_risks(records: Iterable[LibraryRiskRecord]) -> list[dict[str, Any]]:
    """A risk library's risks by version, then position."""
    return [
        {
            "version": r.version,
            "position": r.position,
            "ref": r.ref,
            "title": r.title,
            "description": r.description,
            "domain": r.domain,
            "causes": list(r.causes),
            "impacts": list(r.impacts),
        }
        for r in sorted(records, key=lambda r: (r.version, r.position, r.ref))
    ]


def questions(records: Iterable[QuestionRecord]) -> list[dict[str, Any]]:
    """An assessment template's questions by version, then position."""
    return [
        {
            "version": q.version,
            "position": q.position,
            "ref": q.ref,
            "domain": q.domain,
            "text": q.text,
            "answer_type": q.answer_type,
            "options": [[label, rating] for label, rating in q.options],
        }
        for q in sorted(records, key=lambda q: (q.version, q.position, q.ref))
    ]


def register_risks(records: Iterable[RegisterRiskRecord], *, client: bool) -> list[dict[str, Any]]:
    """A client's or prospect's register, by title, then library, likelihood, impact."""

    def entry(r: RegisterRiskRecord) -> dict[str, Any]:
        out = {
            "content": r.content,
            "title": r.title,
            "likelihood": r.likelihood,
            "impact": r.impact,
            "ref": r.ref,
            "description": r.description,
            "domain": r.domain,
            "causes": list(r.causes),
            "impacts": list(r.impacts),
            "owner": r.owner,
            "treatment": r.treatment,
            "plan": r.plan,
            "due": _day(r.due),
            "residual_likelihood": r.residual_likelihood,
            "residual_impact": r.residual_impact,
            "status": r.status,
            "review": r.review,
        }
        if client:
            out["prospect"] = r.prospect
        return out

    return _sorted_dicts(
        (entry(r) for r in records),
        lambda r: (*name_order(r["title"]), *name_order(r["content"] or ""), r["likelihood"]),
    )


def prospect(p: ProspectRecord) -> dict[str, Any]:
    return {
        "name": p.name,
        "domain": p.domain,
        "industry": p.industry,
        "created": p.created.isoformat(),
        "converted_client": p.converted_client,
        "converted": _day(p.converted),
        "contacts": [{"name": c.name, "email": c.email} for c in p.contacts],  # primary first
        "risks": register_risks(p.risks, client=False),
    }


def prospects(records: Iterable[ProspectRecord]) -> list[dict[str, Any]]:
    return [prospect(p) for p in sorted(records, key=lambda p: name_order(p.name))]


def _participant(p: ParticipantRecord) -> dict[str, Any]:
    return {
        "email": p.email,
        "name": p.name,
        "status": p.status,
        "link_expires": _day(p.link_expires),
        "revoked_at": _time(p.revoked_at),
        "invited_at": _time(p.invited_at),
        "reminded_at": _time(p.reminded_at),
        "submitted_at": _time(p.submitted_at),
        "reopen_log": list(p.reopen_log),
        "responses": [
            {"ref": r.ref, "relevant": r.relevant, "likelihood": r.likelihood, "impact": r.impact}
            for r in sorted(p.responses, key=lambda r: name_order(r.ref))
        ],
    }


def review(r: ReviewRecord) -> dict[str, Any]:
    return {
        "key": r.key,
        "title": r.title,
        "description": r.description,
        "client": r.client,
        "prospect": r.prospect,
        "created": r.created.isoformat(),
        "due": _day(r.due),
        "status": r.status,
        "published_at": _time(r.published_at),
        "closed_at": _time(r.closed_at),
        "adopted_at": _time(r.adopted_at),
        "excluded_refs": list(r.excluded_refs),
        "libraries": [
            {"content": lib.content, "version": lib.version, "position": lib.position}
            for lib in sorted(r.libraries, key=lambda lib: (lib.position, *name_order(lib.content)))
        ],
        "risks": [
            {
                "position": risk.position,
                "ref": risk.ref,
                "title": risk.title,
                "description": risk.description,
                "domain": risk.domain,
                "causes": list(risk.causes),
                "impacts": list(risk.impacts),
            }
            for risk in sorted(r.risks, key=lambda risk: (risk.position, *name_order(risk.ref)))
        ],
        "participants": [
            _participant(p) for p in sorted(r.participants, key=lambda p: name_order(p.email))
        ],
    }


def _review_order(entry: dict[str, Any]) -> tuple[Any, ...]:
    subject = entry["client"] or entry["prospect"] or ""
    unkeyed = {k: v for k, v in entry.items() if k != "key"}
    return (
        *name_order(subject),
        *name_order(entry["title"]),
        entry["created"],
        json.dumps(unkeyed, sort_keys=True),
    )


def review_keys(records: Iterable[tuple[str, ReviewRecord]]) -> list[tuple[str, ReviewRecord]]:
    """(row id, review) in the file's order, each review given its key there."""
    ordered = sorted(records, key=lambda pair: _review_order(review(pair[1])))
    return [(row_id, replace(r, key=f"R{n}")) for n, (row_id, r) in enumerate(ordered, 1)]


def reviews(records: Iterable[ReviewRecord]) -> list[dict[str, Any]]:
    return sorted((review(r) for r in records), key=_review_order)


def assessment(a: SentAssessmentRecord) -> dict[str, Any]:
    return {
        "content": a.content,
        "version": a.version,
        "title": a.title,
        "client": a.client,
        "prospect": a.prospect,
        "respondent_email": a.respondent_email,
        "respondent_name": a.respondent_name,
        "created": a.created.isoformat(),
        "due": a.due.isoformat(),
        "status": a.status,
        "link_expires": _day(a.link_expires),
        "revoked_at": _time(a.revoked_at),
        "sent_at": _time(a.sent_at),
        "reminded_at": _time(a.reminded_at),
        "reminders": a.reminders,
        "submitted_at": _time(a.submitted_at),
        "closed_at": _time(a.closed_at),
        "reopen_log": list(a.reopen_log),
        "answers": [
            {"ref": x.ref, "choice": x.choice, "text": x.text}
            for x in sorted(a.answers, key=lambda x: name_order(x.ref))
        ],
    }


def assessments(records: Iterable[SentAssessmentRecord]) -> list[dict[str, Any]]:
    """By subject, template title, respondent, due date, then the whole entry."""
    return _sorted_dicts(
        (assessment(a) for a in records),
        lambda a: (
            *name_order(a["client"] or a["prospect"] or ""),
            *name_order(a["content"]),
            *name_order(a["respondent_email"]),
            a["due"],
        ),
    )
