"""The main window: the sidebar, the current screen, and the office's state at a glance.

Only the Requests screen exists in this version; the other sidebar entries are shown
disabled, with a tooltip saying they come later (no empty placeholder screens).
The status bar always shows who is signed in, the office, and how many records wait to be
sent to the central server.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop import ui
from desktop.new_request_dialog import NewRequestDialog
from desktop.request_detail import RequestDetailView
from desktop.requests_page import RequestsPage
from desktop.tasks import run_task
from store.records import Actor
from store.settings import Settings
from store.store import Store

log = logging.getLogger(__name__)

OUTBOX_REFRESH_MS = 30_000
SIDEBAR_WIDTH = 210

#: Sidebar entries and their icons. Only "requests" is built in this version.
SECTIONS = (
    ("requests", "fa5s.inbox"),
    ("surveys", "fa5s.clipboard-list"),
    ("dashboard", "fa5s.tachometer-alt"),
    ("analysis", "fa5s.chart-bar"),
    ("sync", "fa5s.sync-alt"),
    ("settings", "fa5s.cog"),
)
BUILT = {"requests"}


class MainWindow(QMainWindow):
    def __init__(self, store: Store, settings: Settings) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.setWindowTitle(self.tr("Daftar"))
        self.store = store
        self.settings = settings
        self.language = settings.get("language")
        self.actor = Actor(settings.get("user_name"), settings.get("user_role"))
        self.new_request_dialog: NewRequestDialog | None = None
        self.detail_view: RequestDetailView | None = None

        self.new_request_action = QAction(ui.icon("fa5s.plus"), self.tr("New request"), self)
        self.new_request_action.setObjectName("new_request_action")
        self.new_request_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_request_action.setToolTip(self.tr("Register a citizen's request ({key})").format(
            key=QKeySequence("Ctrl+N").toString(QKeySequence.SequenceFormat.NativeText)))
        self.new_request_action.triggered.connect(self.open_new_request)
        self.addAction(self.new_request_action)

        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self._build_sidebar())
        self.stack = QStackedWidget(central)
        self.requests_page = RequestsPage(store, self.new_request_action,
                                          language=self.language, parent=self.stack)
        self.requests_page.open_request.connect(self.open_request)
        self.stack.addWidget(self.requests_page)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_status_bar()
        self._outbox_timer = QTimer(self)
        self._outbox_timer.setInterval(OUTBOX_REFRESH_MS)
        self._outbox_timer.timeout.connect(self.refresh_outbox)
        self._outbox_timer.start()
        self.refresh_outbox()
        run_task(store.office, self._show_office, owner=self)

    # -- building -----------------------------------------------------------------------
    def _build_sidebar(self) -> QWidget:
        bar = QFrame(self)
        bar.setObjectName("sidebar")
        bar.setFixedWidth(SIDEBAR_WIDTH)
        layout = QVBoxLayout(bar)
        layout.setContentsMargins(0, 0, 0, 12)
        layout.setSpacing(2)
        brand = QLabel(self.tr("Daftar"), bar)
        brand.setObjectName("brand")
        self.brand_office = QLabel(bar)
        self.brand_office.setObjectName("brand_office")
        self.brand_office.setWordWrap(True)
        layout.addWidget(brand)
        layout.addWidget(self.brand_office)
        self.nav_group = QButtonGroup(self)
        self.nav_group.setExclusive(True)
        self.nav_buttons: dict[str, QToolButton] = {}
        labels = {
            "requests": self.tr("Requests"),
            "surveys": self.tr("Surveys"),
            "dashboard": self.tr("Dashboard"),
            "analysis": self.tr("Analysis"),
            "sync": self.tr("Sync"),
            "settings": self.tr("Settings"),
        }
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
                button.clicked.connect(self.show_requests)
            else:
                button.setEnabled(False)
                button.setToolTip(self.tr("Coming in a later version"))
            self.nav_group.addButton(button)
            self.nav_buttons[key] = button
            layout.addWidget(button)
        self.nav_buttons["requests"].setChecked(True)
        return bar

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setSizeGripEnabled(False)
        self.user_label = QLabel(self.tr("Signed in: {name} ({role})").format(
            name=self.actor.name, role=ui.role_text(self.actor.role)), bar)
        self.user_label.setObjectName("user_label")
        self.office_label = QLabel(bar)
        self.office_label.setObjectName("office_label")
        self.outbox_label = QLabel(bar)
        self.outbox_label.setObjectName("outbox_label")
        self.outbox_label.setToolTip(self.tr("Records saved on this PC that the central "
                                             "server has not received yet"))
        bar.addWidget(self.user_label)
        bar.addWidget(_separator(bar))
        bar.addWidget(self.office_label)
        bar.addPermanentWidget(self.outbox_label)

    # -- navigation ---------------------------------------------------------------------
    def show_requests(self) -> None:
        self.nav_buttons["requests"].setChecked(True)
        self.stack.setCurrentWidget(self.requests_page)
        self.requests_page.table.setFocus()

    def open_new_request(self) -> NewRequestDialog:
        """Open the New request form (non-blocking), or bring back the one already open."""
        if self.new_request_dialog is not None and self.new_request_dialog.isVisible():
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
        if self.detail_view is None:
            self.detail_view = RequestDetailView(self.store, self.actor, language=self.language,
                                                 parent=self.stack)
            self.detail_view.back_requested.connect(self.show_requests)
            self.detail_view.changed.connect(self._after_write)
            self.stack.addWidget(self.detail_view)
        self.detail_view.load(ref)
        self.stack.setCurrentWidget(self.detail_view)
        return self.detail_view

    # -- state of the office ------------------------------------------------------------
    def _after_write(self, *_args) -> None:
        self.requests_page.refresh()
        self.refresh_outbox()

    def refresh_outbox(self) -> None:
        run_task(self.store.pending_outbox, self._show_outbox,
                 lambda exc: log.warning("Counting the outbox failed: %s", exc), owner=self)

    def _show_outbox(self, n: int) -> None:
        if n == 0:
            text = self.tr("Everything has been sent")
        elif n == 1:
            text = self.tr("1 record waiting to be sent")
        else:
            text = self.tr("{count} records waiting to be sent").format(
                count=ui.format_number(n))
        self.outbox_label.setText(text)

    def _show_office(self, office: dict) -> None:
        name = (office.get("name_ur") if self.language == "ur" else None) or office["name_en"]
        self.office_label.setText(name)
        self.brand_office.setText(name)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._outbox_timer.stop()
        super().closeEvent(event)


def _separator(parent: QWidget) -> QFrame:
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.VLine)
    line.setFrameShadow(QFrame.Shadow.Plain)
    line.setObjectName("status_separator")
    return line
