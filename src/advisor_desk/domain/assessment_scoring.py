"""An assessment's scores (business-development.md, rule 6).

Ratings 1 Very low, 2 Low, 3 Medium, 4 High, 5 Very high. A domain's score = mean of the
ratings of its answered rated questions, rounded half-up; the overall score = mean of all
answered rated questions (not of the domain scores), rounded half-up. Unanswered, text and
unrated answers are left out; no rated answer → None.

Options are written `label=rating` separated by `|` (`Yes=1|Partially=3|No=5|N/A=`: an
empty rating means the option is not rated).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .errors import DomainError
from .risk import check_level, mean_half_up

LEVEL_LABELS = {1: "Very low", 2: "Low", 3: "Medium", 4: "High", 5: "Very high"}
CHOICE = "choice"
TEXT = "text"


@dataclass(frozen=True)
class Question:
    ref: str
    domain: str
    text: str
    answer_type: str  # choice | text
    options: tuple[tuple[str, int | None], ...] = ()

    def rating_of(self, label: str) -> int | None:
        for option, rating in self.options:
            if option == label:
                return rating
        raise DomainError(self.ref, f"{label!r} is not one of its options")


@dataclass(frozen=True)
class Score:
    domain: str
    answered: int  # answered rated questions (those the score is the mean of)
    score: int | None
    rating: str | None

    def as_json(self) -> dict[str, object]:
        return {
            "domain": self.domain,
            "answered": self.answered,
            "score": self.score,
            "rating": self.rating,
        }


@dataclass(frozen=True)
class AssessmentScores:
    domains: tuple[Score, ...]  # in the template's order of first appearance
    overall: Score


def level_label(score: int | None) -> str | None:
    return None if score is None else LEVEL_LABELS[score]


def parse_options(text: str, field: str = "options") -> tuple[tuple[str, int | None], ...]:
    """`Yes=1|Partially=3|No=5|N/A=` → (("Yes", 1), ("Partially", 3), ("No", 5), ("N/A", None))."""
    options: list[tuple[str, int | None]] = []
    seen: set[str] = set()
    for part in text.split("|"):
        label, sep, rating = part.rpartition("=")
        if not sep:
            label, rating = part, ""
        label = label.strip()
        if not label:
            raise DomainError(field, f"{part!r} has no label (write label=rating)")
        if label in seen:
            raise DomainError(field, f"{label!r} is there twice")
        seen.add(label)
        rating = rating.strip()
        if rating == "":
            options.append((label, None))
            continue
        if not rating.isdigit():
            raise DomainError(field, f"{label}: {rating!r} is not a rating from 1 to 5")
        options.append((label, check_level(int(rating), field)))
    return tuple(options)


def format_options(options: Sequence[tuple[str, int | None]]) -> str:
    return "|".join(f"{label}={'' if rating is None else rating}" for label, rating in options)


def score(questions: Sequence[Question], choices: Mapping[str, str]) -> AssessmentScores:
    """Scores from the chosen labels (ref → label); text answers need not be passed."""
    by_domain: dict[str, list[int]] = {}
    everything: list[int] = []
    for question in questions:
        by_domain.setdefault(question.domain, [])
        if question.answer_type != CHOICE or question.ref not in choices:
            continue
        rating = question.rating_of(choices[question.ref])
        if rating is None:
            continue
        by_domain[question.domain].append(rating)
        everything.append(rating)
    domains = []
    for domain, ratings in by_domain.items():
        value = mean_half_up(ratings)
        domains.append(Score(domain, len(ratings), value, level_label(value)))
    overall_value = mean_half_up(everything)
    overall = Score("", len(everything), overall_value, level_label(overall_value))
    return AssessmentScores(tuple(domains), overall)
