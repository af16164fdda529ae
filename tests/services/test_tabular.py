"""What consultants have: CSVs from Excel (Windows-1252, `;`, tab) and .xlsx workbooks, read
by one reader (services.tabular) for the clients import and the library uploads."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from openpyxl import Workbook

from advisor_desk.domain.licenses import ContentKind
from advisor_desk.services.clients.csv_import import import_clients_csv
from advisor_desk.services.errors import ValidationError
from advisor_desk.services.library.parse import parse_entries
from advisor_desk.services.tabular import read_table
from advisor_desk.services.workspace import export_workspace
from advisor_desk.store.engine import Store

pytestmark = pytest.mark.usefixtures("ws_today")

HEADER = ["name", "domain", "billing_model", "template", "member_email", "member_name"]
ROWS = [
    ["Café Zürich", "cafe.example", "direct", "", "rene@cafe.example", "René Müller"],
    ["Café Zürich", "", "", "", "zoe@cafe.example", "Zoë"],
    ["Olá Lda", "ola.example", "reseller", "", "", ""],
]


def _csv(delimiter: str) -> str:
    return "\r\n".join(delimiter.join(row) for row in [HEADER, *ROWS]) + "\r\n"


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _imported(store: Store) -> dict[str, list[str]]:
    clients = json.loads(export_workspace(store))["clients"]
    return {c["name"]: [m["name"] for m in c["members"]] for c in clients if c["members"]}


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("utf-8", ","),
        ("utf-8-sig", ";"),  # Excel "CSV UTF-8" where the decimal mark is a comma
        ("cp1252", ";"),  # Excel's plain "CSV" on a German or French Windows
        ("cp1252", ","),
        ("utf-16", "\t"),  # Excel's "Unicode Text"
    ],
)
def test_excel_csv_files_import_with_their_accents(
    ws_store: Store, encoding: str, delimiter: str
) -> None:
    data = _csv(delimiter).encode(encoding)
    summary = import_clients_csv(ws_store, data, source="clients.csv")
    assert summary.counts == {"clients": 2, "members": 2}
    assert _imported(ws_store)["Café Zürich"] == ["René Müller", "Zoë"]
    notes = [line for line in summary.lines() if line.startswith("note:")]
    if encoding == "cp1252":
        assert len(notes) == 1
        assert "read as Windows-1252" in notes[0]
        assert "CSV UTF-8" in notes[0]
    else:
        assert notes == []


def test_an_xlsx_workbook_imports_and_names_bad_rows_by_row(ws_store: Store) -> None:
    data = _xlsx([HEADER, *ROWS])
    summary = import_clients_csv(ws_store, data, source="clients.xlsx")
    assert summary.counts == {"clients": 2, "members": 2}
    assert _imported(ws_store)["Café Zürich"] == ["René Müller", "Zoë"]

    bad = _xlsx([HEADER, ["Gum", "gum.example", "free-beer", "", "", ""]])
    with pytest.raises(ValidationError) as caught:
        import_clients_csv(ws_store, bad, source="more.xlsx")
    assert caught.value.lines()[0].startswith('more.xlsx row 2: billing_model "free-beer"')


def test_a_bad_csv_row_is_still_named_by_its_line(ws_store: Store) -> None:
    text = _csv(";") + "Gum;gum.example;free-beer;;;\r\n"
    with pytest.raises(ValidationError) as caught:
        import_clients_csv(ws_store, text.encode("cp1252"), source="c.csv")
    assert caught.value.lines()[0].startswith('c.csv line 5: billing_model "free-beer"')


def test_bytes_that_are_no_text_name_the_fix(store: Store) -> None:
    with pytest.raises(ValidationError) as caught:
        import_clients_csv(store, b"name,domain\n\x81\x8d\x00,x\n", source="c.csv")
    message = caught.value.lines()[0]
    assert message.startswith("c.csv: is not UTF-8 text (byte 13) nor Windows-1252")
    assert "CSV UTF-8" in message


def test_an_old_xls_workbook_names_the_fix(store: Store) -> None:
    with pytest.raises(ValidationError, match=r"old Excel \.xls.*CSV UTF-8"):
        import_clients_csv(store, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), source="c.xls")


def test_a_broken_xlsx_is_one_clear_problem(store: Store) -> None:
    with pytest.raises(ValidationError, match="not an Excel workbook that can be read"):
        import_clients_csv(store, b"PK\x03\x04not really a zip", source="c.xlsx")


def test_worksheet_cells_read_as_a_csv_would_hold_them() -> None:
    data = _xlsx(
        [["ref", "text", "when", "n"], ["A.1", "Plan", dt.datetime(2026, 11, 5), 3.0], [None]]
    )
    table = read_table(data, source="x.xlsx")
    assert table.rows == (
        (1, ["ref", "text", "when", "n"]),
        (2, ["A.1", "Plan", "2026-11-05", "3"]),
    )
    assert table.unit == "row"


def test_the_delimiter_is_the_header_s_not_a_comma_in_a_quoted_cell() -> None:
    table = read_table(b'ref;text\nA.1;"Plan, do; check"\n', source="x.csv")
    assert table.rows == ((1, ["ref", "text"]), (2, ["A.1", "Plan, do; check"]))


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_library_uploads_read_excel_files_too(suffix: str) -> None:
    rows = [["Ref", "Text", "Section"], ["A.5.1", "Politiques de sécurité", "Organisation"]]
    data = (
        _xlsx(list(rows))
        if suffix == ".xlsx"
        else "\r\n".join(";".join(r) for r in rows).encode("cp1252")
    )
    entries = parse_entries(ContentKind.FRAMEWORK, f"annex{suffix}", data)
    assert [(e.ref, e.text, e.section) for e in entries] == [
        ("A.5.1", "Politiques de sécurité", "Organisation")
    ]
    bad = _xlsx([["ref", "text"], ["A.1", "ok"], ["", "no ref"]])
    with pytest.raises(ValidationError) as caught:
        parse_entries(ContentKind.FRAMEWORK, "annex.xlsx", bad)
    assert caught.value.lines() == ["row 3: ref is empty"]
