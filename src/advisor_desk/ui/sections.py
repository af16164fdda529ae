"""Main-window sections beyond home, a client and Users: one line per feature.

A section is a page of the centre (content library, billing, templates, sync conflicts …),
made the first time it is shown by importing `factory` ("module:Class", called as
`Class(context)`). The menus get an action per section; the main area keeps the last one
shown across restarts. A feature adds its section by appending one `Section(...)` here.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from advisor_desk.ui.context import AppContext


@dataclass(frozen=True)
class Section:
    key: str  # stable: kept in settings as the last view ("section:<key>")
    title: str  # menu text, with its mnemonic
    icon: str  # a name in resources/icons
    shortcut: str  # e.g. "Ctrl+L"; "" for none
    tip: str
    factory: str  # "advisor_desk.ui.library.browser:LibraryBrowser"
    menu: str = "view"  # "view", "client", "admin" or "billing"
    toolbar: bool = False


SECTIONS: tuple[Section, ...] = (
    Section(
        key="conflicts",
        title="Sync &conflicts",
        icon="conflict",
        shortcut="",
        tip="Changes that clashed with the server's, and changes it refused",
        factory="advisor_desk.ui.sync.conflicts_view:ConflictsView",
        menu="view",
    ),
    Section(
        key="templates",
        title="Client &templates",
        icon="template",
        shortcut="Ctrl+T",
        tip="Recipes for onboarding each kind of engagement",
        factory="advisor_desk.ui.templates.section:TemplatesSection",
        menu="client",
    ),
    Section(
        key="billing",
        title="&Billing overview",
        icon="billing",
        shortcut="Ctrl+B",
        tip="What the partner owes and earns",
        factory="advisor_desk.ui.billing.panel:BillingPanel",
        menu="billing",
        toolbar=True,
    ),
    Section(
        key="documents",
        title="&Documents",
        icon="document",
        shortcut="Ctrl+D",
        tip="Invoices, statements and credit notes",
        factory="advisor_desk.ui.billing.documents:DocumentsPanel",
        menu="billing",
    ),
    Section(
        key="library",
        title="Content &library",
        icon="library",
        shortcut="Ctrl+L",
        tip="The open and partner content libraries",
        factory="advisor_desk.ui.library.browser:LibraryBrowser",
        menu="view",
        toolbar=True,
    ),
)


def by_key(key: str) -> Section | None:
    return next((s for s in SECTIONS if s.key == key), None)


def make(section: Section, context: AppContext) -> QWidget:
    module, name = section.factory.split(":")
    widget_class = getattr(importlib.import_module(module), name)
    widget: QWidget = widget_class(context)
    return widget
