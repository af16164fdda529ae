"""Template plans and what onboarding made of them sync like every other row, scoped."""

from __future__ import annotations

from sqlalchemy import func, select

from advisor_desk.services.clients.onboarding import onboard_client
from advisor_desk.store.models import (
    ClientAssessment,
    ClientRisk,
    TemplateAdvisor,
    TemplateAssessment,
    TemplateRevision,
    TemplateRisk,
)
from tests.helpers.templates import cyber_template, make_library
from tests.server.harness import Laptop
from tests.sync.laptops import laptops, waiting

__all__ = ["laptops"]

MODELS = (
    TemplateRisk,
    TemplateAssessment,
    TemplateAdvisor,
    TemplateRevision,
    ClientRisk,
    ClientAssessment,
)


def _counts(laptop: Laptop) -> list[int]:
    with laptop.store.read() as session:
        return [
            int(session.scalar(select(func.count()).select_from(model)) or 0) for model in MODELS
        ]


def test_a_template_plan_and_an_onboarded_client_reach_the_other_laptops(
    laptops: dict[str, Laptop],
) -> None:
    a, b, bo = laptops["a"], laptops["b"], laptops["bo"]
    cyber_template(a.store, make_library(a.store, partner=False))
    onboard_client(a.store, template="Cyber uplift", name="Dune Energy")
    a.sync()
    assert waiting(a) == 0
    b.sync()
    assert _counts(b) == [2, 1, 1, 1, 2, 1]
    bo.sync()  # no access to Dune Energy: the partner's templates, not the client's rows
    assert _counts(bo) == [2, 1, 1, 1, 0, 0]
