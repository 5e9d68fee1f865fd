"""The first start on a PC: language, the office, its office admin, the central server.

:class:`FirstRunWizard` runs once (the ``setup_done`` setting) over the main window. Each
page saves what it asks as soon as the person goes on, so a PC switched off half-way
keeps what was chosen and shows the wizard again at the next start.

The office admin page appears only on a PC with no accounts yet
(:meth:`store.accounts.Accounts.has_users`); everyone else is added by the office admin in
Settings → People and passwords, or comes from the central server.

The server page takes the address and the one-time token typed, or read from a
*provisioning file* that IT staff hand out on a USB stick::

    {"server": "https://daftar.punjab.gov.pk", "token": "…", "office": "LHR1"}

It enrolls through :class:`desktop.connect_dialog.ConnectDialog` (the same checks and
plain messages as the Sync screen), or is skipped: the PC works offline and can connect
later from the Sync screen.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop import ui
from desktop.forms import OfficeAdminFields, line_edit
from desktop.tasks import run_task
from store.accounts import Accounts

log = logging.getLogger(__name__)

class ProvisioningError(ValueError):
    """A provisioning file that cannot be used, said plainly."""


def read_provisioning(path: str | Path) -> dict[str, str]:
    """The server address, token and office of a provisioning file (JSON)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProvisioningError(f"The file cannot be read: {exc.strerror or exc}.") from None
    except (ValueError, RecursionError):  # RecursionError: JSON nested thousands deep
        raise ProvisioningError("This is not a Daftar provisioning file (it is not JSON).") \
            from None
    if not isinstance(data, dict) or not isinstance(data.get("server"), str) or \
            not isinstance(data.get("token"), str):
        raise ProvisioningError("This provisioning file has no server address and token.")
    office = data.get("office")
    return {"server": data["server"].strip(), "token": data["token"].strip(),
            "office": office.strip().upper() if isinstance(office, str) else ""}


class LanguagePage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Welcome to Daftar — دفتر میں خوش آمدید"))
        self.setSubTitle(self.tr("Choose the language of the screens. You can change it "
                                 "later in Settings."))
        layout = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for code, label in (("en", "English"), ("ur", "اردو")):
            button = QRadioButton(label, self)
            button.setObjectName(f"language_{code}")
            button.setMinimumHeight(40)
            self.group.addButton(button)
            self.buttons[code] = button
            layout.addWidget(button)
        layout.addStretch(1)
        current = wizard.settings.get("language")
        self.buttons.get(current, self.buttons["en"]).setChecked(True)

    def language(self) -> str:
        return next(code for code, b in self.buttons.items() if b.isChecked())

    def validatePage(self) -> bool:
        self.wizard().set_language(self.language())
        return True


class OfficePage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Your office"))
        self.setSubTitle(self.tr("The office whose requests this PC registers. When you "
                                 "connect to the server, the office comes from its token."))
        form = QFormLayout(self)
        self.office_combo = QComboBox(self)
        self.office_combo.setObjectName("office_combo")
        self.error = ui.ErrorLabel("office_error", self)
        form.addRow(self.tr("Office"), self.office_combo)
        form.addRow("", self.error)
        self.loaded = False
        store, accounts = wizard.store, wizard.accounts
        run_task(lambda: (store.offices(), store.office()["code"], not accounts.has_users()),
                 self._show, owner=self)

    def _show(self, answer) -> None:
        offices, current, needs_admin = answer
        if self.wizard() is not None:
            self.wizard().needs_admin = needs_admin
        language = self.wizard().settings.get("language") if self.wizard() else "en"
        for office in offices:
            name = (office.get("name_ur") if language == "ur" else None) or office["name_en"]
            self.office_combo.addItem(f"{name} ({office['code']})", office["code"])
        self.office_combo.setCurrentIndex(max(self.office_combo.findData(current), 0))
        self.loaded = True

    def validatePage(self) -> bool:
        code = self.office_combo.currentData()
        if code is None:
            return False
        try:
            self.wizard().store.choose_office(code)  # one small transaction
        except Exception as exc:
            from desktop.messages import error_text

            words = error_text(exc)
            if words is None:
                raise
            self.error.show_error(words)
            return False
        self.wizard().settings.set("office_code", code)
        return True

    def nextId(self) -> int:
        wizard = self.wizard()
        return FirstRunWizard.ADMIN if wizard is not None and wizard.needs_admin else \
            FirstRunWizard.SERVER


