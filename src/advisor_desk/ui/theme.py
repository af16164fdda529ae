"""Light and dark palettes (Fusion), chosen from the system's colour scheme or the user's pick.

The style sheet (resources/styles/app.qss) names colours as `@name`; they are filled in from
the palette in use, so one sheet serves both themes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from advisor_desk.resources import resource

THEMES = ("system", "light", "dark")


@dataclass(frozen=True)
class Colours:
    window: str
    base: str
    alternate: str
    text: str
    muted: str
    border: str
    card: str
    accent: str
    accent_text: str
    danger: str
    success: str
    sidebar: str


LIGHT = Colours(
    window="#f5f6f8",
    base="#ffffff",
    alternate="#f8fafc",
    text="#1f2937",
    muted="#6b7280",
    border="#dde1e7",
    card="#ffffff",
    accent="#2563eb",
    accent_text="#ffffff",
    danger="#b91c1c",
    success="#15803d",
    sidebar="#eef1f5",
)
DARK = Colours(
    window="#1e2127",
    base="#16181d",
    alternate="#1b1e23",
    text="#e5e7eb",
    muted="#9ca3af",
    border="#343842",
    card="#23262d",
    accent="#3b82f6",
    accent_text="#ffffff",
    danger="#f87171",
    success="#4ade80",
    sidebar="#1a1d22",
)


def is_dark(choice: str) -> bool:
    if choice == "dark":
        return True
    if choice == "light":
        return False
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def current_colours() -> Colours:
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return DARK if window.lightness() < 128 else LIGHT


def palette_for(colours: Colours) -> QPalette:
    palette = QPalette()
    role = QPalette.ColorRole
    pairs = {
        role.Window: colours.window,
        role.WindowText: colours.text,
        role.Base: colours.base,
        role.AlternateBase: colours.alternate,
        role.Text: colours.text,
        role.Button: colours.card,
        role.ButtonText: colours.text,
        role.ToolTipBase: colours.card,
        role.ToolTipText: colours.text,
        role.PlaceholderText: colours.muted,
        role.Highlight: colours.accent,
        role.HighlightedText: colours.accent_text,
        role.Link: colours.accent,
        role.Mid: colours.border,
        role.Midlight: colours.border,
        role.BrightText: colours.danger,
    }
    for colour_role, value in pairs.items():
        palette.setColor(colour_role, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for colour_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(disabled, colour_role, QColor(colours.muted))
    palette.setColor(disabled, role.Highlight, QColor(colours.border))
    return palette


# Check boxes (plain and in lists: facets, pickers) drawn by us in both themes: Fusion draws
# their frame from the window colour made darker, which all but vanishes on a dark window.
# A list's rows are sized for the indicator without its border (14 px, the 16 px box then
# overlapped the next row and was clipped at the left): the items' padding makes room. Table
# cells keep their text off the edges (a right-aligned count touched the scroll bar).
INDICATORS = """
QCheckBox::indicator, QAbstractItemView::indicator, QGroupBox::indicator {
    width: 14px; height: 14px;
    border: 1px solid @muted; border-radius: 3px; background: @base;
}
QCheckBox::indicator:hover, QAbstractItemView::indicator:hover, QGroupBox::indicator:hover {
    border-color: @accent;
}
QCheckBox::indicator:checked, QAbstractItemView::indicator:checked,
QGroupBox::indicator:checked {
    border-color: @accent; background: @accent; image: url(@icons/check-on-accent.svg);
}
QCheckBox::indicator:indeterminate, QAbstractItemView::indicator:indeterminate {
    border-color: @accent; background: @accent; image: url(@icons/dash-on-accent.svg);
}
QCheckBox::indicator:disabled, QAbstractItemView::indicator:disabled {
    border-color: @border; background: @window;
}
QCheckBox::indicator:checked:disabled, QAbstractItemView::indicator:checked:disabled {
    background: @border;
}
QListView::item { padding: 2px 0px 2px 2px; }
QTableView::item { padding: 0px 4px; }
"""


def style_sheet(colours: Colours) -> str:
    sheet = resource("styles", "app.qss").read_text(encoding="utf-8") + INDICATORS
    # Longest names first, so `@accent_text` is not read as `@accent` + `_text`.
    sheet = sheet.replace("@icons", resource("icons").as_posix())
    for name in sorted(colours.__dataclass_fields__, key=len, reverse=True):
        sheet = sheet.replace(f"@{name}", getattr(colours, name))
    return sheet


_choice = "system"


def apply_theme(app: QApplication, choice: str) -> None:
    """Fusion with our palette and sheet; `choice` is system, light or dark.

    With "system", a later change of the system's colour scheme switches the palette too.
    """
    global _choice
    if not app.property("advisorDeskFollowsScheme"):
        app.setProperty("advisorDeskFollowsScheme", True)
        QGuiApplication.styleHints().colorSchemeChanged.connect(_on_color_scheme_changed)
    _choice = choice
    app.setStyle("Fusion")
    colours = DARK if is_dark(choice) else LIGHT
    app.setPalette(palette_for(colours))
    app.setStyleSheet(style_sheet(colours))


def use_theme(choice: str) -> None:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_theme(app, choice)


def _on_color_scheme_changed(_scheme: Qt.ColorScheme) -> None:
    if _choice == "system":
        use_theme("system")
