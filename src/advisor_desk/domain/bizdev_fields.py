"""Field rules of the business-development entities (merged into domain/field_rules.py).

The same rules the laptop's services apply to what a user types, so a value one laptop could
never store never reaches another (a pushed row is checked with these on the server).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from . import values as v
from .errors import DomainError
from .risk import check_level, parse_status, parse_treatment

Rule = Callable[[Any, str], Any]

REVIEW_STATUSES = ("draft", "published", "closed")
PARTICIPANT_STATUSES = ("invited", "in_progress", "submitted")
ASSESSMENT_STATUSES = ("sent", "in_progress", "submitted", "closed")
ANSWER_TYPES = ("choice", "text")


def optional_email(value: object, field: str = "email") -> str:
    """An e-mail address, or "" (none given)."""
    if value == "":
        return ""
    return v.email_address(value, field)


def _required(limit: int) -> Rule:
    return partial(v.text, max_length=limit, required=True)


def _one_of(*choices: str) -> Rule:
    return partial(v.choice, choices)


def _ref(value: object, field: str) -> str:
    checked = v.text(value, field, max_length=64, required=True)
    if checked != checked.strip() or any(ord(c) < 32 for c in checked):
        raise DomainError(field, f"{v.shown(value)} has spaces around it or control characters")
    return checked


def token_hash(value: object, field: str) -> str:
    return v.sha256_hex(value, field)


def _options(value: object, field: str) -> list[list[object]]:
    """A choice question's options: [[label, rating 1-5 or null], ...]."""
    if not isinstance(value, list):
        raise DomainError(field, "must be a list of [label, rating] pairs")
    for index, pair in enumerate(value):
        if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)):
            raise DomainError(f"{field}[{index}]", "is not a [label, rating] pair")
        v.text(pair[0], f"{field}[{index}]", max_length=300, required=True)
        if pair[1] is not None:
            check_level(pair[1], f"{field}[{index}]")
    return value


_WORDS = partial(v.word_list, max_length=2000)
_LEVEL: Rule = check_level

CLIENT_FIELDS: Mapping[str, Rule] = {
    "contact_name": partial(v.text, max_length=200),
    "contact_email": optional_email,
}
CLIENT_RISK_FIELDS: Mapping[str, Rule] = {
    "ref": partial(v.text, max_length=64),
    "causes": _WORDS,
    "impacts": _WORDS,
    "owner": partial(v.text, max_length=200),
    "treatment": parse_treatment,
    "residual_likelihood": _LEVEL,
    "residual_impact": _LEVEL,
    "status": parse_status,
}
BIZDEV_FIELD_RULES: Mapping[str, Mapping[str, Rule]] = {
    "prospect": {
        "name": _required(200),
        "domain": v.web_domain,
        "industry": partial(v.text, max_length=200),
    },
    "prospect_contact": {
        "position": partial(v.whole_number),
        "name": partial(v.text, max_length=200),
        "email": optional_email,
    },
    "library_risk": {
        "position": partial(v.whole_number),
        "ref": _ref,
        "title": _required(300),
        "causes": _WORDS,
        "impacts": _WORDS,
    },
    "assessment_question": {
        "position": partial(v.whole_number),
        "ref": _ref,
        "text": _required(5000),
        "answer_type": _one_of(*ANSWER_TYPES),
        "options": _options,
    },
    "risk_review": {
        "title": _required(300),
        "status": _one_of(*REVIEW_STATUSES),
        "excluded_refs": partial(v.word_list, max_length=64),
    },
    "review_library": {"position": partial(v.whole_number)},
    "review_risk": {
        "position": partial(v.whole_number),
        "ref": _ref,
        "title": _required(300),
        "causes": _WORDS,
        "impacts": _WORDS,
    },
    "review_participant": {
        "email": v.email_address,
        "status": _one_of(*PARTICIPANT_STATUSES),
        "token_hash": token_hash,
    },
    "review_response": {"ref": _ref, "likelihood": _LEVEL, "impact": _LEVEL},
    "assessment": {
        "title": _required(300),
        "respondent_email": v.email_address,
        "status": _one_of(*ASSESSMENT_STATUSES),
        "token_hash": token_hash,
        "reminders": partial(v.whole_number),
    },
    "assessment_answer": {"ref": _ref},
}


def _one_subject(row: Mapping[str, Any]) -> None:
    """A review or assessment is about one prospect or one client (a converted prospect's
    rows name both: the client they now belong to, the prospect they came from)."""
    if {"client_id", "prospect_id"} <= row.keys() and not (row["client_id"] or row["prospect_id"]):
        raise DomainError("subject", "names neither a prospect nor a client")


BIZDEV_RECORD_RULES: Mapping[str, Callable[[Mapping[str, Any]], None]] = {
    "risk_review": _one_subject,
    "assessment": _one_subject,
}
