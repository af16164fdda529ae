"""Interview mode: the advisor runs a risk review face to face on this laptop, offline.

For each participant present: risk cards one at a time (title, description, causes,
impacts); R relevant / N not relevant; then likelihood and impact on the 5×5 grid (a click, or
the keys 1–5: likelihood then impact); Ctrl+Z takes the last step back. At the end the answers
are saved as a draft or submitted through `review_answers.apply_respond`.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from advisor_desk.domain.risk import IMPACT_LABELS, LIKELIHOOD_LABELS
from advisor_desk.services.bizdev.listing import ReviewSheet, draft_answers, review_sheet
from advisor_desk.services.bizdev.review_answers import apply_respond
from advisor_desk.services.errors import ServiceError
from advisor_desk.services.ops import run_op, run_query
from advisor_desk.ui.bizdev.heatmap import LevelPicker
from advisor_desk.ui.context import AppContext

IDENTIFY, ASSESS, DONE = "identify", "assess", "done"


@dataclass(frozen=True)
class Step:
    """What one undo restores: where the interview was, and that risk's answer before."""

    position: int
    stage: str
    before: dict[str, Any] | None


class InterviewDialog(QDialog):
    def __init__(self, context: AppContext, review_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.sheet: ReviewSheet = run_query(context.store, review_sheet, review_key)
        self.setWindowTitle(f"Interview — {self.sheet.title}")
        self.resize(760, 620)
        self.position = 0
        self.stage = IDENTIFY
        self.answers: dict[str, dict[str, Any]] = {}
        self.history: list[Step] = []
        self.saved_status = ""
        self.submitted = False

        self.participant = QComboBox()
        self.participant.setEditable(True)
        self.participant.setToolTip("Who is answering now (type an e-mail to add someone)")
        for email, name, status in self.sheet.people:
            label = f"{name} <{email}>" if name else email
            self.participant.addItem(f"{label} — {status.replace('_', ' ')}", email)
        self.participant.setCurrentIndex(-1 if not self.sheet.people else 0)
        self.participant.currentIndexChanged.connect(lambda _i: self.restart())
        self.progress = QProgressBar()
        self.progress.setRange(0, max(1, len(self.sheet.risks)))
        self.progress.setFormat("Risk %v of %m")
        top = QHBoxLayout()
        participant_label = QLabel("&Participant:")
        participant_label.setBuddy(self.participant)
        top.addWidget(participant_label)
        top.addWidget(self.participant, 1)
        top.addWidget(self.progress)

        self.card = QLabel()
        self.card.setObjectName("RiskCard")
        self.card.setWordWrap(True)
        self.card.setTextFormat(Qt.TextFormat.RichText)
        self.card.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.card.setStyleSheet(
            "#RiskCard { border: 1px solid palette(mid); border-radius: 6px; padding: 14px;"
            " background: palette(base); }"
        )
        self.relevant_button = QPushButton("&Relevant  (R)")
        self.not_relevant_button = QPushButton("&Not relevant  (N)")
        self.relevant_button.clicked.connect(lambda: self.mark(True))
        self.not_relevant_button.clicked.connect(lambda: self.mark(False))
        for button in (self.relevant_button, self.not_relevant_button):
            button.setMinimumHeight(44)
            button.setMinimumWidth(200)
        identify = QWidget()
        row = QHBoxLayout(identify)
        row.setAlignment(Qt.AlignmentFlag.AlignTop)
        row.addStretch(1)
        row.addWidget(self.relevant_button)
        row.addWidget(self.not_relevant_button)
        row.addStretch(1)
        self.picker = LevelPicker()
        self.picker.chosen.connect(self.assess)
        self.picker_hint = QLabel("Click a cell, or type the likelihood then the impact (1–5).")
        assess = QWidget()
        column = QVBoxLayout(assess)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.picker_hint)
        column.addWidget(self.picker, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.draft_button = QPushButton("Save as &draft")
        self.submit_button = QPushButton("&Submit")
        self.submit_button.setDefault(True)
        self.draft_button.clicked.connect(lambda: self.save(submit=False))
        self.submit_button.clicked.connect(lambda: self.save(submit=True))
        done = QWidget()
        end = QVBoxLayout(done)
        end.addWidget(self.summary)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.draft_button)
        buttons.addWidget(self.submit_button)
        end.addLayout(buttons)
        end.addStretch(1)
        self.pages = QStackedWidget()
        for page in (identify, assess, done):
            self.pages.addWidget(page)
        self.undo_button = QPushButton("&Undo (Ctrl+Z)")
        self.undo_button.clicked.connect(self.undo)
        self.status = QLabel()
        self.status.setObjectName("CardNote")
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.undo_button)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.card, 2)
        layout.addWidget(self.pages, 3)
        layout.addLayout(bottom)
        self.restart()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """R, N, 1–5 and Ctrl+Z, wherever the focus is but a text field (which keeps its
        keys: a participant's e-mail may hold an R)."""
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo()
            return
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        text = event.text().lower()
        if plain and text == "r":
            self.mark(True)
        elif plain and text == "n":
            self.mark(False)
        elif plain and text in {"1", "2", "3", "4", "5"}:
            self.type_level(int(text))
        else:
            super().keyPressEvent(event)

    # -- the interview ------------------------------------------------------------------

    @property
    def email(self) -> str:
        data = self.participant.currentData()
        if self.participant.currentIndex() >= 0 and data:
            return str(data)
        return self.participant.currentText().strip()

    def restart(self) -> None:
        """A participant chosen: carry on from their saved draft (the first risk without a
        complete answer); a submitted response is final and only shown."""
        self.position, self.stage = 0, IDENTIFY
        self.answers.clear()
        self.history.clear()
        self.saved_status = ""
        status, saved = run_query(self.context.store, draft_answers, self.sheet.id, self.email)
        self.answers.update((str(a["ref"]), a) for a in saved)
        self.submitted = status == "submitted"
        while self.position < len(self.sheet.risks) and _complete(
            self.answers.get(self.current_ref())
        ):
            self.position += 1
        if self.position >= len(self.sheet.risks):
            self.stage = DONE
        elif self.current_ref() in self.answers:  # relevant, not assessed yet
            self.stage = ASSESS
        self.status.setText(
            f"{self.email} has submitted: the response is final." if self.submitted else ""
        )
        self.show_step()
        self.relevant_button.setFocus()  # off the participant field: R and N answer now

    def current_ref(self) -> str:
        return self.sheet.risks[self.position].ref if self.position < len(self.sheet.risks) else ""

    def mark(self, relevant: bool) -> None:
        if self.submitted or self.stage != IDENTIFY or self.position >= len(self.sheet.risks):
            return
        ref = self.current_ref()
        self.history.append(Step(self.position, IDENTIFY, self._copy(ref)))
        self.answers[ref] = {"ref": ref, "relevant": relevant}
        if relevant:
            self.stage = ASSESS
            self.picker.clear()
        else:
            self._advance()
        self.show_step()

    def type_level(self, level: int) -> None:
        if self.stage == ASSESS:
            self.picker.type_level(level)

    def assess(self, likelihood: int, impact: int) -> None:
        if self.stage != ASSESS:
            return
        ref = self.current_ref()
        self.history.append(Step(self.position, ASSESS, self._copy(ref)))
        self.answers[ref] = {**self.answers[ref], "likelihood": likelihood, "impact": impact}
        self._advance()
        self.show_step()

    def undo(self) -> None:
        if not self.history:
            return
        step = self.history.pop()
        ref = self.sheet.risks[step.position].ref
        if step.before is None:
            self.answers.pop(ref, None)
        else:
            self.answers[ref] = step.before
        self.position, self.stage = step.position, step.stage
        self.picker.clear()
        self.saved_status = ""
        self.show_step()

    def _copy(self, ref: str) -> dict[str, Any] | None:
        found = self.answers.get(ref)
        return dict(found) if found is not None else None

    def _advance(self) -> None:
        self.position += 1
        self.stage = IDENTIFY if self.position < len(self.sheet.risks) else DONE

    def document(self) -> dict[str, Any]:
        return {"risks": [self.answers[r.ref] for r in self.sheet.risks if r.ref in self.answers]}

    def save(self, *, submit: bool) -> bool:
        email = self.email
        if not email:
            self.status.setText("Participant: choose who is answering (or type an e-mail).")
            return False
        try:
            done = run_op(
                self.context.store,
                apply_respond,
                self.sheet.id,
                email,
                self.document(),
                submit=submit,
            )
        except ServiceError as error:
            self.status.setText(str(error))
            return False
        self.context.notify(done.changes)
        self.saved_status = str(done.value)
        words = "submitted" if submit else "saved as a draft"
        self.status.setText(f"{email}: answers {words}. Choose the next participant.")
        return True

    # -- showing it ---------------------------------------------------------------------

    def show_step(self) -> None:
        total = len(self.sheet.risks)
        self.progress.setValue(min(self.position + 1, total))
        self.undo_button.setEnabled(bool(self.history))
        for button in (self.draft_button, self.submit_button):
            button.setEnabled(not self.submitted)
        if self.stage == DONE or not total:
            self.card.setText(self._summary_html())
            self.summary.setText(
                "Every risk is answered. Save the answers as a draft, or submit them "
                "(a submitted response is final)."
            )
            self.pages.setCurrentIndex(2)
            return
        risk = self.sheet.risks[self.position]
        self.card.setText(_card_html(risk, self.position, total, self.answers.get(risk.ref)))
        self.pages.setCurrentIndex(0 if self.stage == IDENTIFY else 1)
        if self.stage == ASSESS:
            self.picker.setFocus()
        elif not self.participant.hasFocus():
            self.relevant_button.setFocus()

    def _summary_html(self) -> str:
        relevant = sum(1 for a in self.answers.values() if a.get("relevant"))
        return (
            f"<h2>{escape(self.sheet.title)}</h2><p>{len(self.answers)} of "
            f"{len(self.sheet.risks)} risks answered, {relevant} relevant.</p>"
        )


