"""Installed fonts for the characters the shipped DejaVu Sans lacks (Chinese, Japanese, …).

reportlab embeds TrueType outlines only, so a CFF-based OpenType font (Noto Sans CJK, for
one) is no use to it. The candidates are the machine's TrueType fonts, found through
fontconfig (`fc-list`, which also tells each font's character set) or, where there is none,
a short list of well-known paths; they are tried in one fixed order of preference, so a
character always gets the same font on the same machine, whatever else was rendered before.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from advisor_desk.invoices.font_cache import subset_keeping_font

log = logging.getLogger(__name__)

FC_FORMAT = "%{file}\t%{index}\t%{fontformat}\t%{family[0]}\t%{style[0]}\t%{charset}\n"
# Fonts known to embed well and to cover a whole script, best first.
PREFERRED = (
    "droidsansfallbackfull",
    "wqy-zenhei",
    "wqy-microhei",
    "uming",
    "ukai",
    "msyh",
    "simsun",
    "malgun",
    "arial unicode",
)
WELL_KNOWN_PATHS = (  # used only where fontconfig is missing (Windows, some macOS set-ups)
    r"C:\Windows\Fonts\msyh.ttc",
    r"C:\Windows\Fonts\simsun.ttc",
    r"C:\Windows\Fonts\malgun.ttf",
    r"C:\Windows\Fonts\Nirmala.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
)
_RANGE = re.compile(r"([0-9a-f]+)(?:-([0-9a-f]+))?")


@dataclass(frozen=True)
class Candidate:
    path: str
    index: int
    family: str = ""
    style: str = ""
    starts: tuple[int, ...] = ()  # sorted range starts of the character set
    ends: tuple[int, ...] = ()  # matching inclusive ends; both empty: unknown (ask the font)

    def may_cover(self, code: int) -> bool:
        if not self.starts:
            return True
        at = bisect_right(self.starts, code) - 1
        return at >= 0 and code <= self.ends[at]

    def rank(self) -> tuple[int, int, int, str, int]:
        name = f"{Path(self.path).stem} {self.family}".lower()
        known = next((i for i, key in enumerate(PREFERRED) if key in name), len(PREFERRED))
        plain = self.style.lower() in {"", "regular", "book", "normal", "medium", "roman"}
        return (known, 0 if plain else 1, 1 if "mono" in name else 0, self.path, self.index)


def parse_charset(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """fontconfig's "20-7e a0-17f 192" as sorted (starts, ends)."""
    pairs = sorted((int(a, 16), int(b or a, 16)) for a, b in _RANGE.findall(text.strip().lower()))
    return tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)


def parse_fc_list(output: str) -> list[Candidate]:
    """TrueType fonts from `fc-list --format FC_FORMAT` (CFF and Type 1 ones are skipped)."""
    found = []
    for line in output.splitlines():
        parts = line.split("\t")
        if len(parts) != 6 or parts[2] != "TrueType":
            continue
        path, index, _format, family, style, charset = parts
        starts, ends = parse_charset(charset)
        if starts and path.lower().endswith((".ttf", ".ttc")):
            found.append(Candidate(path, int(index or 0), family, style, starts, ends))
    return found


def _fc_list() -> list[Candidate] | None:
    program = shutil.which("fc-list")
    if program is None:
        return None
    try:
        done = subprocess.run(
            [program, "--format", FC_FORMAT],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("fc-list failed (%s); using well-known font paths", error)
        return None
    return parse_fc_list(done.stdout)


@cache
def candidates() -> tuple[Candidate, ...]:
    """Every usable-looking installed TrueType font, best first."""
    found = _fc_list() if sys.platform != "win32" else None
    if found is None:
        found = [Candidate(p, 0) for p in WELL_KNOWN_PATHS if os.path.exists(p)]
    return tuple(sorted(found, key=Candidate.rank))


@cache
def _load(path: str, index: int) -> tuple[str, frozenset[int]] | None:
    """Register the font with reportlab once; its name and the characters it has."""
    name = f"Fallback-{re.sub(r'[^A-Za-z0-9]+', '', Path(path).stem)}-{index}"
    try:
        font = subset_keeping_font(name, path, index)
    except Exception as error:  # any font reportlab cannot embed (CFF, restricted) is skipped
        log.info("font %s (%d) cannot be embedded: %s", path, index, error)
        return None
    pdfmetrics.registerFont(font)
    return name, frozenset(font.face.charToGlyph)


@cache
def font_for(code: int) -> str | None:
    """The registered name of the preferred installed font that has this character."""
    for candidate in candidates():
        if not candidate.may_cover(code):
            continue
        loaded = _load(candidate.path, candidate.index)
        if loaded is not None and code in loaded[1]:
            return loaded[0]
    log.warning("no installed font can show U+%04X; it will be drawn as a box", code)
    return None


def reset() -> None:
    """Forget what was found (tests that change the candidates)."""
    candidates.cache_clear()
    font_for.cache_clear()
