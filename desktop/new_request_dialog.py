"""Registering a citizen's request, in the order the clerk asks the citizen.

CNIC first (a known citizen's name and mobile are filled in), then name, mobile, service
(searchable; shows the fee, the time limit and the documents to bring), description.
Problems are shown beside each field, all at once; nothing typed is cleared. Enter
registers, Esc cancels. On success the dialog shows the tracking number to hand over,
with "Print receipt".
"""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import receipt, ui
from desktop.messages import error_text, show_bug
from desktop.tasks import run_task
from models import validation
from models.validation import InvalidForm, InvalidInput
from store.records import Actor
from store.store import Registered, Store

log = logging.getLogger(__name__)

FIELDS = ("cnic", "name", "phone", "service", "description")


class _EnterSubmits(QObject):
    """In the multi-line description, Enter registers and Shift+Enter starts a new line."""

    def __init__(self, dialog: NewRequestDialog) -> None:
        super().__init__(dialog)
        self._dialog = dialog

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and \
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self._dialog.register()
            return True
        return False


class NewRequestDialog(QDialog):
    """The "New request" form. Emits :attr:`registered` once the store has saved it."""

    registered = Signal(object)  # Registered
    #: The clerk wants to see the new request (its tracking number).
    open_requested = Signal(str)

    def __init__(self, store: Store, actor: Actor, *, language: str = "en",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("new_request_dialog")
        self.setWindowTitle(self.tr("New request"))
        self._store = store
        self._actor = actor
        self._language = language
        self._services: list[dict] = []
        self._busy = False
        self._lookup_cnic: str | None = None
        self._autofilled: dict[str, str] = {}  # what a CNIC lookup put in name and phone
        self.result_registered: Registered | None = None

        self._pages = QStackedWidget(self)
        self._pages.addWidget(self._build_form())
        self._pages.addWidget(self._build_success())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self._pages)
        self.setMinimumWidth(640)
        self._load_services()

    # -- building -----------------------------------------------------------------------
    def _build_form(self) -> QWidget:
        form_page = QWidget(self)
        page_layout = QVBoxLayout(form_page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.setSpacing(12)
        # The fields scroll when the screen is short (Urdu lines are tall); the buttons
        # below them stay in view.
        scroll = QScrollArea(form_page)
        scroll.setObjectName("form_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        page = QWidget(scroll)
        page.setObjectName("form_fields")
        scroll.setWidget(page)
        page_layout.addWidget(scroll, 1)
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 8, 0)
        outer.setSpacing(16)

        title = QLabel(self.tr("New request"), page)
        title.setObjectName("page_title")
        intro = QLabel(self.tr("Ask the citizen for each item in this order. "
                               "Fields marked (optional) may stay empty."), page)
        intro.setProperty("muted", True)
        intro.setWordWrap(True)
        outer.addWidget(title)
        outer.addWidget(intro)

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        self.cnic_edit = QLineEdit(page)
        self.cnic_edit.setObjectName("cnic_edit")
        self.cnic_edit.setPlaceholderText(self.tr("e.g. 35202-1234567-1"))
        self.cnic_edit.setMaxLength(20)
        self.cnic_edit.setToolTip(self.tr("The 13 digits on the citizen's CNIC card; "
                                          "dashes are optional."))
        self.name_edit = QLineEdit(page)
        self.name_edit.setObjectName("name_edit")
        self.name_edit.setMaxLength(validation.NAME_MAX + 20)
        self.phone_edit = QLineEdit(page)
        self.phone_edit.setObjectName("phone_edit")
        self.phone_edit.setPlaceholderText(self.tr("e.g. 0300-1234567"))
        self.phone_edit.setMaxLength(20)
        self.service_combo = QComboBox(page)
        self.service_combo.setObjectName("service_combo")
        self.service_combo.setEditable(True)
        self.service_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.service_combo.lineEdit().setPlaceholderText(
            self.tr("Type a few letters to search, or open the list"))
        self.service_combo.setMaxVisibleItems(12)
        self.description_edit = QPlainTextEdit(page)
        self.description_edit.setObjectName("description_edit")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setPlaceholderText(
            self.tr("What the citizen asks for, in their words (Shift+Enter for a new line)"))
        self.description_edit.ensurePolished()
        self.description_edit.setFixedHeight(
            self.description_edit.fontMetrics().lineSpacing() * 3 + 18)
        self.description_edit.installEventFilter(_EnterSubmits(self))

        self._fields = {"cnic": self.cnic_edit, "name": self.name_edit,
                        "phone": self.phone_edit, "service": self.service_combo,
                        "description": self.description_edit}
        self._errors = {name: ui.ErrorLabel(f"{name}_error", page) for name in FIELDS}
        self.cnic_error = self._errors["cnic"]
        self.name_error = self._errors["name"]
        self.phone_error = self._errors["phone"]
        self.service_error = self._errors["service"]
        self.description_error = self._errors["description"]
        labels = {
            "cnic": self.tr("CNIC number"),
            "name": self.tr("Name"),
            "phone": self.tr("Mobile number (optional)"),
            "service": self.tr("Service"),
            "description": self.tr("Description (optional)"),
        }
        self.citizen_hint = QLabel(page)
        self.citizen_hint.setObjectName("citizen_hint")
        self.citizen_hint.setProperty("role", "hint")
        self.citizen_hint.setWordWrap(True)
        self.citizen_hint.hide()
        self.service_info = QLabel(page)
        self.service_info.setObjectName("service_info")
        self.service_info.setWordWrap(True)
        self.service_info.setTextFormat(Qt.TextFormat.RichText)
        self.service_info.setProperty("muted", True)
        self.service_info.hide()

        row = 0
        for name in FIELDS:
            label = QLabel(labels[name], page)
            label.setBuddy(self._fields[name])
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            label.setContentsMargins(0, 8, 0, 0)
            grid.addWidget(self._fields[name], row, 1)
            row += 1
            grid.addWidget(self._errors[name], row, 1)
            row += 1
            if name == "cnic":
                grid.addWidget(self.citizen_hint, row, 1)
                row += 1
            if name == "service":
                grid.addWidget(self.service_info, row, 1)
                row += 1
            grid.setRowMinimumHeight(row, 8)
            row += 1
        outer.addLayout(grid)

        self.form_error = QLabel(page)
        self.form_error.setObjectName("banner")
        self.form_error.setProperty("level", "error")
        self.form_error.setWordWrap(True)
        self.form_error.hide()
        outer.addWidget(self.form_error)
        outer.addStretch(1)

        buttons = QHBoxLayout()
        page_layout.addLayout(buttons)
        buttons.addStretch(1)
        self.cancel_button = QPushButton(ui.icon("fa5s.times"), self.tr("Cancel"), page)
        self.cancel_button.setObjectName("cancel_button")
        self.cancel_button.setToolTip(self.tr("Close without saving (Esc)"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.register_button = QPushButton(ui.icon("fa5s.check", "#ffffff"),
                                           self.tr("Register"), page)
        self.register_button.setObjectName("register_button")
        self.register_button.setToolTip(self.tr("Save the request and get its tracking "
                                                "number (Enter)"))
        self.register_button.setDefault(True)
        ui.make_primary(self.register_button)
        self.register_button.clicked.connect(self.register)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.register_button)

        self.cnic_edit.textChanged.connect(self._cnic_changed)
        self.service_combo.currentIndexChanged.connect(self._service_changed)
        self.service_combo.lineEdit().textEdited.connect(self._service_text_edited)
        for name, widget in self._fields.items():
            signal = widget.lineEdit().textChanged if name == "service" else widget.textChanged
            signal.connect(lambda *_a, n=name: self._clear_error(n))
        return form_page

    def _build_success(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 24, 0, 0)
        layout.setSpacing(12)
        head = QHBoxLayout()
        tick = QLabel(page)
        tick.setPixmap(ui.icon("fa5s.check-circle", "accent").pixmap(QSize(36, 36)))
        done_title = QLabel(self.tr("Request registered"), page)
        done_title.setObjectName("page_title")
        head.addWidget(tick)
        head.addWidget(done_title, 1)
        layout.addLayout(head)
        hint = QLabel(self.tr("Give the citizen this tracking number on the printed receipt:"),
                      page)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        box = ui.card(page)
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(20, 16, 20, 16)
        self.tracking_number_label = QLabel(box)
        self.tracking_number_label.setObjectName("tracking_number_label")
        self.tracking_number_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tracking_number_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.due_label = QLabel(box)
        self.due_label.setObjectName("due_label")
        self.due_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.due_label.setWordWrap(True)
        box_layout.addWidget(self.tracking_number_label)
        box_layout.addWidget(self.due_label)
        layout.addWidget(box)
        self.print_error = QLabel(page)
        self.print_error.setObjectName("banner")
        self.print_error.setProperty("level", "error")
        self.print_error.setWordWrap(True)
        self.print_error.hide()
        layout.addWidget(self.print_error)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        self.open_button = QPushButton(ui.icon("fa5s.folder-open"), self.tr("Open request"),
                                       page)
        self.open_button.setObjectName("open_button")
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self._open_request)
        self.done_button = QPushButton(self.tr("Done"), page)
        self.done_button.setObjectName("done_button")
        self.done_button.setAutoDefault(False)
        self.done_button.setToolTip(self.tr("Close this window (Esc)"))
        self.done_button.clicked.connect(self.accept)
        self.print_button = QPushButton(ui.icon("fa5s.print", "#ffffff"),
                                        self.tr("Print receipt"), page)
        self.print_button.setObjectName("print_button")
        ui.make_primary(self.print_button)
        self.print_button.clicked.connect(self._print_receipt)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        buttons.addWidget(self.print_button)
        layout.addLayout(buttons)
        return page

    # -- services -----------------------------------------------------------------------
    def _load_services(self) -> None:
        self.service_combo.setEnabled(False)
        run_task(self._store.services, self._set_services, owner=self)

    def _set_services(self, services: list[dict]) -> None:
        typed = self.service_combo.currentText()
        self._services = services
        self.service_combo.blockSignals(True)
        self.service_combo.clear()
        for s in services:
            self.service_combo.addItem(ui.service_name(s, self._language), s["code"])
        self.service_combo.setCurrentIndex(-1)
        self.service_combo.setEditText(typed)
        self.service_combo.blockSignals(False)
        completer = QCompleter(QStringListModel(
            [ui.service_name(s, self._language) for s in services], self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.service_combo.setCompleter(completer)
        self.service_combo.setEnabled(True)
        self._service_changed()

    def selected_service(self) -> dict | None:
        """The service whose name is in the box, or ``None`` while it matches none."""
        text = self.service_combo.currentText().strip().casefold()
        for s in self._services:
            if ui.service_name(s, self._language).casefold() == text:
                return s
        return None

    def _service_text_edited(self, _text: str) -> None:
        self._show_service_info(self.selected_service())

    def _service_changed(self, *_args) -> None:
        self._show_service_info(self.selected_service())

    def _show_service_info(self, service: dict | None) -> None:
        if service is None:
            self.service_info.hide()
            return
        days = service["sla_days"]
        limit = self.tr("1 working day") if days == 1 else \
            self.tr("{days} working days").format(days=days)
        docs = ui.service_documents(service, self._language)
        parts = [
            f"<p style='margin:0'><b>{self.tr('Official fee:')}</b> "
            f"{ui.format_fee(service['fee_pkr'])} &nbsp;·&nbsp; "
            f"<b>{self.tr('Time limit:')}</b> {limit}</p>"
        ]
        if docs:
            items = "".join(f"<li>{html.escape(d)}</li>" for d in docs)
            parts.append(f"<p style='margin:6px 0 0 0'><b>{self.tr('Documents to bring:')}</b></p>"
                         f"<ul style='margin-top:2px; margin-bottom:0px; "
                         f"-qt-list-indent:1'>{items}</ul>")
        self.service_info.setText("".join(parts))
        self.service_info.show()

    # -- the known citizen --------------------------------------------------------------
    def _cnic_changed(self, text: str) -> None:
        try:
            digits = validation.parse_cnic(text)
        except InvalidInput:
            self._lookup_cnic = None
            self.citizen_hint.hide()
            return
        if digits == self._lookup_cnic:
            return
        self._lookup_cnic = digits
        store = self._store
        run_task(lambda: store.find_citizen(digits),
                 lambda citizen: self._citizen_found(digits, citizen),
                 lambda exc: log.warning("Citizen lookup failed: %s", exc), owner=self)

    def _citizen_found(self, digits: str, citizen: dict | None) -> None:
        if self._lookup_cnic != digits:
            return  # the CNIC changed again while looking
        values = {"name": "", "phone": ""}
        if citizen is not None:
            values = {"name": citizen["name"],
                      "phone": validation.format_mobile(citizen.get("phone"))}
        # Fill a field only if the clerk has not typed in it: what we filled in for an
        # earlier CNIC may be replaced, what the clerk typed never is.
        filled = False
        for name, edit in (("name", self.name_edit), ("phone", self.phone_edit)):
            current = edit.text().strip()
            if (not current or current == self._autofilled.get(name)) and \
                    current != values[name]:
                edit.setText(values[name])
                filled = filled or bool(values[name])
            self._autofilled[name] = values[name]
        if citizen is None:
            self.citizen_hint.hide()
            return
        self.citizen_hint.setText(
            self.tr("Known citizen: name and mobile filled in from an earlier request. "
                    "Check them with the citizen.") if filled else
            self.tr("Known citizen: {name}.").format(name=citizen["name"]))
        self.citizen_hint.show()

    # -- registering --------------------------------------------------------------------
    def register(self) -> None:
        """Send the form to the store (in the background); keep everything typed."""
        if self._busy or self._pages.currentIndex() != 0:
            return
        service = self.selected_service()
        values = {
            "cnic": self.cnic_edit.text(),
            "name": self.name_edit.text(),
            "phone": self.phone_edit.text(),
            "service_code": service["code"] if service else "",
            "description": self.description_edit.toPlainText(),
        }
        self._set_busy(True)
        store, actor = self._store, self._actor
        run_task(lambda: store.register_request(**values, actor=actor),
                 self._registered, lambda exc: self._failed(exc, service is None),
                 owner=self)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.register_button.setEnabled(not busy)
        self.register_button.setText(self.tr("Saving…") if busy else self.tr("Register"))

    def _failed(self, exc: BaseException, no_service: bool) -> None:
        self._set_busy(False)
        for name in FIELDS:
            self._clear_error(name)
        self.form_error.hide()
        errors: dict[str, InvalidInput] = {}
        if isinstance(exc, InvalidForm):
            errors.update(exc.errors)
        elif isinstance(exc, InvalidInput):
            errors[exc.field] = exc
        if errors or no_service:
            for name, err in errors.items():
                self._set_error(name, err.text(QCoreApplication.translate))
            if no_service and "service" not in errors:
                self._set_error("service", self.tr("Please choose a service from the list."))
            first = next((n for n in FIELDS if self._errors[n].isVisibleTo(self)), None)
            if first:
                self._fields[first].setFocus()
            return
        text = error_text(exc)
        if text is None:
            show_bug((type(exc), exc, exc.__traceback__), parent=self)
            text = self.tr("Something went wrong; nothing was saved. What you typed is still "
                           "here: press Register to try again.")
        self.form_error.setText(text)
        self.form_error.show()

    def _set_error(self, name: str, text: str) -> None:
        label = self._errors.get(name)
        if label is None:  # a field this form does not have
            self.form_error.setText(text)
            self.form_error.show()
            return
        label.show_error(text)
        ui.mark_invalid(self._fields[name], True)
        self._fields[name].setAccessibleDescription(text)

    def _clear_error(self, name: str) -> None:
        self._errors[name].clear_error()
        ui.mark_invalid(self._fields[name], False)
        self._fields[name].setAccessibleDescription("")

    def error_text(self, name: str) -> str:
        return self._errors[name].text() if self._errors[name].isVisibleTo(self) else ""

    def _registered(self, result: Registered) -> None:
        self._set_busy(False)
        self.result_registered = result
        self.tracking_number_label.setText(ui.ltr(result.tracking_number))
        self.due_label.setText(self.tr("Due by {date}").format(date=ui.format_date(
            result.due_date)))
        self._pages.setCurrentIndex(1)
        self.setWindowTitle(self.tr("Request registered"))
        self.print_button.setFocus()
        self.registered.emit(result)

    def _open_request(self) -> None:
        if self.result_registered:
            self.open_requested.emit(self.result_registered.tracking_number)
        self.accept()

    def _print_receipt(self) -> None:
        if not self.result_registered:
            return
        self.print_error.hide()
        receipt.print_receipt_for(self._store, self.result_registered.tracking_number,
                                  parent=self, language=self._language,
                                  on_error=self._print_failed)

    def _print_failed(self, text: str) -> None:
        self.print_error.setText(text)
        self.print_error.show()
