"""Each participant's private link (business-development.md: without SMTP the app shows the
links to copy and a `mailto:` draft). Copy puts one link, or all of them, on the clipboard;
E-mail opens the mail program with a draft (the link, the due date, the partner's name)."""

from __future__ import annotations

from urllib.parse import quote

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.services.bizdev.reviews import Link, links
from advisor_desk.services.ops import run_query
from advisor_desk.ui.context import AppContext


def mailto(link: Link, title: str, sender: str) -> str:
    subject = f"{sender}: {title}"
    body = (
        f"Hello,\n\n{sender} invites you to answer the risk review “{title}”.\n"
        f"Your private link (please do not share it):\n{link.url}\n\nThank you."
    )
    return f"mailto:{link.email}?subject={quote(subject)}&body={quote(body)}"


class LinksDialog(QDialog):
    def __init__(
        self,
        context: AppContext,
        review_id: str,
        title: str,
        sender: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Links — {title}")
        self.resize(760, 360)
        self.title, self.sender = title, sender
        self.links: tuple[Link, ...] = run_query(context.store, links, review_id)
        self.table = QTableWidget(len(self.links), 3)
        self.table.setHorizontalHeaderLabels(("Participant", "Status", "Private link"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, link in enumerate(self.links):
            for column, value in enumerate((link.email, link.status.replace("_", " "), link.url)):
                self.table.setItem(row, column, QTableWidgetItem(value))
        if self.links:
            self.table.selectRow(0)
        self.copy_button = QPushButton("&Copy link")
        self.copy_all_button = QPushButton("Copy &all")
        self.mail_button = QPushButton("&E-mail draft…")
        self.copy_button.clicked.connect(self.copy_selected)
        self.copy_all_button.clicked.connect(self.copy_all)
        self.mail_button.clicked.connect(self.mail_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button in (self.copy_button, self.copy_all_button, self.mail_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        note = QLabel(
            "Each link reaches one participant's questionnaire and nothing else; it expires "
            "30 days after the due date."
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def selected(self) -> Link | None:
        rows = self.table.selectionModel().selectedRows()
        return self.links[rows[0].row()] if rows else None

    def copy_selected(self) -> None:
        if (link := self.selected()) is not None:
            QGuiApplication.clipboard().setText(link.url)

    def copy_all(self) -> None:
        QGuiApplication.clipboard().setText(
            "\n".join(f"{link.email}\t{link.url}" for link in self.links)
        )

    def mail_selected(self) -> None:
        if (link := self.selected()) is not None:
            QDesktopServices.openUrl(QUrl(mailto(link, self.title, self.sender)))
