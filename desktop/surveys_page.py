"""The Surveys screen: start an interview, resume a draft, see the quotas.

Everything it shows is read in the background (:func:`desktop.tasks.run_task`); opening
an interview swaps this list for :class:`desktop.survey_form.SurveyFormView`, and leaving
or finishing it comes back here with the lists refreshed.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import ui
from desktop.survey_form import SurveyFormView
from desktop.tasks import run_task
from models.forms import text_in
from store.errors import NotAllowed
from store.surveys import check_may_change

log = logging.getLogger(__name__)

LANGUAGE_NAMES = {"en": "English", "ur": "اردو"}
#: Roles that set quota targets.
SUPERVISING_ROLES = frozenset({"supervisor", "admin", "office_admin"})
ROW_HEIGHT = 40
#: Finished interviews listed on the screen (the newest).
FINISHED_SHOWN = 50


class SurveysPage(QWidget):
    """The survey list and, while an interview is open, the interview."""

    response_finished = Signal(object)

    def __init__(self, surveys, actor, *, language: str = "en",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("surveys_page")
        self.surveys = surveys
        self.enumerator = actor  # the signed-in person (store.records.Actor)
        self.role = actor.role
        self.labels_form = None
        self.quota_dialog: QuotaDialog | None = None
        self.language = language
        self.form_view: SurveyFormView | None = None
        self.forms: list = []
        self.drafts: list = []

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget(self)
        outer.addWidget(self.stack)
        # The list scrolls as a whole when the window is too short for its three tables
        # with rows of Nastaliq (each table keeps room for a few rows).
        self.list_scroll = QScrollArea(self.stack)
        self.list_scroll.setObjectName("list_scroll")
        self.list_scroll.setWidgetResizable(True)
        self.list_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.list_page = QWidget(self.list_scroll)
        self.list_scroll.setWidget(self.list_page)
        self.stack.addWidget(self.list_scroll)
        layout = QVBoxLayout(self.list_page)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)

        title = QLabel(self.tr("Surveys"), self.list_page)
        title.setObjectName("page_title")
        layout.addWidget(title)

        start = ui.card(self.list_page)
        row = QHBoxLayout(start)
        row.setContentsMargins(16, 12, 16, 12)
        row.addWidget(QLabel(self.tr("Form"), start))
        self.form_combo = QComboBox(start)
        self.form_combo.setObjectName("form_combo")
        self.form_combo.setMinimumWidth(360)
        self.form_combo.currentIndexChanged.connect(self._form_chosen)
        row.addWidget(self.form_combo, 1)
        row.addWidget(QLabel(self.tr("Language"), start))
        self.language_combo = QComboBox(start)
        self.language_combo.setObjectName("language_combo")
        row.addWidget(self.language_combo)
        self.start_button = QPushButton(ui.icon("fa5s.play", "#ffffff"),
                                        self.tr("Start interview"), start)
        self.start_button.setObjectName("start_button")
        self.start_button.setToolTip(self.tr("Start a new interview with this form (Ctrl+I)"))
        ui.make_primary(self.start_button)
        self.start_button.clicked.connect(self.start_interview)
        row.addWidget(self.start_button)
        layout.addWidget(start)
        QShortcut(QKeySequence("Ctrl+I"), self.list_page, self.start_interview)

        drafts_head = QHBoxLayout()
        heading = QLabel(self.tr("Interviews not finished"), self.list_page)
        heading.setProperty("heading", True)
        drafts_head.addWidget(heading)
        self.drafts_count = QLabel(self.list_page)
        self.drafts_count.setProperty("muted", True)
        drafts_head.addWidget(self.drafts_count)
        drafts_head.addStretch(1)
        self.resume_button = QPushButton(ui.icon("fa5s.edit"), self.tr("Continue"),
                                         self.list_page)
        self.resume_button.setObjectName("resume_button")
        self.resume_button.setToolTip(self.tr("Continue the chosen interview (Enter)"))
        self.resume_button.clicked.connect(self.resume_selected)
        drafts_head.addWidget(self.resume_button)
        layout.addLayout(drafts_head)
        self.drafts_table = self._table(
            [self.tr("Started"), self.tr("Form"), self.tr("Respondent"),
             self.tr("Answers"), self.tr("Last change")], "drafts_table")
        self.drafts_table.itemActivated.connect(lambda _item: self.resume_selected())
        layout.addWidget(self.drafts_table, 1)

        heading = QLabel(self.tr("Finished interviews"), self.list_page)
        heading.setProperty("heading", True)
        layout.addWidget(heading)
        self.finished_table = self._table(
            [self.tr("Finished"), self.tr("Form"), self.tr("Respondent"),
             self.tr("Enumerator")], "finished_table")
        layout.addWidget(self.finished_table, 1)
        self.finished: list = []

        quota_head = QHBoxLayout()
        heading = QLabel(self.tr("Quotas"), self.list_page)
        heading.setProperty("heading", True)
        quota_head.addWidget(heading)
        self.totals_label = QLabel(self.list_page)
        self.totals_label.setProperty("muted", True)
        quota_head.addWidget(self.totals_label)
        quota_head.addStretch(1)
        self.quota_button = QPushButton(ui.icon("fa5s.bullseye"), self.tr("Set a target…"),
                                        self.list_page)
        self.quota_button.setObjectName("quota_button")
        self.quota_button.setToolTip(self.tr("How many finished interviews are wanted for "
                                             "one group of respondents (supervisors)"))
        self.quota_button.setVisible(self.role in SUPERVISING_ROLES)
        self.quota_button.clicked.connect(self.open_quota_dialog)
        quota_head.addWidget(self.quota_button)
        layout.addLayout(quota_head)
        self.quota_table = self._table(
            [self.tr("District"), self.tr("Area"), self.tr("Respondent type"),
             self.tr("Target"), self.tr("Done"), self.tr("Still needed"),
             self.tr("Last change")], "quota_table")
        layout.addWidget(self.quota_table, 1)
        self.refresh()

    def _table(self, headers: list[str], name: str) -> QTableWidget:
        table = QTableWidget(0, len(headers), self.list_page)
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().setVisible(False)
        # Taller rows for a taller script (Nastaliq), so no line is cut at the bottom.
        table.verticalHeader().setDefaultSectionSize(
            max(ROW_HEIGHT, table.fontMetrics().height() + 16))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        # One line per row: a long form title or respondent ends in "…" (the whole text is
        # the cell's tooltip) instead of a second line cut off by the row's height.
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.setMinimumHeight(table.horizontalHeader().sizeHint().height()
                               + 3 * table.verticalHeader().defaultSectionSize() + 4)
        return table

    # -- data -------------------------------------------------------------------------
    def refresh(self) -> None:
        surveys = self.surveys

        def read():
            forms = surveys.forms()
            if not any(f.form_id == "daftar_governance" for f in forms):
                surveys.ensure_default_form()  # the study's instrument is always there
                forms = surveys.forms()
            drafts = surveys.list_drafts()
            counted = [(d, surveys.form(d.form_id, d.form_version)) for d in drafts]
            newest = surveys.form(forms[-1].form_id) if forms else None
            finished = [(r, surveys.form(r.form_id, r.form_version)) for r in
                        surveys.list_responses(status="final", limit=FINISHED_SHOWN)]
            return (forms, counted, surveys.quota_progress(),
                    surveys.count_responses(status="final"), newest, finished)

        run_task(read, self._show, owner=self)

    def _show(self, answer) -> None:
        forms, drafts, quotas, n_final, labels_form, finished = answer
        self.labels_form = labels_form
        self.quota_button.setEnabled(labels_form is not None)
        newest: dict[str, object] = {}
        for f in forms:  # one entry per form: its newest version
            if f.form_id not in newest or _version_key(f.version) > \
                    _version_key(newest[f.form_id].version):
                newest[f.form_id] = f
        chosen = self.form_combo.currentData()
        self.forms = list(newest.values())
        self.form_combo.blockSignals(True)
        self.form_combo.clear()
        for f in self.forms:
            self.form_combo.addItem(self.tr("{title} (version {version})").format(
                title=text_in(f.title, self.language, ["en"]) or f.form_id,
                version=f.version), f.form_id)
        if chosen is not None and self.form_combo.findData(chosen) >= 0:
            self.form_combo.setCurrentIndex(self.form_combo.findData(chosen))
        self.form_combo.blockSignals(False)
        self._form_chosen()
        self.start_button.setEnabled(bool(self.forms))
        if not self.forms:
            self.form_combo.addItem(self.tr("No forms yet — import one with "
                                            "'daftar forms import'"), None)

        self.drafts = [d for d, _form in drafts]
        self.drafts_table.setRowCount(len(drafts))
        for r, (d, form) in enumerate(drafts):
            asked = [q for q in form.questions if q.asks]
            answered = sum(1 for q in asked if q.name in d.answers)
            who = ", ".join(x for x in (
                choice_label(form, "respondent_type", d.respondent_type, self.language),
                choice_label(form, "district", d.district, self.language)) if x) or "—"
            cells = [ui.format_timestamp(d.started_at),
                     text_in(form.title, self.language, form.languages) or d.form_id,
                     who, self.tr("{n} of {total}").format(n=answered, total=len(asked)),
                     ui.format_timestamp(d.updated_at)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.drafts_table.setItem(r, c, item)
        self.drafts_count.setText(self.tr("{n} interviews").format(n=len(drafts))
                                  if len(drafts) != 1 else self.tr("1 interview"))
        self.resume_button.setEnabled(bool(drafts))
        if drafts and not self.drafts_table.selectedItems():
            self.drafts_table.selectRow(0)

        self._show_finished(finished)

        self.quota_table.setRowCount(len(quotas))
        for r, q in enumerate(quotas):
            cells = [choice_label(labels_form, "district", q.district, self.language),
                     choice_label(labels_form, "area", q.area, self.language),
                     choice_label(labels_form, "respondent_type", q.respondent_type,
                                  self.language),
                     ui.format_number(q.target), ui.format_number(q.done),
                     ui.format_number(q.remaining), self._quota_change(q)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if 3 <= c <= 5:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight |
                                          Qt.AlignmentFlag.AlignVCenter)
                self.quota_table.setItem(r, c, item)
        self.totals_label.setText(self.tr("{n} finished interviews on this PC").format(
            n=ui.format_number(n_final)))

    def _quota_change(self, quota) -> str:
        """Who last set a target and when ("—" for one set before the quota log)."""
        if not quota.changed_at:
            return "—"
        return self.tr("set by {name} ({role}) on {when}").format(
            name=quota.changed_by, role=ui.role_text(quota.changed_by_role),
            when=ui.format_timestamp(quota.changed_at))

    def _show_finished(self, finished) -> None:
        """The newest finished interviews; a sealed one has a small lock before its time
        (its answers are sealed to the analysts' key and no longer on this PC)."""
        self.finished = [r for r, _form in finished]
        self.finished_table.setRowCount(len(finished))
        sealed_tip = self.tr("Sealed: only the central analysts can read the answers; "
                             "they are no longer kept on this PC")
        for r, (resp, form) in enumerate(finished):
            who = ", ".join(x for x in (
                choice_label(form, "respondent_type", resp.respondent_type, self.language),
                choice_label(form, "district", resp.district, self.language)) if x) or "—"
            cells = [ui.format_timestamp(resp.finished_at or resp.updated_at),
                     text_in(form.title, self.language, form.languages) or resp.form_id,
                     who, resp.enumerator]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if c == 0 and resp.sealed is not None:
                    item.setIcon(ui.icon("fa5s.lock", "muted"))
                    item.setToolTip(sealed_tip)
                    item.setData(Qt.ItemDataRole.AccessibleTextRole,
                                 self.tr("{time}, sealed").format(time=text))
                self.finished_table.setItem(r, c, item)

    def _form_chosen(self, *_args) -> None:
        form_id = self.form_combo.currentData()
        if form_id is None:
            self.language_combo.clear()
            return
        surveys = self.surveys

        def show(form) -> None:
            current = self.language_combo.currentData()
            self.language_combo.clear()
            for code in form.languages:
                self.language_combo.addItem(LANGUAGE_NAMES.get(code, code), code)
            wanted = current or self.language
            if self.language_combo.findData(wanted) >= 0:
                self.language_combo.setCurrentIndex(self.language_combo.findData(wanted))

        run_task(lambda: surveys.form(form_id), show, owner=self)

    def open_quota_dialog(self) -> QuotaDialog | None:
        if self.labels_form is None:
            return None
        dialog = QuotaDialog(self.surveys, self.labels_form, self.language, self.enumerator,
                             self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self.refresh)
        self.quota_dialog = dialog
        dialog.open()
        return dialog

    # -- interviews -------------------------------------------------------------------
    def start_interview(self) -> None:
        form_id = self.form_combo.currentData()
        language = self.language_combo.currentData() or self.language
        if form_id is None or self.form_view is not None:
            return
        surveys, enumerator = self.surveys, self.enumerator
        self.start_button.setEnabled(False)
        run_task(lambda: surveys.start_draft(form_id, language, enumerator),
                 self.open_draft, self._start_failed, owner=self)

    def _start_failed(self, exc: BaseException) -> None:
        self.start_button.setEnabled(True)
        from desktop.messages import report_error

        report_error(exc, parent=self)

    def resume_selected(self) -> None:
        row = self.drafts_table.currentRow()
        if 0 <= row < len(self.drafts):
            self.open_draft(self.drafts[row].id)

    def open_draft(self, draft_id: str) -> None:
        """Open *draft_id* (read in the background)."""
        surveys = self.surveys
        run_task(lambda: surveys.evaluate(draft_id), self._open, owner=self)

    def _open(self, answer) -> SurveyFormView | None:
        form, response, _state = answer
        if self.form_view is not None:
            return self.form_view
        try:  # another enumerator's interview: say so rather than refuse every answer
            check_may_change(self.enumerator, response.enumerator)
        except NotAllowed as exc:
            self.start_button.setEnabled(True)
            from desktop.messages import report_error

            report_error(exc, parent=self)
            return None
        view = SurveyFormView(self.surveys, response.id, form, response.answers,
                              response.language, actor=self.enumerator, parent=self.stack)
        view.closed.connect(self._back)
        view.finished.connect(self._finished)
        self.form_view = view
        self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)
        self.start_button.setEnabled(True)
        return view

    def _back(self) -> None:
        view = self.form_view
        self.form_view = None
        self.stack.setCurrentWidget(self.list_scroll)
        if view is not None:
            self.stack.removeWidget(view)
            view.deleteLater()
        self.refresh()
        self.drafts_table.setFocus()

    def _finished(self, response) -> None:
        self._back()
        self.response_finished.emit(response)

    def set_actor(self, actor) -> None:
        """The same person signed in again (a renewed session after 12 hours): start,
        save and finish interviews, the open one included, with the new session."""
        self.enumerator = actor
        if self.form_view is not None:
            self.form_view.set_actor(actor)

    def shutdown(self) -> None:
        """The window closes: write what the open interview still has waiting."""
        if self.form_view is not None:
            self.form_view.saves.stop()


