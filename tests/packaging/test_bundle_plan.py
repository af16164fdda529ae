"""What the bundle keeps and drops, decided without running PyInstaller (fast)."""

from __future__ import annotations

from pathlib import Path

from tests.packaging.conftest import packaging_module

plan = packaging_module("bundle_plan")
qt_trim = packaging_module("qt_trim")


def test_qt_modules_come_from_the_source() -> None:
    used = plan.imported_qt_modules()
    assert {"QtCore", "QtGui", "QtWidgets"} <= used
    assert not any(m.startswith(("QtWebEngine", "Qt3D", "QtQuick", "QtQml")) for m in used)


def test_a_new_import_is_bundled_with_what_it_links(tmp_path: Path) -> None:
    (tmp_path / "panel.py").write_text("from PySide6 import QtPdfWidgets\nimport PySide6.QtCore\n")
    used = plan.imported_qt_modules(tmp_path)
    assert used == {"QtPdfWidgets", "QtCore"}
    installed = {m: Path(f"{m}.so") for m in ("QtCore", "QtGui", "QtPdf", "QtPdfWidgets", "QtQml")}
    links = {
        "QtPdfWidgets.so": ["libQt6PdfWidgets.so.6", "libQt6Pdf.so.6", "libQt6Gui.so.6"],
        "QtPdf.so": ["libQt6Pdf.so.6", "libQt6Core.so.6"],
    }
    needed = plan.needed_qt_modules(used, installed, lambda f: links.get(f.name, []))
    assert needed == {"QtCore", "QtGui", "QtPdf", "QtPdfWidgets"}
    assert plan.excluded_qt_modules(installed, needed) == ["PySide6.QtQml"]


def test_qt_library_names_on_every_platform() -> None:
    assert plan.qt_module_of_library("libQt6Pdf.so.6") == "QtPdf"
    assert plan.qt_module_of_library("Qt6Pdf.dll") == "QtPdf"
    assert plan.qt_module_of_library("@rpath/QtPdf.framework/Versions/A/QtPdf") == "QtPdf"
    assert plan.qt_module_of_library("QtCore.abi3.so") is None
    assert plan.qt_module_of_library("libpng16.so.16") is None


def test_excluded_packages_are_not_hidden_imports() -> None:
    keep = plan.hidden_import_filter(["advisor_desk.server", "pygments"])
    assert keep("advisor_desk.cli.billing")
    assert keep("advisor_desk.serverless")
    assert not keep("advisor_desk.server")
    assert not keep("advisor_desk.server.app")


def test_config_reads() -> None:
    config = plan.load_config()
    assert config.app.icon.is_file()
    assert "keyring.backends" in config.collect_submodules
    assert {"babel", "tzdata", "reportlab"} <= set(config.collect_data)


LINKS = {
    "qxcb": ["libQt6XcbQpa.so.6", "libQt6Gui.so.6", "libQt6DBus.so.6"],
    "qpdf": ["libQt6Pdf.so.6", "libQt6Gui.so.6"],
    "qvkb": ["libQt6VirtualKeyboard.so.6", "libQt6Quick.so.6", "libQt6Gui.so.6"],
    "vkb": ["libQt6Quick.so.6"],
    "gui": ["libQt6Core.so.6", "libQt6DBus.so.6"],
    "ext": ["libQt6Gui.so.6", "libQt6Core.so.6"],
}


def _binaries() -> list[tuple[str, str, str]]:
    return [
        ("PySide6/QtGui.abi3.so", "ext", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "gui", "BINARY"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "core", "BINARY"),
        ("PySide6/Qt/lib/libQt6DBus.so.6", "dbus", "BINARY"),
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", "xcbqpa", "BINARY"),
        ("PySide6/Qt/lib/libQt6Pdf.so.6", "pdf", "BINARY"),
        ("PySide6/Qt/lib/libQt6VirtualKeyboard.so.6", "vkb", "BINARY"),
        ("PySide6/Qt/lib/libQt6Quick.so.6", "quick", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "qxcb", "BINARY"),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", "qpdf", "BINARY"),
        (
            "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
            "qvkb",
            "BINARY",
        ),
    ]


