"""The background sync worker: sync rounds off the GUI thread, results back as signals.

:class:`SyncWorker` wraps :class:`sync.scheduler.SyncScheduler`, whose own thread decides
when a round is due — on its timer, a few seconds after a local write (:meth:`poke`), as
soon as the server answers its health probe again after "no connection", or at once on
"Sync now" (:meth:`sync_now`). Each round runs :meth:`sync.engine.SyncEngine.run_once`
on that thread; the worker then reads the few things the status bar needs (last
successful sync, enrollment) on the same thread and emits :attr:`SyncWorker.status` with
a :class:`SyncStatus`. Signals emitted from the scheduler's thread reach slots in the
GUI thread through Qt's queued connections, so the GUI never waits on the network or
the database for sync.

A PC that is not enrolled does not start rounds that could only fail (nor fill the
history with them): the worker answers with a "not enrolled" status and the scheduler
waits for the user (:meth:`sync_now` after enrollment).

:meth:`shutdown` stops the scheduler after the round in progress (never cutting it) and
waits a few seconds for it; the thread is a daemon, so a round stuck on a dead link cannot
keep the application from closing. Records are never at risk: whatever a round did not
finish is simply sent again next time.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

import httpx
from PySide6.QtCore import QObject, Signal

from store import sync_ops
from store.errors import StoreError
from sync.engine import SyncEngine, SyncReport
from sync.errors import NotEnrolled
from sync.scheduler import SyncScheduler

log = logging.getLogger(__name__)

#: Seconds between rounds while all is well.
INTERVAL_S = 300.0
#: Seconds after a local write before its round (a burst of writes goes in one round).
DEBOUNCE_S = 3.0
#: Seconds between health probes while the server cannot be reached.
PROBE_INTERVAL_S = 20.0
#: How long closing the window waits for a round in progress.
SHUTDOWN_WAIT_S = 5.0


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar shows about sync, read off the GUI thread."""

    enrolled: bool = False
    server_url: str = ""
    pending: int = 0  # records waiting to be sent
    rejected: int = 0  # records the server refused, waiting for the user
    last_success_at: str | None = None  # ISO UTC of the last round without a problem
    error: str | None = None  # the last round's problem in plain (English) words
    error_kind: str | None = None  # a sync.errors kind, "not_enrolled", or None
    report: SyncReport | None = None  # the round's report (None: read at start-up)
    read_at: float = 0.0  # time.monotonic() when the counts were read (the later wins)

    @property
    def ok(self) -> bool:
        return self.error_kind is None


def read_status(store, report: SyncReport | None = None) -> SyncStatus:
    """The sync status from the store (and *report*, when a round just ended).

    The counts are read afresh, not taken from the report: a record saved while the round
    was finishing must not be shown as sent. Reads the database: call it off the GUI
    thread.
    """
    read_at = time.monotonic()
    counts = sync_ops.outbox_counts(store)
    info = sync_ops.sync_info(store)
    if report is not None:
        error, kind = report.error, report.error_kind
    else:
        error, kind = None, None
        if not info.enrolled:
            error, kind = NotEnrolled().text(), NotEnrolled.kind
    return SyncStatus(enrolled=info.enrolled, server_url=info.server_url,
                      pending=counts["pending"], rejected=counts["rejected"],
                      last_success_at=info.last_success_at, error=error, error_kind=kind,
                      report=report, read_at=read_at)


def read_counts(store) -> tuple[float, dict[str, int]]:
    """When the outbox was counted, and the counts (off the GUI thread)."""
    read_at = time.monotonic()
    return read_at, sync_ops.outbox_counts(store)


