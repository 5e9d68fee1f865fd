"""Connecting this PC to the central server ("enrollment"), and typing the device key.

:class:`ConnectDialog` asks for the server address and the one-time token the central
admin gives out, checks what it can at once (empty fields, an address that is not
``https://``), then enrolls in the background. Problems are shown beside the field they
concern, and nothing typed is cleared.

The device key normally goes into the OS keyring (:mod:`sync.credentials`). When this PC
has none, the dialog says so plainly and asks for the key — or makes a new one to keep
safe elsewhere. A typed key lives in memory for this session only and is never written to
a file; :class:`DeviceKeyDialog` asks for it again in the next session.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QSysInfo, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import ui
from desktop.forms import FieldErrors, FormFields, line_edit, password_field
from desktop.messages import error_text, show_bug
from desktop.tasks import run_task
from sync import credentials
from sync.errors import (
    CertificateError,
    ClockSkew,
    CredentialError,
    InsecureServer,
    NoConnection,
    NoKeyring,
    NotAuthorized,
    Refused,
    Revoked,
    SyncError,
    WrongOffice,
)

log = logging.getLogger(__name__)

FIELDS = ("url", "token", "key")


def _sync_text(exc: SyncError) -> str:
    """A sync error's words, translated when a translation exists."""
    return exc.text(QCoreApplication.translate)