class AdminPage(QWizardPage):
    """The office admin's account, on a PC that has no accounts yet: name, user name and
    the password twice. The account is made (argon2 hashing: in the background) before
    the wizard goes on, and the admin is signed in (:attr:`FirstRunWizard.admin_created`).
    """

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("The office admin"))
        self.setSubTitle(self.tr("This PC has no accounts yet. The first one is the office "
                                 "admin's, who then adds the clerks, supervisors and "
                                 "enumerators in Settings and resets their passwords. Keep "
                                 "this password safe."))
        layout = QVBoxLayout(self)
        self.admin = OfficeAdminFields(self)
        self.fields, self.errors = self.admin.fields, self.admin.errors
        self.name_edit, self.username_edit = self.admin.name_edit, self.admin.username_edit
        self.password_edit, self.repeat_edit = self.admin.password_edit, self.admin.repeat_edit
        self.password_edit.setToolTip(self.tr("At least 10 characters: a few words are easy "
                                              "to remember and hard to guess"))
        self.error = ui.ErrorLabel("admin_error", self)
        self.status = QLabel(self)
        self.status.setObjectName("admin_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.admin)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.created = False
        self.busy = False

    def isComplete(self) -> bool:
        return not self.busy

    def validatePage(self) -> bool:
        if self.created:
            return True
        if self.busy:
            return False
        problems = self.admin.problems()
        for key, text in problems.items():
            self.admin.show_error(key, text)
        if problems:
            return False
        name, username, password = self.admin.values()
        accounts = self.wizard().accounts

        def work():
            row = accounts.create_first_admin(username, name, password)
            return accounts.sign_in(row.username, password)

        self._set_busy(True)
        self.error.clear_error()
        self.status.setText(self.tr("Making the account…"))
        run_task(work, self._created, self._failed, owner=self)
        return False

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.admin.set_read_only(busy or self.created)
        self.completeChanged.emit()

    def _created(self, actor) -> None:
        self.created = True
        self._set_busy(False)
        self.status.setText(self.tr("The office admin's account is made: sign in as {username}.")
                            .format(username=ui.ltr(actor.username)))
        wizard = self.wizard()
        wizard.admin_actor = actor
        wizard.admin_created.emit(actor)
        if wizard.currentPage() is self:
            wizard.next()

    def _failed(self, exc: BaseException) -> None:
        from desktop.messages import error_text, show_bug

        self._set_busy(False)
        self.status.clear()
        text = error_text(exc)
        if text is None:
            show_bug((type(exc), exc, exc.__traceback__), parent=self)
            self.error.show_error(self.tr("Something went wrong; no account was made. Try "
                                          "again."))
            return
        key = OfficeAdminFields.FIELD_OF.get(getattr(exc, "field", None))
        if key is not None:
            self.admin.show_error(key, text)
            self.fields[key].setFocus()
        else:
            self.error.show_error(text)


class ServerPage(QWizardPage):
    """Connect now (typed, or from a provisioning file) or later."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("The central server"))
        self.setSubTitle(self.tr("Records are sent to the district's server when there is a "
                                 "connection. You can also do this later from the Sync "
                                 "screen."))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.url_edit = line_edit(self, "url_edit", ltr=True, placeholder="https://")
        self.token_edit = line_edit(self, "token_edit", ltr=True)
        form.addRow(self.tr("Server address"), self.url_edit)
        form.addRow(self.tr("One-time token"), self.token_edit)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.file_button = QPushButton(ui.icon("fa5s.file-import"),
                                       self.tr("Read a provisioning file…"), self)
        self.file_button.setObjectName("file_button")
        self.file_button.setToolTip(self.tr("The file IT staff give you with the server "
                                            "address and token"))
        self.file_button.clicked.connect(self.choose_file)
        self.connect_button = QPushButton(ui.icon("fa5s.plug"), self.tr("Connect now"), self)
        self.connect_button.setObjectName("connect_button")
        self.connect_button.clicked.connect(self.connect_now)
        row.addWidget(self.file_button)
        row.addWidget(self.connect_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = QLabel(self)
        self.status.setObjectName("server_status")
        self.status.setWordWrap(True)
        self.error = ui.ErrorLabel("server_error", self)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.connected = False

    def choose_file(self) -> None:
        """Ask for the file (an OS dialog), then :meth:`load_file`."""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Provisioning file"), "",
                                              self.tr("Daftar provisioning (*.json)"))
        if path:
            self.load_file(path)

    def load_file(self, path: str | Path) -> bool:
        try:
            data = read_provisioning(path)
        except ProvisioningError as exc:
            self.error.show_error(str(exc))
            return False
        self.error.clear_error()
        self.url_edit.setText(data["server"])
        self.token_edit.setText(data["token"])
        self.status.setText(self.tr("Read from the file. Press Connect now."))
        return True

    def connect_now(self) -> None:
        from desktop.connect_dialog import ConnectDialog

        wizard = self.wizard()
        dialog = ConnectDialog(wizard.store, server_url=self.url_edit.text().strip(),
                               parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if self.token_edit.text().strip():
            dialog.token_edit.setText(self.token_edit.text().strip())
        dialog.enrolled.connect(self._enrolled)
        wizard.connect_dialog = dialog
        dialog.open()

    def _enrolled(self, answer, key) -> None:
        self.connected = True
        self.wizard().enrolled.emit(answer, key)
        self.wizard().settings.set("office_code", answer.office_code)
        self.status.setText(self.tr("Connected: this PC is number {n} of office {office}.")
                            .format(n=answer.device_number, office=answer.office_code))


class FirstRunWizard(QWizard):
    """The first start. Emits :attr:`enrolled` when the PC enrolled on the server page,
    :attr:`language_chosen` when the language changes."""

    enrolled = Signal(object, object)
    language_chosen = Signal(str)
    #: The office admin's account was made on the admin page; carries them signed in
    #: (a :class:`store.records.Actor` with a session), so they need not type it again.
    admin_created = Signal(object)

    LANGUAGE, OFFICE, ADMIN, SERVER = range(4)

    def __init__(self, store, settings, parent: QWidget | None = None, *,
                 accounts: Accounts | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("first_run_wizard")
        self.setWindowTitle(self.tr("Setting up Daftar"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setMinimumSize(720, 480)
        self.store = store
        self.settings = settings
        self.accounts = accounts if accounts is not None else Accounts(store)
        self.connect_dialog = None
        #: Whether this PC still needs its office admin (learnt with the offices).
        self.needs_admin = False
        self.admin_actor = None
        self.language_page = LanguagePage(self)
        self.office_page = OfficePage(self)
        self.admin_page = AdminPage(self)
        self.server_page = ServerPage(self)
        for n, page in ((self.LANGUAGE, self.language_page), (self.OFFICE, self.office_page),
                        (self.ADMIN, self.admin_page), (self.SERVER, self.server_page)):
            self.setPage(n, page)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Start working"))

    def set_language(self, language: str) -> None:
        if language != self.settings.get("language"):
            self.settings.set("language", language)
            self.language_chosen.emit(language)

    def accept(self) -> None:
        self.settings.set("setup_done", True)
        super().accept()
