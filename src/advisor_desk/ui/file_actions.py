"""File menu jobs and the demo: pick a file, run the service in a worker, say what happened."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QWidget

from advisor_desk.ui import settings
from advisor_desk.ui.context import AppContext
from advisor_desk.ui.jobs import Job, JobError, progress_reporter
from advisor_desk.ui.tasks import Task

WORKSPACE_FILTER = "Advisor Desk workspace (*.json);;All files (*)"
CSV_FILTER = "Clients CSV or Excel (*.csv *.xlsx);;All files (*)"


def describe(summary: object) -> str:
    """`40 clients, 523 members, …` from a service's summary dataclass (0s left out)."""
    if not dataclasses.is_dataclass(summary) or isinstance(summary, type):
        return ""
    parts = []
    for field in dataclasses.fields(summary):
        value = getattr(summary, field.name)
        if isinstance(value, int) and not isinstance(value, bool) and value:
            parts.append(f"{value:,} {field.name.replace('_', ' ')}")
    return ", ".join(parts)


def choose_file(
    parent: QWidget,
    title: str,
    name_filter: str,
    on_chosen: Callable[[Path], None],
    *,
    save_as: str = "",
) -> QFileDialog:
    """A file dialog opened with open(); `on_chosen` gets the path (nothing on Cancel)."""
    prefs = settings.Settings()
    folder = prefs.get(settings.LAST_FOLDER) or str(Path.home())
    dialog = QFileDialog(parent, title, folder, name_filter)
    if save_as:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(Path(save_as).suffix.lstrip("."))
        dialog.selectFile(save_as)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)

    def chosen(path: str) -> None:
        prefs.set(settings.LAST_FOLDER, str(Path(path).parent))
        on_chosen(Path(path))

    dialog.fileSelected.connect(chosen)
    dialog.open()
    return dialog


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise JobError(f"Cannot read {path}: {error.strerror}") from None


DEMO_SIZE = {"clients": 40, "content": 2000}


def load_demo(context: AppContext, parent: QWidget, on_done: Callable[[Any], None]) -> Job:
    from advisor_desk.services.demo import make_demo

    store = context.store
    size = dict(DEMO_SIZE)

    def work(task: Task) -> object:
        return make_demo(store, **size, progress=progress_reporter(task))

    def done(summary: object) -> None:
        # the views heard what changed from the job itself (AppContext.run_in_background)
        on_done(summary)

    return Job(
        context,
        parent,
        title="Demo workspace",
        label="Making up a believable firm…",
        work=work,
        on_done=done,
        cancel_stages=("generating",),
    )


def import_workspace(
    context: AppContext, parent: QWidget, path: Path, *, merge: bool, on_done: Callable[[Any], None]
) -> Job:
    store = context.store

    def work(_task: Task) -> object:
        from advisor_desk.services.workspace import import_workspace as run

        return run(store, _read(path), merge=merge, source=path.name)

    def done(summary: object) -> None:
        # the views heard what changed from the job itself (AppContext.run_in_background)
        on_done(summary)

    return Job(
        context,
        parent,
        title="Import workspace",
        label=f"Importing {path.name}…",
        work=work,
        on_done=done,
        cancellable=False,
    )


def export_workspace(
    context: AppContext, parent: QWidget, path: Path, on_done: Callable[[Any], None]
) -> Job:
    store = context.store

    def work(_task: Task) -> Path:
        from advisor_desk.services.workspace import export_workspace as run

        content = run(store)
        partial = path.with_name(path.name + ".partial")
        try:
            partial.write_bytes(content)
            partial.replace(path)
        except OSError as error:
            raise JobError(f"Cannot write {path}: {error.strerror}") from None
        return path

    return Job(
        context,
        parent,
        title="Export workspace",
        label=f"Writing {path.name}…",
        work=work,
        on_done=on_done,
        cancellable=False,
    )


def import_clients_csv(
    context: AppContext, parent: QWidget, path: Path, on_done: Callable[[Any], None]
) -> Job:
    store = context.store

    def work(_task: Task) -> object:
        from advisor_desk.services.clients.csv_import import import_clients_csv as run

        # CSV (UTF-8 or Excel's Windows-1252; , ; or tab) or .xlsx: services.tabular
        return run(store, _read(path), source=path.name)

    def done(summary: object) -> None:
        # the views heard what changed from the job itself (AppContext.run_in_background)
        on_done(summary)

    return Job(
        context,
        parent,
        title="Import clients",
        label=f"Importing {path.name}…",
        work=work,
        on_done=done,
        cancellable=False,
    )


def ask_import_workspace(
    context: AppContext, parent: QWidget, *, merge: bool, on_done: Callable[[Any], None]
) -> QFileDialog:
    return choose_file(
        parent,
        "Import a workspace",
        WORKSPACE_FILTER,
        lambda path: import_workspace(context, parent, path, merge=merge, on_done=on_done),
    )


def ask_export_workspace(
    context: AppContext, parent: QWidget, name: str, report: Callable[[str], None]
) -> QFileDialog:
    return choose_file(
        parent,
        "Export the workspace",
        WORKSPACE_FILTER,
        lambda path: export_workspace(
            context, parent, path, lambda written: report(f"Exported to {written}")
        ),
        save_as=f"{name.replace('/', '-')}.json",
    )


def ask_import_clients_csv(
    context: AppContext, parent: QWidget, on_done: Callable[[Any], None]
) -> QFileDialog:
    return choose_file(
        parent,
        "Import clients from CSV",
        CSV_FILTER,
        lambda path: import_clients_csv(context, parent, path, on_done),
    )
