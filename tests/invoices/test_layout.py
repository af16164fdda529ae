"""Pages: long tables split with the header repeated, "Page x of y", totals together on the
last page, DRAFT only on drafts, paper size and amounts by locale."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, LETTER

from advisor_desk.domain.documents import DocumentDraft, DocumentKind, DocumentLine
from advisor_desk.domain.periods import Period
from advisor_desk.invoices import samples
from advisor_desk.invoices.formatting import Formatter, page_size
from advisor_desk.invoices.pdf import render_pdf
from advisor_desk.invoices.table import Grid, LinesTable, Row
from tests.invoices.conftest import pages_text

TOTAL_LABEL = "Total (AUD)"


@pytest.fixture(scope="module")
def big() -> tuple[dict[str, object], list[str]]:
    """The 2,000-client consolidated invoice and its pages' text (rendered once)."""
    snapshot = samples.consolidated(2000).to_dict()
    return snapshot, pages_text(render_pdf(snapshot))


@pytest.mark.slow
def test_a_2000_client_invoice_repeats_the_header_on_every_page(
    big: tuple[dict[str, object], list[str]],
) -> None:
    _snapshot, pages = big
    assert len(pages) > 100
    for number, text in enumerate(pages, start=1):
        for column in ("DESCRIPTION", "QTY", "UNIT PRICE", "AMOUNT"):
            assert column in text, (number, column)
        assert f"Page {number} of {len(pages)}" in text, number
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


@pytest.mark.slow
def test_totals_are_on_the_last_page_only_and_agree_to_the_cent(
    big: tuple[dict[str, object], list[str]],
) -> None:
    snapshot, pages = big
    assert [i for i, text in enumerate(pages) if TOTAL_LABEL in text] == [len(pages) - 1]
    last = pages[-1]
    assert "$1,368,708.00" in last
    assert "$136,870.80" in last
    assert "$1,505,578.80" in last
    assert (snapshot["subtotal"], snapshot["tax"], snapshot["total"]) == (
        "1368708.00",
        "136870.80",
        "1505578.80",
    )
    assert "Subtotal" in last  # the totals never stand alone: table rows come with them
    assert "$1,505,578.80" in pages[0]  # the amount due, up top


@pytest.mark.slow
def test_every_client_has_one_subtotal_and_a_split_client_is_named_again(
    big: tuple[dict[str, object], list[str]],
) -> None:
    snapshot, pages = big
    text = "\n".join(pages)
    subtotals = snapshot["group_subtotals"]
    assert isinstance(subtotals, list)
    assert len(subtotals) == 2000
    # One per client, and one in the totals box.
    assert len(re.findall(r"^Subtotal", text, re.MULTILINE)) == 2000 + 1
    for page in pages[1:]:
        body = page.split("AMOUNT", 1)[1].lstrip("\n")
        first_row = body.splitlines()[0]
        assert not first_row.startswith("Subtotal"), first_row  # never opens a page alone


def test_page_breaks_follow_the_reading_rules() -> None:
    header = Row(["H"], 10, ())

    def row(kind: str, group: str | None = "A") -> Row:
        return Row([kind], 10, (), kind=kind, group=group)  # type: ignore[arg-type]

    grid = Grid(header, [100], [], lambda g: Row([f"{g} (continued)"], 10, (), kind="group"))
    rows = [row("line", None), row("group"), row("line"), row("line"), row("subtotal")]
    table = LinesTable(grid, rows, page_room=1000)
    # Room for header + 2 rows: the page would end on a heading, so it ends before it.
    assert table._fit(30) == 1
    # Room for header + 4 rows: the next page would open with the subtotal alone.
    assert table._fit(50) == 3
    first, rest = table.split(100, 50)
    assert isinstance(rest, LinesTable)
    assert rest.lead is not None
    assert rest.lead.cells == ["A (continued)"]
    # Everything fits, but not with the totals block (tail): the last rows go with it.
    with_tail = LinesTable(grid, rows, tail=25, page_room=1000)
    assert with_tail.wrap(100, 70)[1] > 70
    assert 0 < with_tail._fit(70) < len(rows)