class ConnectDialog(QDialog):
    """"Connect to the server". Emits :attr:`enrolled` with the server's answer and the
    device key typed for this session (``None`` when the keyring keeps it)."""

    enrolled = Signal(object, object)  # wire.EnrollResponse, str | None
    #: The background check of the keyring is done (tests wait on it).
    keyring_checked = Signal(bool)

    def __init__(self, store, *, server_url: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connect_dialog")
        self.setWindowTitle(self.tr("Connect to the server"))
        self.setMinimumWidth(600)
        self._store = store
        self._busy = False
        self.keyring_ok: bool | None = None  # None: not checked yet
        self.answer = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        title = QLabel(self.tr("Connect to the server"), self)
        title.setObjectName("page_title")
        intro = QLabel(self.tr(
            "Records saved on this PC are sent to the central server of the district. "
            "Ask the central admin for a one-time token for this office, then type it here "
            "with the server's address."), self)
        intro.setWordWrap(True)
        intro.setProperty("muted", True)
        layout.addWidget(title)
        layout.addWidget(intro)

        self.url_edit = line_edit(self, "url_edit", ltr=True,  # an address
                                  placeholder=self.tr("e.g. https://daftar.punjab.gov.pk"))
        self.url_edit.setText(server_url)
        self.token_edit = line_edit(self, "token_edit", ltr=True, placeholder=self.tr(
            "The one-time token from the central admin"))
        self.key_edit = password_field(self, "key_edit",
                                       placeholder=self.tr("The device key of this PC"))

        self.keyring_note = QLabel(NoKeyring().text(QCoreApplication.translate) + "\n" + self.tr(
            "Type this PC's device key below, or press “Create a new key” and keep the key "
            "somewhere safe (for example in a password manager)."), self)
        self.keyring_note.setObjectName("banner")
        self.keyring_note.setProperty("level", "info")
        self.keyring_note.setWordWrap(True)
        self.keyring_note.hide()
        self.new_key_button = QPushButton(ui.icon("fa5s.key"), self.tr("Create a new key"), self)
        self.new_key_button.setObjectName("new_key_button")
        self.new_key_button.setAutoDefault(False)
        self.new_key_button.clicked.connect(self.create_key)
        self.key_hint = QLabel(self.tr(
            "This is the new device key. Copy it and keep it safe now: Daftar will ask for it "
            "each time it starts, and never writes it to a file."), self)
        self.key_hint.setObjectName("key_hint")
        self.key_hint.setProperty("role", "hint")
        self.key_hint.setWordWrap(True)
        self.key_hint.hide()

        self.form = FormFields(self, on_submit=self.submit)
        self.form.add("url", self.tr("Server address"), self.url_edit)
        self.form.add_space(8)
        self.form.add("token", self.tr("One-time token"), self.token_edit)
        self.form.add_space(8)
        self.form.add("key", self.tr("Device key"), self.key_edit, beside=self.new_key_button,
                      below=self.key_hint)
        self.form.add_space(8)
        layout.addWidget(self.keyring_note)
        layout.addLayout(self.form.grid)
        self._key_widgets = [self.key_edit, self.new_key_button, self.form.labels["key"]]
        for widget in self._key_widgets:
            widget.hide()

        self.form_error = QLabel(self)
        self.form_error.setObjectName("banner")
        self.form_error.setProperty("level", "error")
        self.form_error.setWordWrap(True)
        self.form_error.hide()
        layout.addWidget(self.form_error)
        layout.addStretch(1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(ui.icon("fa5s.times"), self.tr("Cancel"), self)
        self.cancel_button.setObjectName("cancel_button")
        self.cancel_button.setToolTip(self.tr("Close without connecting (Esc)"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.connect_button = QPushButton(ui.icon("fa5s.plug", "#ffffff"), self.tr("Connect"),
                                          self)
        self.connect_button.setObjectName("connect_button")
        self.connect_button.setToolTip(self.tr("Connect this PC to the server (Enter)"))
        self.connect_button.setDefault(True)
        ui.make_primary(self.connect_button)
        self.connect_button.clicked.connect(self.submit)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.connect_button)
        layout.addLayout(buttons)

        self.connect_button.setEnabled(False)  # until the keyring check says what to ask
        run_task(credentials.keyring_available, self._keyring_known,
                 lambda exc: self._keyring_known(False), owner=self)

    # -- the keyring --------------------------------------------------------------------
    def _keyring_known(self, available: bool) -> None:
        self.keyring_ok = bool(available)
        if not available:
            self._show_key_fields()
        self.connect_button.setEnabled(not self._busy)
        self.keyring_checked.emit(self.keyring_ok)

    def _show_key_fields(self) -> None:
        self.keyring_note.show()
        for widget in self._key_widgets:
            widget.show()

    def needs_key(self) -> bool:
        return self.key_edit.isVisibleTo(self)

    def create_key(self) -> None:
        """Make a new device key and show it, so that the person can keep it."""
        self.key_edit.setText(credentials.new_key_text())
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Normal)
        self.key_edit.selectAll()
        self.key_edit.setFocus()
        self.key_hint.show()

    # -- connecting ---------------------------------------------------------------------
    def values(self) -> dict[str, str]:
        return {name: edit.text().strip() for name, edit in self.form.fields.items()}

    def submit(self) -> None:
        """Check the fields, then enroll in the background (what was typed stays)."""
        if self._busy or self.keyring_ok is None:
            return
        from sync.client import check_server_url

        values = self.values()
        self.form.clear_errors()
        self.form_error.hide()
        errors: dict[str, str] = {}
        if not values["url"]:
            errors["url"] = self.tr("Type the server's address, e.g. "
                                    "https://daftar.punjab.gov.pk")
        else:
            try:
                check_server_url(values["url"])
            except SyncError as exc:
                errors["url"] = _sync_text(exc)
        if not values["token"]:
            errors["token"] = self.tr("Type the one-time token from the central admin.")
        key = None
        if self.needs_key():
            if not values["key"]:
                errors["key"] = self.tr("Type the device key, or press “Create a new key”.")
            else:
                try:
                    credentials.parse_key(values["key"])
                    key = values["key"]
                except SyncError as exc:
                    errors["key"] = _sync_text(exc)
        if errors:
            for name, words in errors.items():
                self._set_error(name, words)
            self.form.fields[next(n for n in FIELDS if n in errors)].setFocus()
            return
        self._set_busy(True)
        store = self._store
        name = QSysInfo.machineHostName()[:100]

        def work():
            from sync.client import enroll

            return enroll(values["url"], values["token"], store, supplied_key=key,
                          device_name=name)

        run_task(work, lambda answer: self._done(answer, key), self._failed, owner=self)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.connect_button.setEnabled(not busy)
        self.connect_button.setText(self.tr("Connecting…") if busy else self.tr("Connect"))

    def _done(self, answer, key: str | None) -> None:
        self._set_busy(False)
        self.answer = answer
        self.enrolled.emit(answer, key)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, NoKeyring):
            # The keyring failed while storing the key (a locked wallet): ask for the key.
            self._show_key_fields()
            self._set_error("key", _sync_text(exc))
        elif isinstance(exc, CredentialError):
            self._set_error("key", _sync_text(exc))
        elif isinstance(exc, InsecureServer | CertificateError):
            self._set_error("url", _sync_text(exc))
        elif isinstance(exc, NoConnection):
            self._set_error("url", self.tr(
                "No Daftar server answered at this address. Check the address and that this "
                "PC is connected to the network, then try again."))
        elif isinstance(exc, Revoked | ClockSkew):
            self._set_form_error(_sync_text(exc))
        elif isinstance(exc, NotAuthorized):
            # The server's own words about the token (unknown, expired, used).
            detail = str(exc.args_.get("detail") or "")
            self._set_error("token", detail or _sync_text(exc))
        elif isinstance(exc, Refused | WrongOffice):
            self._set_error("token", _sync_text(exc))
        elif isinstance(exc, SyncError):
            self._set_form_error(_sync_text(exc))
        else:
            words = error_text(exc)
            if words is None:
                show_bug((type(exc), exc, exc.__traceback__), parent=self)
                words = self.tr("Something went wrong; nothing was changed. What you typed "
                                "is still here: press Connect to try again.")
            self._set_form_error(words)

    def _set_form_error(self, words: str) -> None:
        self.form_error.setText(words)
        self.form_error.show()

    def _set_error(self, name: str, words: str) -> None:
        self.form.show_error(name, words)
        self.form.fields[name].setFocus()

    def error_text(self, name: str) -> str:
        return self.form.error_text(name)


class DeviceKeyDialog(QDialog):
    """Asks for the device key on a PC without keyring (kept in memory, this session)."""

    key_entered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("device_key_dialog")
        self.setWindowTitle(self.tr("Device key"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(8)
        title = QLabel(self.tr("Type the device key"), self)
        title.setProperty("heading", True)
        note = QLabel(NoKeyring().text(QCoreApplication.translate), self)
        note.setWordWrap(True)
        note.setProperty("muted", True)
        self.key_edit = password_field(self, "key_edit")
        self.key_error = ui.ErrorLabel("key_error", self)
        self.checks = FieldErrors(on_submit=self.submit)
        self.checks.watch("key", self.key_edit, self.key_error)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addWidget(self.key_edit)
        layout.addWidget(self.key_error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        cancel = QPushButton(ui.icon("fa5s.times"), self.tr("Cancel"), self)
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        self.ok_button = QPushButton(ui.icon("fa5s.check", "#ffffff"), self.tr("Use this key"),
                                     self)
        self.ok_button.setObjectName("ok_button")
        self.ok_button.setDefault(True)
        ui.make_primary(self.ok_button)
        self.ok_button.clicked.connect(self.submit)
        buttons.addWidget(cancel)
        buttons.addWidget(self.ok_button)
        layout.addLayout(buttons)

    def submit(self) -> None:
        typed = self.key_edit.text().strip()
        try:
            if not typed:
                raise ValueError
            credentials.parse_key(typed)
        except (SyncError, ValueError) as exc:
            words = _sync_text(exc) if isinstance(exc, SyncError) else \
                self.tr("Type the device key that was created when this PC was connected.")
            self.checks.show_error("key", words)
            return
        self.key_entered.emit(typed)
        self.accept()
