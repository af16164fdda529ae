"""An assessment's report: the partner's branding, scores per domain as bars, the overall
score, and every answer."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer
from sqlalchemy.orm import Session

from advisor_desk.reports.charts import Bars
from advisor_desk.reports.layout import Branding, build, content_width, header, p, styles, table
from advisor_desk.reports.review import branding_of
from advisor_desk.services.bizdev.assessment_answers import AssessmentResults, results
from advisor_desk.services.ops import run_query
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Partner


@dataclass(frozen=True)
class AssessmentReport:
    branding: Branding
    results: AssessmentResults


def _gather(session: Session, partner: Partner, key: str) -> AssessmentReport:
    return AssessmentReport(branding_of(session, partner), results(session, partner, key))


def assessment_report_pdf(store: Store, key: str) -> bytes:
    return render_assessment_report(run_query(store, _gather, key))


def render_assessment_report(report: AssessmentReport) -> bytes:
    b, r = report.branding, report.results
    st = styles(b)
    width = content_width(b)
    overall = r.scores.overall
    shown = "not rated" if overall.score is None else f"{overall.score} {overall.rating}"
    story: list[Flowable] = header(
        b, st, r.title, [f"Assessment of {r.recipient} · status {r.status}", f"Overall: {shown}"]
    )
    story.append(p("Scores by domain (1 Very low … 5 Very high)", st.heading))
    bars = [(d.domain or "(no domain)", d.score, d.rating) for d in r.scores.domains]
    story += [Bars(bars, width), Spacer(1, 4 * mm)]
    story.append(p("Answers", st.heading))
    rows: list[list[object]] = [["Ref", "Domain", "Question", "Answer"]]
    for question in r.questions:
        rows.append(
            [
                question.ref,
                p(question.domain, st.cell),
                p(question.text, st.cell),
                p(r.answers.get(question.ref, "—") or "—", st.cell),
            ]
        )
    story.append(table(rows, [width * 0.1, width * 0.18, width * 0.47, width * 0.25], b))
    return build(b, r.title, b.partner, story)
