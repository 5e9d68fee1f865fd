"""The Dashboard screen: how the office's service delivery is doing, at a glance.

Tiles (open requests, overdue, received today and in the last 30 days, completed within
the time limit, mean citizen rating), a chart of requests received and completed per
month, the KPIs per service and the overdue list. Everything is read and computed in the
background (:func:`load_dashboard`, over :mod:`analysis.kpi`) each time the screen is
shown or the period changes; the chart's figure is built there too and only attached to a
canvas on the GUI thread. Opening an overdue row emits :attr:`DashboardPage.open_request`
with its tracking number.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import ui
from desktop.tasks import run_task
from models.i18n import N_
from store.records import PKT

log = logging.getLogger(__name__)

CTX = "DashboardPage"
OVERDUE_LIMIT = 200
CHART_MONTHS = 12
ROW_HEIGHT = 34
#: The period choices: label, days back from today (``None``: everything).
PERIODS = ((N_(CTX, "Last 30 days"), 30), (N_(CTX, "Last 90 days"), 90),
           (N_(CTX, "Last 12 months"), 365), (N_(CTX, "All time"), None))
DEFAULT_PERIOD = 1


def today_pkt() -> date:
    """Today's date in Pakistan (due dates and KPIs count in Pakistan dates)."""
    return datetime.now(PKT).date()


# -- reading (background thread) ------------------------------------------------------------
@dataclass
class DashboardView:
    today: date
    days: int | None
    snapshot: object  # analysis.kpi.Snapshot
    totals: dict = field(default_factory=dict)  # the period's KPIs over all services
    monthly: list[dict] = field(default_factory=list)
    per_service: list[dict] = field(default_factory=list)
    overdue: list = field(default_factory=list)  # analysis.kpi.OverdueRequest
    services: dict[str, dict] = field(default_factory=dict)
    figure: object | None = None