class SyncWorker(QObject):
    """Runs sync rounds in the background for one store (see the module doc)."""

    #: A round starts (after a probe, a write, the timer or "Sync now").
    round_started = Signal()
    #: A round ended: a :class:`SyncStatus` with its report.
    status = Signal(object)

    def __init__(self, store, parent: QObject | None = None, *,
                 transport: httpx.BaseTransport | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.engine = SyncEngine(store, transport=transport)
        self.scheduler = SyncScheduler(self._round, self.engine.probe, interval=INTERVAL_S,
                                       debounce=DEBOUNCE_S, probe_interval=PROBE_INTERVAL_S,
                                       on_report=self._reported)
        self._closing = threading.Event()
        self._started = False
        # What was asked for while a round was running: the scheduler plans the next
        # round when this one ends, which would forget it, so it is asked again then.
        self._asked_lock = threading.Lock()
        self._in_round = False
        self._poked = False
        self._forced = False

    # -- control (GUI thread) -------------------------------------------------------------
    def start(self) -> None:
        if not self._started:
            self._started = True
            self.scheduler.start()

    def poke(self) -> None:
        """Something was saved: sync soon (batched with other writes, never during a
        backoff)."""
        with self._asked_lock:
            self._poked = self._poked or self._in_round
        self.scheduler.poke()

    def sync_now(self) -> None:
        """A full round at once, whatever the backoff or an earlier stop."""
        with self._asked_lock:
            self._forced = self._forced or self._in_round
        self.scheduler.sync_now()

    def seconds_to_next(self) -> float | None:
        """Seconds until the next try (no database, no network); ``None`` when sync waits
        for the user."""
        return self.scheduler.seconds_to_next()

    def set_supplied_key(self, key_text: str | None) -> None:
        """The device key typed by the user on a PC without keyring (memory only)."""
        self.engine.supplied_key = key_text or None

    @property
    def has_supplied_key(self) -> bool:
        return bool(self.engine.supplied_key)

    def is_running(self) -> bool:
        return self._started and not self._closing.is_set()

    def shutdown(self, timeout: float = SHUTDOWN_WAIT_S) -> bool:
        """Stop after the round in progress; ``False`` if it was still going after
        *timeout* seconds (it then ends on its own; nothing is lost)."""
        self._closing.set()
        if not self._started:
            return True
        self.scheduler.stop(timeout)
        thread = self.scheduler._thread
        finished = thread is None or not thread.is_alive()
        if not finished:
            log.warning("a sync round was still running when Daftar closed; it is sent "
                        "again next time")
        return finished

    # -- the scheduler's thread -----------------------------------------------------------
    def _round(self) -> SyncReport:
        with self._asked_lock:
            self._in_round, self._poked, self._forced = True, False, False
        if self._closing.is_set():
            return SyncReport(error="closing", error_kind="closing")
        try:
            info = sync_ops.sync_info(self._store)
            if not info.enrolled:
                counts = sync_ops.outbox_counts(self._store)
                return SyncReport(error=NotEnrolled().text(), error_kind=NotEnrolled.kind,
                                  pending=counts["pending"],
                                  rejected_waiting=counts["rejected"])
        except StoreError as exc:
            return SyncReport(error=exc.text(), error_kind="local")
        self._emit(self.round_started)
        return self.engine.run_once()

    def _reported(self, report: SyncReport) -> None:
        with self._asked_lock:
            poked, forced = self._poked, self._forced
            self._in_round, self._poked, self._forced = False, False, False
        if self._closing.is_set():
            return
        if forced:
            self.scheduler.sync_now()
        elif poked:
            self.scheduler.poke()
        try:
            status = read_status(self._store, report)
        except Exception:  # the store closed or failed; show the report alone
            log.exception("could not read the sync state after a round")
            status = SyncStatus(enrolled=report.error_kind != NotEnrolled.kind,
                                pending=report.pending, rejected=report.rejected_waiting,
                                error=report.error, error_kind=report.error_kind,
                                report=report)
        self._emit(self.status, status)

    def _emit(self, signal, *args) -> None:
        if self._closing.is_set():
            return
        try:
            signal.emit(*args)
        except RuntimeError:  # the window (and this object) is already gone
            log.debug("sync signal after the worker was deleted", exc_info=True)
