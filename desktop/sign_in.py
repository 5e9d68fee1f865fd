"""Signing in: at start, to unlock after the PC was left idle, and to change person.

:class:`SignInPanel` is the form (user name, password, one button, a plain message when it
goes wrong); :class:`SignInDialog` shows it at start, and the main window shows it in
place of its screens while locked, so nothing of the citizens' data stays on screen.
:class:`FirstAdminDialog` creates the office admin on a PC that has no accounts yet.
Every check of a password runs off the GUI thread (argon2 takes a noticeable fraction of
a second on purpose).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import ui
from desktop.forms import OfficeAdminFields, line_edit, password_field
from desktop.messages import error_text as known_error_text
from desktop.tasks import run_task
from store.records import Actor

log = logging.getLogger(__name__)


def error_text(exc: BaseException) -> str:
    """The plain words for a refused sign-in; an unexpected error is logged, not shown."""
    from PySide6.QtCore import QCoreApplication

    text = known_error_text(exc)
    if text is None:
        log.error("sign-in failed unexpectedly", exc_info=(type(exc), exc, exc.__traceback__))
        return QCoreApplication.translate("sign_in", "Something went wrong; nothing was "
                                                     "changed. Try again.")
    return text


class SignInPanel(QWidget):
    """User name and password. ``locked_for`` fixes the person (unlocking their screen)."""

    signed_in = Signal(object)  # store.records.Actor

    def __init__(self, accounts, *, locked_for: Actor | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sign_in_panel")
        self.accounts = accounts
        self.locked_for = locked_for
        self._busy = False
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        box = ui.card(self)
        box.setMaximumWidth(560)
        layout = QVBoxLayout(box)
        self.heading = QLabel(box)
        self.heading.setObjectName("page_title")
        self.heading.setWordWrap(True)
        self.explain = QLabel(box)
        self.explain.setObjectName("sign_in_explain")
        self.explain.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.explain)
        form = QFormLayout()
        self.username_edit = line_edit(box, "username_edit", max_length=32, ltr=True)
        self.password_edit = password_field(box, "password_edit", max_length=200, ltr=False)
        self.username_label = QLabel(self.tr("User name"), box)
        form.addRow(self.username_label, self.username_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        layout.addLayout(form)
        self.error = ui.ErrorLabel("sign_in_error", box)
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        self.sign_in_button = ui.make_primary(QPushButton(ui.icon("fa5s.sign-in-alt", "#ffffff"),
                                                          "", box))
        self.sign_in_button.setObjectName("sign_in_button")
        # Enter is handled by the fields (user name → password → sign in), not by a
        # dialog's default button, which would send an empty password.
        self.sign_in_button.setAutoDefault(False)
        self.sign_in_button.clicked.connect(self.submit)
        self.other_button = QPushButton(self.tr("Sign in as someone else"), box)
        self.other_button.setObjectName("other_person_button")
        self.other_button.setAutoDefault(False)
        self.other_button.clicked.connect(self.someone_else)
        buttons.addWidget(self.sign_in_button)
        buttons.addWidget(self.other_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.username_edit.returnPressed.connect(self.password_edit.setFocus)
        self.password_edit.returnPressed.connect(self.submit)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self._show_mode()

    def _show_mode(self, message: str = "") -> None:
        locked = self.locked_for is not None
        if locked:
            self.heading.setText(self.tr("Daftar is locked"))
            self.explain.setText(message or self.tr(
                "{name}, type your password to go on. Your unsaved typing is kept.").format(
                name=self.locked_for.name))
            self.username_edit.setText(self.locked_for.username or "")
            self.sign_in_button.setText(self.tr("Unlock"))
        else:
            self.heading.setText(self.tr("Sign in to Daftar"))
            self.explain.setText(message or self.tr(
                "Type your user name and password. Ask the office admin if you have none."))
            self.sign_in_button.setText(self.tr("Sign in"))
        self.username_edit.setVisible(not locked)
        self.username_label.setVisible(not locked)
        self.other_button.setVisible(locked)
        self.error.clear_error()
        self.password_edit.clear()
        (self.password_edit if locked or self.username_edit.text() else
         self.username_edit).setFocus()

    def lock(self, actor: Actor, message: str = "") -> None:
        self.locked_for = actor
        self._show_mode(message)

    def someone_else(self) -> None:
        self.locked_for = None
        self.username_edit.clear()
        self._show_mode()

    def submit(self) -> None:
        if self._busy:
            return
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        if not username or not password:
            self.error.show_error(self.tr("Type your user name and your password."))
            return
        self._busy = True
        self.sign_in_button.setEnabled(False)
        accounts, locked = self.accounts, self.locked_for
        if locked is not None:
            job = lambda: accounts.confirm(locked, password)  # noqa: E731
        else:
            job = lambda: accounts.sign_in(username, password)  # noqa: E731
        run_task(job, self._done, self._failed, owner=self)

    def _done(self, actor: Actor) -> None:
        self._busy = False
        self.sign_in_button.setEnabled(True)
        self.password_edit.clear()
        self.error.clear_error()
        self.signed_in.emit(actor)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.sign_in_button.setEnabled(True)
        self.password_edit.clear()
        self.password_edit.setFocus()
        self.error.show_error(error_text(exc))


class SignInDialog(QDialog):
    """The sign-in at start; ``actor`` holds who signed in once accepted."""

    def __init__(self, accounts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sign_in_dialog")
        self.setWindowTitle(self.tr("Daftar"))
        self.actor: Actor | None = None
        layout = QVBoxLayout(self)
        self.panel = SignInPanel(accounts, parent=self)
        self.panel.signed_in.connect(self._signed_in)
        layout.addWidget(self.panel)
        # Room for Urdu's tall Nastaliq lines and longer words.
        self.setMinimumSize(640, 440)

    def _signed_in(self, actor: Actor) -> None:
        self.actor = actor
        self.accept()


class FirstAdminDialog(QDialog):
    """A PC with no accounts: create its office admin, who then adds everyone else."""

    def __init__(self, accounts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("first_admin_dialog")
        self.setWindowTitle(self.tr("Daftar"))
        self.accounts = accounts
        self.actor: Actor | None = None
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Create the office admin"), self)
        heading.setObjectName("page_title")
        explain = QLabel(self.tr(
            "Nobody has an account on this PC yet. The office admin adds the other people "
            "of the office and can unlock this PC's data if its key is lost: choose a "
            "password only they know, and keep it safe."), self)
        explain.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(explain)
        self.admin = OfficeAdminFields(self, prefix="admin_", labels={
            "name": self.tr("Name"), "password": self.tr("Password (10 characters or more)")})
        self.name_edit, self.username_edit = self.admin.name_edit, self.admin.username_edit
        self.password_edit, self.repeat_edit = self.admin.password_edit, self.admin.repeat_edit
        layout.addWidget(self.admin)
        self.error = ui.ErrorLabel("first_admin_error", self)
        layout.addWidget(self.error)
        self.create_button = ui.make_primary(QPushButton(self.tr("Create and sign in"), self))
        self.create_button.setObjectName("create_admin_button")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.submit)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.create_button)
        layout.addLayout(row)
        self.resize(560, 380)

    def submit(self) -> None:
        name, username = self.name_edit.text(), self.username_edit.text()
        password = self.password_edit.text()
        if password != self.repeat_edit.text():
            self.error.show_error(self.tr("The two passwords are not the same."))
            self.repeat_edit.clear()
            self.repeat_edit.setFocus()
            return
        self.create_button.setEnabled(False)
        accounts = self.accounts

        def job():
            accounts.create_first_admin(username, name, password)
            return accounts.sign_in(username, password)

        run_task(job, self._done, self._failed, owner=self)

    def _done(self, actor: Actor) -> None:
        self.actor = actor
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.create_button.setEnabled(True)
        self.error.show_error(error_text(exc))