def test_drafts_and_only_drafts_are_watermarked() -> None:
    draft_pages = pages_text(render_pdf(samples.consolidated(60, issued=False)))
    assert len(draft_pages) > 1
    assert all("DRAFT" in text for text in draft_pages)
    issued = "\n".join(pages_text(render_pdf(samples.consolidated(60))))
    assert "DRAFT" not in issued
    assert "Draft" not in issued


@pytest.mark.parametrize(
    ("locale", "size"),
    [("en_US", LETTER), ("en_CA", LETTER), ("en_AU", A4), ("de_DE", A4), ("en-GB", A4)],
)
def test_paper_follows_the_partners_locale(locale: str, size: tuple[float, float]) -> None:
    assert page_size(locale) == size
    box = PdfReader(io.BytesIO(render_pdf(samples.client_invoice(locale=locale)))).pages[0]
    assert (float(box.mediabox.width), float(box.mediabox.height)) == pytest.approx(size)


@pytest.mark.parametrize(
    ("locale", "currency", "amount", "total"),
    [
        ("en_AU", "AUD", "$1,234.50", "$1,357.95"),
        ("de_DE", "EUR", "1.234,50 €", "1.357,95 €"),
        ("pl_PL", "PLN", "1 234,50 zł", "1 357,95 zł"),
        ("en_US", "USD", "$1,234.50", "$1,357.95"),
    ],
)
def test_amounts_are_formatted_for_the_locale(
    locale: str, currency: str, amount: str, total: str
) -> None:
    line = DocumentLine.priced("Advisory hours", 1, Decimal("1234.50"), currency)
    draft = DocumentDraft(
        DocumentKind.CLIENT_INVOICE, Period(2026, 11), currency, "Birch", Decimal("0.10"), (line,)
    )
    snapshot = samples.snapshot(draft, samples.PLATFORM, {"name": "Birch"}, locale=locale)
    text = pages_text(render_pdf(snapshot))[0].replace("\u202f", " ")
    assert amount in text
    assert total in text
    assert Formatter(locale, currency).money("1234.50").replace("\xa0", " ") == amount


def test_a_long_description_wraps_instead_of_running_over() -> None:
    pages = pages_text(render_pdf(samples.resale_invoice()))
    lines = pages[0].splitlines()
    assert any(line.startswith("Advisory hours — ISO 27001 gap") for line in lines)
    assert "and written findings" in lines  # the description's second line
    assert "Advisory hours — ISO 27001 gap assessment workshop and written findings" in flat_(pages)


def test_each_document_kind_shows_its_facts() -> None:
    statement = flat(render_pdf(samples.referral_statement()))
    assert "Referral statement" in statement
    assert "RS-000007" in statement
    assert "never netted against an invoice" in statement
    assert "Due date" not in statement
    note = flat(render_pdf(samples.credit_note()))
    assert "Credit note" in note
    assert "INV-000002" in note
    assert "-$38.50" in note
    assert "Due date" not in note
    resale = flat(render_pdf(samples.resale_invoice()))
    for fact in ("HRA-000042", "Harbour Risk Advisory Pty Ltd", "Tax number 12 345 678 901"):
        assert fact in resale
    assert "BSB 062-000" in resale
    assert "Please pay by 31 Dec 2026" in resale


def flat_(pages: list[str]) -> str:
    return " ".join(" ".join(pages).split())


def flat(pdf: bytes) -> str:
    """All the text, whitespace (and line breaks of wrapped paragraphs) as single spaces."""
    return flat_(pages_text(pdf))


def test_older_snapshots_and_empty_documents_still_render() -> None:
    old = samples.consolidated(3).to_dict()  # as stored, then made older
    del old["payment_terms_days"]
    old["recipient"] = {"name": old["recipient"]["name"]}  # before the partner's details
    text = flat(render_pdf(old))
    assert "Harbour Risk Advisory" in text
    assert "Payment is due" not in text
    assert "Please pay by 15 Dec 2026" in text
    empty = samples.referral_statement(0)
    pages = pages_text(render_pdf(empty))
    assert len(pages) == 1
    assert "CLIENT" in pages[0]
    assert "$0.00" in pages[0]
