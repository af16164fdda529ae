"""Risk libraries and assessment templates in the content library.

Uploaded like any item (services/library: versions, price, publish, push); their risks and
questions are kept per version (`library_risk`, `assessment_question`), so a review or an
assessment keeps asking what it was made with after the library moves on. An item uploaded
through the library's own `add` gets its rows the first time something reads them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.domain.assessment_scoring import Question
from advisor_desk.domain.licenses import ContentKind
from advisor_desk.services.bizdev.files import (
    QuestionEntry,
    RiskEntry,
    parse_questions,
    parse_risks,
    readable,
)
from advisor_desk.services.library.content import apply_edit_item, live_item
from advisor_desk.services.library.upload import UploadResult, apply_upload_item
from advisor_desk.store.models import (
    AssessmentQuestion,
    ContentFile,
    ContentItem,
    LibraryRisk,
    Partner,
)


@dataclass(frozen=True)
class LibraryUpload:
    item_id: str
    title: str
    version: str
    entries: int  # risks or questions


def apply_upload_risk_library(
    session: Session,
    partner: Partner,
    *,
    file_name: str,
    data: bytes,
    title: str,
    version: str = "1",
    description: str = "",
    tags: object = (),
    price: object = None,
    publish: bool = False,
) -> LibraryUpload:
    """A new risk library from a CSV/.xlsx/JSON file (bad rows named by line)."""
    risks = parse_risks(file_name, data)
    made = _upload(
        session, partner, ContentKind.RISK_LIBRARY, file_name, data, title, version,
        description, tags, price, publish,
    )  # fmt: skip
    item = live_item(session, made.item.id)
    add_risk_rows(session, item, risks)
    return LibraryUpload(item.id, item.title, item.item_version, len(risks))


def apply_upload_assessment_template(
    session: Session,
    partner: Partner,
    *,
    file_name: str,
    data: bytes,
    title: str,
    version: str = "1",
    description: str = "",
    tags: object = (),
    price: object = None,
    publish: bool = False,
) -> LibraryUpload:
    """A new assessment template from a CSV/.xlsx/JSON file (bad rows named by line)."""
    questions = parse_questions(file_name, data)
    made = _upload(
        session, partner, ContentKind.ASSESSMENT_TEMPLATE, file_name, data, title, version,
        description, tags, price, publish,
    )  # fmt: skip
    item = live_item(session, made.item.id)
    add_question_rows(session, item, questions)
    return LibraryUpload(item.id, item.title, item.item_version, len(questions))


def _upload(
    session: Session,
    partner: Partner,
    kind: ContentKind,
    file_name: str,
    data: bytes,
    title: str,
    version: str,
    description: str,
    tags: object,
    price: object,
    publish: bool,
) -> UploadResult:
    made = apply_upload_item(
        session,
        partner,
        file_name=file_name,
        data=data,
        title=title,
        kind=kind,
        version=version,
        description=description,
        tags=tags,
        price=price,
    )
    if publish:
        apply_edit_item(session, partner, made.item.id, published=True)
    return made


def add_risk_rows(session: Session, item: ContentItem, risks: Sequence[RiskEntry]) -> None:
    for position, risk in enumerate(risks):
        session.add(
            LibraryRisk(
                partner_id=item.partner_id,
                content_id=item.id,
                item_version=item.item_version,
                position=position,
                ref=risk.ref,
                title=risk.title,
                description=risk.description,
                domain=risk.domain,
                causes=list(risk.causes),
                impacts=list(risk.impacts),
            )
        )
    session.flush()


def add_question_rows(
    session: Session, item: ContentItem, questions: Sequence[QuestionEntry]
) -> None:
    for position, question in enumerate(questions):
        session.add(
            AssessmentQuestion(
                partner_id=item.partner_id,
                content_id=item.id,
                item_version=item.item_version,
                position=position,
                ref=question.ref,
                domain=question.domain,
                text=question.text,
                answer_type=question.answer_type,
                options=[[label, rating] for label, rating in question.options],
            )
        )
    session.flush()


def _file_of(session: Session, item: ContentItem, version: str) -> ContentFile | None:
    files = session.scalars(
        select(ContentFile)
        .where(
            ContentFile.content_id == item.id,
            ContentFile.item_version == version,
            ContentFile.deleted.is_(False),
        )
        .order_by(ContentFile.uploaded_at.desc())
    ).all()
    return next((f for f in files if readable(f.file_name)), None)


def library_risks(
    session: Session, item: ContentItem, version: str | None = None
) -> list[LibraryRisk]:
    """The risks of one version of a risk library (its current one by default), in order.

    Made from the version's file the first time (an item added through `library add`), or
    carried from its newest earlier version with risks (a new version without a file)."""
    version = item.item_version if version is None else version
    rows = _risk_rows(session, item.id, version)
    if rows or version != item.item_version:
        return rows
    found = _file_of(session, item, version)
    if found is not None:
        entries = parse_risks(found.file_name, found.data)
    else:
        older = session.scalars(
            select(LibraryRisk)
            .where(LibraryRisk.content_id == item.id, LibraryRisk.deleted.is_(False))
            .order_by(LibraryRisk.updated_at.desc())
            .limit(1)
        ).first()
        if older is None:
            return []
        entries = [
            RiskEntry(r.ref, r.title, r.description, r.domain, tuple(r.causes), tuple(r.impacts))
            for r in _risk_rows(session, item.id, older.item_version)
        ]
    add_risk_rows(session, item, entries)
    return _risk_rows(session, item.id, version)


def _risk_rows(session: Session, content_id: str, version: str) -> list[LibraryRisk]:
    return list(
        session.scalars(
            select(LibraryRisk)
            .where(
                LibraryRisk.content_id == content_id,
                LibraryRisk.item_version == version,
                LibraryRisk.deleted.is_(False),
            )
            .order_by(LibraryRisk.position)
        )
    )


def template_questions(
    session: Session, item: ContentItem, version: str | None = None
) -> list[Question]:
    """The questions of one version of an assessment template (made from its file the first
    time, like `library_risks`)."""
    version = item.item_version if version is None else version
    rows = _question_rows(session, item.id, version)
    if not rows and version == item.item_version:
        found = _file_of(session, item, version)
        if found is not None:
            add_question_rows(session, item, parse_questions(found.file_name, found.data))
            rows = _question_rows(session, item.id, version)
    return [
        Question(
            r.ref,
            r.domain,
            r.text,
            r.answer_type,
            tuple((str(label), _rating(rating)) for label, rating in r.options),
        )
        for r in rows
    ]


def _rating(value: object) -> int | None:
    """An option's stored rating (JSON: a number or null)."""
    if value is None:
        return None
    if isinstance(value, int | float | str):
        return int(value)
    raise TypeError(f"an option's rating is {value!r}, not a number")


def _question_rows(session: Session, content_id: str, version: str) -> list[AssessmentQuestion]:
    return list(
        session.scalars(
            select(AssessmentQuestion)
            .where(
                AssessmentQuestion.content_id == content_id,
                AssessmentQuestion.item_version == version,
                AssessmentQuestion.deleted.is_(False),
            )
            .order_by(AssessmentQuestion.position)
        )
    )


def suffix_ok(file_name: str) -> bool:
    return PurePath(file_name).suffix.lower() in (".csv", ".xlsx", ".json")
