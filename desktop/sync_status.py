"""The sync part of the status bar: what waits to be sent, the last sync, the problem.

Two labels, always filled in, in plain words::

    12 records waiting to be sent | ⚠ No connection to the server — next try in 2 min · last sync 10:42
    Everything has been sent      | ✓ Last sync 10:42
    3 records waiting to be sent  | ⏻ Not connected to a server yet — use Sync ▸ Connect to server

The words come from a :class:`desktop.sync_worker.SyncStatus` (delivered after each round
with its counts) and from quick background counts after local writes. The "next try in"
part is refreshed by a one-second timer that only asks the scheduler how long it will wait
(no database, no network); the timer runs only while a retry is pending.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QDateTime,
    QLocale,
    QObject,
    Qt,
    QTime,
    QTimer,
    Signal,
)
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStatusBar, QWidget

from desktop import ui
from desktop.sync_worker import SyncStatus
from models.i18n import N_
from store.records import PKT

CTX = "SyncStatus"

#: Problems sync cannot get past by itself: the words say what the person should do.
PROBLEMS = {
    "no_connection": N_(CTX, "No connection to the server"),
    "server_error": N_(CTX, "The server has a problem"),
    "refused": N_(CTX, "The server refused the last sync — see Sync"),
    "not_enrolled": N_(CTX, "Not connected to a server yet — use Sync ▸ Connect to server"),
    "revoked": N_(CTX, "The central admin has blocked this PC from syncing — ask IT"),
    "not_authorized": N_(CTX, "The server does not accept this PC — ask IT"),
    "wrong_office": N_(CTX, "The server does not accept this PC — ask IT"),
    "clock_skew": N_(CTX, "This PC's date or time is wrong — correct it, then sync again"),
    "certificate": N_(CTX, "The server's certificate could not be checked — ask IT"),
    "insecure_url": N_(CTX, "The server address is not safe (https://) — ask IT"),
    "no_keyring": N_(CTX, "Sync needs the device key — open Sync to type it"),
    "no_credential": N_(CTX, "Sync needs the device key — open Sync to type it"),
    "credential": N_(CTX, "Sync needs the device key — open Sync to type it"),
    "local": N_(CTX, "A problem on this PC stopped sync — see Sync"),
}
OTHER_PROBLEM = N_(CTX, "Sync stopped unexpectedly; your data is safe — see Sync")


def tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


def problem_words(kind: str | None) -> str:
    return tr(PROBLEMS.get(kind or "", OTHER_PROBLEM))


def wait_words(seconds: float) -> str:
    """"next try in 45 s" / "next try in 2 min" (rounded up: never promises too early)."""
    if seconds < 1:
        return tr("trying again")
    if seconds < 60:
        return tr("next try in {n} s").format(n=ui.format_number(math.ceil(seconds)))
    return tr("next try in {n} min").format(n=ui.format_number(math.ceil(seconds / 60)))


def moment_words(iso: str, today: datetime | None = None) -> str:
    """A stored UTC moment as office time: "10:42 AM" today, else "28 Nov, 10:42 AM"."""
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(PKT)
    today = (today or datetime.now(PKT)).astimezone(PKT)
    qdt = QDateTime(QDate(moment.year, moment.month, moment.day),
                    QTime(moment.hour, moment.minute, moment.second))
    if moment.date() == today.date():
        return QLocale().toString(qdt, "h:mm AP")
    if moment.year == today.year:
        return QLocale().toString(qdt, "d MMM, h:mm AP")
    return QLocale().toString(qdt, ui.DATETIME_FORMAT)


def count_words(pending: int, rejected: int) -> str:
    """What still has to reach the server, in words."""
    if pending == 0 and rejected == 0:
        return tr("Everything has been sent")
    if rejected == 0:
        if pending == 1:
            return tr("1 record waiting to be sent")
        return tr("{count} records waiting to be sent").format(count=ui.format_number(pending))
    if pending == 0:
        if rejected == 1:
            return tr("1 record refused by the server — see Sync")
        return tr("{count} records refused by the server — see Sync").format(
            count=ui.format_number(rejected))
    return tr("{count} waiting, {refused} refused — see Sync").format(
        count=ui.format_number(pending), refused=ui.format_number(rejected))


#: Problems that pass by themselves (sync tries again): shown as a warning, not an error.
PASSING = frozenset({"no_connection", "server_error"})


def state_words(status: SyncStatus | None, *, running: bool,
                seconds_to_next: float | None, with_last: bool = True) -> str:
    """The connection part: a round going on, the last sync, or the problem (and, with
    *with_last*, when the last successful sync was)."""
    if status is None:
        return tr("Checking sync…")
    if not status.enrolled:
        return problem_words("not_enrolled")
    if running:
        return tr("Syncing with the server…")
    last = moment_words(status.last_success_at) if status.last_success_at else None
    if status.ok:
        if last is None:
            return tr("Connected to the server — not synced yet")
        return tr("Last sync {time}").format(time=last)
    text = problem_words(status.error_kind)
    if seconds_to_next is not None:
        text = tr("{problem} — {wait}").format(problem=text, wait=wait_words(seconds_to_next))
    if last is not None and with_last:
        text = tr("{text} · last sync {time}").format(text=text, time=last)
    return text


class _Clickable(QWidget):
    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
                event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class SyncStatusArea(QObject):
    """Keeps the status bar's sync labels up to date (GUI thread only)."""

    #: The person clicked the sync state: show the Sync screen.
    clicked = Signal()
    #: The words changed (tests wait on it).
    changed = Signal()

    def __init__(self, bar: QStatusBar, seconds_to_next, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._seconds_to_next = seconds_to_next
        self.status: SyncStatus | None = None
        self.running = False
        self._counts_at = -math.inf  # when the counts shown were read
        self.outbox_label = QLabel(bar)
        self.outbox_label.setObjectName("outbox_label")
        self.outbox_label.setToolTip(tr("Records saved on this PC that the central server "
                                        "has not received yet"))
        self.box = _Clickable(bar)
        self.box.setObjectName("sync_status")
        self.box.setCursor(Qt.CursorShape.PointingHandCursor)
        self.box.clicked.connect(self.clicked)
        row = QHBoxLayout(self.box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)  # the status bar's labels bring their own padding
        self.sync_label = ui.ElidedLabel(self.box, min_width=160)
        self.sync_label.setObjectName("sync_label")
        row.addWidget(self.sync_label)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._refresh)

    # -- what comes in --------------------------------------------------------------------
    def set_status(self, status: SyncStatus, *, round_ended: bool = False) -> None:
        """A status read in the background; one read before the one shown is ignored,
        and counts read before those shown are kept out."""
        if round_ended:
            self.running = False
        current = self.status
        if current is None or status.read_at >= current.read_at:
            if current is not None and status.read_at < self._counts_at:
                status = replace(status, pending=current.pending, rejected=current.rejected)
            self.status = status
            self._counts_at = max(self._counts_at, status.read_at)
        self._refresh()

    def set_counts(self, pending: int, rejected: int, read_at: float) -> None:
        """Counts from a quick background read (after a local write)."""
        if read_at < self._counts_at:
            return  # a round's status read them later
        self._counts_at = read_at
        if self.status is None:  # the first status is still being read
            self.outbox_label.setText(count_words(pending, rejected))
            return
        self.status = replace(self.status, pending=pending, rejected=rejected)
        self._refresh()

    def set_running(self, running: bool) -> None:
        self.running = running
        self._refresh()

    def stop(self) -> None:
        self._timer.stop()

    def retranslate(self) -> None:
        """Say it all again in the current language."""
        self.outbox_label.setToolTip(tr("Records saved on this PC that the central server "
                                        "has not received yet"))
        self._refresh()

    # -- the words ------------------------------------------------------------------------
    def _refresh(self) -> None:
        status = self.status
        wait = None
        if status is not None and status.enrolled and not status.ok and not self.running:
            wait = self._seconds_to_next()
        if wait is not None:
            if not self._timer.isActive():
                self._timer.start()
        else:
            self._timer.stop()
        if status is not None:
            self.outbox_label.setText(count_words(status.pending, status.rejected))
        text = state_words(status, running=self.running, seconds_to_next=wait)
        self.sync_label.setText(text)
        self.sync_label.setToolTip(self._tooltip(status))
        self.sync_label.set_icon(self._icon(status))
        self.changed.emit()

    def _icon(self, status: SyncStatus | None):
        if status is None or self.running:
            return ui.icon("fa5s.sync-alt", "muted" if status is None else "accent")
        if not status.enrolled:
            return ui.icon("fa5s.plug", "muted")
        if status.ok:
            return ui.icon("fa5s.check-circle", "accent")
        if status.error_kind in PASSING:
            return ui.icon("fa5s.exclamation-triangle", "warning")
        return ui.icon("fa5s.exclamation-circle", "error")

    def _tooltip(self, status: SyncStatus | None) -> str:
        lines = [self.sync_label.text(), tr("Click to open the Sync screen.")]
        if status is not None and status.error and status.enrolled:
            lines.insert(1, QCoreApplication.translate("sync", status.error))
        return "\n".join(lines)
