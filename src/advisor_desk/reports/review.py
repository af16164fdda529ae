"""A risk review's report: the partner's branding, the heat map, the top risks with their
causes and impacts, and who took part."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_desk.reports.charts import HeatMap
from advisor_desk.reports.layout import Branding, build, content_width, header, p, styles, table
from advisor_desk.services.bizdev.review_answers import ReviewResults, results
from advisor_desk.services.ops import run_query
from advisor_desk.store.engine import Store
from advisor_desk.store.models import Partner, ResaleSettings

TOP = 10
STATUS_WORDS = {"invited": "not started", "in_progress": "draft saved", "submitted": "submitted"}


def branding_of(session: Session, partner: Partner) -> Branding:
    settings = session.scalars(
        select(ResaleSettings).where(
            ResaleSettings.partner_id == partner.id, ResaleSettings.deleted.is_(False)
        )
    ).first()
    return Branding(
        partner.name,
        settings.legal_name if settings else "",
        settings.logo_png if settings else None,
        partner.locale or "en_AU",
    )


@dataclass(frozen=True)
class ReviewReport:
    branding: Branding
    results: ReviewResults


def _gather(session: Session, partner: Partner, key: str) -> ReviewReport:
    return ReviewReport(branding_of(session, partner), results(session, partner, key))


def review_report_pdf(store: Store, key: str) -> bytes:
    return render_review_report(run_query(store, _gather, key))


def render_review_report(report: ReviewReport) -> bytes:
    b, r = report.branding, report.results
    st = styles(b)
    width = content_width(b)
    story: list[Flowable] = header(
        b,
        st,
        r.review,
        [
            f"Risk review of {r.subject}",
            f"{r.submitted} of {r.invited} participants submitted · status {r.status}",
        ],
    )
    story.append(p("Heat map", st.heading))
    counts = {(c.likelihood, c.impact): c.count for c in r.result.heatmap}
    story += [HeatMap(counts, "impact →  (rows: likelihood)"), Spacer(1, 4 * mm)]
    story.append(
        p(f"Top risks ({min(TOP, len(r.result.risks))} of {len(r.result.risks)})", st.heading)
    )
    if not r.result.risks:
        story.append(p("No risk is in the result yet: nobody has submitted.", st.body))
    asked = {risk.ref: risk for risk in r.risks}
    for rank, risk in enumerate(r.result.risks[:TOP], start=1):
        detail = asked.get(risk.ref)
        block: list[Flowable] = [
            p(
                f"{rank}. {risk.title} ({risk.ref}) — {risk.rating.value}, score {risk.score}",
                st.body,
            ),
            p(
                f"Likelihood {risk.likelihood}, impact {risk.impact}; "
                f"relevant to {risk.relevant} of {risk.answered} who answered",
                st.small,
            ),
        ]
        if detail is not None and detail.description:
            block.append(p(detail.description, st.cell))
        if detail is not None and detail.causes:
            block.append(p("Causes: " + "; ".join(detail.causes), st.cell))
        if detail is not None and detail.impacts:
            block.append(p("Impacts: " + "; ".join(detail.impacts), st.cell))
        block.append(Spacer(1, 3 * mm))
        story.append(KeepTogether(block))
    if r.result.excluded_by_relevance:
        story.append(
            p(
                "Not relevant to most participants: " + ", ".join(r.result.excluded_by_relevance),
                st.small,
            )
        )
    story.append(p("Participation", st.heading))
    rows: list[list[object]] = [["Participant", "Status"]]
    rows += [
        [p(person.email, st.cell), STATUS_WORDS.get(person.status, person.status)]
        for person in r.people
    ]
    story.append(table(rows, [width * 0.7, width * 0.3], b))
    return build(b, r.review, b.partner, story)
