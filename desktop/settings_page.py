"""The Settings screen: language, larger text, who uses this PC, backups, About.

Each change is kept in ``settings.ini`` (:class:`store.settings.Settings`) and applied at
once; backups are made and listed in the background (:mod:`store.backup`).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n, theme, ui
from desktop.first_run import ROLES
from desktop.tasks import run_task
from store import backup

#: How many backups the list shows (newest first).
SHOWN_BACKUPS = 8


class SettingsPage(QWidget):
    """Emits what the main window applies: a language, larger text, a new person, the
    first-start setup again, or the About box."""

    language_requested = Signal(str)
    larger_text_changed = Signal(bool)
    person_changed = Signal()
    setup_requested = Signal()
    about_requested = Signal()

    def __init__(self, settings, folder, *, language: str = "en",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings_page")
        self.settings = settings
        self.folder = folder
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

        person = ui.card(body)
        pform = QFormLayout(person)
        self.name_edit = QLineEdit(settings.get("user_name"), person)
        self.name_edit.setObjectName("name_edit")
        self.name_edit.setMaxLength(100)
        self.role_combo = QComboBox(person)
        self.role_combo.setObjectName("role_combo")
        for role in ROLES:
            self.role_combo.addItem(ui.role_text(role), role)
        self.role_combo.setCurrentIndex(max(self.role_combo.findData(
            settings.get("user_role")), 0))
        self.person_error = ui.ErrorLabel("person_error", person)
        self.save_person_button = QPushButton(ui.icon("fa5s.check"), self.tr("Save"), person)
        self.save_person_button.setObjectName("save_person_button")
        self.save_person_button.clicked.connect(self.save_person)
        self.name_edit.returnPressed.connect(self.save_person)
        pform.addRow(self.tr("Your name"), self.name_edit)
        pform.addRow("", self.person_error)
        pform.addRow(self.tr("Your work"), self.role_combo)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_person_button)
        save_row.addStretch(1)
        pform.addRow("", save_row)
        layout.addWidget(person)

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
            for button in (self.save_person_button, self.backup_button, self.setup_button,
                           self.about_button):
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

    def save_person(self) -> None:
        name = " ".join(self.name_edit.text().split())
        if len(name) < 2:
            self.person_error.show_error(self.tr("Please write your name."))
            return
        self.person_error.clear_error()
        self.settings.set("user_name", name)
        self.settings.set("user_role", self.role_combo.currentData())
        self.person_changed.emit()
