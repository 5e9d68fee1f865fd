"""The Sync screen: the server, what waits to be sent, what was refused and why, the history.

Everything shown is read in the background (:func:`load_sync_view`) when the screen is
opened, after each sync round while it is open, and after "Send again". "Sync now" is the
screen's one strong button once the PC is connected; before that, "Connect to server" is.

Refused records cannot be edited (records are immutable and hash-bound): what gets fixed
is around them — a service added to the server's catalogue, an office moved — and then
"Send again" puts them back in the queue. A request is always sent again together with
its refused steps and its citizen, so that a parent refused earlier does not refuse its
children once more.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import text

from desktop import ui
from desktop.sync_status import PASSING, state_words
from desktop.sync_worker import SyncStatus
from desktop.tasks import run_task
from models.i18n import N_
from store import sync_ops

log = logging.getLogger(__name__)

CTX = "SyncPage"
ROW_HEIGHT = 36
HISTORY_LIMIT = 50
REJECTED_LIMIT = 1000
#: Kinds of record in the outbox, in the order a clerk thinks of them.
KINDS = ("service_request", "citizen", "request_event", "survey_response")
KIND_COUNTS = {
    "service_request": (N_(CTX, "1 request"), N_(CTX, "{count} requests")),
    "citizen": (N_(CTX, "1 citizen"), N_(CTX, "{count} citizens")),
    "request_event": (N_(CTX, "1 step or note on a request"),
                      N_(CTX, "{count} steps and notes on requests")),
    "survey_response": (N_(CTX, "1 survey interview"), N_(CTX, "{count} survey interviews")),
}
EVENT_WHAT = {
    "created": N_(CTX, "Registration of request {number}"),
    "status_changed": N_(CTX, "Status change of request {number}"),
    "note": N_(CTX, "Note on request {number}"),
    "feedback": N_(CTX, "Citizen's rating of request {number}"),
    "document_added": N_(CTX, "Document of request {number}"),
}
#: The server's reason for a record refused because of its parent says the parent's id and
#: reason again; a clerk sees the parent in the same list, so it is said plainly here.
FOLLOWS_PARENT = {
    "request_event": N_(CTX, "Its request was refused (see its reason), so this was refused "
                             "too. It goes again with the request."),
    "service_request": N_(CTX, "Its citizen record was refused (see its reason), so this "
                               "request was refused too. It goes again with the citizen."),
}
#: Kinds of problem after which typing the device key is the way on.
KEY_KINDS = frozenset({"no_keyring", "no_credential", "credential"})


def tr(text_: str) -> str:
    return QCoreApplication.translate(CTX, text_)


# -- reading (background thread) ------------------------------------------------------------
@dataclass
class RejectedRow:
    """A refused outbox entry and what it is about (raw; words are made on the screen)."""

    record_id: str
    kind: str
    code: str
    reason: str
    rejected_at: str
    request_id: str | None = None  # the request it belongs to (itself, for a request)
    citizen_id: str | None = None  # the citizen it belongs to
    tracking_number: str | None = None
    citizen_name: str | None = None
    event_kind: str | None = None


@dataclass
class SyncView:
    info: sync_ops.SyncInfo
    pending: dict[str, int] = field(default_factory=dict)  # per record kind
    rejected: list[RejectedRow] = field(default_factory=list)
    runs: list[dict] = field(default_factory=list)


def _in(ids: list[str]) -> tuple[str, dict]:
    params = {f"i{n}": v for n, v in enumerate(ids)}
    return ", ".join(f":{k}" for k in params), params


def _describe(conn, rows: list[RejectedRow]) -> None:
    """Fill in the tracking number, citizen and request of each refused record."""
    for start in range(0, len(rows), 500):
        chunk = rows[start:start + 500]
        requests = [r.record_id for r in chunk if r.kind == "service_request"]
        events = [r.record_id for r in chunk if r.kind == "request_event"]
        citizens = [r.record_id for r in chunk if r.kind == "citizen"]
        found: dict[str, dict] = {}
        if requests:
            marks, params = _in(requests)
            for m in conn.execute(text(
                    "SELECT r.id, r.tracking_number, r.citizen_id, c.name FROM service_request r "
                    f"LEFT JOIN citizen c ON c.id = r.citizen_id WHERE r.id IN ({marks})"),
                    params).mappings():
                found[m["id"]] = {"request_id": m["id"], "citizen_id": m["citizen_id"],
                                  "tracking_number": m["tracking_number"],
                                  "citizen_name": m["name"]}
        if events:
            marks, params = _in(events)
            for m in conn.execute(text(
                    "SELECT e.id, e.kind, e.request_id, r.tracking_number, r.citizen_id, c.name "
                    "FROM request_event e LEFT JOIN service_request r ON r.id = e.request_id "
                    "LEFT JOIN citizen c ON c.id = r.citizen_id "
                    f"WHERE e.id IN ({marks})"), params).mappings():
                found[m["id"]] = {"request_id": m["request_id"], "citizen_id": m["citizen_id"],
                                  "tracking_number": m["tracking_number"],
                                  "citizen_name": m["name"], "event_kind": m["kind"]}
        if citizens:
            marks, params = _in(citizens)
            for m in conn.execute(text(
                    f"SELECT id, name FROM citizen WHERE id IN ({marks})"), params).mappings():
                found[m["id"]] = {"citizen_id": m["id"], "citizen_name": m["name"]}
        for row in chunk:
            for key, value in found.get(row.record_id, {}).items():
                setattr(row, key, value)


def load_sync_view(store) -> SyncView:
    """Everything the Sync screen shows (reads the database: not on the GUI thread)."""
    view = SyncView(info=sync_ops.sync_info(store))
    with store._read() as conn:
        for kind, count in conn.execute(text(
                "SELECT record_kind, count(*) FROM outbox WHERE state = 'pending' "
                "GROUP BY record_kind")):
            view.pending[kind] = count
    view.rejected = [RejectedRow(r.record_id, r.kind, r.code, r.reason, r.rejected_at)
                     for r in sync_ops.rejected_records(store)[:REJECTED_LIMIT]]
    if view.rejected:
        with store._read() as conn:
            _describe(conn, view.rejected)
    view.runs = sync_ops.sync_runs(store, limit=HISTORY_LIMIT)
    return view


def family(rows: list[RejectedRow], chosen: set[str]) -> list[str]:
    """The refused records to send again with *chosen*: a chosen request (or step) with
    the request's refused steps and its citizen; a chosen citizen with its refused
    requests and their steps."""
    by_id = {r.record_id: r for r in rows}
    requests: set[str] = set()
    chosen_citizens: set[str] = set()
    needed_citizens: set[str] = set()
    for rid in chosen & set(by_id):
        row = by_id[rid]
        if row.kind == "citizen":
            chosen_citizens.add(rid)
        elif row.request_id:
            requests.add(row.request_id)
            if row.citizen_id:
                needed_citizens.add(row.citizen_id)
    ids = chosen & set(by_id)
    for row in rows:
        if (row.request_id is not None and row.request_id in requests) or \
                (row.kind == "citizen" and row.record_id in needed_citizens) or \
                (row.citizen_id is not None and row.citizen_id in chosen_citizens):
            ids.add(row.record_id)
    return sorted(ids)


# -- words ----------------------------------------------------------------------------------
def kind_words(kind: str, count: int) -> str:
    one, many = KIND_COUNTS.get(kind, (N_(CTX, "1 other record"),
                                       N_(CTX, "{count} other records")))
    return tr(one) if count == 1 else tr(many).format(count=ui.format_number(count))


def what_words(row: RejectedRow) -> str:
    number = ui.ltr(row.tracking_number) if row.tracking_number else None
    if row.kind == "service_request" and number:
        if row.citizen_name:
            return tr("Request {number} ({name})").format(number=number, name=row.citizen_name)
        return tr("Request {number}").format(number=number)
    if row.kind == "request_event" and number:
        return tr(EVENT_WHAT.get(row.event_kind or "", N_(CTX, "Change to request {number}"))
                  ).format(number=number)
    if row.kind == "citizen" and row.citizen_name:
        return tr("Citizen {name}").format(name=row.citizen_name)
    if row.kind == "survey_response":
        return tr("Survey interview {id}").format(id=ui.ltr(row.record_id[-12:]))
    return tr("Record {id}").format(id=row.record_id)


def reason_words(row: RejectedRow) -> str:
    if row.code == "missing_parent" and row.kind in FOLLOWS_PARENT:
        return tr(FOLLOWS_PARENT[row.kind])
    return row.reason


def result_words(run: dict, *, latest: bool, running: bool) -> str:
    if run.get("finished_at") is None:
        return tr("In progress…") if latest and running else tr("Did not finish")
    if run.get("error"):
        return QCoreApplication.translate("sync", run["error"])
    waiting = run.get("pending_after") or 0
    if waiting == 0 and not run.get("rejected"):
        return tr("All sent")
    if waiting == 0:
        return tr("Sent; some records were refused")
    if waiting == 1:
        return tr("1 record still waiting")
    return tr("{count} records still waiting").format(count=ui.format_number(waiting))


def _item(value: str | int, *, number: bool = False, tip: str | None = None
          ) -> QTableWidgetItem:
    item = QTableWidgetItem(ui.format_number(value) if number else str(value))
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if number:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if tip:
        item.setToolTip(tip)
    return item


# -- the screen -------------------------------------------------------------------------------
class SyncPage(QWidget):
    """The Sync screen. The main window connects its requests to the sync worker."""

    sync_requested = Signal()  # "Sync now", or records were put back in the queue
    connect_requested = Signal()  # "Connect to server"
    key_requested = Signal()  # "Type the device key"
    resent = Signal(int)  # how many refused records went back in the queue
    loaded = Signal()  # the screen shows fresh data (tests wait on it)

    def __init__(self, store, sync_now_action: QAction, *, language: str = "en",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_page")
        self._store = store
        self._language = language
        self._loading = False
        self._again = False
        self.view: SyncView | None = None
        self.status: SyncStatus | None = None
        self.running = False

        # Tall Urdu (Nastaliq) lines push the tables off a 768-pixel screen: the page
        # scrolls up and down instead of squeezing them to their headers.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("page_scroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget(self.scroll)
        content.setObjectName("page_content")
        self.scroll.setWidget(content)
        outer.addWidget(self.scroll)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)

        head = QHBoxLayout()
        title = QLabel(self.tr("Sync"), self)
        title.setObjectName("page_title")
        head.addWidget(title)
        head.addStretch(1)
        self.connect_button = QPushButton(ui.icon("fa5s.plug"), self.tr("Connect to server"),
                                          self)
        self.connect_button.setObjectName("connect_button")
        self.connect_button.setToolTip(self.tr("Connect this PC to the central server with a "
                                               "one-time token from the central admin"))
        self.connect_button.clicked.connect(self.connect_requested)
        self.sync_now_button = QPushButton(ui.icon("fa5s.sync-alt", "#ffffff"),
                                           sync_now_action.text(), self)
        self.sync_now_button.setObjectName("sync_now_button")
        self.sync_now_button.setToolTip(sync_now_action.toolTip())
        self.sync_now_button.clicked.connect(sync_now_action.trigger)
        head.addWidget(self.connect_button)
        head.addWidget(self.sync_now_button)
        layout.addLayout(head)

        self.banner = QLabel(self)
        self.banner.setObjectName("banner")
        self.banner.setProperty("level", "error")
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.banner)

        cards = QHBoxLayout()
        cards.setSpacing(12)
        cards.addWidget(self._build_server_card(), 3)
        cards.addWidget(self._build_pending_card(), 2)
        layout.addLayout(cards)

        layout.addLayout(self._build_rejected_head())
        self.rejected_table = QTableWidget(0, 3, self)
        self.rejected_table.setObjectName("rejected_table")
        self.rejected_table.setHorizontalHeaderLabels(
            [self.tr("What"), self.tr("When"), self.tr("Why the server refused it")])
        self._setup_table(self.rejected_table)
        self.rejected_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.rejected_table.setWordWrap(True)
        header = self.rejected_table.horizontalHeader()
        metrics = self.rejected_table.fontMetrics()
        header.resizeSection(0, metrics.horizontalAdvance("Status change of request "
                                                          "LHR1-261128-010001-W") + 24)
        header.resizeSection(1, metrics.horizontalAdvance("28 Nov 2026, 10:42 PM") + 28)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # Reasons wrap: rows grow to show them whole whenever the column width changes.
        header.sectionResized.connect(self._fit_rejected_rows)
        self.rejected_table.itemSelectionChanged.connect(self._selection_changed)
        self.rejected_empty = QLabel(self.tr("The server has refused nothing."), self)
        self.rejected_empty.setObjectName("rejected_empty")
        self.rejected_empty.setProperty("muted", True)
        self._rejected_stack = QStackedWidget(self)
        self._rejected_stack.addWidget(self.rejected_empty)
        self._rejected_stack.addWidget(self.rejected_table)
        layout.addWidget(self._rejected_stack, 3)
        self._layout = layout

        history_title = QLabel(self.tr("Sync history"), self)
        history_title.setProperty("heading", True)
        layout.addWidget(history_title)
        self.history_table = QTableWidget(0, 6, self)
        self.history_table.setObjectName("history_table")
        headers = [
            (self.tr("Started"), self.tr("When the round began (office time)")),
            (self.tr("Sent"), self.tr("Records the server received for the first time")),
            (self.tr("Already there"), self.tr("Records the server already had (sent again "
                                               "after a lost answer; never duplicated)")),
            (self.tr("Refused"), self.tr("Records the server refused (listed above with "
                                         "the reason)")),
            (self.tr("Received"), self.tr("Changes received from the server: other offices' "
                                          "work, services and offices")),
            (self.tr("Result"), ""),
        ]
        for col, (words, tip) in enumerate(headers):
            item = QTableWidgetItem(words)
            if tip:
                item.setToolTip(tip)
            self.history_table.setHorizontalHeaderItem(col, item)
        self._setup_table(self.history_table)
        self.history_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.history_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.history_table.horizontalHeader()
        metrics = self.history_table.fontMetrics()
        header.resizeSection(0, metrics.horizontalAdvance("28 Nov 2026, 10:42 PM") + 28)
        for col in range(1, 5):
            header.resizeSection(col, max(metrics.horizontalAdvance(headers[col][0]),
                                          metrics.horizontalAdvance("00,000")) + 32)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.history_table, 2)
        self._show_enrollment(None)

    # -- building -------------------------------------------------------------------------
    def _build_server_card(self) -> QWidget:
        box = ui.card(self)
        box.setObjectName("server_card")
        grid = QGridLayout(box)
        grid.setContentsMargins(20, 14, 20, 14)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        self.server_label = QLabel(box)
        self.server_label.setObjectName("server_label")
        self.server_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.enrollment_label = QLabel(box)
        self.enrollment_label.setObjectName("enrollment_label")
        self.enrollment_label.setWordWrap(True)
        self.last_sync_label = QLabel(box)
        self.last_sync_label.setObjectName("last_sync_label")
        self.state_label = QLabel(box)
        self.state_label.setObjectName("state_label")
        self.state_label.setWordWrap(True)
        self.problem_label = ui.ErrorLabel("problem_label", box)
        self.detail_label = QLabel(box)
        self.detail_label.setObjectName("detail_label")
        self.detail_label.setProperty("muted", True)
        self.detail_label.setWordWrap(True)
        self.detail_label.hide()
        self.key_button = QPushButton(ui.icon("fa5s.key"), self.tr("Type the device key"),
                                      box)
        self.key_button.setObjectName("key_button")
        self.key_button.setToolTip(self.tr("This PC has no safe password store: type the "
                                           "device key for this session"))
        self.key_button.clicked.connect(self.key_requested)
        self.key_button.hide()
        rows = ((self.tr("Server"), self.server_label),
                (self.tr("This PC"), self.enrollment_label),
                (self.tr("Last successful sync"), self.last_sync_label),
                (self.tr("Now"), self.state_label))
        for n, (words, value) in enumerate(rows):
            label = QLabel(words, box)
            label.setProperty("muted", True)
            grid.addWidget(label, n, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, n, 1)
        grid.addWidget(self.problem_label, len(rows), 1)
        grid.addWidget(self.detail_label, len(rows) + 1, 1)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_button)
        key_row.addStretch(1)
        grid.addLayout(key_row, len(rows) + 2, 1)
        grid.setRowStretch(len(rows) + 3, 1)
        return box

    def _build_pending_card(self) -> QWidget:
        box = ui.card(self)
        box.setObjectName("pending_card")
        column = QVBoxLayout(box)
        column.setContentsMargins(20, 14, 20, 14)
        column.setSpacing(6)
        title = QLabel(self.tr("Waiting to be sent"), box)
        title.setProperty("heading", True)
        self.pending_label = QLabel(box)
        self.pending_label.setObjectName("pending_label")
        self.pending_label.setWordWrap(True)
        column.addWidget(title)
        column.addWidget(self.pending_label)
        column.addStretch(1)
        return box

    def _build_rejected_head(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(8)
        title = QLabel(self.tr("Refused by the server"), self)
        title.setProperty("heading", True)
        self.rejected_count = QLabel(self)
        self.rejected_count.setObjectName("rejected_count")
        self.rejected_count.setProperty("muted", True)
        self.send_again_button = QPushButton(ui.icon("fa5s.redo"), self.tr("Send again"), self)
        self.send_again_button.setObjectName("send_again_button")
        self.send_again_button.setToolTip(self.tr(
            "Put the selected records back in the queue once the problem is fixed (a request "
            "goes again with its steps and its citizen)"))
        self.send_again_button.setEnabled(False)
        self.send_again_button.clicked.connect(self.send_again)
        row.addWidget(title)
        row.addWidget(self.rejected_count)
        row.addStretch(1)
        row.addWidget(self.send_again_button)
        return row

    def _setup_table(self, table: QTableWidget) -> None:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setTabKeyNavigation(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        vheader = table.verticalHeader()
        vheader.hide()
        vheader.setDefaultSectionSize(max(ROW_HEIGHT, table.fontMetrics().height() + 14))
        # The header and at least two rows always show.
        table.setMinimumHeight(table.horizontalHeader().sizeHint().height() +
                               2 * vheader.defaultSectionSize() + 2 * table.frameWidth())
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)

    # -- loading --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read everything again in the background (one read at a time)."""
        if self._loading:
            self._again = True
            return
        self._loading = True
        store = self._store
        run_task(lambda: load_sync_view(store), self._show, self._load_failed, owner=self)

    def _load_failed(self, exc: BaseException) -> None:
        self._loading = False
        log.warning("Reading the sync state failed: %s", exc)
        self.banner.setText(self.tr("The sync state could not be read. Your records are "
                                    "safe; close this screen and open it again."))
        self.banner.show()

    def _show(self, view: SyncView) -> None:
        self._loading = False
        self.banner.hide()
        self.view = view
        self._show_enrollment(view.info)
        self._show_pending(view)
        self._show_rejected(view.rejected)
        self._show_history(view.runs)
        self.loaded.emit()
        if self._again:
            self._again = False
            self.refresh()

    def _show_enrollment(self, info: sync_ops.SyncInfo | None) -> None:
        enrolled = bool(info and info.enrolled)
        if info is None:
            self.server_label.setText("…")
            self.enrollment_label.clear()
        elif info.server_url:
            self.server_label.setText(ui.ltr(info.server_url))
        else:
            self.server_label.setText(self.tr("None yet"))
        if info is not None and enrolled:
            number = f"{info.device_number:02d}" if info.device_number is not None else "?"
            since = ui.format_timestamp(info.enrolled_at) if info.enrolled_at else ""
            words = self.tr("Office {office}, PC number {number}").format(
                office=info.office_code or "?", number=number)
            if since:
                words = self.tr("{words} — connected since {when}").format(words=words,
                                                                          when=since)
            self.enrollment_label.setText(words)
        elif info is not None:
            self.enrollment_label.setText(self.tr(
                "Not connected to a server yet. Ask the central admin for a one-time token, "
                "then press “Connect to server”."))
        if info is not None:
            self.last_sync_label.setText(ui.format_timestamp(info.last_success_at)
                                         if info.last_success_at else self.tr("Never"))
        # One strong button: "Connect to server" until connected, then "Sync now".
        self.sync_now_button.setEnabled(enrolled and not self.running)
        self.sync_now_button.setProperty("primary", enrolled)
        self.connect_button.setProperty("primary", not enrolled)
        self.connect_button.setIcon(ui.icon("fa5s.plug", "text" if enrolled else "#ffffff"))
        self.sync_now_button.setIcon(ui.icon("fa5s.sync-alt", "#ffffff" if enrolled
                                             else "sidebar_disabled"))
        ui.repolish(self.sync_now_button)
        ui.repolish(self.connect_button)
        if not enrolled:
            self.sync_now_button.setToolTip(self.tr("Connect this PC to a server first"))

    def _show_pending(self, view: SyncView) -> None:
        parts = [kind_words(kind, view.pending[kind]) for kind in KINDS
                 if view.pending.get(kind)]
        parts += [kind_words(kind, n) for kind, n in sorted(view.pending.items())
                  if kind not in KINDS and n]
        if not parts:
            self.pending_label.setText(self.tr("Nothing is waiting: the server has "
                                               "everything saved on this PC."))
        else:
            self.pending_label.setText("\n".join(parts))

    def _show_rejected(self, rows: list[RejectedRow]) -> None:
        table = self.rejected_table
        selected = set(self.selected_ids())
        table.setRowCount(len(rows))
        for n, row in enumerate(rows):
            what = _item(what_words(row))
            what.setData(Qt.ItemDataRole.UserRole, row.record_id)
            when = _item(ui.format_timestamp(row.rejected_at) if row.rejected_at else "")
            reason = _item(reason_words(row), tip=self.tr(
                "The server's words: {reason} ({code})").format(reason=row.reason,
                                                              code=row.code))
            what.setIcon(ui.icon("fa5s.times-circle", "error"))
            table.setItem(n, 0, what)
            table.setItem(n, 1, when)
            table.setItem(n, 2, reason)
        self._fit_rejected_rows()
        table.clearSelection()
        for n, row in enumerate(rows):
            if row.record_id in selected:
                table.selectRow(n)
        if rows:
            count = len(rows)
            self.rejected_count.setText(self.tr("1 record") if count == 1 else
                                        self.tr("{count} records").format(
                                            count=ui.format_number(count)))
        else:
            self.rejected_count.clear()
        self._rejected_stack.setCurrentWidget(self.rejected_table if rows
                                              else self.rejected_empty)
        # Nothing refused: the history gets the room.
        self._layout.setStretchFactor(self._rejected_stack, 3 if rows else 0)
        self._rejected_stack.setSizePolicy(
            QSizePolicy.Policy.Preferred,
            QSizePolicy.Policy.Expanding if rows else QSizePolicy.Policy.Maximum)
        self._selection_changed()

    def _fit_rejected_rows(self, *_args) -> None:
        self.rejected_table.resizeRowsToContents()

    def _show_history(self, runs: list[dict]) -> None:
        table = self.history_table
        table.setRowCount(len(runs))
        for n, run in enumerate(runs):
            result = result_words(run, latest=n == 0, running=self.running)
            table.setItem(n, 0, _item(ui.format_timestamp(run["started_at"])))
            table.setItem(n, 1, _item(run.get("pushed") or 0, number=True))
            table.setItem(n, 2, _item(run.get("already_held") or 0, number=True))
            table.setItem(n, 3, _item(run.get("rejected") or 0, number=True))
            table.setItem(n, 4, _item(run.get("pulled") or 0, number=True))
            item = _item(result, tip=result)
            if run.get("error"):
                item.setIcon(ui.icon("fa5s.exclamation-triangle", "warning"))
            elif run.get("finished_at"):
                item.setIcon(ui.icon("fa5s.check", "accent"))
            table.setItem(n, 5, item)

    # -- live state -----------------------------------------------------------------------
    def show_status(self, status: SyncStatus | None, *, running: bool,
                    seconds_to_next: float | None) -> None:
        """The live sync state (from the status bar's data; no database)."""
        self.status = status
        self.running = running
        self.state_label.setText(state_words(status, running=running,
                                             seconds_to_next=seconds_to_next,
                                             with_last=False))
        problem = status.error if status is not None and status.enrolled and \
            not status.ok and not running else ""
        problem = QCoreApplication.translate("sync", problem) if problem else ""
        # A problem that passes by itself (sync tries again) is said quietly; one that
        # needs the person is shown as an error.
        passing = bool(status and status.error_kind in PASSING)
        if problem and not passing:
            self.problem_label.show_error(problem)
        else:
            self.problem_label.clear_error()
        self.detail_label.setText(problem)
        self.detail_label.setVisible(bool(problem) and passing)
        self.key_button.setVisible(bool(status and status.error_kind in KEY_KINDS))
        enrolled = bool(status and status.enrolled) or bool(self.view and
                                                            self.view.info.enrolled)
        self.sync_now_button.setEnabled(enrolled and not running)
        self.sync_now_button.setText(self.tr("Syncing…") if running else self.tr("Sync now"))
        if status is not None and status.last_success_at:
            self.last_sync_label.setText(ui.format_timestamp(status.last_success_at))

    # -- refused records ------------------------------------------------------------------
    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.rejected_table.selectionModel().selectedRows()})
        out = []
        for row in rows:
            item = self.rejected_table.item(row, 0)
            if item is not None:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    def _selection_changed(self) -> None:
        self.send_again_button.setEnabled(bool(self.selected_ids()))

    def send_again(self) -> None:
        """Put the selected refused records (and those that belong with them) back in
        the queue, in the background; then sync."""
        chosen = set(self.selected_ids())
        if not chosen or self.view is None:
            return
        ids = family(self.view.rejected, chosen)
        self.send_again_button.setEnabled(False)
        store = self._store

        def done(count: int) -> None:
            self.resent.emit(count)
            self.sync_requested.emit()
            self.refresh()

        def failed(exc: BaseException) -> None:
            self._selection_changed()
            from desktop.messages import report_error

            report_error(exc, parent=self)

        run_task(lambda: sync_ops.resend(store, ids), done, failed, owner=self)
