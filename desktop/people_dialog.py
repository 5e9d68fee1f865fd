"""People and passwords: the office admin's window over this PC's accounts.

:class:`PeopleDialog` lists everyone with an account (name, user name, role, whether the
account was made on this PC or came from the central server, switched on or off, locked
after wrong passwords) and lets the office admin add a person, set a password, switch an
account off or on and lift a lock-out. A second tab shows the recent sign-in log.

:class:`PasswordDialog` is also the "Change my password" window of the Settings screen:
the person types their current password (checked with a real sign-in, which counts
toward the lock-out like any other) and the new one twice.

Every call to :class:`store.accounts.Accounts` runs off the GUI thread
(:func:`desktop.tasks.run_task`): hashing a password with argon2 takes a noticeable part
of a second on purpose. The store decides what is allowed — an office admin's session is
checked on every change — and its refusals (a weak password, a taken user name) are shown
beside the field they are about, with everything typed kept.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import ClassVar

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import ui
from desktop.forms import FormFields, line_edit, password_field
from desktop.messages import error_text, show_bug
from desktop.tasks import run_task
from models.i18n import N_
from models.validation import InvalidInput
from models.workflow import Role
from store.accounts import ROLES, Accounts, SignInFailed, UserRow, check_password
from store.records import Actor, iso_utc

log = logging.getLogger(__name__)

CTX = "PeopleDialog"
#: How many lines of the sign-in log the second tab shows (newest first).
LOG_LINES = 200

#: The sign-in log's event codes (store/accounts.py) in plain words.
EVENT_WORDS = {
    "signed_in": N_(CTX, "Signed in"),
    "signed_out": N_(CTX, "Signed out"),
    "wrong_password": N_(CTX, "Wrong password"),
    "unknown_user": N_(CTX, "Unknown user name"),
    "locked_out": N_(CTX, "Locked after too many wrong passwords"),
    "refused_locked": N_(CTX, "Refused: the account is locked"),
    "refused_switched_off": N_(CTX, "Refused: the account is switched off"),
    "password_changed": N_(CTX, "Password changed"),
    "account_created": N_(CTX, "Account made"),
    "provisioned": N_(CTX, "Account received from the central server"),
    "switched_on": N_(CTX, "Switched on"),
    "switched_off": N_(CTX, "Switched off"),
    "unlocked_by_admin": N_(CTX, "Unlocked by the office admin"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


def event_words(event: str) -> str:
    words = EVENT_WORDS.get(event)
    return tr(words) if words else event


def is_locked(user: UserRow, now: datetime | None = None) -> bool:
    """Whether *user* is locked out right now (a lock that has run out does not count)."""
    return bool(user.locked_until) and user.locked_until > iso_utc(now or datetime.now(UTC))


class _WrongCurrent(Exception):
    """The current password typed in "Change my password" did not sign in."""

    def __init__(self, cause: SignInFailed) -> None:
        super().__init__(str(cause))
        self.cause = cause


class _FormDialog(QDialog):
    """A small form: a field per row with its error below it, a banner for the rest,
    Cancel and one strong button. Runs its store call in the background and keeps every
    field as typed when the store refuses."""

    def __init__(self, title: str, intro: str, ok_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self._busy = False
        self.form = FormFields(self, on_submit=self.submit)
        self.fields, self.errors = self.form.fields, self.form.errors
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        heading = QLabel(title, self)
        heading.setObjectName("page_title")
        layout.addWidget(heading)
        if intro:
            intro_label = QLabel(intro, self)
            intro_label.setProperty("muted", True)
            intro_label.setWordWrap(True)
            layout.addWidget(intro_label)
        layout.addLayout(self.form.grid)
        self.form_error = ui.ErrorLabel("form_error", self)
        layout.addWidget(self.form_error)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(ui.icon("fa5s.times"), self.tr("Cancel"), self)
        self.cancel_button.setObjectName("cancel_button")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button = QPushButton(ui.icon("fa5s.check", "#ffffff"), ok_text, self)
        self.ok_button.setObjectName("ok_button")
        self.ok_button.setDefault(True)
        ui.make_primary(self.ok_button)
        self.ok_button.clicked.connect(self.submit)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        layout.addLayout(buttons)

    def _password_field(self, key: str, label: str) -> QLineEdit:
        return self.form.add(key, label, password_field(self))

    def _check_repeat(self, first: str, second: str) -> bool:
        if first and second != first:
            self.form.show_error("repeat", self.tr("The two passwords are not the same. "
                                                   "Type the new password again."))
            return False
        return True

    # -- running the store call -------------------------------------------------------
    def _run(self, work, done) -> None:
        self._busy = True
        self.ok_button.setEnabled(False)
        self.form_error.clear_error()

        def finished(result) -> None:
            self._busy = False
            self.ok_button.setEnabled(True)
            done(result)

        run_task(work, finished, self._failed, owner=self)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        if isinstance(exc, InvalidInput):
            key = self.FIELD_OF.get(exc.field)
            if key in self.fields:
                self.form.show_error(key, error_text(exc))
                self.fields[key].setFocus()
                return
        text = error_text(exc)
        if text is None:
            show_bug((type(exc), exc, exc.__traceback__), parent=self)
            text = self.tr("Something went wrong; nothing was changed. Try again.")
        self.form_error.show_error(text)

    #: The store's field names (InvalidInput.field) → this form's keys.
    FIELD_OF: ClassVar[dict[str, str]] = {}
    # Each form defines ``submit()`` (the OK button calls it).


class PasswordDialog(_FormDialog):
    """Set a password: one's own (the current one first) or, as the office admin,
    someone else's. Emits :attr:`changed` once the store has saved it."""

    changed = Signal()
    FIELD_OF: ClassVar[dict[str, str]] = {"password": "new"}

    def __init__(self, accounts: Accounts, actor: Actor, username: str, *, own: bool,
                 person: str = "", parent: QWidget | None = None) -> None:
        if own:
            title = self.tr("Change my password")
            intro = self.tr("Type your current password, then the new one twice. Use at "
                            "least 10 characters: a few words are easy to remember and "
                            "hard to guess.")
            ok = self.tr("Change password")
        else:
            title = self.tr("Set the password of {name}").format(name=person or username)
            intro = self.tr("{name} signs in with this password from now on; their open "
                            "sign-ins end. Tell them the new password in person.").format(
                name=person or username)
            ok = self.tr("Set password")
        super().__init__(title, intro, ok, parent)
        self.setObjectName("password_dialog")
        self._accounts = accounts
        self._actor = actor
        self._username = username
        self._own = own
        self.current_edit = self._password_field("current", self.tr("Current password")) \
            if own else None
        self.new_edit = self._password_field("new", self.tr("New password"))
        self.repeat_edit = self._password_field("repeat", self.tr("New password again"))
        (self.current_edit or self.new_edit).setFocus()

    def submit(self) -> None:
        if self._busy:
            return
        current = self.current_edit.text() if self.current_edit is not None else ""
        new, repeat = self.new_edit.text(), self.repeat_edit.text()
        ok = True
        if self._own and not current:
            self.form.show_error("current", self.tr("Please type your current password."))
            ok = False
        if not new:
            self.form.show_error("new", self.tr("Please type the new password."))
            ok = False
        ok = self._check_repeat(new, repeat) and ok
        if not ok:
            return
        accounts, actor, username, own = self._accounts, self._actor, self._username, self._own

        def work() -> None:
            check_password(new, username=username)  # before spending a sign-in on it
            if own:
                try:
                    probe = accounts.sign_in(username, current)
                except SignInFailed as exc:
                    raise _WrongCurrent(exc) from None
                accounts.sign_out(probe)
            accounts.set_password(actor, username, new)

        self._run(work, lambda _r: self._done())

    def _done(self) -> None:
        self.changed.emit()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, _WrongCurrent):
            self._busy = False
            self.ok_button.setEnabled(True)
            args = exc.cause.args_
            if "left" in args:
                text = self.tr("This is not your current password. {left} more tries before "
                               "your account is locked for {minutes} minutes.").format(**args)
            else:
                text = error_text(exc.cause)
            self.form.show_error("current", text)
            self.current_edit.setFocus()
            self.current_edit.selectAll()
            return
        super()._failed(exc)


