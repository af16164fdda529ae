"""TrueType fonts that build and compress each embedded subset once per process.

Every document embeds the subsets of the fonts it uses. Issuing a month renders hundreds of
one-page invoices that use the same characters in the same order, so reportlab would cut the
same subset out of DejaVu and deflate the same ~40 KB stream for each of them: about a third
of a small invoice's rendering. Here both are kept per process, keyed by the subset itself.
The bytes written are exactly those reportlab writes (zlib is deterministic for the same input
and level), so an issued document's stored SHA-256 still matches a fresh rendering.
"""

from __future__ import annotations

import zlib
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

# Distinct subsets seen when issuing the 2,000-client demo's month: two per font. The bound
# only guards a long-running process that renders many unusual documents.
_KEPT = 64


class _Bounded(OrderedDict[Any, bytes]):
    def remember(self, key: Any, value: bytes) -> bytes:
        self[key] = value
        if len(self) > _KEPT:
            self.popitem(last=False)
        return value


class _KeptDeflate:
    """reportlab's Flate filter (`pdfdoc.PDFZCompress`), answering a stream it already
    deflated from memory."""

    pdfname = "FlateDecode"

    def __init__(self) -> None:
        self._deflated = _Bounded()

    def encode(self, text: str | bytes) -> bytes:
        raw = text.encode("utf8") if isinstance(text, str) else text
        kept = self._deflated.get(raw)
        if kept is None:
            kept = self._deflated.remember(raw, zlib.compress(raw))
        return kept

    def decode(self, encoded: bytes) -> bytes:
        return zlib.decompress(encoded)


_DEFLATE = _KeptDeflate()


class _SubsetKeepingFace(TTFontFace):
    _subsets: _Bounded

    def makeSubset(self, subset: Sequence[int]) -> bytes:  # noqa: N802 (reportlab's name)
        key = tuple(subset)
        kept = self._subsets.get(key)
        if kept is None:
            kept = self._subsets.remember(key, super().makeSubset(subset))
        return kept

    def addSubsetObjects(self, doc: Any, fontname: str, subset: list[int]) -> Any:  # noqa: N802
        descriptor = super().addSubsetObjects(doc, fontname, subset)  # type: ignore[no-untyped-call]
        if doc.compression:
            # reportlab names the font file's stream so; deflate it through the kept filter.
            stream = doc.idToObject[f"fontFile:{self.filename}({fontname})"]
            if stream.filters == [pdfdoc.PDFZCompress]:
                stream.filters = [_DEFLATE]
        return descriptor


def subset_keeping_font(name: str, filename: str, subfont_index: int = 0) -> TTFont:
    """A reportlab `TTFont` whose subsets are made and deflated once per process."""
    font = TTFont(name, filename, subfontIndex=subfont_index)
    face = font.face
    face.__class__ = _SubsetKeepingFace
    assert isinstance(face, _SubsetKeepingFace)
    face._subsets = _Bounded()
    return font
