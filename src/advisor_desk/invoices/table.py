"""The lines table: split page by page into small tables, each with the column header.

A platypus `LongTable` re-measures every remaining row at each page break, which makes a
2,000-client invoice quadratic (about 15 s for 10,000 rows). Here every row's height is
known up front (a fixed height for one-line text, the wrapped height for the few paragraphs),
so a page break is a binary search over running sums, and each page draws a small `Table`
with fixed row heights. The breaks also follow the rules a reader expects: a client's name
never ends a page, its subtotal never opens one alone, a client continued on the next page
gets its name again, and the last rows go with the totals block (`tail`) so the totals never
stand alone on a page.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, Literal

from reportlab.platypus import Flowable, Paragraph, Table, TableStyle
from reportlab.platypus.tables import CellStyle

Cell = str | Paragraph | tuple[()]
EMPTY: tuple[()] = ()  # an empty cell: drawn as nothing (an empty string is still a text op)
RowKind = Literal["line", "group", "subtotal"]
Command = tuple[Any, ...]
KEEP_WITH_TOTALS = 3


@dataclass(frozen=True)
class Row:
    cells: Sequence[Cell]
    height: float
    looks: Sequence[CellStyle]  # one per cell, shared by the rows of a kind
    kind: RowKind = "line"
    group: str | None = None  # the client whose heading, line or subtotal this is
    commands: tuple[Command, ...] = ()  # rules and backgrounds, with row 0 meaning this row


@dataclass(frozen=True)
class Grid:
    """What every page's table shares: the header row, column widths, base style, and how
    to make the heading of a client continued from the previous page."""

    header: Row
    widths: Sequence[float]
    commands: Sequence[Command]
    continued: Callable[[str], Row]


class LinesTable(Flowable):
    """Rows `start:` of `rows` (after an optional `lead` row), drawn as one table per page."""

    def __init__(
        self,
        grid: Grid,
        rows: Sequence[Row],
        *,
        tail: float = 0.0,
        page_room: float = float("inf"),
        start: int = 0,
        lead: Row | None = None,
        sums: Sequence[float] | None = None,
    ) -> None:
        super().__init__()
        self.grid, self.rows, self.start, self.lead = grid, rows, start, lead
        self.sums = sums if sums is not None else [0.0, *accumulate(r.height for r in rows)]
        self.width = sum(grid.widths)
        fixed = grid.header.height + (lead.height if lead else 0.0)
        # Keep the last rows with the totals only where both fit on one page.
        last = self.sums[-1] - self.sums[max(0, len(rows) - KEEP_WITH_TOTALS)]
        self.tail = tail if fixed + last + tail <= page_room else 0.0
        self.page_room = page_room
        self.hAlign = "CENTER"  # like the other full-width tables: flush with the margins
        self._table: Table | None = None

    def _fixed(self) -> float:
        return self.grid.header.height + (self.lead.height if self.lead else 0.0)

    def _height(self, count: int) -> float:
        return self._fixed() + self.sums[self.start + count] - self.sums[self.start]

    @property
    def remaining(self) -> int:
        return len(self.rows) - self.start

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        height = self._height(self.remaining)
        if height <= avail_height < height + self.tail:
            return self.width, height + self.tail  # does not fit with the totals: split
        return self.width, height

    def draw(self) -> None:
        table = self._table or self._chunk(self.remaining)
        table.wrapOn(self.canv, self.width, self._height(self.remaining))
        table.drawOn(self.canv, 0, 0)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        count = self._fit(avail_height)
        if count <= 0:
            return []
        rest = self._rest(count)
        return [self._chunk(count), rest] if rest else [self._chunk(count)]

    def _fit(self, avail_height: float) -> int:
        """How many rows go on this page, by the rules of the module's docstring."""
        room = avail_height - self._fixed() + self.sums[self.start]
        most = min(bisect_right(self.sums, room + 1e-6) - 1 - self.start, self.remaining)
        count = most
        if count == self.remaining and self._height(count) + self.tail > avail_height:
            count = self.remaining - min(KEEP_WITH_TOTALS, self.remaining)
        count = self._nice_break(count)
        if count <= 0 and avail_height >= self.page_room - 1e-6:
            return max(most, 1)  # a fresh page: place what fits rather than loop
        return count

    def _nice_break(self, count: int) -> int:
        for _ in range(3):
            while count > 0 and self.rows[self.start + count - 1].kind == "group":
                count -= 1
            if 0 < count < self.remaining and self.rows[self.start + count].kind == "subtotal":
                count -= 1
                continue
            break
        return count

    def _rest(self, count: int) -> LinesTable | None:
        start = self.start + count
        if start >= len(self.rows):
            return None
        first = self.rows[start]
        lead = None
        if first.group is not None and first.kind != "group":
            lead = self.grid.continued(first.group)
        return LinesTable(
            self.grid,
            self.rows,
            tail=self.tail,
            page_room=self.page_room,
            start=start,
            lead=lead,
            sums=self.sums,
        )

    def _chunk(self, count: int) -> Table:
        body = [*([self.lead] if self.lead else []), *self.rows[self.start : self.start + count]]
        data = [list(self.grid.header.cells), *(list(r.cells) for r in body)]
        heights = [self.grid.header.height, *(r.height for r in body)]
        commands = list(self.grid.commands)
        for index, row in enumerate(body, start=1):
            commands += [_shift(c, index) for c in row.commands]
        looks = [list(self.grid.header.looks), *(list(r.looks) for r in body)]
        table = Table(data, colWidths=list(self.grid.widths), rowHeights=heights, cellStyles=looks)
        table.setStyle(TableStyle(commands))
        self._table = table if count == self.remaining else None
        return table


def _shift(command: Command, row: int) -> Command:
    """A row's own command ((col, 0), (col, 0) …) moved to row `row` of the page table."""
    name, (c0, _r0), (c1, _r1), *rest = command
    return (name, (c0, row), (c1, row), *rest)
