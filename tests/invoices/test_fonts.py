"""Fonts: all embedded, and Polish, Hebrew and Chinese names drawn as text, never boxes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePosixPath

import pytest

from advisor_desk.invoices import fallback, samples
from advisor_desk.invoices.fonts import is_plain, runs, visual
from advisor_desk.invoices.pdf import render_pdf
from tests.invoices.conftest import cjk_font_or_skip, page_fonts, pages_text

POLISH = "Zakład Energetyczny Łódź sp. z o.o."
HEBREW = "מרכז רפואי חיפה"
CHINESE = "上海华东信息科技有限公司"


@pytest.mark.parametrize(
    "snapshot",
    [
        pytest.param(samples.referral_statement(world=True), id="statement-world-names"),
        pytest.param(samples.consolidated(30, issued=False), id="draft-consolidated"),
        pytest.param(samples.credit_note(), id="credit-note"),
    ],
)
def test_every_font_is_embedded_truetype(snapshot: dict[str, object]) -> None:
    fonts = page_fonts(render_pdf(snapshot))
    assert fonts
    for font in fonts:
        assert font["/Subtype"] == "/TrueType", font["/BaseFont"]
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded"
    names = {str(font["/BaseFont"]).split("+")[-1] for font in fonts}
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= names
    assert not names & {"Helvetica", "Times-Roman", "Courier"}


def test_polish_and_hebrew_names_are_text_in_the_shipped_font() -> None:
    assert is_plain(POLISH)
    assert is_plain(visual(HEBREW))
    text = pages_text(render_pdf(samples.referral_statement(world=True)))[0]
    assert POLISH in text
    assert "Przedsiębiorstwo Żegluga Gdańska" in text
    # pypdf reads a right-to-left run back into logical order, so the name is only found
    # as written if it was drawn right to left (reversed); drawn as stored, it would not be.
    assert HEBREW in text
    assert "שירותי ייעוץ ירושלים בע״מ" in text
    assert HEBREW[::-1] not in text


def test_chinese_names_use_an_installed_font_that_has_every_character() -> None:
    cjk = cjk_font_or_skip()
    snapshot = samples.referral_statement(world=True)
    pdf = render_pdf(snapshot)
    assert CHINESE in pages_text(pdf)[0]
    assert "北京云启数据服务有限公司" in pages_text(pdf)[0]
    embedded = {str(f["/BaseFont"]).split("+")[-1] for f in page_fonts(pdf)}
    assert len(embedded) == 3  # DejaVu regular and bold, and the one fallback
    # Never boxes: every character goes to a font whose character map has it.
    for font, chunk in runs(visual(CHINESE + " 0001")):
        for char in chunk.strip():
            assert font == cjk or (font is None and is_plain(char)), (char, font)
    loaded = fallback._load(*_candidate_of(cjk))
    assert loaded is not None
    assert all(ord(c) in loaded[1] for c in CHINESE)


def test_chinese_in_the_header_and_footer_too() -> None:
    cjk_font_or_skip()
    snapshot = samples.client_invoice(name="北京云启数据服务有限公司")
    snapshot = replace(snapshot, issuer=replace(snapshot.issuer, name="上海华东信息科技有限公司"))
    pages = pages_text(render_pdf(snapshot))
    assert "北京云启数据服务有限公司" in pages[0]  # bill-to block
    assert pages[0].count("上海华东信息科技有限公司") >= 1


def test_only_strings_that_need_it_get_the_fallback_font() -> None:
    assert runs("Acme — Risk & Compliance") == [(None, "Acme — Risk & Compliance")]
    cjk = cjk_font_or_skip()
    assert runs("Acme 华东 Ltd") == [(None, "Acme "), (cjk, "华东"), (None, " Ltd")]


def test_a_character_no_font_has_still_renders(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fallback, "candidates", lambda: ())
    fallback.font_for.cache_clear()
    try:
        assert fallback.font_for(ord("华")) is None
        assert runs("华") == [(None, "华")]  # drawn in DejaVu: a box, but no failure
        assert render_pdf(samples.client_invoice(name="华东")).startswith(b"%PDF")
    finally:
        fallback.font_for.cache_clear()


def test_visual_order_reverses_right_to_left_runs_only() -> None:
    assert visual("Acme Pty Ltd") == "Acme Pty Ltd"
    assert visual("שלום") == "םולש"
    assert visual("Client שלום Ltd") == "Client םולש Ltd"
    assert visual("‏-11.00 ‏₪") == "-11.00 ₪"  # Babel's direction marks dropped
    assert visual("שלום\nעולם") == "םולש\nםלוע"


def test_fc_list_parsing_keeps_only_truetype_and_reads_character_sets() -> None:
    output = (
        "/f/NotoSansCJK-Regular.ttc\t2\tCFF\tNoto Sans CJK SC\tRegular\t20-7e 4e00-9fff\n"
        "/f/NimbusSans.t1\t0\tType 1\tNimbus Sans\tRegular\t20-7e\n"
        "/f/wqy-zenhei.ttc\t0\tTrueType\tWenQuanYi Zen Hei\tRegular\t20-7e 4e00-9fa5 ac00\n"
        "/f/DroidSansFallbackFull.ttf\t0\tTrueType\tDroid Sans Fallback\tRegular\t4e00-9fa5\n"
        "/f/Other-Bold.ttf\t0\tTrueType\tOther\tBold\t4e00-9fa5\n"
    )
    found = fallback.parse_fc_list(output)
    assert [c.path for c in found] == [
        "/f/wqy-zenhei.ttc",
        "/f/DroidSansFallbackFull.ttf",
        "/f/Other-Bold.ttf",
    ]
    zenhei = found[0]
    assert zenhei.may_cover(0x534E)
    assert zenhei.may_cover(0xAC00)
    assert not zenhei.may_cover(0x3042)
    ranked = sorted(found, key=fallback.Candidate.rank)
    assert [PurePosixPath(c.path).stem for c in ranked] == [
        "DroidSansFallbackFull",
        "wqy-zenhei",
        "Other-Bold",
    ]


def _candidate_of(font_name: str) -> tuple[str, int]:
    for candidate in fallback.candidates():
        loaded = fallback._load(candidate.path, candidate.index)
        if loaded is not None and loaded[0] == font_name:
            return candidate.path, candidate.index
    raise AssertionError(f"{font_name} is not among the candidates")
