"""The main window: the sidebar, the current screen, and the office's state at a glance.

The Requests, Surveys, Dashboard, Analysis and Sync screens exist in this version; the
other sidebar entries are shown disabled, with a tooltip saying they come later (no empty placeholder screens).
The status bar always shows who is signed in, the office, how many records wait to be
sent to the central server, the last successful sync and, in plain words, what keeps
sync from working (:mod:`desktop.sync_status`).

Sync runs in the background (:class:`desktop.sync_worker.SyncWorker`): on its timer,
a few seconds after anything is saved here, when the server answers again after a cut,
and at once on "Sync now" (F9). Closing the window stops it after the round in progress.
"""

from __future__ import annotations

import logging
import time

import shiboken6
from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from desktop import i18n, ui
from desktop.analysis_page import AnalysisPage
from desktop.connect_dialog import ConnectDialog, DeviceKeyDialog
from desktop.dashboard_page import DashboardPage
from desktop.new_request_dialog import NewRequestDialog
from desktop.request_detail import RequestDetailView
from desktop.requests_page import RequestsPage
from desktop.settings_page import SettingsPage
from desktop.sign_in import SignInPanel
from desktop.surveys_page import SurveysPage
from desktop.sync_page import SyncPage
from desktop.sync_status import SyncStatusArea
from desktop.sync_worker import SyncStatus, SyncWorker, read_counts, read_status
from desktop.tasks import run_task
from store.accounts import SESSION_HOURS, Accounts
from store.records import Actor
from store.settings import Settings
from store.store import Store
from store.surveys import Surveys

log = logging.getLogger(__name__)

OUTBOX_REFRESH_MS = 30_000
#: What counts as someone using the PC (for the idle lock).
_INPUT_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                           QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin})
SIDEBAR_WIDTH = 210

#: Sidebar entries and their icons; those in BUILT exist in this version.
SECTIONS = (
    ("requests", "fa5s.inbox"),
    ("surveys", "fa5s.clipboard-list"),
    ("dashboard", "fa5s.tachometer-alt"),
    ("analysis", "fa5s.chart-bar"),
    ("sync", "fa5s.sync-alt"),
    ("settings", "fa5s.cog"),
)
BUILT = {"requests", "surveys", "dashboard", "analysis", "sync", "settings"}
#: Switches between English and Urdu.
LANGUAGE_KEY = "Ctrl+Shift+L"


