"""A risk review's result from its participants' answers (business-development.md, rules 2–5).

2. Only submitted responses count (the caller passes only those).
3. Per risk: `answered` = participants with an Identify answer, `relevant` = those who said
   relevant; in the result when `2 × relevant ≥ answered` and `answered > 0`.
4. Likelihood (impact) = mean of the relevant participants' values, rounded half-up; score
   and rating from the rounded values; heat-map cell (likelihood, impact) counts the risks.
5. Ranking: score descending, relevant descending, title (case-insensitive), then ref.

The aggregation works on tallies (counts and sums per risk), so a database can compute them
in one grouped query; `tally` makes them from answers for everything else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .risk import Rating, mean_half_up, rating_of_score


@dataclass(frozen=True)
class RiskInfo:
    ref: str
    title: str


@dataclass(frozen=True)
class Answer:
    """One participant's answer about one risk (relevant None: not identified yet)."""

    ref: str
    relevant: bool | None
    likelihood: int | None = None
    impact: int | None = None


@dataclass(frozen=True)
class Tally:
    ref: str
    title: str
    answered: int = 0
    relevant: int = 0
    likelihood_sum: int = 0
    likelihood_count: int = 0
    impact_sum: int = 0
    impact_count: int = 0


@dataclass(frozen=True)
class RiskResult:
    ref: str
    title: str
    answered: int
    relevant: int
    likelihood: int
    impact: int
    score: int
    rating: Rating

    def as_json(self) -> dict[str, object]:
        return {
            "ref": self.ref,
            "title": self.title,
            "answered": self.answered,
            "relevant": self.relevant,
            "likelihood": self.likelihood,
            "impact": self.impact,
            "score": self.score,
            "rating": self.rating.value,
        }


@dataclass(frozen=True)
class HeatCell:
    likelihood: int
    impact: int
    count: int

    def as_json(self) -> dict[str, int]:
        return {"likelihood": self.likelihood, "impact": self.impact, "count": self.count}


@dataclass(frozen=True)
class ReviewResult:
    risks: tuple[RiskResult, ...]  # in the result, ranked (rule 5)
    excluded_by_relevance: tuple[str, ...]  # answered, but fewer than half found it relevant
    unanswered: tuple[str, ...]  # nobody submitted an answer about it
    heatmap: tuple[HeatCell, ...]  # non-empty cells, likelihood then impact descending
    tallies: tuple[Tally, ...]  # every risk, in the questionnaire's order


def tally(risks: Sequence[RiskInfo], submitted: Iterable[Iterable[Answer]]) -> list[Tally]:
    """Counts and sums per risk over the submitted responses (one iterable per participant).

    Answers about refs not in `risks` are left out; a participant's second answer about the
    same risk replaces the first."""
    index = {risk.ref: n for n, risk in enumerate(risks)}
    counts = [[0, 0, 0, 0, 0, 0] for _ in risks]
    for response in submitted:
        latest: dict[str, Answer] = {}
        for answer in response:
            if answer.ref in index:
                latest[answer.ref] = answer
        for ref, answer in latest.items():
            if answer.relevant is None:
                continue
            row = counts[index[ref]]
            row[0] += 1
            if answer.relevant:
                row[1] += 1
                if answer.likelihood is not None:
                    row[2] += answer.likelihood
                    row[3] += 1
                if answer.impact is not None:
                    row[4] += answer.impact
                    row[5] += 1
    return [Tally(risk.ref, risk.title, *row) for risk, row in zip(risks, counts, strict=True)]


def _mean(total: int, count: int) -> int | None:
    if count == 0:
        return None
    return (2 * total + count) // (2 * count)  # half-up of an exact mean (rule 4)


def in_result(answered: int, relevant: int) -> bool:
    """Rule 3."""
    return answered > 0 and 2 * relevant >= answered


def rank_key(risk: RiskResult) -> tuple[int, int, str, str]:
    """Rule 5."""
    return (-risk.score, -risk.relevant, risk.title.casefold(), risk.ref)


def aggregate(tallies: Sequence[Tally]) -> ReviewResult:
    kept: list[RiskResult] = []
    excluded: list[str] = []
    unanswered: list[str] = []
    for t in tallies:
        if t.answered == 0:
            unanswered.append(t.ref)
            continue
        if not in_result(t.answered, t.relevant):
            excluded.append(t.ref)
            continue
        likelihood = _mean(t.likelihood_sum, t.likelihood_count)
        impact = _mean(t.impact_sum, t.impact_count)
        if likelihood is None or impact is None:  # relevant, but nobody rated it
            unanswered.append(t.ref)
            continue
        score = likelihood * impact
        kept.append(
            RiskResult(
                t.ref,
                t.title,
                t.answered,
                t.relevant,
                likelihood,
                impact,
                score,
                rating_of_score(score),
            )
        )
    kept.sort(key=rank_key)
    return ReviewResult(
        risks=tuple(kept),
        excluded_by_relevance=tuple(excluded),
        unanswered=tuple(unanswered),
        heatmap=heatmap((r.likelihood, r.impact) for r in kept),
        tallies=tuple(tallies),
    )


def heatmap(cells: Iterable[tuple[int, int]]) -> tuple[HeatCell, ...]:
    """Non-empty cells of a 5×5 grid, likelihood then impact descending."""
    counts: dict[tuple[int, int], int] = {}
    for cell in cells:
        counts[cell] = counts.get(cell, 0) + 1
    return tuple(
        HeatCell(likelihood, impact, count)
        for (likelihood, impact), count in sorted(counts.items(), reverse=True)
    )


def result_of(risks: Sequence[RiskInfo], submitted: Iterable[Iterable[Answer]]) -> ReviewResult:
    return aggregate(tally(risks, submitted))


__all__ = [
    "Answer",
    "HeatCell",
    "ReviewResult",
    "RiskInfo",
    "RiskResult",
    "Tally",
    "aggregate",
    "heatmap",
    "in_result",
    "mean_half_up",
    "rank_key",
    "result_of",
    "tally",
]