def _month_start(day: date, back: int) -> date:
    months = day.year * 12 + day.month - 1 - back
    return date(months // 12, months % 12 + 1, 1)


def load_dashboard(store, today: date, days: int | None) -> DashboardView:
    """Every number the Dashboard shows (reads the database: not on the GUI thread)."""
    from analysis import kpi

    start = today - timedelta(days=days - 1) if days else None
    view = DashboardView(today=today, days=days, snapshot=kpi.snapshot(store, today=today))
    totals = kpi.service_kpis(store, start=start, end=today, period=None, by=())
    view.totals = totals.rows[0] if totals.rows else {}
    view.monthly = kpi.service_kpis(store, start=_month_start(today, CHART_MONTHS - 1),
                                    end=today, period="month", by=()).rows
    view.per_service = kpi.service_kpis(store, start=start, end=today, period=None,
                                        by=("service_code",)).rows
    view.overdue = kpi.overdue_requests(store, today=today, limit=OVERDUE_LIMIT)
    view.services = {s["code"]: s for s in store.services()}
    view.figure = figure_flow(view.monthly)
    return view


def figure_flow(monthly: list[dict]):
    """Requests received and completed per month (bars side by side), without pyplot."""
    import numpy as np
    from matplotlib.figure import Figure

    fig = Figure(figsize=(5.5, 3.2), layout="constrained")
    ax = fig.add_subplot()
    if not monthly:
        ax.text(0.5, 0.5, "No requests in the last 12 months", ha="center", va="center",
                transform=ax.transAxes, color="#55605a")
        ax.set_axis_off()
        return fig
    labels = [datetime.strptime(r["period"], "%Y-%m").strftime("%b %y") for r in monthly]
    x = np.arange(len(monthly))
    ax.bar(x - 0.2, [r["received"] for r in monthly], 0.4, label="Received", color="#24497a")
    ax.bar(x + 0.2, [r["completed"] for r in monthly], 0.4, label="Completed",
           color="#1f6f4a")
    ax.set_xticks(x, labels, fontsize=9)
    ax.tick_params(axis="y", labelsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(frameon=False, fontsize=9, loc="upper left")
    ax.set_title("Requests per month", fontsize=11, loc="left")
    return fig


# -- the screen ---------------------------------------------------------------------------
class Tile(QFrame):
    """One number with its words under it."""

    def __init__(self, name: str, words: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("card", True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        self.value_label = QLabel("…", self)
        self.value_label.setObjectName(f"{name}_value")
        big = self.value_label.font()
        big.setPointSizeF(big.pointSizeF() * 1.9)
        big.setBold(True)
        self.value_label.setFont(big)
        self.words_label = QLabel(words, self)
        self.words_label.setProperty("muted", True)
        self.words_label.setWordWrap(True)
        layout.addWidget(self.value_label)
        layout.addWidget(self.words_label)
        layout.addStretch(1)

    def set_value(self, text: str, *, alarm: bool = False, tip: str = "") -> None:
        self.value_label.setText(ui.ltr(text))
        self.value_label.setProperty("role", "error" if alarm else None)
        ui.repolish(self.value_label)
        self.setToolTip(tip)

    def value(self) -> str:
        return self.value_label.text().strip("\u200e")


class DashboardPage(QWidget):
    """KPI tiles, the monthly chart, the per-service table and the overdue list."""

    open_request = Signal(str)  # a tracking number
    loaded = Signal()

    def __init__(self, store, *, language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard_page")
        self.store = store
        self.language = language
        self.view: DashboardView | None = None
        self.busy = False
        self._again = False
        self._canvas: QWidget | None = None
        self.today_func = today_pkt

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 12)
        layout.setSpacing(12)
        head = QHBoxLayout()
        title = QLabel(self.tr("Dashboard"), self)
        title.setObjectName("page_title")
        head.addWidget(title)
        self.as_of_label = QLabel(self)
        self.as_of_label.setProperty("muted", True)
        head.addWidget(self.as_of_label, 1)
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setObjectName("busy_bar")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setFixedWidth(90)
        self.busy_bar.hide()
        head.addWidget(self.busy_bar)
        head.addWidget(QLabel(self.tr("Period"), self))
        self.period_combo = QComboBox(self)
        self.period_combo.setObjectName("period_combo")
        for words, days in PERIODS:
            self.period_combo.addItem(QCoreApplication.translate(CTX, words), days)
        self.period_combo.setCurrentIndex(DEFAULT_PERIOD)
        self.period_combo.currentIndexChanged.connect(self.refresh)
        head.addWidget(self.period_combo)
        self.refresh_button = QPushButton(ui.icon("fa5s.redo"), self.tr("Refresh"), self)
        self.refresh_button.setObjectName("refresh_button")
        self.refresh_button.setToolTip(self.tr("Count everything again (F5)"))
        self.refresh_button.setShortcut("F5")
        self.refresh_button.clicked.connect(self.refresh)
        head.addWidget(self.refresh_button)
        layout.addLayout(head)

        tiles = QHBoxLayout()
        tiles.setSpacing(10)
        self.tiles = {
            "open": Tile("tile_open", self.tr("Open requests"), self),
            "overdue": Tile("tile_overdue", self.tr("Overdue"), self),
            "received_today": Tile("tile_received_today", self.tr("Received today"), self),
            "received_30": Tile("tile_received_30", self.tr("Received in the last 30 days"),
                                self),
            "within_sla": Tile("tile_within_sla", self.tr("Completed within the time limit"),
                               self),
            "feedback": Tile("tile_feedback", self.tr("Citizens' mean rating (1–5)"), self),
        }
        for tile in self.tiles.values():
            tiles.addWidget(tile)
        layout.addLayout(tiles)

        self.banner = QLabel(self)
        self.banner.setObjectName("banner")
        self.banner.setProperty("level", "error")
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.banner)

        lower = QGridLayout()
        lower.setHorizontalSpacing(12)
        self.chart_card = ui.card(self)
        self.chart_card.setObjectName("chart_card")
        self.chart_layout = QVBoxLayout(self.chart_card)
        self.chart_layout.setContentsMargins(8, 8, 8, 8)
        lower.addWidget(self.chart_card, 0, 0)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("dashboard_tabs")
        self.service_table = self._table(
            [self.tr("Service"), self.tr("Received"), self.tr("Completed"),
             self.tr("Backlog"), self.tr("Median\ndays"), self.tr("On\ntime"),
             self.tr("Mean\nrating")], "service_table", stretch=0)
        self.service_table.setToolTip(self.tr(
            "Median days: from registration to completion. On time: share completed by "
            "the due date. Rating: citizens' mean rating, 1–5."))
        self._right_align_header(self.service_table, range(1, 7))
        self.tabs.addTab(self.service_table, self.tr("By service"))
        self.overdue_table = self._table(
            [self.tr("Tracking number"), self.tr("Service"), self.tr("Status"),
             self.tr("Due"), self.tr("Days late")], "overdue_table", stretch=1)
        self._right_align_header(self.overdue_table, (4,))
        self.overdue_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.overdue_table.setToolTip(self.tr("Open a request with Enter or a double click"))
        self.overdue_table.itemActivated.connect(self._overdue_activated)
        self.tabs.addTab(self.overdue_table, self.tr("Overdue"))
        lower.addWidget(self.tabs, 0, 1)
        lower.setColumnStretch(0, 32)
        lower.setColumnStretch(1, 68)
        layout.addLayout(lower, 1)

    def _table(self, headers: list[str], name: str, *, stretch: int) -> QTableWidget:
        """A read-only list; column *stretch* takes the room the others leave."""
        table = QTableWidget(0, len(headers), self)
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().hide()
        # Taller rows for a taller script (Nastaliq), so no line is cut at the bottom.
        table.verticalHeader().setDefaultSectionSize(
            max(ROW_HEIGHT, table.fontMetrics().height() + 16))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        return table

    @staticmethod
    def _right_align_header(table: QTableWidget, columns) -> None:
        for c in columns:
            table.horizontalHeaderItem(c).setTextAlignment(Qt.AlignmentFlag.AlignRight |
                                                           Qt.AlignmentFlag.AlignVCenter)

    # -- loading ------------------------------------------------------------------------
    def refresh(self, *_args) -> None:
        """Count everything again in the background (one read at a time)."""
        if self.busy:
            self._again = True
            return
        self.busy = True
        self.busy_bar.show()
        self.refresh_button.setEnabled(False)
        store, today, days = self.store, self.today_func(), self.period_combo.currentData()
        run_task(lambda: load_dashboard(store, today, days), self._show, self._failed,
                 owner=self)

    def _failed(self, exc: BaseException) -> None:
        self._done()
        log.error("Reading the dashboard failed", exc_info=exc)
        self.banner.setText(self.tr("The figures could not be read. Your records are safe; "
                                    "press Refresh, or tell the district IT officer."))
        self.banner.show()

    def _done(self) -> None:
        self.busy = False
        self.busy_bar.hide()
        self.refresh_button.setEnabled(True)
        if self._again:
            self._again = False
            self.refresh()

    def _show(self, view: DashboardView) -> None:
        self.view = view
        self.banner.hide()
        self.as_of_label.setText(self.tr("as of {day}").format(day=ui.format_date(view.today)))
        self._show_tiles(view)
        self._show_chart(view.figure)
        self._show_services(view)
        self._show_overdue(view)
        self.loaded.emit()
        self._done()

    def _show_tiles(self, view: DashboardView) -> None:
        snap = view.snapshot
        n = ui.format_number
        self.tiles["open"].set_value(n(snap.open))
        self.tiles["overdue"].set_value(n(snap.overdue), alarm=snap.overdue > 0,
                                        tip=self.tr("Open requests past their due date"))
        self.tiles["received_today"].set_value(n(snap.received_today))
        self.tiles["received_30"].set_value(n(snap.received_last_30_days))
        period = self.period_combo.currentText().lower()
        share = view.totals.get("within_sla")
        completed = view.totals.get("completed") or 0
        self.tiles["within_sla"].set_value(
            _percent(share) if completed else "—",
            tip=self.tr("{n} requests completed ({period})").format(n=n(completed),
                                                                   period=period))
        rating = view.totals.get("mean_feedback")
        rated = view.totals.get("feedback_n") or 0
        self.tiles["feedback"].set_value(
            f"{rating:.1f}" if _real(rating) and rated else "—",
            tip=self.tr("{n} ratings ({period})").format(n=n(rated), period=period)
            if rated else self.tr("No citizen has rated a completed request yet"))

    def _show_chart(self, figure) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        if self._canvas is not None:
            self.chart_layout.removeWidget(self._canvas)
            self._canvas.deleteLater()
            self._canvas = None
        if figure is None:
            return
        canvas = FigureCanvasQTAgg(figure)
        canvas.setObjectName("flow_chart")
        canvas.setMinimumSize(300, 220)
        self.chart_layout.addWidget(canvas)
        self._canvas = canvas

    def chart(self) -> QWidget | None:
        return self._canvas

    def _show_services(self, view: DashboardView) -> None:
        rows = sorted(view.per_service, key=lambda r: (-(r.get("received") or 0),
                                                       r["service_code"]))
        table = self.service_table
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            service = view.services.get(row["service_code"])
            name = ui.service_name(service, self.language) if service else row["service_code"]
            median = row.get("median_turnaround_days")
            cells = [name, ui.format_number(row.get("received") or 0),
                     ui.format_number(row.get("completed") or 0),
                     ui.format_number(row.get("backlog") or 0),
                     f"{median:.1f}" if _real(median) else "—",
                     _percent(row.get("within_sla")) if row.get("completed") else "—",
                     f"{row['mean_feedback']:.1f}" if _real(row.get("mean_feedback")) else "—"]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(ui.ltr(text) if c else text)
                item.setData(Qt.ItemDataRole.UserRole, row["service_code"])
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight |
                                          Qt.AlignmentFlag.AlignVCenter)
                else:
                    item.setToolTip(name)
                table.setItem(r, c, item)

    def _show_overdue(self, view: DashboardView) -> None:
        table = self.overdue_table
        rows = view.overdue
        table.setRowCount(len(rows))
        warn = ui.icon("fa5s.exclamation-triangle", "warning")
        for r, o in enumerate(rows):
            service = view.services.get(o.service_code)
            cells = [ui.ltr(o.tracking_number),
                     ui.service_name(service, self.language) if service else o.service_code,
                     ui.status_text(o.status),
                     ui.format_date(date.fromisoformat(o.due_date)),
                     ui.format_number(o.days_overdue)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, o.tracking_number)
                if c == 0:
                    item.setIcon(warn)  # colour alone fails on poor screens
                elif c == 1:
                    item.setToolTip(text)
                if c == 4:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight |
                                          Qt.AlignmentFlag.AlignVCenter)
                table.setItem(r, c, item)
        shown = len(rows)
        total = view.snapshot.overdue
        self.tabs.setTabText(1, self.tr("Overdue ({n})").format(n=ui.format_number(total)))
        if total > shown:
            self.overdue_table.setToolTip(self.tr(
                "The {shown} most overdue of {total}; open a request with Enter or a double "
                "click").format(shown=ui.format_number(shown), total=ui.format_number(total)))

    def _overdue_activated(self, item: QTableWidgetItem) -> None:
        number = item.data(Qt.ItemDataRole.UserRole)
        if number:
            self.open_request.emit(number)

    def open_overdue_row(self, row: int) -> None:
        """Open the request of overdue row *row* (what Enter or a double click does)."""
        item = self.overdue_table.item(row, 0)
        if item is not None:
            self._overdue_activated(item)


def _real(x) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))


def _percent(share) -> str:
    return f"{share * 100:.0f} %" if _real(share) else "—"