class MainWindow(QMainWindow):
    def __init__(self, store: Store, settings: Settings, actor: Actor, *,
                 accounts: Accounts | None = None) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.setWindowTitle(self.tr("Daftar"))
        self.store = store
        self.settings = settings
        self.language = settings.get("language")
        self.actor = actor  # signed in (store.accounts); the store checks it on every write
        store.set_reader(actor)  # and on every read of citizens' requests
        self.accounts = accounts or Accounts(store)
        #: Lock the screen after this long without a key press or a click.
        self.idle_lock_ms = max(1, int(settings.get("idle_lock_minutes"))) * 60_000
        self._last_input = time.monotonic()
        self._session_started = time.monotonic()
        self._hidden_while_locked: list[QWidget] = []
        self.new_request_dialog: NewRequestDialog | None = None
        self.detail_view: RequestDetailView | None = None
        self.connect_dialog: ConnectDialog | None = None
        self.key_dialog: DeviceKeyDialog | None = None

        self.new_request_action = QAction(ui.icon("fa5s.plus"), self.tr("New request"), self)
        self.new_request_action.setObjectName("new_request_action")
        self.new_request_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_request_action.setToolTip(self.tr("Register a citizen's request ({key})").format(
            key=QKeySequence("Ctrl+N").toString(QKeySequence.SequenceFormat.NativeText)))
        self.new_request_action.triggered.connect(self.open_new_request)
        self.addAction(self.new_request_action)

        self.sync_worker = SyncWorker(store, self)
        self.sync_now_action = QAction(ui.icon("fa5s.sync-alt"), self.tr("Sync now"), self)
        self.sync_now_action.setObjectName("sync_now_action")
        self.sync_now_action.setShortcut(QKeySequence("F9"))
        self.sync_now_action.setToolTip(self.tr(
            "Send what is waiting and fetch changes from the server now ({key})").format(
            key=QKeySequence("F9").toString(QKeySequence.SequenceFormat.NativeText)))
        self.sync_now_action.triggered.connect(self.sync_now)
        self.addAction(self.sync_now_action)
        self.help_action = QAction(ui.icon("fa5s.question-circle"), self.tr("Help"), self)
        self.help_action.setObjectName("help_action")
        self.help_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.help_action.triggered.connect(lambda: self.open_help())
        self.addAction(self.help_action)
        self.help_dialog = None
        self.first_run_wizard = None
        self.language_action = QAction(self)
        self.language_action.setObjectName("language_action")
        self.language_action.setShortcut(QKeySequence(LANGUAGE_KEY))
        self.language_action.triggered.connect(self._toggle_language)
        self.addAction(self.language_action)

        self.lock_action = QAction(ui.icon("fa5s.lock"), self.tr("Lock"), self)
        self.lock_action.setObjectName("lock_action")
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(lambda: self.lock())
        self.addAction(self.lock_action)

        self.top = QStackedWidget(self)
        central = QWidget(self.top)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self._build_sidebar())
        self.stack = QStackedWidget(central)
        self._build_pages()
        row.addWidget(self.stack, 1)
        self.top.addWidget(central)
        self.content = central
        self.lock_panel = SignInPanel(self.accounts, locked_for=actor, parent=self.top)
        self.lock_panel.signed_in.connect(self._unlocked)
        self.top.addWidget(self.lock_panel)
        self.setCentralWidget(self.top)
        self._apply_role()
        QApplication.instance().installEventFilter(self)
        self._idle_timer = QTimer(self)
        self._idle_timer.setInterval(min(30_000, max(50, self.idle_lock_ms // 4)))
        self._idle_timer.timeout.connect(self._check_idle)
        self._idle_timer.start()

        self._build_status_bar()
        self._outbox_timer = QTimer(self)
        self._outbox_timer.setInterval(OUTBOX_REFRESH_MS)
        self._outbox_timer.timeout.connect(self.refresh_outbox)
        self._outbox_timer.start()
        self.sync_worker.round_started.connect(self._sync_started)
        self.sync_worker.status.connect(self._sync_reported)
        self._reload_status()
        run_task(store.office, self._show_office, owner=self)
        i18n.notifier.language_changed.connect(self._language_switched)
        self._listening = True
        self.sync_worker.start()

    # -- building -----------------------------------------------------------------------
    def _build_pages(self) -> None:
        """The screens, in the current language (built again when the language changes)."""
        store = self.store
        self.requests_page = RequestsPage(store, self.new_request_action,
                                          language=self.language, parent=self.stack)
        self.requests_page.open_request.connect(self.open_request)
        self.stack.addWidget(self.requests_page)
        self.surveys_page = SurveysPage(Surveys(store), self.actor, language=self.language,
                                        parent=self.stack)
        self.surveys_page.response_finished.connect(self._survey_finished)
        self.stack.addWidget(self.surveys_page)
        self.dashboard_page = DashboardPage(store, language=self.language, parent=self.stack)
        self.dashboard_page.open_request.connect(self.open_request)
        self.stack.addWidget(self.dashboard_page)
        self.analysis_page = AnalysisPage(store, language=self.language, parent=self.stack)
        self.stack.addWidget(self.analysis_page)
        self.sync_page = SyncPage(store, self.sync_now_action, language=self.language,
                                  parent=self.stack)
        self.sync_page.sync_requested.connect(self.sync_now)
        self.sync_page.connect_requested.connect(self.open_connect_dialog)
        self.sync_page.key_requested.connect(self.open_key_dialog)
        self.stack.addWidget(self.sync_page)
        self.settings_page = SettingsPage(self.settings, store.folder, language=self.language,
                                          actor=self.actor, store=store,
                                          accounts=self.accounts, parent=self.stack)
        self.settings_page.language_requested.connect(self.switch_language)
        self.settings_page.larger_text_changed.connect(self._larger_text)
        self.settings_page.setup_requested.connect(self._setup_again)
        self.settings_page.about_requested.connect(self.open_about)
        self.stack.addWidget(self.settings_page)

    def _build_sidebar(self) -> QWidget:
        bar = QFrame(self)
        bar.setObjectName("sidebar")
        bar.setFixedWidth(SIDEBAR_WIDTH)
        layout = QVBoxLayout(bar)
        layout.setContentsMargins(0, 0, 0, 12)
        layout.setSpacing(2)
        self.brand = brand = QLabel(self.tr("Daftar"), bar)
        brand.setObjectName("brand")
        self.brand_office = QLabel(bar)
        self.brand_office.setObjectName("brand_office")
        self.brand_office.setWordWrap(True)
        layout.addWidget(brand)
        layout.addWidget(self.brand_office)
        self.nav_group = QButtonGroup(self)
        self.nav_group.setExclusive(True)
        self.nav_buttons: dict[str, QToolButton] = {}
        labels = self._nav_labels()
        for key, icon_name in SECTIONS:
            if key == "settings":
                layout.addStretch(1)
            button = QToolButton(bar)
            button.setObjectName(f"nav_{key}")
            button.setText(labels[key])
            built = key in BUILT
            button.setIcon(ui.icon(icon_name, "#ffffff" if built else "sidebar_disabled"))
            button.setIconSize(QSize(30, 18))  # wider than tall: room between icon and label
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setCheckable(True)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setMinimumHeight(44)
            if built:
                button.clicked.connect({"requests": self.show_requests,
                                        "surveys": self.show_surveys,
                                        "dashboard": self.show_dashboard,
                                        "analysis": self.show_analysis,
                                        "sync": self.show_sync,
                                        "settings": self.show_settings}[key])
            else:
                button.setEnabled(False)
                button.setToolTip(self.tr("Coming in a later version"))
            self.nav_group.addButton(button)
            self.nav_buttons[key] = button
            layout.addWidget(button)
        self.help_button = QToolButton(bar)
        self.help_button.setObjectName("nav_help")
        self.help_button.setIcon(ui.icon("fa5s.question-circle", "#ffffff"))
        self.help_button.setIconSize(QSize(30, 18))
        self.help_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.help_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.help_button.setMinimumHeight(44)
        self.help_button.clicked.connect(lambda: self.open_help())
        self._retranslate_help_button()
        layout.addWidget(self.help_button)
        self.nav_buttons["requests"].setChecked(True)
        return bar

    def _retranslate_help_button(self) -> None:
        key = QKeySequence(QKeySequence.StandardKey.HelpContents).toString(
            QKeySequence.SequenceFormat.NativeText) or "F1"
        self.help_button.setText(self.tr("Help"))
        self.help_button.setToolTip(self.tr("Help for this screen ({key})").format(key=key))

    def _nav_labels(self) -> dict[str, str]:
        return {
            "requests": self.tr("Requests"),
            "surveys": self.tr("Surveys"),
            "dashboard": self.tr("Dashboard"),
            "analysis": self.tr("Analysis"),
            "sync": self.tr("Sync"),
            "settings": self.tr("Settings"),
        }

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setSizeGripEnabled(False)
        self.user_label = QLabel(bar)
        self.user_label.setObjectName("user_label")
        # The office is also at the top of the sidebar: on a narrow screen its name here
        # gives way (ending in "…") before the sync state does.
        self.office_label = ui.ElidedLabel(bar, min_width=60)
        self.office_label.setObjectName("office_label")
        self.sync_status = SyncStatusArea(bar, self.sync_worker.seconds_to_next, self)
        self.sync_status.clicked.connect(self.show_sync)
        self.sync_status.changed.connect(self._sync_words_changed)
        self.outbox_label = self.sync_status.outbox_label
        self.sync_label = self.sync_status.sync_label
        bar.addWidget(self.user_label)
        bar.addWidget(_separator(bar))
        bar.addWidget(self.office_label)
        bar.addPermanentWidget(self.outbox_label)
        bar.addPermanentWidget(_separator(bar))
        bar.addPermanentWidget(self.sync_status.box)
        # The other language, named in its own script: a clerk who cannot read the
        # current one still finds the way back.
        self.language_button = QToolButton(bar)
        self.language_button.setObjectName("language_button")
        self.language_button.setAutoRaise(True)
        self.language_button.clicked.connect(self._toggle_language)
        bar.addPermanentWidget(_separator(bar))
        bar.addPermanentWidget(self.language_button)
        self._retranslate_status_bar()

    def _retranslate_status_bar(self) -> None:
        self.user_label.setText(self.tr("Signed in: {name} ({role})").format(
            name=self.actor.name, role=ui.role_text(self.actor.role)))
        other = "en" if self.language == "ur" else "ur"
        self.language_button.setText(i18n.LANGUAGES[other])
        self.language_button.setToolTip(self.tr("Show Daftar in {language} ({key})").format(
            language=i18n.LANGUAGES[other],
            key=QKeySequence(LANGUAGE_KEY).toString(QKeySequence.SequenceFormat.NativeText)))

    # -- language -------------------------------------------------------------------------
    def _retranslate(self) -> None:
        """Texts the window built once: title, actions, sidebar and status bar."""
        self.setWindowTitle(self.tr("Daftar"))
        self.new_request_action.setText(self.tr("New request"))
        self.new_request_action.setToolTip(self.tr("Register a citizen's request ({key})").format(
            key=QKeySequence("Ctrl+N").toString(QKeySequence.SequenceFormat.NativeText)))
        self.sync_now_action.setText(self.tr("Sync now"))
        self.sync_now_action.setToolTip(self.tr(
            "Send what is waiting and fetch changes from the server now ({key})").format(
            key=QKeySequence("F9").toString(QKeySequence.SequenceFormat.NativeText)))
        self.brand.setText(self.tr("Daftar"))
        for key, text in self._nav_labels().items():
            self.nav_buttons[key].setText(text)
            if key not in BUILT:
                self.nav_buttons[key].setToolTip(self.tr("Coming in a later version"))
        self._retranslate_status_bar()
        self.sync_status.retranslate()
        self.help_action.setText(self.tr("Help"))
        self._retranslate_help_button()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def switch_language(self, language: str) -> None:
        """Show Daftar in *language* from now on (kept in the settings), without a restart.

        The sidebar, the status bar and the actions are translated in place. The screens
        are built again in the new language: many of them fill their words in as they
        load data (service names, statuses, plain-words messages), so building them
        again is simpler and surer than teaching each one to translate itself. What the
        person was doing is carried over: the screen shown, the search typed, the request
        open, the interview open (its answers are saved as they are typed)."""
        self.settings.set("language", language)
        i18n.set_language(QApplication.instance(), language,
                          larger_text=self.settings.get("larger_text"))

    def _toggle_language(self) -> None:
        self.switch_language("en" if self.language == "ur" else "ur")

    def _language_switched(self, language: str) -> None:
        if language == self.language:
            self._retranslate()
            return
        self.language = language
        self._rebuild_pages()

    def _rebuild_pages(self) -> None:
        """Build the screens again (new language, or new person after the first-start
        setup), keeping what the person was doing."""
        current = self.stack.currentWidget()
        section = next((key for key, button in self.nav_buttons.items()
                        if button.isChecked()), "requests")
        search = self.requests_page.search_edit.text()
        detail_ref = self.detail_view.current_ref() \
            if current is self.detail_view and self.detail_view is not None else None
        draft = self.surveys_page.form_view.draft_id \
            if self.surveys_page.form_view is not None else None
        self.surveys_page.shutdown()  # writes the open interview's waiting answers
        old = [self.requests_page, self.surveys_page, self.dashboard_page,
               self.analysis_page, self.sync_page, self.settings_page]
        if self.detail_view is not None:
            old.append(self.detail_view)
            self.detail_view = None
        for page in old:
            self.stack.removeWidget(page)
            page.deleteLater()
        self._retranslate()  # first: the pages copy the actions' words
        self._build_pages()
        self.requests_page.search_edit.setText(search)
        run_task(self.store.office, self._show_office, owner=self)
        if detail_ref:
            self.open_request(detail_ref)
        elif section == "surveys":
            self.show_surveys()
            if draft:
                self.surveys_page.open_draft(draft)
        elif section in ("dashboard", "analysis", "sync", "settings"):
            getattr(self, f"show_{section}")()
        else:
            self.show_requests()

    # -- navigation ---------------------------------------------------------------------
    # -- help and first start ---------------------------------------------------------------
    def help_topic(self) -> str:
        """The help page of the screen in front."""
        page = self.stack.currentWidget()
        return {id(self.surveys_page): "surveys", id(self.sync_page): "sync",
                id(self.analysis_page): "analysis", id(self.dashboard_page): "analysis",
                }.get(id(page), "requests")

    def open_help(self, topic: str | None = None):
        """The help pages (F1), on the page of the screen in front; not modal."""
        from desktop.help import HelpDialog

        topic = topic or self.help_topic()
        if _alive(self.help_dialog) and self.help_dialog.isVisible() and \
                self.help_dialog.language == self.language:
            self.help_dialog.show_topic(topic)
            self.help_dialog.raise_()
            self.help_dialog.activateWindow()
            return self.help_dialog
        dialog = HelpDialog(topic, language=self.language, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.help_dialog = dialog
        dialog.show()
        return dialog

    def maybe_first_run(self):
        """On a PC not set up yet, the first-start wizard over the window."""
        if self.settings.get("setup_done"):
            return None
        from desktop.first_run import FirstRunWizard

        wizard = FirstRunWizard(self.store, self.settings, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.language_chosen.connect(self.switch_language)
        wizard.enrolled.connect(self._enrolled)
        wizard.accepted.connect(self._setup_done)
        self.first_run_wizard = wizard
        wizard.open()
        return wizard

    def show_settings(self):
        self.nav_buttons["settings"].setChecked(True)
        self.stack.setCurrentWidget(self.settings_page)
        self.settings_page.refresh()
        return self.settings_page

    def open_about(self):
        from desktop.help import AboutDialog

        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _larger_text(self, on: bool) -> None:
        i18n.set_language(QApplication.instance(), self.language, larger_text=on)

    def _setup_again(self) -> None:
        self.settings.set("setup_done", False)
        self.maybe_first_run()

    def _setup_done(self) -> None:
        self._reload_status()

    # -- the audit trail ----------------------------------------------------------------------
    def check_audit(self) -> None:
        """Verify every event chain in the background (at start); a broken one is shown to
        the person and logged, with the record and the first bad event — never repaired."""
        from store.audit import verify

        store = self.store
        run_task(lambda: verify(store), self._audit_checked,
                 lambda exc: log.warning("audit check at start failed: %s", exc), owner=self)

    def _audit_checked(self, report) -> None:
        self.audit_report = report
        if report.ok:
            log.info("audit trail intact: %d events of %d requests", report.events,
                     report.requests)
            return
        for problem in report.problems:
            log.error("audit trail broken: %s", problem.describe())
        first = report.problems[0]
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Daftar"), self.tr(
            "The audit trail on this PC is broken: a saved step was changed or removed "
            "outside Daftar. Nothing was repaired. Tell the office admin and IT; the "
            "command \"daftar audit verify\" shows the details."), parent=self)
        box.setObjectName("audit_warning")
        box.setDetailedText(f"{len(report.problems)} problem(s); the first: {first.describe()}"
                            f"\nrequest: {first.request_id or '-'}\nevent: {first.event_id or '-'}")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.audit_warning = box
        box.open()

    # -- who is at the PC -------------------------------------------------------------------
    def _apply_role(self) -> None:
        """An enumerator sees surveys, not citizens' requests (the store refuses them too)."""
        staff = self.actor.role != "enumerator"
        for key in ("requests", "dashboard", "analysis"):
            self.nav_buttons[key].setVisible(staff)
        self.new_request_action.setEnabled(staff)
        if not staff and self.stack.currentWidget() in (self.requests_page, self.dashboard_page,
                                                        self.analysis_page):
            self.show_surveys()

    @property
    def locked(self) -> bool:
        return self.top.currentWidget() is self.lock_panel

    def eventFilter(self, watched, event) -> bool:
        if event.type() in _INPUT_EVENTS:
            self._last_input = time.monotonic()
        return False

    def _check_idle(self) -> None:
        if self.locked:
            return
        now = time.monotonic()
        if now - self._session_started >= SESSION_HOURS * 3600:
            self.lock(self.tr("{name}, your sign-in has ended after {hours} hours. Type your "
                              "password to go on.").format(name=self.actor.name,
                                                           hours=SESSION_HOURS))
        elif (now - self._last_input) * 1000 >= self.idle_lock_ms:
            self.lock()

    def lock(self, message: str = "") -> None:
        """Hide every screen and open dialog until the person types their password again
        (or someone else signs in). Unsaved typing in open dialogs is kept."""
        if self.locked:
            return
        self._hidden_while_locked = [
            w for w in QApplication.topLevelWidgets()
            if w is not self and w.isVisible() and isinstance(w, QDialog | QWizard)]
        for widget in self._hidden_while_locked:
            widget.hide()
        self.top.setCurrentWidget(self.lock_panel)
        self.lock_panel.lock(self.actor, message)

    def _unlocked(self, actor: Actor) -> None:
        previous, self.actor = self.actor, actor
        # The person now at the PC (someone else, or a renewed session after 12 hours)
        # reads the requests. While locked the old reader stays: the screens are hidden.
        self.store.set_reader(actor)
        self._session_started = self._last_input = time.monotonic()
        dialogs, self._hidden_while_locked = self._hidden_while_locked, []
        if actor.username != previous.username:  # another person: nothing of the last one stays
            for widget in dialogs:
                if _alive(widget):
                    widget.close()
            # The open interview's waiting answers are written (as the last person) while
            # the pages are rebuilt; only then does their session end.
            self._rebuild_pages()
            run_task(lambda: self.accounts.sign_out(previous), owner=self)
            self._apply_role()
            self._retranslate_status_bar()
        else:  # the same person: everything comes back as it was
            for widget in dialogs:
                if _alive(widget):
                    if hasattr(widget, "_actor"):
                        widget._actor = actor  # a renewed session after 12 hours
                    widget.show()
            if _alive(self.detail_view):
                self.detail_view.set_actor(actor)
            self.surveys_page.set_actor(actor)
            self.settings_page.set_actor(actor)
        self.top.setCurrentWidget(self.content)

    def show_requests(self) -> None:
        self.nav_buttons["requests"].setChecked(True)
        self.stack.setCurrentWidget(self.requests_page)
        self.requests_page.table.setFocus()

    def show_surveys(self) -> SurveysPage:
        self.nav_buttons["surveys"].setChecked(True)
        self.stack.setCurrentWidget(self.surveys_page)
        if self.surveys_page.form_view is None:
            self.surveys_page.refresh()
        return self.surveys_page

    def show_dashboard(self) -> DashboardPage:
        self.nav_buttons["dashboard"].setChecked(True)
        self.stack.setCurrentWidget(self.dashboard_page)
        self.dashboard_page.refresh()
        return self.dashboard_page

    def show_analysis(self) -> AnalysisPage:
        self.nav_buttons["analysis"].setChecked(True)
        self.stack.setCurrentWidget(self.analysis_page)
        self.analysis_page.refresh()
        return self.analysis_page

    def _survey_finished(self, _response) -> None:
        self.statusBar().showMessage(self.tr("Interview saved as final; it will be sent "
                                             "with the next sync."), 8000)
        self.sync_worker.poke()
        self.refresh_outbox()

    def show_sync(self) -> SyncPage:
        self.nav_buttons["sync"].setChecked(True)
        self.stack.setCurrentWidget(self.sync_page)
        self.sync_page.refresh()
        self._sync_words_changed()
        return self.sync_page

    def open_new_request(self) -> NewRequestDialog:
        """Open the New request form (non-blocking), or bring back the one already open."""
        if _alive(self.new_request_dialog) and self.new_request_dialog.isVisible():
            self.new_request_dialog.raise_()
            self.new_request_dialog.activateWindow()
            return self.new_request_dialog
        dialog = NewRequestDialog(self.store, self.actor, language=self.language, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.registered.connect(self._after_write)
        dialog.open_requested.connect(self.open_request)
        self.new_request_dialog = dialog
        screen = self.screen().availableGeometry()
        dialog.resize(min(760, screen.width() - 40), min(680, screen.height() - 60))
        dialog.open()
        dialog.cnic_edit.setFocus()
        return dialog

    def open_request(self, ref: str) -> RequestDetailView:
        """Show one request's detail screen (it loads in the background)."""
        self.nav_buttons["requests"].setChecked(True)
        if self.detail_view is None:
            self.detail_view = RequestDetailView(self.store, self.actor, language=self.language,
                                                 parent=self.stack)
            self.detail_view.back_requested.connect(self.show_requests)
            self.detail_view.changed.connect(self._after_write)
            self.stack.addWidget(self.detail_view)
        self.detail_view.load(ref)
        self.stack.setCurrentWidget(self.detail_view)
        return self.detail_view

    # -- sync -----------------------------------------------------------------------------
    def sync_now(self) -> None:
        """"Sync now": a full round at once (ignores backoff and earlier stops)."""
        if self.sync_status.status is not None and not self.sync_status.status.enrolled:
            self.open_connect_dialog()
            return
        self.sync_worker.sync_now()

    def open_connect_dialog(self) -> ConnectDialog:
        """The "Connect to the server" dialog (non-blocking)."""
        if _alive(self.connect_dialog) and self.connect_dialog.isVisible():
            self.connect_dialog.raise_()
            self.connect_dialog.activateWindow()
            return self.connect_dialog
        status = self.sync_status.status
        dialog = ConnectDialog(self.store, server_url=status.server_url if status else "",
                               parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.enrolled.connect(self._enrolled)
        self.connect_dialog = dialog
        dialog.open()
        dialog.url_edit.setFocus()
        return dialog

    def open_key_dialog(self) -> DeviceKeyDialog:
        """Ask for the device key (a PC without keyring, in a new session)."""
        dialog = DeviceKeyDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.key_entered.connect(self._key_entered)
        self.key_dialog = dialog
        dialog.open()
        return dialog

    def _enrolled(self, answer, key: str | None) -> None:
        log.info("Enrolled with the server: office %s, device number %s",
                 answer.office_code, answer.device_number)
        self.sync_worker.set_supplied_key(key)
        self.sync_worker.sync_now()
        run_task(self.store.office, self._show_office, owner=self)
        self._reload_status()
        if self.stack.currentWidget() is self.sync_page:
            self.sync_page.refresh()

    def _key_entered(self, key: str) -> None:
        self.sync_worker.set_supplied_key(key)
        self.sync_worker.sync_now()

    def _reload_status(self) -> None:
        """Read the sync state in the background (the newest read wins)."""
        store = self.store
        run_task(lambda: read_status(store), self.sync_status.set_status,
                 lambda exc: log.warning("Reading the sync state failed: %s", exc), owner=self)

    def _sync_started(self) -> None:
        self.sync_status.set_running(True)

    def _sync_reported(self, status: SyncStatus) -> None:
        self.sync_status.set_status(status, round_ended=True)
        if self.stack.currentWidget() is self.sync_page:
            self.sync_page.refresh()
        if status.report is not None and status.report.pulled:
            self.requests_page.refresh()  # other offices' requests, changed statuses

    def _sync_words_changed(self) -> None:
        if self.stack.currentWidget() is self.sync_page:
            area = self.sync_status
            wait = self.sync_worker.seconds_to_next() if area.status is not None and \
                not area.status.ok and not area.running else None
            self.sync_page.show_status(area.status, running=area.running,
                                       seconds_to_next=wait)

    # -- state of the office ------------------------------------------------------------
    def _after_write(self, *_args) -> None:
        self.requests_page.refresh()
        self.sync_worker.poke()
        self.refresh_outbox()

    def refresh_outbox(self) -> None:
        """Count what waits to be sent (in the background) for the status bar."""
        store = self.store

        def show(answer: tuple[float, dict[str, int]]) -> None:
            read_at, counts = answer
            self.sync_status.set_counts(counts["pending"], counts["rejected"], read_at)

        run_task(lambda: read_counts(store), show,
                 lambda exc: log.warning("Counting the outbox failed: %s", exc), owner=self)

    def _show_office(self, office: dict) -> None:
        name = (office.get("name_ur") if self.language == "ur" else None) or office["name_en"]
        self.office_label.setText(name)
        self.office_label.setToolTip(name)
        self.brand_office.setText(name)

    def closeEvent(self, event: QCloseEvent) -> None:
        QApplication.instance().removeEventFilter(self)
        self._idle_timer.stop()
        accounts, actor = self.accounts, self.actor
        run_task(lambda: accounts.sign_out(actor))
        self.store.set_reader(None)
        if self._listening:
            self._listening = False
            i18n.notifier.language_changed.disconnect(self._language_switched)
        self._outbox_timer.stop()
        self.surveys_page.shutdown()
        self.sync_status.stop()
        self.sync_worker.shutdown()
        super().closeEvent(event)


def _alive(widget: QWidget | None) -> bool:
    """Whether *widget* still exists (a dialog deletes itself when closed)."""
    return widget is not None and shiboken6.isValid(widget)


def _separator(parent: QWidget) -> QFrame:
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.VLine)
    line.setFrameShadow(QFrame.Shadow.Plain)
    line.setObjectName("status_separator")
    return line
