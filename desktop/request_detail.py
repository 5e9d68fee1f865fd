"""One request: who asked for what, where it stands, what may happen next, and its history.

The header card shows the tracking number, the citizen, the service and a status badge in
plain words. The next steps offered are exactly those the workflow allows the signed-in
role (``models.workflow.allowed_transitions``); the store checks again on every step.
Steps that need a reason or an outcome ask for it in a small dialog that keeps what was
typed if the store refuses it. The timeline lists every event, oldest first.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import receipt, ui
from desktop.messages import error_text, show_bug
from desktop.tasks import run_task
from models.events import EventKind
from models.i18n import N_
from models.validation import (
    InvalidForm,
    InvalidInput,
    format_cnic,
    format_mobile,
    mask_cnic,
)
from models.workflow import CTX as WORKFLOW_CTX
from models.workflow import OUTCOMES, TRANSITIONS, Transition, allowed_transitions, is_open
from store.records import Actor
from store.store import RequestDetail, Store

log = logging.getLogger(__name__)

CTX = "RequestDetailView"
#: Who may show a citizen's whole CNIC on the request screen (everyone else sees it masked).
FULL_CNIC_ROLES = frozenset({"supervisor", "office_admin"})
RATING_WORDS = {1: N_(CTX, "Very bad"), 2: N_(CTX, "Bad"), 3: N_(CTX, "All right"),
                4: N_(CTX, "Good"), 5: N_(CTX, "Very good")}


def tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


def describe_event(event: dict) -> str:
    """What happened, in plain words (one or more lines)."""
    payload = event.get("payload") or {}
    kind = event["kind"]
    if kind == EventKind.CREATED:
        return tr("Request registered")
    if kind == EventKind.STATUS_CHANGED:
        lines = [tr("Status changed: {old} → {new}").format(
            old=ui.status_text(payload.get("from", "")), new=ui.status_text(payload["to"]))]
        if payload.get("reason"):
            lines.append(tr("Reason: {text}").format(text=payload["reason"]))
        if payload.get("outcome"):
            outcome = OUTCOMES.get(payload["outcome"], payload["outcome"])
            lines.append(tr("Outcome: {text}").format(
                text=QCoreApplication.translate(WORKFLOW_CTX, outcome)))
        if payload.get("note"):
            lines.append(tr("Note: {text}").format(text=payload["note"]))
        return "\n".join(lines)
    if kind == EventKind.NOTE:
        return tr("Note: {text}").format(text=payload.get("text", ""))
    if kind == EventKind.FEEDBACK:
        rating = payload.get("rating")
        line = tr("Citizen's rating: {rating} of 5 ({words})").format(
            rating=rating, words=tr(RATING_WORDS.get(rating, "")))
        if payload.get("comment"):
            line += "\n" + tr("Comment: {text}").format(text=payload["comment"])
        return line
    if kind == EventKind.DOCUMENT_ADDED:
        return tr("Document added: {name}").format(name=payload.get("name", ""))
    return kind


class StepDialog(QDialog):
    """Asks what a step needs: a reason, an outcome and a note, a note, or a rating.

    Emits :attr:`submitted` with the values; the caller saves them and calls
    :meth:`show_error` (the dialog stays open, nothing typed is lost) or ``accept()``.
    """

    submitted = Signal(dict)

    REASON, OUTCOME, NOTE, FEEDBACK = "reason", "outcome", "note", "feedback"

    def __init__(self, kind: str, title: str, prompt: str, ok_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("step_dialog")
        self.kind = kind
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(8)
        heading = QLabel(title, self)
        heading.setProperty("heading", True)
        layout.addWidget(heading)
        if prompt:
            text = QLabel(prompt, self)
            text.setWordWrap(True)
            text.setProperty("muted", True)
            layout.addWidget(text)

        self.outcome_combo: QComboBox | None = None
        self.rating_group: QButtonGroup | None = None
        if kind == self.OUTCOME:
            layout.addWidget(QLabel(self.tr("How did the request end?"), self))
            self.outcome_combo = QComboBox(self)
            self.outcome_combo.setObjectName("outcome_combo")
            for code, label in OUTCOMES.items():
                self.outcome_combo.addItem(QCoreApplication.translate(WORKFLOW_CTX, label), code)
            self.outcome_combo.setCurrentIndex(-1)
            self.outcome_combo.setPlaceholderText(self.tr("Choose one"))
            layout.addWidget(self.outcome_combo)
        if kind == self.FEEDBACK:
            layout.addWidget(QLabel(self.tr("How satisfied is the citizen? (keys 1 to 5)"),
                                    self))
            row = QHBoxLayout()
            self.rating_group = QButtonGroup(self)
            for n in range(1, 6):
                button = QPushButton(f"{n}  {tr(RATING_WORDS[n])}", self)
                button.setObjectName(f"rating_{n}")
                button.setCheckable(True)
                button.setAutoDefault(False)
                self.rating_group.addButton(button, n)
                QShortcut(QKeySequence(str(n)), self, activated=button.click)
                row.addWidget(button)
            layout.addLayout(row)

        text_label = {
            self.REASON: self.tr("Reason (the citizen will be told this)"),
            self.OUTCOME: self.tr("Note (required)"),
            self.NOTE: self.tr("Note"),
            self.FEEDBACK: self.tr("Comment (optional)"),
        }[kind]
        layout.addWidget(QLabel(text_label, self))
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setObjectName(f"{kind}_edit" if kind != self.OUTCOME else "note_edit")
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 16)
        layout.addWidget(self.text_edit)
        self.error_label = ui.ErrorLabel("step_error", self)
        layout.addWidget(self.error_label)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.setObjectName("step_cancel")
        cancel.setAutoDefault(False)
        cancel.setToolTip(self.tr("Close without saving (Esc)"))
        cancel.clicked.connect(self.reject)
        self.ok_button = QPushButton(ok_text, self)
        self.ok_button.setObjectName("step_ok")
        self.ok_button.setDefault(True)
        ui.make_primary(self.ok_button)
        self.ok_button.clicked.connect(self._submit)
        self.ok_button.setToolTip(self.tr("Save (Ctrl+Enter)"))
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self._submit)
        buttons.addWidget(cancel)
        buttons.addWidget(self.ok_button)
        layout.addLayout(buttons)
        (self.outcome_combo or self.text_edit).setFocus()

    def values(self) -> dict:
        out = {"text": self.text_edit.toPlainText()}
        if self.outcome_combo is not None:
            out["outcome"] = self.outcome_combo.currentData()
        if self.rating_group is not None:
            out["rating"] = self.rating_group.checkedId()
        return out

    def _submit(self) -> None:
        values = self.values()
        if self.outcome_combo is not None and values["outcome"] is None:
            self.show_error(self.tr("Please choose how the request ended."))
            return
        if self.rating_group is not None and values["rating"] < 1:
            self.show_error(self.tr("Please choose a rating from 1 to 5."))
            return
        self.error_label.clear_error()
        self.set_busy(True)
        self.submitted.emit(values)

    def set_busy(self, busy: bool) -> None:
        self.ok_button.setEnabled(not busy)

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.error_label.show_error(text)


class RequestDetailView(QWidget):
    """The request detail screen. Call :meth:`load` with a tracking number or id."""

    loaded = Signal()  # the request (again) shown in full; tests wait on it
    changed = Signal()  # a step, note or rating was saved
    back_requested = Signal()
    receipt_saved = Signal(str)
    receipt_failed = Signal(str)

    def __init__(self, store: Store, actor: Actor, *, language: str = "en",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("request_detail")
        self._store = store
        self._actor = actor
        self._language = language
        self._ref: str | None = None
        self.detail: RequestDetail | None = None
        self.office: dict | None = None
        self.step_dialog: StepDialog | None = None
        self._transition_buttons: list[QPushButton] = []
        self._shown_id: str | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)
        layout.addLayout(self._build_top_bar())
        self.banner = QLabel(self)
        self.banner.setObjectName("banner")
        self.banner.setProperty("level", "error")
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.banner)
        layout.addWidget(self._build_header())
        layout.addLayout(self._build_actions())
        timeline_title = QLabel(self.tr("History"), self)
        timeline_title.setProperty("heading", True)
        layout.addWidget(timeline_title)
        self.timeline = QTreeWidget(self)
        self.timeline.setObjectName("timeline")
        self.timeline.setHeaderLabels([self.tr("When"), self.tr("Who"), self.tr("What")])
        self.timeline.setRootIsDecorated(False)
        self.timeline.setWordWrap(True)
        self.timeline.setUniformRowHeights(False)
        self.timeline.setAlternatingRowColors(True)
        self.timeline.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.timeline.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.timeline.header()
        header.setStretchLastSection(True)
        header.resizeSection(0, 200)
        header.resizeSection(1, 210)
        layout.addWidget(self.timeline, 1)

    # -- building -----------------------------------------------------------------------
    def _build_top_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.back_button = QPushButton(ui.icon("fa5s.arrow-left", "accent"),
                                       self.tr("Back to requests"), self)
        self.back_button.setObjectName("back_button")
        self.back_button.setProperty("flat", True)
        self.back_button.setToolTip(self.tr("Back to the list (Alt+Left)"))
        self.back_button.setShortcut(QKeySequence("Alt+Left"))
        self.back_button.clicked.connect(self.back_requested)
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        self.pdf_button = QPushButton(ui.icon("fa5s.file-pdf"), self.tr("Save receipt as PDF"),
                                      self)
        self.pdf_button.setObjectName("pdf_button")
        self.pdf_button.clicked.connect(self._ask_pdf_path)
        self.print_button = QPushButton(ui.icon("fa5s.print"), self.tr("Print receipt"), self)
        self.print_button.setObjectName("print_button")
        self.print_button.setToolTip(self.tr("Print the citizen's receipt (Ctrl+P)"))
        self.print_button.setShortcut(QKeySequence("Ctrl+P"))
        self.print_button.clicked.connect(self._print)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.print_button)
        return bar

    def _build_header(self) -> QWidget:
        box = ui.card(self)
        box.setObjectName("header_card")
        grid = QGridLayout(box)
        grid.setContentsMargins(20, 16, 20, 16)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(6)
        self.tracking_label = QLabel(box)
        self.tracking_label.setObjectName("tracking_label")
        self.tracking_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_badge = QLabel(box)
        self.status_badge.setObjectName("status_badge")
        self.citizen_label = QLabel(box)
        self.citizen_label.setObjectName("citizen_label")
        self.citizen_label.setProperty("heading", True)
        self.identity_label = QLabel(box)
        self.identity_label.setObjectName("identity_label")
        # The CNIC is masked; a supervisor or the office admin may show it whole (the
        # clerk who needs it has the citizen and the card in front of them).
        self.show_cnic_button = QPushButton(self.tr("Show CNIC"), box)
        self.show_cnic_button.setObjectName("show_cnic_button")
        self.show_cnic_button.setCheckable(True)
        self.show_cnic_button.setFlat(True)
        self.show_cnic_button.setToolTip(self.tr("Show the whole CNIC number until you open "
                                                 "another request"))
        self.show_cnic_button.toggled.connect(lambda _on: self._show_identity())
        self.show_cnic_button.setVisible(self._actor.role in FULL_CNIC_ROLES)
        self.service_label = QLabel(box)
        self.service_label.setObjectName("service_label")
        self.service_label.setWordWrap(True)
        self.due_label = QLabel(box)
        self.due_label.setObjectName("due_label")
        self.overdue_box = QWidget(box)
        overdue_layout = QHBoxLayout(self.overdue_box)
        overdue_layout.setContentsMargins(0, 0, 0, 0)
        overdue_layout.setSpacing(0)
        self.overdue_label = QLabel(self.tr("Overdue"), self.overdue_box)
        self.overdue_label.setObjectName("overdue_label")
        icon = QLabel(self.overdue_box)
        icon.setPixmap(ui.icon("fa5s.exclamation-triangle", "warning").pixmap(QSize(18, 18)))
        icon.setContentsMargins(0, 0, 6, 0)
        overdue_layout.addWidget(icon)
        overdue_layout.addWidget(self.overdue_label)
        self.overdue_box.hide()
        self.description_label = QLabel(box)
        self.description_label.setObjectName("description_label")
        self.description_label.setWordWrap(True)
        self.description_label.setProperty("muted", True)

        top = QHBoxLayout()
        top.addWidget(self.tracking_label)
        top.addStretch(1)
        top.addWidget(self.status_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        grid.addLayout(top, 0, 0, 1, 2)
        grid.addWidget(self.citizen_label, 1, 0, 1, 2)
        identity_row = QHBoxLayout()
        identity_row.setSpacing(8)
        identity_row.addWidget(self.identity_label)
        identity_row.addWidget(self.show_cnic_button)
        identity_row.addStretch(1)
        grid.addLayout(identity_row, 2, 0, 1, 2)
        grid.addWidget(self.service_label, 3, 0, 1, 2)
        due_row = QHBoxLayout()
        due_row.setSpacing(16)
        due_row.addWidget(self.due_label)
        due_row.addWidget(self.overdue_box)
        due_row.addStretch(1)
        grid.addLayout(due_row, 4, 0, 1, 2)
        grid.addWidget(self.description_label, 5, 0, 1, 2)
        return box

    def _build_actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(8)
        self.next_label = QLabel(self.tr("Next step:"), self)
        self.next_label.setProperty("heading", True)
        row.addWidget(self.next_label)
        self._transitions_row = QHBoxLayout()
        self._transitions_row.setSpacing(8)
        row.addLayout(self._transitions_row)
        self.no_step_label = QLabel(self)
        self.no_step_label.setObjectName("no_step_label")
        self.no_step_label.setProperty("muted", True)
        row.addWidget(self.no_step_label)
        row.addStretch(1)
        self.note_button = QPushButton(ui.icon("fa5s.sticky-note"), self.tr("Add note"), self)
        self.note_button.setObjectName("add_note_button")
        self.note_button.clicked.connect(self._ask_note)
        self.feedback_button = QPushButton(ui.icon("fa5s.star"), self.tr("Record feedback"),
                                           self)
        self.feedback_button.setObjectName("feedback_button")
        self.feedback_button.clicked.connect(self._ask_feedback)
        row.addWidget(self.note_button)
        row.addWidget(self.feedback_button)
        return row

    # -- loading ------------------------------------------------------------------------
    def current_ref(self) -> str | None:
        """The request shown (or being loaded)."""
        return self._ref

    def load(self, ref: str) -> None:
        """Show request *ref* (tracking number or id); loads in the background."""
        self._ref = ref
        self._set_actions_enabled(False)
        store = self._store
        want_office = self.office is None

        def work():
            return store.get_request(ref), (store.office() if want_office else None)

        run_task(work, lambda answer: self._show(ref, *answer), self._load_failed, owner=self)

    def reload(self) -> None:
        if self._ref:
            self.load(self._ref)

    def _load_failed(self, exc: BaseException) -> None:
        text = error_text(exc)
        if text is None:
            show_bug((type(exc), exc, exc.__traceback__), parent=self)
            text = self.tr("This request could not be shown.")
        self._show_banner(text)

    def _show(self, ref: str, detail: RequestDetail, office: dict | None) -> None:
        if ref != self._ref:
            return
        self.detail = detail
        # From now on, refer to the request by id: steps stay with this very request.
        self._ref = detail.request["id"]
        if office is not None:
            self.office = office
        self.banner.hide()
        lang = self._language
        citizen, service = detail.citizen, detail.service
        self.tracking_label.setText(ui.ltr(detail.tracking_number))
        self.status_badge.setText(ui.status_text(detail.status))
        self.status_badge.setProperty("status", str(detail.status))
        ui.repolish(self.status_badge)
        self.citizen_label.setText(citizen["name"])
        if self.show_cnic_button.isChecked() and self._shown_id != self._ref:
            self.show_cnic_button.setChecked(False)  # another request: masked again
        self._shown_id = self._ref
        self._show_identity()
        fee = detail.request.get("fee_pkr", service.get("fee_pkr", 0))
        self.service_label.setText(self.tr("{service}   ·   Official fee {fee}").format(
            service=ui.service_name(service, lang), fee=ui.format_fee(int(fee or 0))))
        due = date.fromisoformat(detail.request["due_date"])
        self.due_label.setText(self.tr("Due by {date}").format(date=ui.format_date(due)))
        self.overdue_box.setVisible(detail.overdue)
        description = detail.request.get("description") or ""
        self.description_label.setText(
            self.tr("Citizen's words: {text}").format(text=description) if description else "")
        self.description_label.setVisible(bool(description))
        self._show_steps(detail)
        self._show_timeline(detail)
        self._set_actions_enabled(True)
        self.loaded.emit()

    def _show_identity(self) -> None:
        if self.detail is None:
            return
        citizen = self.detail.citizen
        whole = self.show_cnic_button.isChecked() and self._actor.role in FULL_CNIC_ROLES
        cnic = format_cnic(citizen["cnic"]) if whole else mask_cnic(citizen["cnic"])
        identity = [self.tr("CNIC {cnic}").format(cnic=ui.ltr(cnic))]
        if citizen.get("phone"):
            identity.append(self.tr("Mobile {phone}").format(
                phone=ui.ltr(format_mobile(citizen["phone"]))))
        self.identity_label.setText("   ·   ".join(identity))
        self.show_cnic_button.setText(self.tr("Hide CNIC") if whole else self.tr("Show CNIC"))

    def set_actor(self, actor: Actor) -> None:
        """Another person signed in (or the same one again, with a new session)."""
        self._actor = actor
        if actor.role not in FULL_CNIC_ROLES:
            self.show_cnic_button.setChecked(False)
        self.show_cnic_button.setVisible(actor.role in FULL_CNIC_ROLES)
        if self.detail is not None:
            self._show_identity()
            self._show_steps(self.detail)

    def _show_steps(self, detail: RequestDetail) -> None:
        for button in self._transition_buttons:
            button.setParent(None)  # out of findChild() at once, deleted later
            button.deleteLater()
        self._transition_buttons = []
        steps = allowed_transitions(detail.status, self._actor.role)
        for n, step in enumerate(steps):
            button = QPushButton(QCoreApplication.translate(WORKFLOW_CTX, step.label), self)
            button.setObjectName(f"transition_{step.target}")
            button.setToolTip(self.tr("Change the status to “{status}”").format(
                status=ui.status_text(step.target)))
            if n == 0:
                ui.make_primary(button)
            button.clicked.connect(lambda _c=False, s=step: self._start_step(s))
            self._transitions_row.addWidget(button)
            button.show()  # at once, not on the next turn of the event loop
            self._transition_buttons.append(button)
        if steps:
            self.no_step_label.hide()
        else:
            others = [t for t in TRANSITIONS if t.source == detail.status]
            self.no_step_label.setText(
                self.tr("The next step needs a supervisor.") if others else
                self.tr("Nothing more to do for this request."))
            self.no_step_label.show()
        finished = not is_open(detail.status)
        self.feedback_button.setEnabled(finished)
        self.feedback_button.setToolTip(
            self.tr("Record how satisfied the citizen is (1 to 5)") if finished else
            self.tr("Feedback can be recorded once the request is done, rejected or closed."))

    def _show_timeline(self, detail: RequestDetail) -> None:
        self.timeline.clear()
        items = []
        for ev in detail.events:
            who = f"{ev['actor_name']} ({ui.role_text(ev['actor_role'])})"
            item = QTreeWidgetItem([ui.format_timestamp(ev["created_at"]), who,
                                    describe_event(ev)])
            item.setToolTip(2, item.text(2))
            items.append(item)
        self.timeline.addTopLevelItems(items)
        self.timeline.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

    def _set_actions_enabled(self, enabled: bool) -> None:
        for button in self._transition_buttons:
            button.setEnabled(enabled)
        self.note_button.setEnabled(enabled)
        self.print_button.setEnabled(enabled)
        self.pdf_button.setEnabled(enabled)
        if not enabled:
            self.feedback_button.setEnabled(False)

    def _show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()

    # -- steps --------------------------------------------------------------------------
    def _start_step(self, step: Transition) -> None:
        label = QCoreApplication.translate(WORKFLOW_CTX, step.label)
        # Captured now, used on a worker thread: the step stays with this very request.
        store, ref, actor, target = self._store, self._ref, self._actor, str(step.target)
        if step.needs_outcome:
            self._ask(StepDialog.OUTCOME, label,
                      self.tr("Record how the request ended, with a short note."), label,
                      lambda v: store.change_status(ref, target, actor=actor,
                                                    outcome=v["outcome"], note=v["text"]))
        elif step.needs_reason:
            self._ask(StepDialog.REASON, label,
                      self.tr("Write the reason in words the citizen understands."), label,
                      lambda v: store.change_status(ref, target, actor=actor,
                                                    reason=v["text"]))
        else:
            self._save(lambda: store.change_status(ref, target, actor=actor))

    def _ask_note(self) -> None:
        store, ref, actor = self._store, self._ref, self._actor
        self._ask(StepDialog.NOTE, self.tr("Add note"),
                  self.tr("The note is kept in this request's history."), self.tr("Add note"),
                  lambda v: store.add_note(ref, v["text"], actor=actor))

    def _ask_feedback(self) -> None:
        store, ref, actor = self._store, self._ref, self._actor
        self._ask(StepDialog.FEEDBACK, self.tr("Record feedback"),
                  self.tr("Ask the citizen how satisfied they are with how the office "
                          "handled this request."), self.tr("Save rating"),
                  lambda v: store.record_feedback(ref, v["rating"], v["text"], actor=actor))

    def _ask(self, kind: str, title: str, prompt: str, ok_text: str, save) -> StepDialog:
        dialog = StepDialog(kind, title, prompt, ok_text, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.submitted.connect(lambda values: self._save(lambda: save(values), dialog))
        self.step_dialog = dialog
        dialog.open()
        return dialog

    def _save(self, func, dialog: StepDialog | None = None) -> None:
        self._set_actions_enabled(False)
        self.banner.hide()

        def done(_result) -> None:
            if dialog is not None:
                dialog.accept()
            self.changed.emit()
            self.reload()

        def failed(exc: BaseException) -> None:
            self._set_actions_enabled(True)
            if self.detail is not None:
                self._show_steps(self.detail)
            text = error_text(exc)
            if text is None:
                show_bug((type(exc), exc, exc.__traceback__), parent=self)
                text = self.tr("Something went wrong; nothing was saved. Try again.")
            if dialog is not None:
                dialog.show_error(text)  # the dialog stays open with what was typed
            if dialog is None or not isinstance(exc, InvalidInput | InvalidForm):
                self._show_banner(text)

        run_task(func, done, failed, owner=self)

    # -- receipt ------------------------------------------------------------------------
    def _print(self) -> None:
        if self.detail is None or self.office is None:
            return
        try:
            receipt.print_receipt(self.detail, self.office, parent=self,
                                  language=self._language)
        except receipt.ReceiptError as exc:
            self._show_banner(exc.text(QCoreApplication.translate))

    def _ask_pdf_path(self) -> None:
        if self.detail is None:
            return
        suggested = str(Path.home() / f"receipt-{self.detail.tracking_number}.pdf")
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save receipt as PDF"), suggested, self.tr("PDF files (*.pdf)"))
        if path:
            self.save_receipt(path)

    def save_receipt(self, path: str) -> None:
        """Write the receipt PDF to *path* in the background; then :attr:`receipt_saved`."""
        if self.detail is None or self.office is None:
            return
        detail, office, language = self.detail, self.office, self._language

        def failed(exc: BaseException) -> None:
            text = error_text(exc)
            if text is None:
                show_bug((type(exc), exc, exc.__traceback__), parent=self)
                text = self.tr("The receipt could not be saved.")
            self._show_banner(text)
            self.receipt_failed.emit(text)

        # Painting is Qt work for the GUI thread (a fraction of a second); the disk write
        # goes to the background.
        data = receipt.render_receipt_pdf(detail, office, language)
        run_task(lambda: str(receipt.save_pdf(data, path)), self.receipt_saved.emit, failed,
                 owner=self)
