"""Build the Linux bundle and use it the way a consultant's laptop would (slow: ~2-3 min).

The program runs with a bare environment (only PATH, HOME, LANG; no virtualenv, no
PYTHONPATH) and a fresh data folder: the CLI jobs, PDF rendering with the bundled fonts,
and the window.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from advisor_desk import __version__
from tests.packaging.conftest import ROOT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(900),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="builds the Linux bundle"),
]


def _ensure_pyinstaller() -> None:
    if importlib.util.find_spec("PyInstaller") is not None:
        return
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "pyinstaller>=6.10"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        pytest.skip(f"PyInstaller is missing and PyPI cannot be reached: {done.stderr[-300:]}")
    importlib.invalidate_caches()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the program, the dist folder), from a clean build: nothing cached."""
    _ensure_pyinstaller()
    out = tmp_path_factory.mktemp("bundle")
    env = dict(os.environ, XDG_CACHE_HOME=str(out / "cache"))  # PyInstaller's cache, fresh
    done = subprocess.run(
        [sys.executable, "packaging/build.py", "--dist", str(out / "dist")]
        + ["--work", str(out / "work")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=840,
    )
    assert done.returncode == 0, done.stderr[-5000:]
    shutil.rmtree(out / "work")  # PyInstaller's intermediate files: the tests need only dist/
    program = Path(done.stdout.strip().splitlines()[-1])
    assert program.is_file(), done.stdout
    assert os.access(program, os.X_OK)
    return program, out / "dist"


@pytest.fixture
def bare(tmp_path: Path, built: tuple[Path, Path]):  # type: ignore[no-untyped-def]
    """Run the bundle with nothing but PATH, HOME and LANG, on a fresh data folder."""
    program, _dist = built
    home = tmp_path / "home"
    home.mkdir()
    data = tmp_path / "data"

    def run(*args: str, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", **(extra or {})}
        return subprocess.run(
            [str(program), "--data-dir", str(data), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    run.data = data  # type: ignore[attr-defined]
    run.program = program  # type: ignore[attr-defined]
    return run


def test_version(bare) -> None:  # type: ignore[no-untyped-def]
    done = bare("--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"advisor-desk {__version__}"


def _demo(bare) -> str:  # type: ignore[no-untyped-def]
    done = bare("demo", "--clients", "20")
    assert done.returncode == 0, done.stderr
    today = re.search(r"today: (\d{4}-\d{2})-\d{2}", done.stdout)
    assert today, done.stdout
    return today[1]


def test_demo_then_billing_json(bare) -> None:  # type: ignore[no-untyped-def]
    period = _demo(bare)
    done = bare("billing", "--period", period, "--format", "json")
    assert done.returncode == 0, done.stderr
    billing = json.loads(done.stdout)
    assert billing["period"] == period
    assert 0 < len(billing["clients"]) <= 20
    assert (bare.data / "advisor-desk.sqlite3").is_file()  # the migrations ran from the bundle


def test_invoice_pdf_embeds_the_bundled_fonts(bare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    _demo(bare)  # issues a few months of documents
    listed = bare("invoice", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    number = next(d["number"] for d in json.loads(listed.stdout) if d["number"])
    pdf = tmp_path / "invoice.pdf"
    done = bare("invoice", "pdf", number, "--out", str(pdf))
    assert done.returncode == 0, done.stderr
    fonts = {
        str(font["/BaseFont"])
        for page in PdfReader(pdf).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("DejaVu" in name for name in fonts), fonts


def test_bundle_is_lean(built: tuple[Path, Path]) -> None:
    program, _dist = built
    files = {p.name for p in program.parent.rglob("*")}
    for unwanted in ("libQt6WebEngineCore.so.6", "libQt6Quick.so.6", "libQt6Qml.so.6"):
        assert unwanted not in files
    for wanted in ("libqxcb.so", "libqwayland.so", "libqsvgicon.so", "DejaVuSans.ttf"):
        assert wanted in files
    assert {"env.py", "0001_initial_schema.py"} <= files  # Alembic reads them as files
    assert any(name.startswith("keyring-") and name.endswith(".dist-info") for name in files)
    broken = [p for p in program.parent.rglob("*") if p.is_symlink() and not p.exists()]
    assert broken == []


def test_tarball_holds_the_program_and_desktop_files(built: tuple[Path, Path]) -> None:
    _program, dist = built
    (tarball,) = dist.glob(f"advisor-desk-{__version__}-linux-*.tar.gz")
    with tarfile.open(tarball) as archive:
        names = set(archive.getnames())
    top = f"advisor-desk-{__version__}"
    for member in (
        "advisor-desk",
        "install.sh",
        "share/applications/advisor-desk.desktop",
        "share/icons/hicolor/256x256/apps/advisor-desk.png",
        "share/icons/hicolor/scalable/apps/advisor-desk.svg",
    ):
        assert f"{top}/{member}" in names


def test_install_script_adds_and_removes_the_menu_entry(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    program, _dist = built
    prefix = tmp_path / "prefix"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PREFIX": str(prefix)}
    script = program.parent / "install.sh"
    done = subprocess.run(["sh", str(script)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    entry = prefix / "share" / "applications" / "advisor-desk.desktop"
    assert f'Exec="{program}"' in entry.read_text(encoding="utf-8")
    assert (prefix / "share/icons/hicolor/48x48/apps/advisor-desk.png").is_file()
    linked = subprocess.run(
        [str(prefix / "bin" / "advisor-desk"), "--version"], capture_output=True, text=True
    )
    assert linked.stdout.strip() == f"advisor-desk {__version__}"
    if shutil.which("desktop-file-validate"):
        valid = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True)
        assert valid.returncode == 0, valid.stdout
    done = subprocess.run(["sh", str(script), "--uninstall"], env=env, capture_output=True)
    assert done.returncode == 0, done.stderr
    assert [p for p in prefix.rglob("*") if not p.is_dir()] == []


def test_window_starts(bare) -> None:  # type: ignore[no-untyped-def]
    """The window opens (offscreen) on a demo store and stays up without errors."""
    _demo(bare)
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(bare.data.parent / "home"),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
    }
    window = subprocess.Popen(
        [str(bare.program), "--data-dir", str(bare.data)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    log = bare.data / "logs" / "advisor-desk.log"
    try:
        time.sleep(8)
        assert window.poll() is None, window.communicate()[1]
    finally:
        window.terminate()
        _out, err = window.communicate(timeout=30)
    text = log.read_text(encoding="utf-8")
    assert "starting" in text
    assert "Traceback" not in text, text[-3000:]
    assert " ERROR " not in text, text[-3000:]
    assert "Traceback" not in err, err
