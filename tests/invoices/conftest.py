"""Helpers for reading rendered PDFs back (pypdf), shared by the invoice tests."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from advisor_desk.invoices import fallback


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text as pypdf extracts it, no-break spaces made plain."""
    reader = PdfReader(io.BytesIO(pdf))
    return [page.extract_text().replace("\xa0", " ") for page in reader.pages]


def page_fonts(pdf: bytes) -> list[dict[str, Any]]:
    """Every font dictionary used by any page (resolved)."""
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        found += [ref.get_object() for ref in fonts.get_object().values()]
    return found


def cjk_font_or_skip() -> str:
    """The installed font that will draw Chinese, or skip the calling test."""
    name = fallback.font_for(ord("华"))
    if name is None:
        pytest.skip(
            "no installed TrueType font covers Chinese (Noto Sans CJK is CFF-based, which "
            "reportlab cannot embed): install fonts-wqy-zenhei or fonts-droid-fallback"
        )
    return name
