"""Business development rules 1–8 (business-development.md): the worked example to the digit,
and the aggregation against a small independent reimplementation (hypothesis)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor_desk.domain.assessment_scoring import Question, parse_options, score
from advisor_desk.domain.bizdev_entitlements import assessment_refusal, review_refusal
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.licenses import LicenseTier
from advisor_desk.domain.respondent_links import (
    expires,
    link_opens,
    new_token,
    token_hash,
)
from advisor_desk.domain.review_results import Answer, RiskInfo, result_of
from advisor_desk.domain.risk import (
    Rating,
    mean_half_up,
    rating,
    rating_of_score,
)
from advisor_desk.domain.risk import (
    score as risk_score,
)

RISKS = [
    RiskInfo("CY-01", "Ransomware"),
    RiskInfo("CY-02", "Phishing"),
    RiskInfo("CY-03", "Insider data theft"),
]


def test_rule_1_scales_score_and_rating_bands() -> None:
    assert risk_score(4, 5) == 20
    bands = {s: rating_of_score(s).value for s in range(1, 26)}
    assert {s for s, r in bands.items() if r == "Low"} == {1, 2, 3, 4}
    assert {s for s, r in bands.items() if r == "Medium"} == {5, 6, 7, 8, 9}
    assert {s for s, r in bands.items() if r == "High"} == {10, 11, 12, 13, 14}
    assert {s for s, r in bands.items() if r == "Extreme"} == set(range(15, 26))
    assert rating(3, 4) is Rating.HIGH
    with pytest.raises(DomainError, match="likelihood"):
        risk_score(0, 3)
    with pytest.raises(DomainError, match="impact"):
        risk_score(3, 6)


def test_half_up_never_rounds_to_even() -> None:
    assert mean_half_up([3, 4]) == 4  # 3.5
    assert mean_half_up([2, 3]) == 3  # 2.5 (banker's rounding would give 2)
    assert mean_half_up([4, 3, 4]) == 4  # 3.67
    assert mean_half_up([1, 1, 2]) == 1  # 1.33
    assert mean_half_up([]) is None


def test_the_worked_example_to_the_digit() -> None:
    p1 = [Answer("CY-01", True, 4, 5), Answer("CY-02", True, 3, 3), Answer("CY-03", False)]
    p2 = [Answer("CY-01", True, 3, 5), Answer("CY-02", True, 4, 2), Answer("CY-03", True, 2, 4)]
    p3 = [Answer("CY-01", True, 4, 4), Answer("CY-02", False), Answer("CY-03", False)]
    result = result_of(RISKS, [p1, p2, p3])  # P4's draft is not passed (rule 2)
    assert [r.as_json() for r in result.risks] == [
        {"ref": "CY-01", "title": "Ransomware", "answered": 3, "relevant": 3, "likelihood": 4,
         "impact": 5, "score": 20, "rating": "Extreme"},
        {"ref": "CY-02", "title": "Phishing", "answered": 3, "relevant": 2, "likelihood": 4,
         "impact": 3, "score": 12, "rating": "High"},
    ]  # fmt: skip
    assert result.excluded_by_relevance == ("CY-03",)
    assert [c.as_json() for c in result.heatmap] == [
        {"likelihood": 4, "impact": 5, "count": 1},
        {"likelihood": 4, "impact": 3, "count": 1},
    ]


def test_the_worked_assessment_example() -> None:
    questions = [
        Question("Q1", "Access", "MFA?", "choice", parse_options("Yes=1|Partially=3|No=5|N/A=")),
        Question("Q2", "Access", "Reviews?", "choice", parse_options("Yes=1|Some=2|No=4")),
        Question("Q3", "Backup", "How often?", "choice", parse_options("Daily=1|Weekly=2|Never=5")),
        Question("Q4", "Backup", "Where?", "text"),
        Question("Q5", "Patching", "Patched?", "choice", parse_options("Yes=1|No=5")),
    ]
    scores = score(questions, {"Q1": "Partially", "Q2": "No", "Q3": "Weekly"})
    assert [d.as_json() for d in scores.domains] == [
        {"domain": "Access", "answered": 2, "score": 4, "rating": "High"},
        {"domain": "Backup", "answered": 1, "score": 2, "rating": "Low"},
        {"domain": "Patching", "answered": 0, "score": None, "rating": None},
    ]
    assert (scores.overall.score, scores.overall.rating) == (3, "Medium")  # 9/3, not (4+2)/2


def test_overall_is_the_mean_of_answers_not_of_domain_scores() -> None:
    questions = [
        Question("A1", "A", "", "choice", parse_options("x=5")),
        Question("B1", "B", "", "choice", parse_options("y=1")),
        Question("B2", "B", "", "choice", parse_options("y=1")),
        Question("B3", "B", "", "choice", parse_options("y=1|n/a=")),
    ]
    scores = score(questions, {"A1": "x", "B1": "y", "B2": "y", "B3": "n/a"})
    assert scores.overall.score == 2  # 7/3 = 2.33; the domain scores' mean would be 3
    assert scores.domains[1].answered == 2  # the unrated N/A is left out


def test_options_are_parsed_and_bad_ones_named() -> None:
    assert parse_options("Yes=1|Partially=3|No=5|N/A=") == (
        ("Yes", 1), ("Partially", 3), ("No", 5), ("N/A", None),
    )  # fmt: skip
    for bad in ("Yes=6", "=1", "Yes=1|Yes=2", "Yes=x"):
        with pytest.raises(DomainError, match="options"):
            parse_options(bad)


def test_rule_7_entitlements() -> None:
    jr, rc, free = LicenseTier.JUST_RISK, LicenseTier.RISK_COMPLIANCE, LicenseTier.FREE
    assert review_refusal([]) is not None
    assert review_refusal([free]) is not None
    assert review_refusal([free, jr], open_published=1) is None
    assert "at most 2" in (review_refusal([jr], open_published=2) or "")
    assert review_refusal([jr, rc], open_published=7) is None
    assert assessment_refusal([jr]) is None
    assert assessment_refusal([free]) is not None


def test_rule_8_links() -> None:
    tokens = {new_token() for _ in range(200)}
    assert len(tokens) == 200
    assert all(len(t) >= 43 for t in tokens)  # 256 bits in urlsafe base64
    token = next(iter(tokens))
    assert len(token_hash(token)) == 64
    assert token_hash(token) != token
    due = dt.date(2026, 6, 30)
    assert expires(due, dt.date(2026, 6, 1)) == dt.date(2026, 7, 30)
    assert link_opens(expires_on=dt.date(2026, 7, 30), revoked=False, today=dt.date(2026, 7, 30))
    assert not link_opens(
        expires_on=dt.date(2026, 7, 30), revoked=False, today=dt.date(2026, 7, 31)
    )
    assert not link_opens(expires_on=dt.date(2026, 7, 30), revoked=True, today=dt.date(2026, 6, 1))


# --- the aggregation against a small independent reimplementation -----------------------


def _reference(refs: list[str], titles: dict[str, str], people: list[dict[str, tuple]]) -> dict:
    """Rules 3-5 written out plainly with Decimal arithmetic."""
    rows = []
    excluded = []
    for ref in refs:
        said = [p[ref] for p in people if ref in p]
        yes = [a for a in said if a[0]]
        if not said:
            continue
        if Decimal(len(yes)) < Decimal(len(said)) / 2:
            excluded.append(ref)
            continue

        def avg(values: list[int]) -> int:
            mean = Decimal(sum(values)) / Decimal(len(values))
            return int(mean.quantize(Decimal(1), rounding=ROUND_HALF_UP))

        lik, imp = avg([a[1] for a in yes]), avg([a[2] for a in yes])
        s = lik * imp
        band = "Low" if s <= 4 else "Medium" if s <= 9 else "High" if s <= 14 else "Extreme"
        rows.append((ref, titles[ref], len(said), len(yes), lik, imp, s, band))
    rows.sort(key=lambda r: (-r[6], -r[3], r[1].lower(), r[0]))
    cells: dict[tuple[int, int], int] = {}
    for r in rows:
        cells[(r[4], r[5])] = cells.get((r[4], r[5]), 0) + 1
    return {"rows": rows, "excluded": excluded, "cells": cells}


_answer = st.one_of(
    st.tuples(st.just(False), st.just(None), st.just(None)),
    st.tuples(st.just(True), st.integers(1, 5), st.integers(1, 5)),
)


@settings(max_examples=300, deadline=None)
@given(
    titles=st.lists(
        st.sampled_from(["Fraud", "fraud", "Flood", "Breach", "Outage"]), min_size=1, max_size=6
    ),
    data=st.data(),
)
def test_aggregation_matches_an_independent_reimplementation(
    titles: list[str], data: st.DataObject
) -> None:
    refs = [f"R-{n}" for n in range(len(titles))]
    people = data.draw(
        st.lists(st.dictionaries(st.sampled_from(refs), _answer), max_size=12), label="people"
    )
    risks = [RiskInfo(ref, title) for ref, title in zip(refs, titles, strict=True)]
    answers = [[Answer(ref, *a) for ref, a in p.items()] for p in people]
    result = result_of(risks, answers)
    expected = _reference(refs, dict(zip(refs, titles, strict=True)), people)
    got = [
        (r.ref, r.title, r.answered, r.relevant, r.likelihood, r.impact, r.score, r.rating.value)
        for r in result.risks
    ]
    assert got == expected["rows"]
    assert list(result.excluded_by_relevance) == expected["excluded"]
    assert {(c.likelihood, c.impact): c.count for c in result.heatmap} == expected["cells"]
    assert sum(c.count for c in result.heatmap) == len(result.risks)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=1, max_size=50))
def test_mean_half_up_matches_decimal_half_up(values: list[int]) -> None:
    mean = Decimal(sum(values)) / Decimal(len(values))
    assert mean_half_up(values) == int(mean.quantize(Decimal(1), rounding=ROUND_HALF_UP))
