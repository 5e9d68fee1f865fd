"""The Requests screen: search, filters, the lazy request table and "New request"."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import ui
from desktop.request_model import RequestTableModel
from desktop.tasks import run_task
from models.workflow import Status
from store.store import RequestFilter, Store

SEARCH_DELAY_MS = 250
ROW_HEIGHT = 40


class RequestsPage(QWidget):
    """The list of requests. Emits :attr:`open_request` with the chosen request's id."""

    open_request = Signal(str)

    def __init__(self, store: Store, new_request_action: QAction, *, language: str = "en",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("requests_page")
        self._store = store
        self._language = language
        self.model = RequestTableModel(store, language=language, parent=self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)

        head = QHBoxLayout()
        title = QLabel(self.tr("Requests"), self)
        title.setObjectName("page_title")
        head.addWidget(title)
        head.addStretch(1)
        self.new_request_button = QPushButton(ui.icon("fa5s.plus", "#ffffff"),
                                              new_request_action.text(), self)
        self.new_request_button.setObjectName("new_request_button")
        self.new_request_button.setToolTip(new_request_action.toolTip())
        self.new_request_button.clicked.connect(new_request_action.trigger)
        ui.make_primary(self.new_request_button)
        head.addWidget(self.new_request_button)
        layout.addLayout(head)

        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("search_edit")
        self.search_edit.setPlaceholderText(
            self.tr("Search by tracking number, CNIC, name or mobile number"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.addAction(ui.icon("fa5s.search", "muted"),
                                   QLineEdit.ActionPosition.LeadingPosition)
        self.search_edit.setToolTip(self.tr("Search (Ctrl+F)"))
        focus_search = QAction(self)
        focus_search.setShortcut(QKeySequence("Ctrl+F"))
        focus_search.triggered.connect(self._focus_search)
        self.addAction(focus_search)
        layout.addWidget(self.search_edit)

        filters = QHBoxLayout()
        filters.setSpacing(8)
        status_label = QLabel(self.tr("Status"), self)
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("status_combo")
        self.status_combo.addItem(self.tr("All statuses"), None)
        for status in Status:
            self.status_combo.addItem(ui.status_text(status), str(status))
        self.status_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        status_label.setBuddy(self.status_combo)
        service_label = QLabel(self.tr("Service"), self)
        self.service_combo = QComboBox(self)
        self.service_combo.setObjectName("service_filter_combo")
        self.service_combo.addItem(self.tr("All services"), None)
        self.service_combo.setMinimumContentsLength(24)
        self.service_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        service_label.setBuddy(self.service_combo)
        self.overdue_check = QCheckBox(self.tr("Overdue only"), self)
        self.overdue_check.setObjectName("overdue_check")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count_label")
        for w in (status_label, self.status_combo):
            filters.addWidget(w)
        filters.addSpacing(8)
        filters.addWidget(service_label)
        filters.addWidget(self.service_combo)
        filters.addSpacing(8)
        filters.addWidget(self.overdue_check)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        layout.addLayout(filters)

        self.banner = QLabel(self)
        self.banner.setObjectName("banner")
        self.banner.setProperty("level", "error")
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.banner)

        self.table = QTableView(self)
        self.table.setObjectName("request_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTabKeyNavigation(False)
        vheader = self.table.verticalHeader()
        vheader.hide()
        # Fixed heights: the view never measures a million rows.
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        metrics = self.table.fontMetrics()
        vheader.setDefaultSectionSize(max(ROW_HEIGHT, metrics.height() + 16))
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(RequestTableModel.CITIZEN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(RequestTableModel.SERVICE, QHeaderView.ResizeMode.Stretch)
        # Widths from the text they hold, so larger text and Urdu fit without clipping.
        def fits(*texts: str, extra: int = 28) -> int:
            return max(metrics.horizontalAdvance(t) for t in texts) + extra

        model = self.model
        headers = [str(model.headerData(c, Qt.Orientation.Horizontal))
                   for c in range(model.columnCount())]
        header.resizeSection(RequestTableModel.TRACKING,
                             fits("LHR1-261128-010001-W", headers[0], extra=52))
        header.resizeSection(RequestTableModel.STATUS,
                             fits(*(ui.status_text(s) for s in Status), headers[3]))
        header.resizeSection(RequestTableModel.DUE, fits("30 Sep 2026", headers[4]))
        header.resizeSection(RequestTableModel.AGE, fits(headers[5], extra=24))
        self.table.activated.connect(self._activated)

        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("empty_label")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self._table_stack = QStackedWidget(self)
        self._table_stack.addWidget(self.table)
        self._table_stack.addWidget(self.empty_label)
        layout.addWidget(self._table_stack, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self._search_now)
        self.status_combo.currentIndexChanged.connect(self.apply_filter)
        self.service_combo.currentIndexChanged.connect(self.apply_filter)
        self.overdue_check.toggled.connect(self.apply_filter)
        self.model.count_changed.connect(self._show_count)
        self.model.loaded.connect(self._after_load)
        self.model.load_failed.connect(self._load_failed)
        self.model.modelReset.connect(lambda: self.count_label.setText(self.tr("Searching…")))

        run_task(lambda: store.services(active_only=False), self._set_services, owner=self)
        self.apply_filter()

    # -- filtering ----------------------------------------------------------------------
    def current_filter(self) -> RequestFilter:
        return RequestFilter(status=self.status_combo.currentData(),
                             service_code=self.service_combo.currentData(),
                             overdue=self.overdue_check.isChecked(),
                             query=self.search_edit.text().strip())

    def apply_filter(self) -> None:
        """Show the requests matching the search box and filters (loads in background)."""
        self._search_timer.stop()
        self.banner.hide()
        self.model.set_filter(self.current_filter())

    def refresh(self) -> None:
        self.apply_filter()

    def _search_now(self) -> None:
        if self._search_timer.isActive():
            self.apply_filter()
        elif self.model.rowCount() == 1:
            self._activated(self.model.index(0, 0))  # Enter on a single hit opens it

    def _focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _set_services(self, services: list[dict]) -> None:
        for s in sorted(services, key=lambda s: ui.service_name(s, self._language).casefold()):
            self.service_combo.addItem(ui.service_name(s, self._language), s["code"])

    # -- results ------------------------------------------------------------------------
    def _show_count(self, n: int) -> None:
        if n == 1:
            self.count_label.setText(self.tr("1 request"))
        else:
            self.count_label.setText(self.tr("{count} requests").format(
                count=ui.format_number(n)))

    def _after_load(self) -> None:
        empty = self.model.rowCount() == 0
        if empty:
            flt = self.model.filter
            if flt == RequestFilter():
                self.empty_label.setText(self.tr(
                    "No requests yet.\nPress “New request” (Ctrl+N) to register the first one."))
            else:
                self.empty_label.setText(self.tr(
                    "No request matches this search.\nCheck the spelling or clear the "
                    "filters."))
        self._table_stack.setCurrentIndex(1 if empty else 0)

    def _load_failed(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()
        self.count_label.clear()

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_request.emit(self.model.row_at(index.row()).request_id)