class AddPersonDialog(_FormDialog):
    """The office admin adds a person. Emits :attr:`added` with the new account."""

    added = Signal(object)  # UserRow
    FIELD_OF: ClassVar[dict[str, str]] = {"display_name": "name", "username": "username",
                                          "role": "role", "password": "password"}

    def __init__(self, accounts: Accounts, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Add a person"),
                         self.tr("The name is written on every step this person takes. They "
                                 "sign in with the user name and the password; tell them the "
                                 "password in person."), self.tr("Add person"), parent)
        self.setObjectName("add_person_dialog")
        self._accounts = accounts
        self._actor = actor
        self.name_edit = self.form.add("name", self.tr("Name"), line_edit(self, max_length=100))
        self.username_edit = self.form.add("username", self.tr("User name"), line_edit(
            self, max_length=32, ltr=True, placeholder=self.tr("e.g. sana.iqbal")))
        self.role_combo = QComboBox(self)
        for role in ROLES:
            self.role_combo.addItem(ui.role_text(role), role)
        self.role_combo.setCurrentIndex(self.role_combo.findData(Role.CLERK.value))
        self.form.add("role", self.tr("Work"), self.role_combo)
        self.password_edit = self._password_field("password", self.tr("Password"))
        self.repeat_edit = self._password_field("repeat", self.tr("Password again"))
        self.name_edit.setFocus()

    def submit(self) -> None:
        if self._busy:
            return
        name = " ".join(self.name_edit.text().split())
        username = self.username_edit.text().strip()
        role = self.role_combo.currentData()
        password, repeat = self.password_edit.text(), self.repeat_edit.text()
        ok = True
        if len(name) < 2:
            self.form.show_error("name", self.tr("Please write the person's name."))
            ok = False
        if not password:
            self.form.show_error("password", self.tr("Please type a password."))
            ok = False
        ok = self._check_repeat(password, repeat) and ok
        if not ok:
            return
        accounts, actor = self._accounts, self._actor
        self._run(lambda: accounts.add_user(actor, username, name, role, password),
                  self._done)

    def _done(self, row: UserRow) -> None:
        self.added.emit(row)
        self.accept()


