"""The Settings screen: language, larger text, the signed-in person, backups, About.

Each change is kept in ``settings.ini`` (:class:`store.settings.Settings`) and applied at
once; backups are made and listed in the background (:mod:`store.backup`). The account
card says who is signed in, lets them change their password and, for the office admin
only, opens "People and passwords" (:mod:`desktop.people_dialog`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n, theme, ui
from desktop.tasks import run_task
from models.workflow import Role
from store import backup
from store.accounts import Accounts
from store.records import Actor

#: How many backups the list shows (newest first).
SHOWN_BACKUPS = 8


class SettingsPage(QWidget):
    """Emits what the main window applies: a language, larger text, the first-start setup
    again, or the About box. :meth:`set_actor` changes the signed-in person shown.

    ``person_changed`` is no longer emitted (people are accounts now, not a setting); it is
    kept only while the main window still connects it."""

    language_requested = Signal(str)
    larger_text_changed = Signal(bool)
    person_changed = Signal()
    setup_requested = Signal()
    about_requested = Signal()

    def __init__(self, settings, folder, *, language: str = "en", actor: Actor | None = None,
                 store=None, accounts: Accounts | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings_page")
        self.settings = settings
        self.folder = folder
        #: The accounts the password and people windows work on (``store``'s, unless given).
        self.accounts = accounts if accounts is not None else \
            (Accounts(store) if store is not None else None)
        self.actor: Actor | None = None
        self.password_dialog = None
        self.people_dialog = None
        if language == "ur":  # controls in the Naskh face, as in the interview screen
            self.setFont(theme.urdu_font(self.font(), naskh=True))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)
        title = QLabel(self.tr("Settings"), body)
        title.setObjectName("page_title")
        layout.addWidget(title)

        look = ui.card(body)
        form = QFormLayout(look)
        self.language_combo = QComboBox(look)
        self.language_combo.setObjectName("language_combo")
        for code, name in i18n.LANGUAGES.items():
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(language), 0))
        self.language_combo.activated.connect(
            lambda i: self.language_requested.emit(self.language_combo.itemData(i)))
        self.larger_check = QCheckBox(self.tr("Larger text everywhere"), look)
        self.larger_check.setObjectName("larger_check")
        self.larger_check.setChecked(bool(settings.get("larger_text")))
        self.larger_check.toggled.connect(self._larger_text)
        form.addRow(self.tr("Language"), self.language_combo)
        form.addRow("", self.larger_check)
        layout.addWidget(look)

        account = ui.card(body)
        account.setObjectName("account_card")
        acol = QVBoxLayout(account)
        self.account_label = QLabel(account)
        self.account_label.setObjectName("account_label")
        self.account_label.setProperty("heading", True)
        self.account_label.setWordWrap(True)
        acol.addWidget(self.account_label)
        self.username_label = QLabel(account)
        self.username_label.setObjectName("username_label")
        self.username_label.setProperty("muted", True)
        acol.addWidget(self.username_label)
        arow = QHBoxLayout()
        self.password_button = QPushButton(ui.icon("fa5s.key"), self.tr("Change my password"),
                                           account)
        self.password_button.setObjectName("change_password_button")
        self.password_button.clicked.connect(self.change_password)
        self.people_button = QPushButton(ui.icon("fa5s.users-cog"),
                                         self.tr("People and passwords…"), account)
        self.people_button.setObjectName("people_button")
        self.people_button.setToolTip(self.tr("Add people, set passwords, switch accounts "
                                              "off, see who signed in"))
        self.people_button.clicked.connect(self.open_people)
        arow.addWidget(self.password_button)
        arow.addWidget(self.people_button)
        arow.addStretch(1)
        acol.addLayout(arow)
        self.account_status = QLabel(account)
        self.account_status.setObjectName("account_status")
        self.account_status.setWordWrap(True)
        self.account_status.hide()
        acol.addWidget(self.account_status)
        layout.addWidget(account)
        self.set_actor(actor)

        saved = ui.card(body)
        col = QVBoxLayout(saved)
        head = QHBoxLayout()
        heading = QLabel(self.tr("Backups"), saved)
        heading.setProperty("heading", True)
        head.addWidget(heading)
        head.addStretch(1)
        self.backup_button = QPushButton(ui.icon("fa5s.save"), self.tr("Back up now"), saved)
        self.backup_button.setObjectName("backup_button")
        self.backup_button.setToolTip(self.tr("Daftar also backs up by itself every day"))
        self.backup_button.clicked.connect(self.back_up_now)
        head.addWidget(self.backup_button)
        col.addLayout(head)
        self.backup_status = QLabel(saved)
        self.backup_status.setObjectName("backup_status")
        self.backup_status.setWordWrap(True)
        col.addWidget(self.backup_status)
        self.backup_list = QListWidget(saved)
        self.backup_list.setObjectName("backup_list")
        self.backup_list.setMaximumHeight(180)
        col.addWidget(self.backup_list)
        layout.addWidget(saved)

        row = QHBoxLayout()
        self.setup_button = QPushButton(ui.icon("fa5s.magic"),
                                        self.tr("Run the first-start setup again"), body)
        self.setup_button.setObjectName("setup_button")
        self.setup_button.clicked.connect(self.setup_requested.emit)
        self.about_button = QPushButton(ui.icon("fa5s.info-circle"), self.tr("About Daftar"),
                                        body)
        self.about_button.setObjectName("about_button")
        self.about_button.clicked.connect(self.about_requested.emit)
        if language == "ur":  # Naskh on the buttons (Nastaliq breaks "کریں" on them)
            for button in (self.password_button, self.people_button, self.backup_button,
                           self.setup_button, self.about_button):
                button.setFont(theme.urdu_font(button.font(), naskh=True))
        row.addWidget(self.setup_button)
        row.addWidget(self.about_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)

    # -- data ---------------------------------------------------------------------------
    def refresh(self) -> None:
        folder = self.folder
        run_task(lambda: backup.list_backups(folder)[:SHOWN_BACKUPS], self._show_backups,
                 owner=self)

    def _show_backups(self, found) -> None:
        self.backup_list.clear()
        for b in found:
            self.backup_list.addItem(self.tr("{when} — {why} — {size}").format(
                when=ui.format_timestamp(b.taken_at.isoformat()), why=b.reason,
                size=self.tr("{mb} MB").format(mb=f"{b.size / 1_000_000:.1f}")))
        if not found:
            self.backup_list.addItem(self.tr("No backup yet"))

    def back_up_now(self) -> None:
        folder = self.folder
        self.backup_button.setEnabled(False)
        self.backup_status.setText(self.tr("Backing up…"))
        run_task(lambda: backup.make_backup(folder), self._backed_up, self._backup_failed,
                 owner=self)

    def _backed_up(self, path) -> None:
        self.backup_button.setEnabled(True)
        self.backup_status.setText(self.tr("Backup made and checked: {file}").format(
            file=ui.ltr(path.name)))
        self.refresh()

    def _backup_failed(self, exc: BaseException) -> None:
        from desktop.messages import error_text

        self.backup_button.setEnabled(True)
        self.backup_status.setText(error_text(exc) or self.tr(
            "The backup could not be made; the data is safe. Try again, or call IT."))

    # -- changes ------------------------------------------------------------------------
    def _larger_text(self, on: bool) -> None:
        self.settings.set("larger_text", on)
        self.larger_text_changed.emit(on)

    # -- the signed-in person -------------------------------------------------------------
    def set_actor(self, actor: Actor | None) -> None:
        """Show who is signed in (after a sign-in, or a new session after the idle lock)."""
        self.actor = actor
        signed_in = actor is not None and bool(actor.token)
        if signed_in:
            self.account_label.setText(self.tr("Signed in as {name} ({role})").format(
                name=actor.name, role=ui.role_text(actor.role)))
            self.username_label.setText(self.tr("User name: {username}").format(
                username=ui.ltr(actor.username or "")))
        else:
            self.account_label.setText(self.tr("Nobody is signed in"))
            self.username_label.setText("")
        self.username_label.setVisible(signed_in and bool(actor.username))
        usable = signed_in and self.accounts is not None
        self.password_button.setVisible(usable and bool(actor.username))
        self.people_button.setVisible(usable and actor.role == Role.OFFICE_ADMIN)

    def change_password(self):
        """Open "Change my password" (the current password, the new one twice)."""
        from desktop.people_dialog import PasswordDialog

        if self.actor is None or self.accounts is None:
            return None
        dialog = PasswordDialog(self.accounts, self.actor, self.actor.username, own=True,
                                parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(self._password_changed)
        self.password_dialog = dialog
        self.account_status.hide()
        dialog.open()
        return dialog

    def _password_changed(self) -> None:
        self.account_status.setText(self.tr("Your password is changed. Use the new one from "
                                            "now on."))
        self.account_status.show()

    def open_people(self):
        """The office admin's "People and passwords" window."""
        from desktop.people_dialog import PeopleDialog

        if self.actor is None or self.accounts is None or \
                self.actor.role != Role.OFFICE_ADMIN:
            return None
        dialog = PeopleDialog(self.accounts, self.actor, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.people_dialog = dialog
        dialog.open()
        return dialog
