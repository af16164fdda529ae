"""Reading a user's table: CSV as Excel writes it, or an Excel workbook (.xlsx).

The one reader every import of a user's rows uses (clients CSV, library uploads), so each
accepts the same files:

- `.xlsx` (recognised by its bytes, whatever its name): the first worksheet, read with
  openpyxl; numbers that are whole print without ".0", dates as YYYY-MM-DD.
- CSV in UTF-8 (with or without the BOM Excel's "CSV UTF-8" writes), UTF-16 (Excel's
  "Unicode Text"), else Windows-1252 (Excel's plain "CSV" on Windows) with a note saying so;
  bytes that are none of these are refused with the fix ("save as CSV UTF-8").
- The delimiter is sniffed from the header line: `,`, `;` (Excel where the decimal mark is a
  comma) or a tab.

Rows keep where they were (`line` in a CSV, counting the lines a quoted cell spans; `row`
in a worksheet), so every problem can be named by its place.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from advisor_desk.services.errors import ValidationError

if TYPE_CHECKING:  # openpyxl is imported only when a workbook is read
    from openpyxl.worksheet.worksheet import Worksheet

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary Excel (and Word) format
DELIMITERS = (",", ";", "\t")
SAVE_AS = 'save it from Excel as "CSV UTF-8 (Comma delimited) (*.csv)" or as .xlsx'


@dataclass(frozen=True)
class Table:
    """The rows of a file, each with its place; blank rows are left out."""

    rows: tuple[tuple[int, list[str]], ...]
    unit: str = "line"  # "line" (CSV) or "row" (worksheet)
    notes: tuple[str, ...] = field(default=())

    def place(self, number: int) -> str:
        return f"{self.unit} {number}"

    def header(self) -> tuple[int, list[str]] | None:
        return self.rows[0] if self.rows else None

    def body(self) -> tuple[tuple[int, list[str]], ...]:
        return self.rows[1:]


def read_table(data: bytes | str, *, source: str) -> Table:
    """The rows of a CSV or .xlsx file; ValidationError (naming `source`) when unreadable."""
    if isinstance(data, str):
        return _from_csv(data.removeprefix("\ufeff"), source, ())
    if data.startswith(XLSX_MAGIC):
        return _from_xlsx(data, source)
    if data.startswith(XLS_MAGIC):
        raise ValidationError([(source, f"is an old Excel .xls workbook: {SAVE_AS}")])
    text, notes = decode_text(data, source)
    return _from_csv(text, source, notes)


def read_pasted(text: str, *, source: str = "the pasted rows") -> Table:
    """Rows pasted from a spreadsheet or typed: the one splitter for pasted text.

    Spreadsheets copy cells tab-separated, so a tab anywhere outside quotes makes tabs the
    delimiter (cells may hold commas); otherwise it is sniffed like a file's (`,` or `;`).
    Quoted cells keep their delimiters, doubled quotes and line breaks; CRLF, LF or CR.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    tab = _count_outside_quotes(text, "\t") > 0
    return _from_csv(text, source, (), delimiter="\t" if tab else None)


def decode_text(data: bytes, source: str) -> tuple[str, tuple[str, ...]]:
    """UTF-8 (BOM or not), UTF-16 with its BOM, else Windows-1252 with a note."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ()
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError as error:
        first_bad = error.start + 1
    if b"\x00" not in data:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            pass
        else:
            note = (
                f"{source} is not UTF-8 (byte {first_bad}); it was read as Windows-1252, "
                f"Excel's plain CSV: check its accents, or {SAVE_AS}"
            )
            return text, (note,)
    raise ValidationError(
        [(source, f"is not UTF-8 text (byte {first_bad}) nor Windows-1252: {SAVE_AS}")]
    )


def sniff_delimiter(text: str) -> str:
    """`,`, `;` or tab: the one the first non-blank line (the header) has most of, outside
    quotes; a comma when it has none."""
    for line in text.splitlines():
        if line.strip():
            counts = {d: _count_outside_quotes(line, d) for d in DELIMITERS}
            best = max(DELIMITERS, key=lambda d: counts[d])
            return best if counts[best] else ","
    return ","


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def _from_csv(
    text: str, source: str, notes: tuple[str, ...], *, delimiter: str | None = None
) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter or sniff_delimiter(text))
    rows: list[tuple[int, list[str]]] = []
    try:
        line = 1
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as error:
        raise ValidationError([(f"{source} line {reader.line_num}", str(error))]) from None
    return Table(tuple(rows), "line", notes)


def _from_xlsx(data: bytes, source: str) -> Table:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise ValidationError(
            [(source, f"is not an Excel workbook that can be read ({error}): {SAVE_AS}")]
        ) from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise ValidationError([(source, "has no worksheet")])
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # files not written by Excel may state too small a size
        rows = [
            (number, cells)
            for number, cells in _sheet_rows(sheet)
            if any(cell.strip() for cell in cells)
        ]
    finally:
        book.close()
    return Table(tuple(rows), "row", ())


def _sheet_rows(sheet: Worksheet) -> Iterator[tuple[int, list[str]]]:
    for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
        cells = [cell_text(value) for value in values]
        while cells and not cells[-1]:
            cells.pop()  # a worksheet's rows are as wide as its widest: trailing blanks
        yield number, cells


def cell_text(value: object) -> str:
    """A worksheet cell as the text a CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    return str(value)
