"""Filling in one survey response: a section at a time, every change saved at once.

:class:`SurveyFormView` shows one section (a top-level XLSForm group) of a draft with
large, keyboard-friendly controls — a Likert question is a row of five labelled buttons
that the number keys 1–5 answer (the focus then moves to the next question); other
choice questions take the number of their choice too. Skip logic, calculations, choice
filters and constraints come from :func:`models.forms.evaluate_form`, applied live on the
answers in memory, so a question appears, disappears or shows its message as soon as an
answer changes.

Saving never waits on the GUI thread: each change goes to :class:`SaveQueue`, one
background thread that writes the changes in order, each in its own transaction
(:meth:`store.surveys.Surveys.save_answer`). Typing in a text box saves at every
keystroke; when several keystrokes of one question are waiting, only the newest is
written. A crash or power cut loses at most the change in flight.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop import theme, ui
from desktop.messages import error_text
from desktop.tasks import run_task
from models.forms import FormDefinition, Question, evaluate_form, text_in
from models.forms.engine import FormState, progress
from models.validation import InvalidForm

log = logging.getLogger(__name__)

#: Choice lists longer than this are a drop-down list instead of radio buttons.
MAX_RADIOS = 8


def is_likert(question: Question, form: FormDefinition) -> bool:
    """A select_one on five choices named 1…5: shown as a row of five buttons."""
    if question.type != "select_one" or not question.list_name:
        return False
    names = [c.name for c in form.choices.get(question.list_name, [])]
    return names == ["1", "2", "3", "4", "5"]


def sections(form: FormDefinition) -> list[tuple[str | None, list[Question]]]:
    """The form's sections in order: (top-level group name or None, its questions)."""
    out: list[tuple[str | None, list[Question]]] = []
    for q in form.questions:
        top = q.path.split("/")[0] if "/" in q.path else None
        if not out or out[-1][0] != top:
            out.append((top, []))
        out[-1][1].append(q)
    return out