class QuotaDialog(QDialog):
    """Set the target of finished interviews for one stratum (district × area ×
    respondent type); the choices and their labels come from the form."""

    saved = Signal()

    def __init__(self, surveys, form, language: str, actor,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quota_dialog")
        self.actor = actor
        self.setWindowTitle(self.tr("Set a target"))
        self.surveys = surveys
        layout = QVBoxLayout(self)
        fields = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        for question, label in (("district", self.tr("District")), ("area", self.tr("Area")),
                                ("respondent_type", self.tr("Respondent type"))):
            combo = QComboBox(self)
            combo.setObjectName(f"{question}_combo")
            try:
                list_name = form.question(question).list_name
            except KeyError:
                list_name = None
            for choice in form.choices.get(list_name, []) if list_name else ():
                combo.addItem(text_in(choice.labels, language, form.languages) or choice.name,
                              choice.name)
            self.combos[question] = combo
            fields.addRow(label, combo)
        self.target = QSpinBox(self)
        self.target.setObjectName("target_spin")
        self.target.setRange(0, 100_000)
        self.target.setValue(20)
        self.target.setToolTip(self.tr("0 removes the target"))
        fields.addRow(self.tr("Finished interviews wanted"), self.target)
        layout.addLayout(fields)
        self.error = ui.ErrorLabel("quota_error", self)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save |
                                   QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        values = {q: c.currentData() for q, c in self.combos.items()}
        target = self.target.value()
        surveys, actor = self.surveys, self.actor
        run_task(lambda: surveys.set_quota(values["district"], values["area"],
                                           values["respondent_type"], target, actor=actor),
                 self._saved, self._failed, owner=self)

    def _saved(self, _result) -> None:
        self.saved.emit()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        from desktop.messages import error_text

        text = error_text(exc)
        if text is None:
            from desktop.messages import report_error

            report_error(exc, parent=self)
            return
        self.error.show_error(text)


def choice_label(form, question: str, value: str | None, language: str) -> str:
    """The label of *value* among *question*'s choices in *form* (the code itself when the
    form has no such question or choice)."""
    if not value:
        return ""
    if form is not None:
        try:
            list_name = form.question(question).list_name
        except KeyError:
            list_name = None
        for choice in form.choices.get(list_name, []) if list_name else ():
            if choice.name == value:
                return text_in(choice.labels, language, form.languages) or value
    return value.replace("_", " ")


def _version_key(version: str) -> tuple:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in version.split("."))