def _complete(answer: dict[str, Any] | None) -> bool:
    return answer is not None and (answer.get("relevant") is False or "impact" in answer)


def _card_html(risk: Any, position: int, total: int, answer: dict[str, Any] | None) -> str:
    def items(values: tuple[str, ...]) -> str:
        if not values:
            return "<p><i>none listed</i></p>"
        return "<ul>" + "".join(f"<li>{escape(v)}</li>" for v in values) + "</ul>"

    state = ""
    if answer is not None and answer.get("relevant"):
        state = "<p><b>Relevant</b> — now its likelihood and impact.</p>"
    domain = f" · {escape(risk.domain)}" if risk.domain else ""
    return (
        f"<p style='color:gray'>{escape(risk.ref)}{domain} · {position + 1} of {total}</p>"
        f"<h2>{escape(risk.title)}</h2><p>{escape(risk.description)}</p>"
        f"<table width='100%'><tr><td width='50%' valign='top'><b>Causes</b>"
        f"{items(risk.causes)}</td><td valign='top'><b>Impacts</b>{items(risk.impacts)}"
        f"</td></tr></table>{state}"
    )


def describe_level(likelihood: int, impact: int) -> str:
    return (
        f"likelihood {likelihood} {LIKELIHOOD_LABELS[likelihood]}, "
        f"impact {impact} {IMPACT_LABELS[impact]}"
    )
