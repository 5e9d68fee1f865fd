"""The first start on a PC: language, who uses it, the office, the central server.

:class:`FirstRunWizard` runs once (the ``setup_done`` setting) over the main window. Each
page saves what it asks as soon as the person goes on, so a PC switched off half-way
keeps what was chosen and shows the wizard again at the next start.

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
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop import ui
from desktop.tasks import run_task

log = logging.getLogger(__name__)

ROLES = ("clerk", "supervisor", "enumerator", "office_admin")


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


class PersonPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Who uses this PC"))
        self.setSubTitle(self.tr("Your name is written on every step you take, so that the "
                                 "record shows who did what."))
        form = QFormLayout(self)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("name_edit")
        self.name_edit.setMaxLength(100)
        name = wizard.settings.get("user_name")
        self.name_edit.setText("" if name == "Clerk" else name)
        self.name_edit.textChanged.connect(lambda _t: self.completeChanged.emit())
        self.role_combo = QComboBox(self)
        self.role_combo.setObjectName("role_combo")
        for role in ROLES:
            self.role_combo.addItem(ui.role_text(role), role)
        index = self.role_combo.findData(wizard.settings.get("user_role"))
        self.role_combo.setCurrentIndex(max(index, 0))
        self.error = ui.ErrorLabel("name_error", self)
        form.addRow(self.tr("Your name"), self.name_edit)
        form.addRow("", self.error)
        form.addRow(self.tr("Your work"), self.role_combo)

    def isComplete(self) -> bool:
        return bool(self.name_edit.text().strip())

    def validatePage(self) -> bool:
        name = " ".join(self.name_edit.text().split())
        if len(name) < 2:
            self.error.show_error(self.tr("Please write your name."))
            return False
        settings = self.wizard().settings
        settings.set("user_name", name)
        settings.set("user_role", self.role_combo.currentData())
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
        store = wizard.store
        run_task(lambda: (store.offices(), store.office()["code"]), self._show, owner=self)

    def _show(self, answer) -> None:
        offices, current = answer
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
        self.url_edit = QLineEdit(self)
        self.url_edit.setObjectName("url_edit")
        self.url_edit.setPlaceholderText("https://")
        self.url_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.token_edit = QLineEdit(self)
        self.token_edit.setObjectName("token_edit")
        self.token_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
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

    def __init__(self, store, settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("first_run_wizard")
        self.setWindowTitle(self.tr("Setting up Daftar"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setMinimumSize(720, 480)
        self.store = store
        self.settings = settings
        self.connect_dialog = None
        self.language_page = LanguagePage(self)
        self.person_page = PersonPage(self)
        self.office_page = OfficePage(self)
        self.server_page = ServerPage(self)
        for page in (self.language_page, self.person_page, self.office_page,
                     self.server_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Start working"))

    def set_language(self, language: str) -> None:
        if language != self.settings.get("language"):
            self.settings.set("language", language)
            self.language_chosen.emit(language)

    def accept(self) -> None:
        self.settings.set("setup_done", True)
        super().accept()
