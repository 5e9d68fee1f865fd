"""The request list as a Qt model: a thin, lazy window over ``Store.list_requests``.

Rows arrive a page (200) at a time, newest first, through keyset paging (``before`` = the
last row's ``pos``), on a background thread: the first page when the filter changes, the
next when the view scrolls near the end (``canFetchMore``/``fetchMore``). Only loaded
rows are held, so a store of a million requests opens as fast as one of ten. Sorting and
filtering happen in SQL; a new filter resets the model.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush

from desktop import theme, ui
from desktop.messages import error_text
from desktop.tasks import run_task
from models.i18n import N_
from store.records import PKT
from store.store import RequestFilter, RequestRow, Store

log = logging.getLogger(__name__)

CTX = "RequestTableModel"
PAGE_SIZE = 200

RequestRowRole = Qt.ItemDataRole.UserRole + 1  # the RequestRow of a line

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class _Page:
    rows: list[RequestRow]
    ages: list[int]
    more: bool
    services: dict[str, dict] | None


def _age_days(created_at: str, today: date) -> int:
    created = datetime.fromisoformat(created_at.replace("Z", "+00:00")).astimezone(PKT).date()
    return max(0, (today - created).days)


class RequestTableModel(QAbstractTableModel):
    """Requests matching a :class:`RequestFilter`, loaded lazily page by page."""

    #: A page of rows was added (or the list turned out empty). Tests wait on it.
    loaded = Signal()
    #: How many requests match the filter (counted separately, in the background).
    count_changed = Signal(int)
    #: A page could not be loaded; the text says why in plain words.
    load_failed = Signal(str)

    TRACKING, CITIZEN, SERVICE, STATUS, DUE, AGE = range(6)
    _HEADERS = (
        (N_(CTX, "Tracking number"), N_(CTX, "The number printed on the citizen's receipt")),
        (N_(CTX, "Citizen"), None),
        (N_(CTX, "Service"), None),
        (N_(CTX, "Status"), None),
        (N_(CTX, "Due date"), N_(CTX, "The last day the office promised to finish by")),
        (N_(CTX, "Days open"), N_(CTX, "Days since the request was registered")),
    )

    def __init__(self, store: Store, *, language: str = "en", parent=None) -> None:
        super().__init__(parent)
        self._store = store
        self._language = language
        self._filter = RequestFilter()
        self._rows: list[RequestRow] = []
        self._ages: list[int] = []
        self._services: dict[str, dict] | None = None
        self._generation = 0  # answers for an older filter are dropped
        self._fetching = False
        self._more = False
        self._count: int | None = None
        self._warning_brush = QBrush(theme.color("warning_bg"))
        self._warning_icon = ui.icon("fa5s.exclamation-triangle", "warning")

    # -- what the screen asks for -------------------------------------------------------
    @property
    def filter(self) -> RequestFilter:
        return self._filter

    @property
    def count(self) -> int | None:
        """The number of matching requests, once counted."""
        return self._count

    def set_filter(self, flt: RequestFilter) -> None:
        """Show the requests matching *flt*: empties the list, then loads its first page."""
        self.beginResetModel()
        self._generation += 1
        self._filter = flt
        self._rows = []
        self._ages = []
        self._more = True
        self._fetching = True  # no fetchMore from the view before the first page is in
        self._count = None
        self.endResetModel()
        self._load_page()
        self._load_count()

    def refresh(self) -> None:
        """Load the current filter again (after a request was added or changed)."""
        self.set_filter(self._filter)

    def is_loading(self) -> bool:
        return self._fetching

    def row_at(self, row: int) -> RequestRow:
        return self._rows[row]

    # -- lazy loading -------------------------------------------------------------------
    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more and not self._fetching

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return  # a page is already on its way, or there is nothing more
        self._fetching = True
        self._load_page()

    def _load_page(self) -> None:
        generation = self._generation
        flt = self._filter
        before = self._rows[-1].pos if self._rows else None
        want_services = self._services is None
        store = self._store

        def work() -> _Page:
            # One row more than a page tells whether another page exists, without a
            # second query.
            rows = store.list_requests(flt, before=before, limit=PAGE_SIZE + 1)
            today = store.today()
            more = len(rows) > PAGE_SIZE
            rows = rows[:PAGE_SIZE]
            services = None
            if want_services:
                services = {s["code"]: s for s in store.services(active_only=False)}
            return _Page(rows, [_age_days(r.created_at, today) for r in rows], more,
                         services)

        run_task(work, lambda page: self._add_page(generation, page),
                 lambda exc: self._page_failed(generation, exc), owner=self)

    def _add_page(self, generation: int, page: _Page) -> None:
        if generation != self._generation:
            return  # the filter changed while this page was loading
        if page.services is not None:
            self._services = page.services
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self._ages.extend(page.ages)
            self.endInsertRows()
        self._more = page.more
        self._fetching = False
        self.loaded.emit()

    def _page_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        self._more = False  # no retry loop; the screen offers to try again
        text = error_text(exc)
        if text is None:
            from desktop.messages import show_bug

            show_bug((type(exc), exc, exc.__traceback__))
            text = QCoreApplication.translate(CTX, "The list could not be loaded.")
        self.load_failed.emit(text)

    def _load_count(self) -> None:
        generation = self._generation
        flt = self._filter
        store = self._store

        def done(n: int) -> None:
            if generation == self._generation:
                self._count = n
                self.count_changed.emit(n)

        run_task(lambda: store.count_requests(flt), done,
                 lambda exc: log.warning("Counting requests failed: %s", exc), owner=self)

    # -- the Qt model -------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._HEADERS):
            return None
        title, tip = self._HEADERS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(CTX, title)
        if role == Qt.ItemDataRole.ToolTipRole and tip:
            return QCoreApplication.translate(CTX, tip)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if section == self.AGE:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, index.row(), col)
        if role == RequestRowRole:
            return row
        if role == Qt.ItemDataRole.ToolTipRole and col in (self.CITIZEN, self.SERVICE):
            # These two may be cut short ("…") in a narrow window: the tooltip has it all.
            text = self._display(row, index.row(), col)
            if row.overdue:
                return QCoreApplication.translate(CTX, "{text} (overdue)").format(text=text)
            return text
        if row.overdue:
            if role == Qt.ItemDataRole.BackgroundRole:
                return self._warning_brush
            if role == Qt.ItemDataRole.DecorationRole and col == self.TRACKING:
                return self._warning_icon
            if role == Qt.ItemDataRole.ToolTipRole:
                return QCoreApplication.translate(CTX, "Overdue")
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.AGE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole and row.overdue and col == self.TRACKING:
            return QCoreApplication.translate(CTX, "{number}, overdue").format(
                number=row.tracking_number)
        return None

    def _display(self, row: RequestRow, n: int, col: int) -> str | int | None:
        if col == self.TRACKING:
            return ui.ltr(row.tracking_number)
        if col == self.CITIZEN:
            return row.citizen_name
        if col == self.SERVICE:
            service = (self._services or {}).get(row.service_code)
            return ui.service_name(service, self._language) if service else row.service_code
        if col == self.STATUS:
            return ui.status_text(row.status)
        if col == self.DUE:
            return ui.format_date(row.due_date)
        if col == self.AGE:
            return self._ages[n]
        return None
