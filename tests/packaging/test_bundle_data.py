"""The bundle's smaller data, checked without PyInstaller (fast): Qt's ICU data without what Qt
never reads, and Babel's locale data read from one zip by the runtime hook."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.packaging.conftest import PACKAGING, packaging_module

icu_trim = packaging_module("icu_trim")
plan = packaging_module("bundle_plan")


def _package(items: int) -> bytes:
    header = (32).to_bytes(2, "little") + b"\xda\x27" + b"\x14\x00\x00\x00\x00\x00\x02\x00"
    return header + b"CmnD" + b"\x01\x00\x00\x00" * 3 + b"\x00" * (items * 8)


def test_the_icu_package_is_found_by_its_header() -> None:
    package = _package(4)
    library = b"\x7fELF" + b"CmnD" + b"\x00" * 100 + package + b"tail"
    start = icu_trim.package_span(library, len(package))
    assert library[start : start + len(package)] == package
    with pytest.raises(ValueError, match="runs past the end"):
        icu_trim.package_span(library, len(library))
    with pytest.raises(ValueError, match="no ICU common-data package"):
        icu_trim.package_span(b"\x00" * 64, 8)


def _icu_data_library() -> Path:
    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not found:
        pytest.skip("this PySide6 ships no ICU (Windows and macOS use the system's)")
    return found[0]


@pytest.mark.skipif(
    not all(shutil.which(t) for t in ("icupkg", "cc", "nm")),
    reason="needs icupkg (Debian icu-devtools), cc and nm",
)
def test_icu_data_shrinks_and_qt_still_collates(tmp_path: Path) -> None:
    library = _icu_data_library()
    shrunk = icu_trim.shrink(library, plan.load_config().icu_drop, tmp_path)
    assert shrunk.library is not None, shrunk.reason
    assert shrunk.library.stat().st_size < library.stat().st_size / 3
    code = (
        "from PySide6.QtCore import QCollator, QLocale\n"
        "words = ['Zebra', 'Äpfel', 'Ofen', 'Österreich', 'apple']\n"
        "for name in ('de_DE', 'sv_SE'):\n"
        "    print(name, sorted(words, key=QCollator(QLocale(name)).sortKey))\n"
        "print(QLocale('tr_TR').toUpper('istanbul'))\n"
    )

    def run(preload: str | None) -> str:
        env = {"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"}
        if preload:
            env["LD_PRELOAD"] = preload  # its icudtNN_dat wins over the wheel's
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert run(str(shrunk.library)) == run(None)
    assert "sv_SE ['apple', 'Ofen', 'Zebra', 'Äpfel', 'Österreich']" in run(str(shrunk.library))


def test_shrink_says_why_it_keeps_the_full_data(tmp_path: Path) -> None:
    other = tmp_path / "libfoo.so.1"
    other.write_bytes(b"")
    assert icu_trim.shrink(other, ["lang/*"], tmp_path).library is None


HOOK_CHECK = """
import datetime, sys
sys.path.insert(0, {hooks!r})
zipped = sys.argv[1] == "zip"
if zipped:
    import babel_locale_zip
    babel_locale_zip.install({archive!r})
import babel.localedata as localedata
if zipped:  # the bundle has no locale-data folder: every read must come from the zip
    localedata._dirname = {missing!r}
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency
for name in ("en_AU", "de_CH", "sw_KE", "ja_JP", "ar_EG", "sr_Latn_RS"):
    locale = Locale.parse(name)
    print(name, locale.display_name, format_currency(1234.5, "EUR", locale=locale),
          format_date(datetime.date(2026, 3, 1), "full", locale=locale))
print(len(localedata.locale_identifiers()), localedata.exists("fr_CA"), localedata.exists("xx"))
try:
    Locale.parse("xx_YY")
except UnknownLocaleError as error:
    print("unknown:", error)
print(type(localedata.__loader__).__name__ if zipped else "_PatchingLoader")
"""


def test_babel_reads_every_locale_from_the_zip(tmp_path: Path) -> None:
    import babel

    folder = Path(babel.__file__).parent / "locale-data"
    archive = tmp_path / "locale-data.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as packed:
        for file in folder.glob("*.dat"):
            packed.write(file, file.name)
    script = tmp_path / "check.py"
    script.write_text(
        HOOK_CHECK.format(
            hooks=str(PACKAGING / "rthooks"),
            archive=str(archive),
            missing=str(tmp_path / "no-such-folder"),
        ),
        encoding="utf-8",
    )

    def run(mode: str) -> str:
        done = subprocess.run(
            [sys.executable, str(script), mode], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    zipped, plain = run("zip"), run("plain")
    assert zipped == plain
    assert "_PatchingLoader" in zipped
    assert f"{len(list(folder.glob('*.dat'))) - 1} True False" in zipped  # all but root