def test_trim_drops_plugins_and_what_only_they_needed() -> None:
    datas = [
        ("libQt6Pdf.so.6", "PySide6/Qt/lib/libQt6Pdf.so.6", "SYMLINK"),
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("PySide6/Qt/translations/qtbase_de.qm", "de.qm", "DATA"),
        ("resources/icons/add.svg", "add.svg", "DATA"),
    ]
    trimmed = qt_trim.trim(
        _binaries(),
        datas,
        drop_plugins=["platforminputcontexts/*virtualkeyboard*"],
        excluded_modules=["PySide6.QtPdf", "PySide6.QtQuick"],
        translations=False,
        libraries_of=lambda source: LINKS.get(source, []),
    )
    kept = {Path(e[0]).name for e in trimmed.binaries}
    assert kept == {
        "QtGui.abi3.so",
        "libQt6Gui.so.6",
        "libQt6Core.so.6",
        "libQt6DBus.so.6",
        "libQt6XcbQpa.so.6",
        "libqxcb.so",
    }
    assert [e[0] for e in trimmed.datas] == ["libQt6Gui.so.6", "resources/icons/add.svg"]


def test_only_the_bindings_importing_loads_are_bundled() -> None:
    """QtCharts links QtOpenGL's library but never imports its 9 MB binding; QtPdf links
    QtNetwork's. The libraries stay (plugins and bindings link them), the bindings do not."""
    bindings = plan.imported_bindings({"QtPdfWidgets", "QtCharts"})
    assert bindings == {"QtCore", "QtGui", "QtWidgets", "QtPdf", "QtPdfWidgets", "QtCharts"}
    app = plan.imported_bindings(plan.imported_qt_modules())
    assert not app & {"QtOpenGL", "QtOpenGLWidgets", "QtNetwork", "QtDBus"}


def test_system_libraries_go_with_what_only_they_needed() -> None:
    """libcups and libfreetype are left to the system: GnuTLS (only libcups needs it) and
    libpng (only libfreetype) go with them; zlib-like libraries a kept binary links stay."""
    links = {
        "gui": ["libQt6Core.so.6", "libfreetype.so.6", "libzstd.so.1"],
        "cupsplugin": ["libQt6Gui.so.6", "libcups.so.2"],
        "cups": ["libgnutls.so.30", "libzstd.so.1"],
        "gnutls": ["libgmp.so.10"],
        "freetype": ["libpng16.so.16"],
    }
    binaries = [
        ("PySide6/QtGui.abi3.so", "ext", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "gui", "BINARY"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "core", "BINARY"),
        ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", "cupsplugin", "BINARY"),
        ("libcups.so.2", "cups", "BINARY"),
        ("libgnutls.so.30", "gnutls", "BINARY"),
        ("libgmp.so.10", "gmp", "BINARY"),
        ("libfreetype.so.6", "freetype", "BINARY"),
        ("libpng16.so.16", "png", "BINARY"),
        ("libzstd.so.1", "zstd", "BINARY"),
    ]
    links["ext"] = ["libQt6Gui.so.6"]
    trimmed = qt_trim.trim(
        binaries,
        [("libcups.so.2.link", "libcups.so.2", "SYMLINK")],
        drop_plugins=[],
        excluded_modules=[],
        translations=False,
        libraries_of=lambda source: links.get(source, []),
        system_libraries=["libcups.so.2", "libfreetype.so.6", "libnot-bundled.so.1"],
    )
    kept = {Path(e[0]).name for e in trimmed.binaries}
    assert kept == {
        "QtGui.abi3.so",
        "libQt6Gui.so.6",
        "libQt6Core.so.6",
        "libcupsprintersupport.so",  # loads the system's libcups
        "libzstd.so.1",
    }
    assert trimmed.datas == []  # the link to a library that is gone goes too


def test_the_bundle_config_keeps_what_qt_asks_icu_for() -> None:
    config = plan.load_config()
    icu_trim = packaging_module("icu_trim")
    items = ["coll/de.res", "coll/root.res", "de.res", "root.res", "likelySubtags.res",
             "timezoneTypes.res", "zoneinfo64.res", "metaZones.res", "cnvalias.icu",
             "uprops.icu", "nfc.nrm", "uts46.nrm", "lang/de.res", "zone/de.res",
             "brkitr/cjdict.dict", "ibm-37_P100-1995.cnv", "curr/en.res"]  # fmt: skip
    dropped = icu_trim.items_to_drop(items, config.icu_drop)
    assert dropped == items[-5:]
    assert "libcups.so.2" in config.system_libraries
    # Never left to the system: what the app's own Python and Qt are built around.
    assert not {"libpython3.11.so.1.0", "libsqlite3.so.0", "libQt6Core.so.6"} & set(
        config.system_libraries
    )
