"""Risk across clients: the 5×5 heat map of every client's register, a cell's (client, risk)
pairs and the top risks — each one SQL statement.

The register's risks that are not closed, of clients not archived. Inherent: likelihood ×
impact; residual: the residual likelihood and impact, the inherent ones where no residual
rating was given yet (the risk is then as bad as it was).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from advisor_desk.domain.risk import Rating, rating
from advisor_desk.services.errors import ValidationError
from advisor_desk.store.models import Partner

_LEVELS = {
    False: ("r.likelihood", "r.impact"),
    True: (
        "COALESCE(r.residual_likelihood, r.likelihood)",
        "COALESCE(r.residual_impact, r.impact)",
    ),
}
_REGISTER = """
FROM client_risk AS r JOIN client AS c ON c.id = r.client_id
WHERE r.partner_id = :partner AND r.deleted = 0 AND r.status <> 'closed'
  AND c.deleted = 0 AND c.archived IS NULL
"""


@dataclass(frozen=True)
class RiskPair:
    client_id: str
    client: str
    risk_id: str
    ref: str
    title: str
    likelihood: int
    impact: int
    residual_likelihood: int | None
    residual_impact: int | None
    treatment: str
    owner: str

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def rating(self) -> Rating:
        return rating(self.likelihood, self.impact)


def heatmap(
    session: Session, partner: Partner, *, residual: bool = False
) -> dict[tuple[int, int], int]:
    """{(likelihood, impact): count} for every cell of the 5×5 grid (zeros included)."""
    like, imp = _LEVELS[residual]
    rows = session.execute(
        text(f"SELECT {like} AS l, {imp} AS i, COUNT(*) AS n {_REGISTER} GROUP BY l, i"),
        {"partner": partner.id},
    )
    cells = {(lk, im): 0 for lk in range(1, 6) for im in range(1, 6)}
    for row in rows:
        cells[(int(row.l), int(row.i))] = int(row.n)
    return cells


_PAIR = """
SELECT c.id AS client_id, c.name AS client, r.id AS risk_id, r.ref, r.title, r.likelihood,
  r.impact, r.residual_likelihood, r.residual_impact, r.treatment, r.owner
"""


def risks_in_cell(
    session: Session, partner: Partner, likelihood: int, impact: int, *, residual: bool = False
) -> list[RiskPair]:
    """The (client, risk) pairs of one heat-map cell, by client then title."""
    problems = [
        (name, f"{value!r} is not a whole number from 1 to 5")
        for name, value in (("likelihood", likelihood), ("impact", impact))
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5
    ]
    if problems:
        raise ValidationError(problems)
    like, imp = _LEVELS[residual]
    sql = (
        f"{_PAIR} {_REGISTER} AND {like} = :l AND {imp} = :i "
        "ORDER BY lower(c.name), c.id, lower(r.title), r.id"
    )
    rows = session.execute(text(sql), {"partner": partner.id, "l": likelihood, "i": impact})
    return [RiskPair(**row._asdict()) for row in rows]


def top_risks(session: Session, partner: Partner, limit: int = 20) -> list[RiskPair]:
    """The highest inherent scores across clients (then residual score, client, title)."""
    sql = (
        f"{_PAIR} {_REGISTER} ORDER BY r.likelihood * r.impact DESC, "
        "COALESCE(r.residual_likelihood, r.likelihood) * COALESCE(r.residual_impact, r.impact)"
        " DESC, lower(c.name), c.id, lower(r.title), r.id LIMIT :limit"
    )
    rows = session.execute(text(sql), {"partner": partner.id, "limit": limit})
    return [RiskPair(**row._asdict()) for row in rows]
