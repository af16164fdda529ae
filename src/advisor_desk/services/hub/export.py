# ruff: noqa: E501 - the SpreadsheetML parts below are kept as written in the standard
"""The hub's table as CSV or XLSX, and the JSON of `advisor-desk dashboard`.

XLSX is written with the standard library (zipfile + SpreadsheetML), so the export needs no
extra package; numbers are numbers, amounts numbers with two decimals.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from advisor_desk.domain.money import format_money
from advisor_desk.services.hub.figures import TIERS, ClientFigures

HEADERS = (
    "Client",
    "Free",
    "Just risk",
    "Risk & compliance",
    "Charge",
    "Referral",
    "Extreme",
    "High",
    "Overdue",
    "In progress",
    "Last activity",
    "Advisors",
    "Needs attention",
)


def table_rows(clients: Sequence[ClientFigures], *, billing: bool = True) -> list[list[Any]]:
    """The table's cells: ints, Decimals (None when not billed), text."""
    rows = []
    for c in clients:
        licenses = c.licenses or {}
        rows.append(
            [
                c.name,
                *(licenses.get(t.value, 0) if c.licenses is not None else None for t in TIERS),
                c.charge if billing else None,
                c.referral if billing else None,
                c.risks["Extreme"],
                c.risks["High"],
                c.overdue,
                c.in_progress,
                c.last_activity.isoformat() if c.last_activity else "",
                c.advisors,
                "; ".join(c.attention),
            ]
        )
    return rows


def _headers(billing: bool) -> list[str]:
    return [h for h in HEADERS if billing or h not in ("Charge", "Referral")]


def _strip(row: list[Any], billing: bool) -> list[Any]:
    return row if billing else row[:4] + row[6:]


def as_csv(clients: Sequence[ClientFigures], *, billing: bool = True) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_headers(billing))
    for row in table_rows(clients, billing=billing):
        writer.writerow(["" if v is None else v for v in _strip(row, billing)])
    return buffer.getvalue()


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _cell(ref: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int | Decimal):
        style = ' s="1"' if isinstance(value, Decimal) else ""
        return f'<c r="{ref}"{style}><v>{value}</v></c>'
    return (
        f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'
    )


_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Clients" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def as_xlsx(clients: Sequence[ClientFigures], *, billing: bool = True) -> bytes:
    """One sheet, "Clients": the header row, then one row per client."""
    lines = [_headers(billing)] + [_strip(r, billing) for r in table_rows(clients, billing=billing)]
    rows = []
    for number, values in enumerate(lines, start=1):
        cells = "".join(_cell(f"{_column(i)}{number}", v) for i, v in enumerate(values))
        rows.append(f'<row r="{number}">{cells}</row>')
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(rows)}</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _RELS),
            ("xl/workbook.xml", _WORKBOOK),
            ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
            ("xl/styles.xml", _STYLES),
            ("xl/worksheets/sheet1.xml", sheet),
        ):
            archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), body)
    return buffer.getvalue()


def client_json(c: ClientFigures, currency: str | None) -> dict[str, Any]:
    def money(value: Decimal | None) -> str | None:
        return None if value is None or currency is None else format_money(value, currency)

    return {
        "name": c.name,
        "licenses": dict(c.licenses) if c.licenses is not None else {},
        "charge": money(c.charge),
        "referral": money(c.referral),
        "risks": dict(c.risks),
        "assessments": {"overdue": c.overdue, "in_progress": c.in_progress},
        "last_activity": c.last_activity.isoformat() if c.last_activity else None,
        "attention": list(c.attention),
    }


def dashboard_json(
    clients: Sequence[ClientFigures],
    heat: dict[tuple[int, int], int],
    totals: dict[str, Any],
) -> dict[str, Any]:
    """The contract of `advisor-desk dashboard --format json` (issue 19; amounts as strings,
    as in `billing`)."""
    currency = totals.get("currency")
    return {
        "clients": [client_json(c, currency) for c in clients],
        "heatmap": [
            {"likelihood": lk, "impact": im, "count": n} for (lk, im), n in sorted(heat.items())
        ],
        "totals": totals,
    }
