"""When to sync: a timer, new local writes, the network coming back, and backoff.

:class:`SyncScheduler` is a plain thread (no Qt; the desktop wraps it or runs it as is)
that sleeps on an :class:`threading.Event` until the next round is due:

* **timer** — every *interval* seconds while all is well;
* **local writes** — :meth:`SyncScheduler.poke` (the store side calls it after saving a
  record) syncs a few seconds later, batching a burst of writes; during a backoff it
  does not hammer a failing server, and when offline it probes first;
* **network back** — after "no connection", a cheap ``GET /api/v1/health`` probe runs
  every *probe_interval* seconds, and a round starts as soon as it answers;
* **backoff** — after a failure, rounds wait :class:`Backoff` (full jitter, 5 s doubling
  up to 5 min), reset by the next success;
* **stop** — a revoked PC, or one without enrollment or device key, stops retrying until
  the user acts (:meth:`SyncScheduler.sync_now`).
"""

from __future__ import annotations

import logging
import math
import random
import threading
import time
from collections.abc import Callable

from sync.engine import SyncReport

log = logging.getLogger(__name__)

#: Problems that no retry can fix: wait for the user.
STOPPING_KINDS = frozenset({"revoked", "not_enrolled", "no_keyring", "no_credential",
                            "credential", "wrong_office", "insecure_url", "not_authorized"})
#: Problems of reachability: probe cheaply until the server answers again.
OFFLINE_KINDS = frozenset({"no_connection"})


class Backoff:
    """Exponential backoff with full jitter: the *n*-th delay is uniform in
    ``[0, min(cap, base·2ⁿ)]`` (so a whole district's PCs coming back after an outage do
    not all knock at once). :meth:`reset` after a success."""

    def __init__(self, base: float = 5.0, cap: float = 300.0,
                 rng: Callable[[], float] = random.random) -> None:
        self.base, self.cap, self._rng = base, cap, rng
        self.failures = 0

    def ceiling(self) -> float:
        """The largest delay the next call may return."""
        return min(self.cap, self.base * 2 ** min(self.failures, 32))

    def next_delay(self) -> float:
        delay = self._rng() * self.ceiling()
        self.failures += 1
        return delay

    def reset(self) -> None:
        self.failures = 0


class SyncScheduler:
    """Runs *run_round* on a background thread whenever a sync is due (see module doc).

    *run_round* returns a :class:`~sync.engine.SyncReport`; *probe* says whether the
    server answers; *on_report* receives every report (on the scheduler's thread: a Qt
    wrapper re-emits it as a signal).
    """

    def __init__(self, run_round: Callable[[], SyncReport],
                 probe: Callable[[], bool] | None = None, *,
                 interval: float = 300.0, debounce: float = 3.0, probe_interval: float = 20.0,
                 backoff: Backoff | None = None,
                 on_report: Callable[[SyncReport], None] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.run_round = run_round
        self.probe = probe
        self.interval = interval
        self.debounce = debounce
        self.probe_interval = probe_interval
        self.backoff = backoff or Backoff()
        self.on_report = on_report
        self._clock = clock
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._due = 0.0  # sync at start
        self._backoff_until = 0.0
        self._forced = False
        self.offline = False
        self.stopped_reason: str | None = None  # set when a problem needs the user
        self.last_report: SyncReport | None = None
        self.rounds = 0
        self.probes = 0

    # -- control (any thread) -------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the scheduler is already running")
        self._thread = threading.Thread(target=self._loop, name="daftar-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = 10.0) -> None:
        """Stop after the current round (a round in progress is not cut)."""
        with self._lock:
            self._stopping = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def poke(self) -> None:
        """A record was saved: sync soon (after *debounce*, never before a backoff ends)."""
        with self._lock:
            if self.stopped_reason:
                return
            now = self._clock()
            self._due = min(self._due, max(now + self.debounce, self._backoff_until))
        self._wake.set()

    def sync_now(self) -> None:
        """The user pressed "Sync now": a full round at once, ignoring backoff and stops."""
        with self._lock:
            self._forced = True
            self._due = self._clock()
            self.stopped_reason = None
        self._wake.set()

    def seconds_to_next(self) -> float | None:
        """For "next try in 2 min"; ``None`` when waiting for the user."""
        with self._lock:
            if self.stopped_reason or math.isinf(self._due):
                return None
            return max(0.0, self._due - self._clock())

    # -- the loop (scheduler thread) ------------------------------------------------------
    def _loop(self) -> None:
        while True:
            with self._lock:
                if self._stopping:
                    return
                wait = self._due - self._clock()
            if wait > 0:
                self._wake.wait(None if math.isinf(wait) else wait)
                self._wake.clear()
                continue
            with self._lock:
                forced, self._forced = self._forced, False
            if self.offline and not forced and self.probe is not None:
                self.probes += 1
                if not self._safe_probe():
                    self._schedule(min(self.backoff.next_delay(), self.probe_interval))
                    continue
                log.info("the server answers again; syncing")
            self._round()

    def _safe_probe(self) -> bool:
        try:
            return bool(self.probe())  # type: ignore[misc]
        except Exception:
            log.exception("connectivity probe failed")
            return False

    def _schedule(self, delay: float, *, backoff: bool = False) -> None:
        with self._lock:
            now = self._clock()
            self._due = now + delay
            self._backoff_until = self._due if backoff else 0.0

    def _round(self) -> None:
        self.rounds += 1
        try:
            report = self.run_round()
        except Exception:
            log.exception("sync round failed with a bug")
            report = SyncReport(error="Sync failed unexpectedly; your data is safe. "
                                      "Details are in the log.", error_kind="bug")
        self.last_report = report
        kind = report.error_kind
        if report.ok:
            self.offline = False
            self.backoff.reset()
            self._schedule(self.interval)
        elif kind in STOPPING_KINDS:
            with self._lock:
                self.stopped_reason = report.error
                self._due = math.inf
                self._backoff_until = 0.0
        elif kind in OFFLINE_KINDS:
            self.offline = True
            self._schedule(min(self.backoff.next_delay(), self.probe_interval))
        else:
            self.offline = False
            self._schedule(self.backoff.next_delay(), backoff=True)
        if self.on_report is not None:
            try:
                self.on_report(report)
            except Exception:
                log.exception("on_report callback failed")