# -- saving ---------------------------------------------------------------------------------
class SaveQueue(QObject):
    """Writes a draft's answers in order on one background thread.

    :meth:`put` never blocks. Changes to one question that are still waiting are merged
    (the newest value wins, times add up). :attr:`saved` / :attr:`failed` come back on the
    GUI thread. Each change is saved as :attr:`actor`, the signed-in person (the store
    checks their session on every save).
    """

    saved = Signal(str, object)  # question, value as stored
    failed = Signal(str, object)  # question, exception
    idle = Signal()

    def __init__(self, surveys, draft_id: str, actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._surveys = surveys
        self._draft_id = draft_id
        self.actor = actor  # store.records.Actor; replaced when the session is renewed
        self._waiting: OrderedDict[str, tuple[Any, int]] = OrderedDict()
        self._busy = False
        self._stop = False
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="survey-save", daemon=True)
        self._thread.start()

    def put(self, question: str, value: Any, time_ms: int = 0) -> None:
        with self._cond:
            if question in self._waiting:
                _old, spent = self._waiting.pop(question)
                time_ms += spent
            self._waiting[question] = (value, time_ms)
            self._cond.notify()

    def pending(self) -> int:
        with self._cond:
            return len(self._waiting) + (1 if self._busy else 0)

    def flush(self, timeout: float = 30.0) -> bool:
        """Wait until everything put so far is written (for finalizing and closing;
        a handful of small transactions)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._waiting or self._busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
        return True

    def stop(self) -> None:
        """Write what is waiting, then end the thread."""
        with self._cond:
            self._stop = True
            self._cond.notify_all()
        self._thread.join(30)

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._waiting and not self._stop:
                    self._cond.wait()
                if not self._waiting:
                    return
                question, (value, time_ms) = self._waiting.popitem(last=False)
                self._busy = True
                actor = self.actor
            try:
                stored = self._surveys.save_answer(self._draft_id, question, value, time_ms,
                                                   actor=actor)
            except Exception as exc:  # told to the GUI, which says it in plain words
                log.warning("Saving answer %s failed: %s", question, type(exc).__name__)
                self.failed.emit(question, exc)
            else:
                self.saved.emit(question, stored)
            with self._cond:
                self._busy = False
                self._cond.notify_all()
                if not self._waiting:
                    self.idle.emit()


# -- question widgets -------------------------------------------------------------------------
class QuestionBox(QFrame):
    """One question: its label, hint, input and the message beside it."""

    answered = Signal(str, object)  # question name, value (None = cleared)

    def __init__(self, question: Question, form: FormDefinition, language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.form = form
        self.language = language
        self.setObjectName(f"q_{question.name}")
        self.setProperty("class", "question")
        self._quiet = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 8)
        layout.setSpacing(6)
        label = text_in(question.labels, language, form.languages) or question.name
        self.label = QLabel(label + ("" if question.type == "note" or not question.required
                                     else " *"), self)
        self.label.setObjectName("question_label")
        self.label.setWordWrap(True)
        font = self.label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(question.type != "note")
        if language == "ur":  # Nastaliq: larger, and not bold (its bold face crowds)
            font = theme.urdu_font(font, scale=1.1)
            font.setBold(False)
            self.label.setContentsMargins(24, 6, 24, 6)  # kaf and gaf reach past the edge
        self.label.setFont(font)
        layout.addWidget(self.label)
        hint = text_in(question.hints, language, form.languages)
        if hint:
            self.hint = QLabel(hint, self)
            if language == "ur":
                self.hint.setFont(theme.urdu_font(self.hint.font()))
            self.hint.setObjectName("hint")
            self.hint.setWordWrap(True)
            layout.addWidget(self.hint)
        self.input = self._build_input()
        if self.input is not None:
            layout.addWidget(self.input)
        self.error = ui.ErrorLabel("question_error", self)
        layout.addWidget(self.error)

    # subclasses
    def _build_input(self) -> QWidget | None:
        return None

    def set_value(self, value: Any) -> None:
        """Show *value* without announcing a change."""

    def set_choices(self, choices) -> None:
        """A choice filter changed the options (select questions)."""

    def focus_input(self) -> None:
        if self.input is not None:
            self.input.setFocus(Qt.FocusReason.TabFocusReason)

    def show_error(self, message: str | None) -> None:
        if message:
            self.error.show_error(message)
        else:
            self.error.clear_error()
        if self.input is not None:
            ui.mark_invalid(self.input, bool(message))

    def _emit(self, value: Any) -> None:
        if not self._quiet:
            self.answered.emit(self.question.name, value)

    def _choice_label(self, choice) -> str:
        return text_in(choice.labels, self.language, self.form.languages) or choice.name


class NoteBox(QuestionBox):
    pass


class TextBox(QuestionBox):
    def _build_input(self) -> QWidget:
        edit = QLineEdit(self)
        edit.setObjectName("answer")
        edit.setMinimumHeight(40)
        if self.question.type in ("integer", "decimal"):
            edit.setMaximumWidth(220)
            edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        elif self.question.type == "date":
            edit.setMaximumWidth(220)
            edit.setPlaceholderText(self.tr("YYYY-MM-DD"))
            edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        edit.textEdited.connect(lambda text: self._emit(text.strip() or None))
        edit.returnPressed.connect(lambda: self.focusNextChild())
        return edit

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if self.input.text().strip() != text:
            self.input.setText(text)


class LikertBox(QuestionBox):
    """Five labelled buttons in a row; number keys 1–5 answer."""

    def _build_input(self) -> QWidget:
        row = QWidget(self)
        row.setObjectName("likert")
        row.setProperty("urdu", self.language == "ur")  # taller buttons (style.qss)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.group = QButtonGroup(row)
        self.group.setExclusive(False)  # clicking the chosen one again clears it
        self.buttons: list[QPushButton] = []
        for choice in self.form.choices[self.question.list_name]:
            label = self._choice_label(choice)
            # "4 - Agree" already carries its number; "Agree" gets it in front.
            text = label if label.lstrip().startswith(choice.name) else \
                f"{choice.name}  {label}"
            text = text.replace(" - ", "\n", 1) if "\n" not in text else text
            button = QPushButton(text, row)
            button.setObjectName(f"likert_{choice.name}")
            button.setCheckable(True)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setToolTip(self.tr("Press {key}").format(key=choice.name))
            button.setProperty("choice", choice.name)
            self.group.addButton(button)
            self.buttons.append(button)
            layout.addWidget(button)
        self.group.buttonClicked.connect(self._clicked)
        row.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return row

    def _clicked(self, button: QPushButton) -> None:
        chosen = button.isChecked()
        for other in self.buttons:
            if other is not button:
                other.setChecked(False)
        self._emit(button.property("choice") if chosen else None)

    def choose(self, name: str) -> None:
        for button in self.buttons:
            button.setChecked(button.property("choice") == name)
        self._emit(name)

    def set_value(self, value: Any) -> None:
        for button in self.buttons:
            button.setChecked(value is not None and button.property("choice") == str(value))

    def focus_input(self) -> None:
        checked = [b for b in self.buttons if b.isChecked()]
        (checked or self.buttons)[0].setFocus(Qt.FocusReason.TabFocusReason)


class ChoiceBox(QuestionBox):
    """select_one: radio buttons (number keys choose), or a list for long choice lists."""

    def _build_input(self) -> QWidget:
        self.all_choices = self.form.choices.get(self.question.list_name, [])
        self.combo: QComboBox | None = None
        self.radios: dict[str, QRadioButton] = {}
        holder = QWidget(self)
        self.holder_layout = QVBoxLayout(holder)
        self.holder_layout.setContentsMargins(0, 0, 0, 0)
        self.holder_layout.setSpacing(4)
        self._populate(self.all_choices)
        return holder

    def _populate(self, choices) -> None:
        while self.holder_layout.count():
            item = self.holder_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.shown = list(choices)
        self.radios = {}
        self.combo = None
        holder = self.holder_layout.parentWidget()
        if len(choices) > MAX_RADIOS:
            self.combo = QComboBox(holder)
            self.combo.setObjectName("answer")
            self.combo.setMinimumHeight(40)
            self.combo.setMaximumWidth(420)
            self.combo.addItem(self.tr("— choose —"), None)
            for choice in choices:
                self.combo.addItem(self._choice_label(choice), choice.name)
            self.combo.activated.connect(
                lambda i: self._emit(self.combo.itemData(i)))
            self.holder_layout.addWidget(self.combo)
            self.combo.show()  # a child added to a shown widget waits for an event otherwise
        else:
            self.group = QButtonGroup(holder)
            for n, choice in enumerate(choices, start=1):
                radio = QRadioButton(f"{n}.  {self._choice_label(choice)}", holder)
                radio.setObjectName(f"choice_{choice.name}")
                radio.setMinimumHeight(32)
                radio.setProperty("choice", choice.name)
                self.group.addButton(radio)
                self.radios[choice.name] = radio
                self.holder_layout.addWidget(radio)
                radio.show()
            self.group.buttonClicked.connect(lambda b: self._emit(b.property("choice")))

    def choose_number(self, n: int) -> bool:
        if self.combo is None and 1 <= n <= len(self.shown):
            name = self.shown[n - 1].name
            self.radios[name].setChecked(True)
            self._emit(name)
            return True
        return False

    def set_choices(self, choices) -> None:
        if [c.name for c in choices] != [c.name for c in self.shown]:
            current = self.value()
            self._quiet = True
            try:
                self._populate(choices)
                self.set_value(current)
            finally:
                self._quiet = False

    def value(self) -> str | None:
        if self.combo is not None:
            return self.combo.currentData()
        return next((n for n, r in self.radios.items() if r.isChecked()), None)

    def set_value(self, value: Any) -> None:
        value = None if value is None else str(value)
        if self.combo is not None:
            index = self.combo.findData(value) if value is not None else 0
            self.combo.setCurrentIndex(max(index, 0))
            return
        self.group.setExclusive(False)
        for name, radio in self.radios.items():
            radio.setChecked(name == value)
        self.group.setExclusive(True)

    def focus_input(self) -> None:
        if self.combo is not None:
            self.combo.setFocus(Qt.FocusReason.TabFocusReason)
        elif self.radios:
            checked = [r for r in self.radios.values() if r.isChecked()]
            (checked or list(self.radios.values()))[0].setFocus(Qt.FocusReason.TabFocusReason)


class MultiBox(QuestionBox):
    """select_multiple: check boxes."""

    def _build_input(self) -> QWidget:
        holder = QWidget(self)
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for n, choice in enumerate(self.form.choices.get(self.question.list_name, []), 1):
            box = QCheckBox(f"{n}.  {self._choice_label(choice)}", holder)
            box.setObjectName(f"choice_{choice.name}")
            box.setMinimumHeight(32)
            box.toggled.connect(lambda _on: self._emit(self.value() or None))
            self.boxes[choice.name] = box
            layout.addWidget(box)
        return holder

    def value(self) -> list[str]:
        return [n for n, b in self.boxes.items() if b.isChecked()]

    def set_value(self, value: Any) -> None:
        chosen = set(value or [])
        self._quiet = True
        try:
            for name, box in self.boxes.items():
                box.setChecked(name in chosen)
        finally:
            self._quiet = False

    def choose_number(self, n: int) -> bool:
        boxes = list(self.boxes.values())
        if 1 <= n <= len(boxes):
            boxes[n - 1].toggle()
            return True
        return False

    def set_choices(self, choices) -> None:
        names = {c.name for c in choices}
        for name, box in self.boxes.items():
            box.setVisible(name in names)

    def focus_input(self) -> None:
        if self.boxes:
            next(iter(self.boxes.values())).setFocus(Qt.FocusReason.TabFocusReason)


def make_box(question: Question, form: FormDefinition, language: str,
             parent: QWidget) -> QuestionBox | None:
    if question.type == "calculate":
        return None
    if question.type == "note":
        return NoteBox(question, form, language, parent)
    if question.type == "select_one":
        cls = LikertBox if is_likert(question, form) else ChoiceBox
        return cls(question, form, language, parent)
    if question.type == "select_multiple":
        return MultiBox(question, form, language, parent)
    return TextBox(question, form, language, parent)


# -- the view ---------------------------------------------------------------------------------
class SurveyFormView(QWidget):
    """One draft, a section at a time, changed as *actor* (the signed-in person). Emits
    :attr:`finished` with the final response, :attr:`closed` when the enumerator leaves
    (the draft stays, saved)."""

    finished = Signal(object)
    closed = Signal()

    def __init__(self, surveys, draft_id: str, form: FormDefinition, answers: dict,
                 language: str, *, actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("survey_form")
        self.surveys = surveys
        self.draft_id = draft_id
        self.actor = actor
        self.form = form
        self.language = language
        self.answers: dict[str, Any] = dict(answers)
        self.touched: set[str] = set()
        self.saves = SaveQueue(surveys, draft_id, actor, self)
        self.saves.failed.connect(self._save_failed)
        self.saves.saved.connect(self._saved)
        self.save_errors: dict[str, str] = {}
        self._last_change = time.monotonic()
        self._finishing = False
        if language == "ur":  # the interview's language, whatever the application's
            self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
            # Controls in Naskh (compact); the questions themselves in Nastaliq.
            self.setFont(theme.urdu_font(self.font(), naskh=True))
        else:  # an English interview reads left to right, also in the Urdu interface
            self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)

        self.sections = sections(form)
        self.index = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)

        self.title = QLabel(text_in(form.title, language, form.languages), self)
        self.title.setObjectName("page_title")
        layout.addWidget(self.title)
        self.saved_label = QLabel(self)
        self.saved_label.setObjectName("saved_label")
        self.saved_label.setMinimumWidth(self.saved_label.fontMetrics().horizontalAdvance(
            self.tr("Not saved — see the message")) + 16)

        row = QHBoxLayout()
        self.section_label = QLabel(self)
        self.section_label.setObjectName("section_label")
        font = self.section_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.section_label.setFont(font)
        # Nastaliq reaches above and below the font's nominal line: leave it room.
        row.addWidget(self.section_label, 1)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("survey_progress")
        self.progress.setFixedWidth(260)
        self.progress.setTextVisible(True)
        row.addWidget(self.progress)
        layout.addLayout(row)

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(self.scroll, 1)

        buttons = QHBoxLayout()
        self.leave_button = QPushButton(ui.icon("fa5s.save"), self.tr("Save and close"), self)
        self.leave_button.setObjectName("leave_button")
        self.leave_button.setToolTip(self.tr("Everything is saved already; continue this "
                                             "interview later from the list (Esc)"))
        self.leave_button.clicked.connect(self.leave)
        self.back_button = QPushButton(self.tr("Previous section"), self)
        self.back_button.setObjectName("back_button")
        self.back_button.setToolTip(self.tr("Page Up"))
        self.back_button.clicked.connect(self.previous_section)
        self.next_button = QPushButton(self.tr("Next section"), self)
        self.next_button.setObjectName("next_button")
        self.next_button.setToolTip(self.tr("Page Down"))
        self.next_button.clicked.connect(self.next_section)
        self.finish_button = QPushButton(ui.icon("fa5s.check", "#ffffff"),
                                         self.tr("Finish interview"), self)
        self.finish_button.setObjectName("finish_button")
        self.finish_button.setToolTip(self.tr("Check every answer and make the response "
                                              "final (Ctrl+Enter)"))
        ui.make_primary(self.finish_button)
        self.finish_button.clicked.connect(self.finish)
        buttons.addWidget(self.leave_button)
        buttons.addWidget(self.saved_label)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.finish_button)
        layout.addLayout(buttons)

        self.boxes: dict[str, QuestionBox] = {}
        self.state: FormState = evaluate_form(form, self.answers, language)
        self._show_section(self._first_relevant(0, 1))

    # -- sections ---------------------------------------------------------------------
    def _section_relevant(self, i: int) -> bool:
        group, questions = self.sections[i]
        if group is not None and not self.state.relevant.get(group, True):
            return False
        return any(self.state.relevant.get(q.name, True) and q.type != "calculate"
                   for q in questions)

    def _first_relevant(self, start: int, step: int) -> int:
        i = start
        while 0 <= i < len(self.sections):
            if self._section_relevant(i):
                return i
            i += step
        return max(0, min(start, len(self.sections) - 1))

    def _show_section(self, i: int) -> None:
        self.index = i
        group, questions = self.sections[i]
        page = QWidget()
        page.setObjectName("section_page")
        col = QVBoxLayout(page)
        col.setContentsMargins(0, 0, 12, 0)
        col.setSpacing(4)
        self.boxes = {}
        for q in questions:
            box = make_box(q, self.form, self.language, page)
            if box is None:
                continue
            box.answered.connect(self._answered)
            box.set_value(self.answers.get(q.name))
            self.boxes[q.name] = box
            col.addWidget(box)
        col.addStretch(1)
        self.scroll.setWidget(page)
        title = text_in(self.form.group(group).labels, self.language, self.form.languages) \
            if group else ""
        n_shown = sum(1 for j in range(len(self.sections)) if self._section_relevant(j))
        position = sum(1 for j in range(i + 1) if self._section_relevant(j))
        self.section_label.setText(self.tr("Section {n} of {total}: {title}").format(
            n=position, total=n_shown, title=title or self.tr("General")).rstrip(": "))
        self._refresh()
        first = next((b for b in self.boxes.values()
                      if not b.isHidden() and b.input is not None), None)
        if first is not None:
            first.focus_input()

    def next_section(self) -> bool:
        """Go on if this section's questions are answered as required; else say what."""
        if not self._check_section():
            return False
        nxt = self._first_relevant(self.index + 1, 1)
        if nxt > self.index and self._section_relevant(nxt):
            self._show_section(nxt)
            return True
        return False

    def previous_section(self) -> None:
        prev = self._first_relevant(self.index - 1, -1)
        if prev < self.index:
            self._show_section(prev)

    def _check_section(self) -> bool:
        names = [q.name for q in self.sections[self.index][1]]
        bad = [n for n in names if n in self.state.errors and self.state.relevant.get(n, True)]
        self.touched.update(names)
        self._refresh()
        if bad and bad[0] in self.boxes:
            self.boxes[bad[0]].focus_input()
            self.scroll.ensureWidgetVisible(self.boxes[bad[0]])
        return not bad

    # -- answers ----------------------------------------------------------------------
    def _answered(self, name: str, value: Any) -> None:
        now = time.monotonic()
        spent_ms = int((now - self._last_change) * 1000)
        self._last_change = now
        if value is None:
            self.answers.pop(name, None)
        else:
            self.answers[name] = value
        self.touched.add(name)
        self.saves.put(name, value, spent_ms)
        self.saved_label.setText(self.tr("Saving…"))
        before = self.state
        self.state = evaluate_form(self.form, self.answers, self.language)
        for cleared in self.state.cleared:  # not relevant any more: the answer goes
            self.answers.pop(cleared, None)
            self.saves.put(cleared, None, 0)
        if self.state.cleared:
            self.state = evaluate_form(self.form, self.answers, self.language)
        self._refresh(before)

    def _refresh(self, before: FormState | None = None) -> None:
        for name, box in self.boxes.items():
            relevant = self.state.relevant.get(name, True)
            box.setVisible(relevant)
            if name in self.state.choices:
                box.set_choices(self.state.choices[name])
            if before is not None and name in before.cleared + self.state.cleared:
                box.set_value(self.answers.get(name))
            if not relevant:
                box.set_value(None)
            message = self.save_errors.get(name) or (
                self.state.errors.get(name) if name in self.touched else None)
            box.show_error(message)
        done, total = progress(self.form, self.state)
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(self.tr("{done} of {total} answered").format(
            done=done, total=total))
        more = self._first_relevant(self.index + 1, 1)
        has_next = more > self.index and self._section_relevant(more)
        self.next_button.setEnabled(has_next)
        self.back_button.setEnabled(self.index > 0 and
                                    self._first_relevant(self.index - 1, -1) < self.index)

    def _saved(self, name: str, _stored: Any) -> None:
        self.save_errors.pop(name, None)
        if self.saves.pending() == 0:
            self.saved_label.setText(self.tr("All answers saved"))

    def _save_failed(self, name: str, exc: BaseException) -> None:
        text = error_text(exc) or self.tr("This answer could not be saved. It is still on "
                                          "the screen; try again.")
        self.save_errors[name] = text
        self.saved_label.setText(self.tr("Not saved — see the message"))
        if name in self.boxes:
            self.boxes[name].show_error(text)

    # -- keyboard ---------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        box = self._box_with_focus()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and box is not None and \
                not isinstance(box, TextBox) and \
                event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                      Qt.KeyboardModifier.KeypadModifier):
            n = key - Qt.Key.Key_0
            if isinstance(box, LikertBox) and n <= 5:
                box.choose(str(n))
                self._focus_after(box)
                return
            if isinstance(box, ChoiceBox | MultiBox) and box.choose_number(n):
                if isinstance(box, ChoiceBox):
                    self._focus_after(box)
                return
        if key == Qt.Key.Key_PageDown:
            self.next_section()
            return
        if key == Qt.Key.Key_PageUp:
            self.previous_section()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.finish()
            return
        if key == Qt.Key.Key_Escape:
            self.leave()
            return
        super().keyPressEvent(event)

    def _box_with_focus(self) -> QuestionBox | None:
        widget = self.focusWidget()
        while widget is not None and not isinstance(widget, QuestionBox):
            widget = widget.parentWidget()
        return widget

    def _focus_after(self, box: QuestionBox) -> None:
        """Move to the next visible question of the section (after the answer's
        skip logic is applied), or to Next/Finish."""
        names = list(self.boxes)
        for name in names[names.index(box.question.name) + 1:]:
            other = self.boxes[name]
            if not other.isHidden() and other.input is not None:
                other.focus_input()
                self.scroll.ensureWidgetVisible(other)
                return
        (self.next_button if self.next_button.isEnabled() else self.finish_button).setFocus()

    def set_actor(self, actor) -> None:
        """The same person signed in again (a renewed session): save as them from now."""
        self.actor = self.saves.actor = actor

    # -- leaving and finishing --------------------------------------------------------
    def leave(self) -> None:
        """Close the interview; it stays a draft with everything saved."""
        self.saves.stop()
        self.closed.emit()

    def finish(self) -> None:
        """Check everything, then make the response final (in the background)."""
        if self._finishing:
            return
        self.touched.update(q.name for q in self.form.questions)
        self._refresh()
        self._finishing = True
        self.finish_button.setEnabled(False)
        saves, surveys, draft_id, actor = self.saves, self.surveys, self.draft_id, self.actor

        def work():
            if not saves.flush():
                raise TimeoutError("saving the answers took too long")
            return surveys.finalize(draft_id, actor=actor)

        run_task(work, self._finalized, self._finalize_failed, owner=self)

    def _finalized(self, response) -> None:
        self._finishing = False
        self.saves.stop()
        self.finished.emit(response)

    def _finalize_failed(self, exc: BaseException) -> None:
        self._finishing = False
        self.finish_button.setEnabled(True)
        if isinstance(exc, InvalidForm):
            self.state = evaluate_form(self.form, self.answers, self.language)
            for i, (_group, questions) in enumerate(self.sections):
                if any(q.name in exc.errors for q in questions) and self._section_relevant(i):
                    if i != self.index:
                        self._show_section(i)
                    bad = next(q.name for q in questions if q.name in exc.errors)
                    if bad in self.boxes:
                        self.boxes[bad].show_error(exc.errors[bad].text())
                        self.boxes[bad].focus_input()
                        self.scroll.ensureWidgetVisible(self.boxes[bad])
                    break
            self.saved_label.setText(self.tr("Some answers need attention"))
            return
        from desktop.messages import report_error

        report_error(exc, parent=self)

    def closeEvent(self, event) -> None:
        self.saves.stop()
        super().closeEvent(event)
