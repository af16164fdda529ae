"""The Linux desktop files are valid and agree with the package (fast: no build)."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from advisor_desk import __version__
from tests.packaging.conftest import PACKAGING, packaging_module

LINUX = PACKAGING / "linux"


def _config():  # type: ignore[no-untyped-def]
    return packaging_module("bundle_plan").load_config()


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian package {package})")
    return path


def test_desktop_file_is_valid() -> None:
    tool = _tool("desktop-file-validate", "desktop-file-utils")
    done = subprocess.run(
        [tool, str(LINUX / "advisor-desk.desktop")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "", done.stdout  # no warnings or hints either


def test_metainfo_is_valid() -> None:
    tool = _tool("appstreamcli", "appstream")
    metainfo = LINUX / f"{_config().app.id}.metainfo.xml"
    done = subprocess.run(
        [tool, "validate", "--no-net", str(metainfo)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_desktop_file_names_the_program_the_window_claims() -> None:
    """app.setDesktopFileName("advisor-desk"): the file, Exec and Icon use that name."""
    config = _config()
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(LINUX / f"{config.app.name}.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"] == config.app.name
    assert desktop["Icon"] == config.app.name
    assert desktop["Name"] == config.app.title


def test_metainfo_matches_the_package() -> None:
    config = _config()
    root = ET.parse(LINUX / f"{config.app.id}.metainfo.xml").getroot()
    assert root.findtext("id") == config.app.id
    assert root.findtext("launchable") == f"{config.app.name}.desktop"
    assert root.findtext("provides/binary") == config.app.name
    newest = root.find("releases/release")
    assert newest is not None
    assert newest.get("version") == __version__, "add a <release> for the new version"


def test_spec_reads_the_version_from_the_package() -> None:
    assert packaging_module("bundle_plan").version() == __version__
