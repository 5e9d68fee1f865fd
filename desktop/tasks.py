"""Background work through one helper: run a function on a thread pool, get its result
back on the GUI thread.

    run_task(lambda: store.list_requests(flt), self._show_page, owner=self)

*func* runs on a ``QThreadPool`` thread and must not touch widgets (the store, files and
plain Python are fine). Its return value is handed to
*on_result*, or the exception it raised to *on_error*, on the GUI thread, through a queued
signal (the way Picard's ``picard/util/thread.py`` does it). When *owner* — usually the
widget or model that asked — has been deleted by then, the answer is dropped: a closed
dialog is not resurrected by a late reply.

Without *on_error*, errors go to :func:`desktop.messages.report_error`, which tells the
user in plain words (or, for a bug, logs it and says the data is safe).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

#: Reads are concurrent in SQLite's WAL mode; writes queue on the store's write lock.
MAX_THREADS = 4


class _Job:
    """One piece of work and where its answer goes."""

    __slots__ = ("error", "func", "on_error", "on_result", "owner", "result")

    def __init__(self, func, on_result, on_error, owner) -> None:
        self.func = func
        self.on_result = on_result
        self.on_error = on_error
        self.owner = owner
        self.result: Any = None
        self.error: BaseException | None = None

    def deliver(self) -> None:
        if self.owner is not None and not shiboken6.isValid(self.owner):
            return  # whoever asked is gone; nobody to tell
        if self.error is None:
            if self.on_result is not None:
                self.on_result(self.result)
        elif self.on_error is not None:
            self.on_error(self.error)
        else:
            from desktop.messages import report_error

            report_error(self.error, parent=self.owner)


class _Runnable(QRunnable):
    def __init__(self, job: _Job, dispatcher: _Dispatcher) -> None:
        super().__init__()
        self._job = job
        self._dispatcher = dispatcher

    def run(self) -> None:
        job = self._job
        try:
            job.result = job.func()
        except Exception as exc:  # handed to the GUI thread, which decides what to say
            job.error = exc
        self._dispatcher.done.emit(job)


class _Dispatcher(QObject):
    """Lives in the GUI thread; its queued slot runs each job's callback there."""

    done = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(MAX_THREADS)
        self.pending: set[_Job] = set()
        self._lock = threading.Lock()
        self.done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _deliver(self, job: _Job) -> None:
        with self._lock:
            self.pending.discard(job)
        job.deliver()

    def start(self, job: _Job) -> None:
        with self._lock:
            self.pending.add(job)
        self.pool.start(_Runnable(job, self))


_dispatcher: _Dispatcher | None = None


def _get_dispatcher() -> _Dispatcher:
    global _dispatcher
    if _dispatcher is None or not shiboken6.isValid(_dispatcher):
        _dispatcher = _Dispatcher()
    return _dispatcher


def run_task(func: Callable[[], Any], on_result: Callable[[Any], None] | None = None,
             on_error: Callable[[BaseException], None] | None = None, *,
             owner: QObject | None = None) -> None:
    """Run *func()* on the thread pool; call *on_result(value)* or *on_error(exc)* on the
    GUI thread afterwards (never before this function returns)."""
    _get_dispatcher().start(_Job(func, on_result, on_error, owner))


def pending() -> int:
    """How many tasks have not delivered their answer yet."""
    return len(_dispatcher.pending) if _dispatcher is not None else 0


def wait_for_idle(timeout_ms: int = 30_000) -> bool:
    """Let every task finish and deliver (tests, and closing the window before the store).

    Returns ``False`` if work was still going on after *timeout_ms*.
    """
    if _dispatcher is None:
        return True
    deadline = timeout_ms
    while _dispatcher.pending and deadline > 0:
        _dispatcher.pool.waitForDone(100)
        QCoreApplication.processEvents()
        deadline -= 100
    return not _dispatcher.pending
