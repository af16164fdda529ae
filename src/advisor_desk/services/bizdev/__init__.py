"""Business development (business-development.md): prospects, risk libraries and assessment
templates, risk reviews, assessments and each client's risk register.

Modules: `common` (subjects by name, tiers this month, links), `files` (reading risk
libraries and assessment templates), `risk_libraries` (uploads, risks and questions per
version), `prospects` (+ converting one to a client), `reviews` (build, invite, publish,
close), `review_answers` (answers, results, adopt), `assessments` (send, list, remind),
`recipients`, `assessment_answers` (answers, scores), `register`, `respond`
(what a respondent's link reaches: for the server's page and API).
For the window: `listing` (its read-only queries), `send_preview` (who a send reaches and
who it skips, one rule with `assessments.apply_send`), `review_build` (a review in one go).
Operations take (session, partner) and run through `services.ops.run_op`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor_desk.services.lazy import lazy_exports

if TYPE_CHECKING:  # imported when first used (services/lazy.py)
    from advisor_desk.services.bizdev.files import check_file

__all__ = [
    "check_file",
]
__getattr__, __dir__ = lazy_exports(
    __name__,
    __all__,
    {
        ".files": ("check_file",),
    },
)