class PeopleDialog(QDialog):
    """The office admin's "People and passwords" window. :attr:`loaded` is emitted each
    time the list and the log have been (re)read."""

    loaded = Signal()

    def __init__(self, accounts: Accounts, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("people_dialog")
        self.setWindowTitle(self.tr("People and passwords"))
        self.resize(900, 560)
        self._accounts = accounts
        self._actor = actor
        self.users: list[UserRow] = []
        self.add_dialog: AddPersonDialog | None = None
        self.password_dialog: PasswordDialog | None = None
        self._busy = False
        self._pending_select: str | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        title = QLabel(self.tr("People and passwords"), self)
        title.setObjectName("page_title")
        layout.addWidget(title)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("people_tabs")
        layout.addWidget(self.tabs, 1)

        people = QWidget(self.tabs)
        col = QVBoxLayout(people)
        self.table = QTableWidget(0, 6, people)
        self.table.setObjectName("people_table")
        self.table.setHorizontalHeaderLabels([
            self.tr("Name"), self.tr("User name"), self.tr("Work"), self.tr("Made on"),
            self.tr("Can sign in"), self.tr("Locked until")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        col.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(ui.icon("fa5s.user-plus"), self.tr("Add person…"),
                                      people)
        self.add_button.setObjectName("add_person_button")
        self.add_button.clicked.connect(self.open_add)
        self.password_button = QPushButton(ui.icon("fa5s.key"), self.tr("Set password…"),
                                           people)
        self.password_button.setObjectName("set_password_button")
        self.password_button.clicked.connect(self.open_set_password)
        self.switch_button = QPushButton(ui.icon("fa5s.user-slash"), self.tr("Switch off"),
                                         people)
        self.switch_button.setObjectName("switch_button")
        self.switch_button.clicked.connect(self.switch_selected)
        self.unlock_button = QPushButton(ui.icon("fa5s.unlock"), self.tr("Unlock"), people)
        self.unlock_button.setObjectName("unlock_button")
        self.unlock_button.setToolTip(self.tr("Let a person locked out after too many wrong "
                                              "passwords sign in again at once"))
        self.unlock_button.clicked.connect(self.unlock_selected)
        for button in (self.add_button, self.password_button, self.switch_button,
                       self.unlock_button):
            row.addWidget(button)
        row.addStretch(1)
        col.addLayout(row)
        self.status = QLabel(people)
        self.status.setObjectName("people_status")
        self.status.setWordWrap(True)
        self.status.hide()  # shown with a message only: an empty Nastaliq line is tall
        col.addWidget(self.status)
        self.error = ui.ErrorLabel("people_error", people)
        col.addWidget(self.error)
        self.tabs.addTab(people, self.tr("People"))

        self.log_table = QTableWidget(0, 3, self.tabs)
        self.log_table.setObjectName("log_table")
        self.log_table.setHorizontalHeaderLabels([self.tr("When"), self.tr("User name"),
                                                  self.tr("What happened")])
        self.log_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.log_table.verticalHeader().hide()
        self.log_table.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.Stretch)
        self.tabs.addTab(self.log_table, self.tr("Recent sign-ins"))

        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setObjectName("close_button")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.accept)
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)
        self._update_buttons()
        self.refresh()

    # -- reading ------------------------------------------------------------------------
    def refresh(self) -> None:
        accounts = self._accounts
        run_task(lambda: (accounts.users(), accounts.sign_in_log(LOG_LINES)), self._show,
                 self._show_error, owner=self)

    def _show(self, answer) -> None:
        users, events = answer
        selected = self.selected_user()
        wanted = self._pending_select or (selected.username if selected else None)
        self._pending_select = None
        self.users = users
        self.table.setRowCount(len(users))
        now = datetime.now(UTC)
        for n, user in enumerate(users):
            locked = is_locked(user, now)
            cells = [
                user.display_name, user.username, ui.role_text(user.role),
                self.tr("Central server") if user.source == "server" else self.tr("This PC"),
                self.tr("Yes") if user.active else self.tr("No — switched off"),
                ui.format_timestamp(user.locked_until) if locked else "",
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, user.username)
                self.table.setItem(n, c, item)
            if user.source == "server":
                self.table.item(n, 3).setToolTip(self.tr(
                    "Made on the central server: when the server changes this account, its "
                    "copy replaces what was changed on this PC."))
        self.table.resizeColumnsToContents()
        if wanted is not None:
            self.select(wanted)
        self.log_table.setRowCount(len(events))
        for n, event in enumerate(events):
            for c, text in enumerate((ui.format_timestamp(event["at"]), event["username"],
                                      event_words(event["event"]))):
                self.log_table.setItem(n, c, QTableWidgetItem(text))
        self.log_table.resizeColumnsToContents()
        self._update_buttons()
        self.loaded.emit()

    def selected_user(self) -> UserRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        username = self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        return next((u for u in self.users if u.username == username), None)

    def select(self, username: str) -> bool:
        for n, user in enumerate(self.users):
            if user.username == username:
                self.table.selectRow(n)
                return True
        return False

    def _update_buttons(self) -> None:
        user = self.selected_user()
        chosen = user is not None and not self._busy
        self.password_button.setEnabled(chosen)
        self.switch_button.setEnabled(chosen and user.username != self._actor.username)
        if user is not None and not user.active:
            self.switch_button.setText(self.tr("Switch on"))
            self.switch_button.setIcon(ui.icon("fa5s.user-check"))
            self.switch_button.setToolTip(self.tr("Let this person sign in again"))
        else:
            self.switch_button.setText(self.tr("Switch off"))
            self.switch_button.setIcon(ui.icon("fa5s.user-slash"))
            self.switch_button.setToolTip(
                self.tr("You cannot switch off your own account") if user is not None and
                user.username == self._actor.username else
                self.tr("Stop this person from signing in; what they did stays in the "
                        "records"))
        self.unlock_button.setEnabled(chosen and is_locked(user))
        self.add_button.setEnabled(not self._busy)

    # -- changes ------------------------------------------------------------------------
    def open_add(self) -> AddPersonDialog:
        dialog = AddPersonDialog(self._accounts, self._actor, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.added.connect(self._added)
        self.add_dialog = dialog
        dialog.open()
        return dialog

    def _added(self, row: UserRow) -> None:
        self._say(self.tr("{name} can now sign in as {username}.").format(
            name=row.display_name, username=ui.ltr(row.username)))
        self._pending_select = row.username
        self.refresh()

    def open_set_password(self) -> PasswordDialog | None:
        user = self.selected_user()
        if user is None:
            return None
        own = user.username == self._actor.username
        dialog = PasswordDialog(self._accounts, self._actor, user.username, own=own,
                                person=user.display_name, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(lambda: self._changed(self.tr(
            "The password of {name} is changed.").format(name=user.display_name)))
        self.password_dialog = dialog
        dialog.open()
        return dialog

    def switch_selected(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        accounts, actor, on = self._accounts, self._actor, not user.active
        message = self.tr("{name} can sign in again.") if on else \
            self.tr("{name} is switched off and cannot sign in.")
        self._do(lambda: accounts.set_active(actor, user.username, on),
                 message.format(name=user.display_name))

    def unlock_selected(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        accounts, actor = self._accounts, self._actor
        self._do(lambda: accounts.unlock_account(actor, user.username),
                 self.tr("{name} is unlocked and can sign in now.").format(
                     name=user.display_name))

    def _do(self, work, success: str) -> None:
        self._busy = True
        self._update_buttons()
        self.error.clear_error()

        def done(_r) -> None:
            self._busy = False
            self._changed(success)

        def failed(exc: BaseException) -> None:
            self._busy = False
            self._update_buttons()
            self._show_error(exc)

        run_task(work, done, failed, owner=self)

    def _changed(self, text: str) -> None:
        self._say(text)
        self.refresh()

    def _say(self, text: str) -> None:
        self.error.clear_error()
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _show_error(self, exc: BaseException) -> None:
        text = error_text(exc)
        if text is None:
            show_bug((type(exc), exc, exc.__traceback__), parent=self)
            text = self.tr("Something went wrong; nothing was changed. Try again.")
        self.status.clear()
        self.status.hide()
        self.error.show_error(text)
