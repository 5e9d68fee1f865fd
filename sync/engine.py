"""One sync round: push everything waiting, then pull what changed elsewhere.

::

    push  pending outbox entries, oldest first, in gzip batches sized to ~3 s of the link
          -> drop only what the server lists as accepted / already_held
          -> mark what it rejects (kept, with the reason; the rest carries on)
    pull  pages after the saved cursor until ``more`` is false
          -> each page applied together with its cursor in one transaction

A round that fails half way keeps what it achieved (acknowledged batches, applied pages)
and says in plain words what went wrong; everything else is simply sent again next time,
which the server's idempotency makes harmless.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import httpx

from models import wire
from models.i18n import N_
from store import sync_ops
from store.errors import StoreError
from sync import credentials
from sync.client import SyncClient, finish_rotation
from sync.errors import CTX, NotEnrolled, Refused, ServerError, SyncError

log = logging.getLogger(__name__)

#: ``models.wire.PushBatch`` accepts at most this many ops.
MAX_OPS = 5000
PULL_LIMIT = 500
#: Statuses with which the server refuses a whole batch because of its content (rather
#: than the PC or the server being at fault).
BATCH_REFUSALS = frozenset({400, 422})


@dataclass
class SyncReport:
    """What one round did, and what is left."""

    pushed: int = 0  # records the server newly accepted
    already_held: int = 0  # records the server already had (a resend after a lost answer)
    rejected: int = 0  # records refused in this round (kept, with their reasons)
    pulled: int = 0  # changes pulled and applied
    pending: int = 0  # records still waiting to be sent after the round
    error: str | None = None  # the problem in plain words, or None
    error_kind: str | None = None  # a :class:`sync.errors.SyncError` kind
    rejected_waiting: int = 0  # all refused records waiting for the user
    gaps: list[tuple[int, int]] = field(default_factory=list)  # server-reported op gaps
    batches: int = 0
    bytes_sent: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def all_sent(self) -> bool:
        """Nothing of this PC is missing on the server (nothing pending, nothing refused)."""
        return self.ok and self.pending == 0 and self.rejected_waiting == 0

    def as_dict(self) -> dict:
        return asdict(self)

    def summary(self) -> str:
        """One line for the status bar or the terminal."""
        parts = [f"pushed {self.pushed}", f"already held {self.already_held}",
                 f"rejected {self.rejected}", f"pulled {self.pulled}",
                 f"pending {self.pending}"]
        if self.rejected_waiting:
            parts.append(f"refused and waiting for you {self.rejected_waiting}")
        return ", ".join(parts)


class BatchSizer:
    """How many bytes of records (JSON, before compression) to put in the next push.

    Aims for a push to take about :attr:`target_s` seconds of the link as measured on the
    previous pushes: a slow 2G link gets small batches that finish before it drops, a good
    link gets big ones that amortise its latency. Grows at most ×2 per push; shrinks at
    once when a push was slow or failed; stays between :attr:`low` and :attr:`high`.

    Only pushes that used at least half the budget grow it: a small batch (the outbox ran
    out) is dominated by the round-trip latency and would understate the link.
    """

    def __init__(self, start: int = 64 * 1024, low: int = 8 * 1024,
                 high: int = 2 * 1024 * 1024, target_s: float = 3.0) -> None:
        self.low, self.high, self.target_s = low, high, target_s
        self.budget = max(low, min(high, start))

    def observe(self, raw_bytes: int, seconds: float) -> int:
        """Record a push of *raw_bytes* that took *seconds*; returns the new budget."""
        rate = raw_bytes / max(seconds, 1e-3)
        ideal = int(rate * self.target_s)
        if seconds > self.target_s * 1.5:
            self.budget = ideal
        elif raw_bytes >= self.budget // 2:
            self.budget = min(ideal, self.budget * 2)
        self.budget = max(self.low, min(self.high, self.budget))
        return self.budget

    def failed(self) -> int:
        """A push broke off (timeout, cut connection): halve the budget."""
        self.budget = max(self.low, self.budget // 2)
        return self.budget


class SyncEngine:
    """Runs sync rounds for one store. Safe to call from one background thread."""

    def __init__(self, store, *, supplied_key: str | None = None,
                 transport: httpx.BaseTransport | None = None,
                 sizer: BatchSizer | None = None, pull_limit: int = PULL_LIMIT,
                 max_ops: int = MAX_OPS) -> None:
        self.store = store
        self.supplied_key = supplied_key  # typed by the user when there is no keyring
        self.transport = transport
        self.sizer = sizer or BatchSizer()
        self.pull_limit = pull_limit
        self.max_ops = max_ops

    # -- the client -----------------------------------------------------------------------
    def _client(self, info: sync_ops.SyncInfo) -> SyncClient:
        if not info.enrolled or not info.server_url:
            raise NotEnrolled()
        if not self.supplied_key:  # a key rotation whose answer was lost: finish it first
            finish_rotation(self.store, info, transport=self.transport)
        key = credentials.load_key(info.device_id, self.supplied_key)
        return SyncClient(info.server_url, device_id=info.device_id, key=key,
                          clock_offset_ms=info.clock_offset_ms,
                          allow_insecure=info.allow_insecure, transport=self.transport)

    def probe(self) -> bool:
        """Whether the server answers its health check (cheap; no credentials needed)."""
        info = sync_ops.sync_info(self.store)
        if not info.server_url:
            return False
        try:
            with SyncClient(info.server_url, allow_insecure=info.allow_insecure,
                            transport=self.transport) as client:
                client.health()
        except SyncError:
            return False
        return True

    # -- one round ------------------------------------------------------------------------
    def run_once(self, on_progress: Callable[[SyncReport], None] | None = None) -> SyncReport:
        """Push everything pending, then pull until up to date. Never raises a
        :class:`SyncError`: the report carries it in plain words."""
        report = SyncReport()
        run_id: int | None = None
        offset: int | None = None
        try:
            run_id = sync_ops.start_run(self.store)
            info = sync_ops.sync_info(self.store)
            with self._client(info) as client:
                try:
                    self._push_all(client, info.device_id, report, on_progress)
                    self._pull_all(client, info.pull_cursor, report, on_progress)
                finally:
                    offset = client.clock_offset_ms
        except SyncError as exc:
            report.error = exc.text()
            report.error_kind = exc.kind
            log.warning("sync round stopped: %s (%s)", report.error, exc.kind)
        except StoreError as exc:  # this PC's disk or database, said in plain words
            report.error = exc.text()
            report.error_kind = "local"
            log.warning("sync round stopped by the local store: %s", report.error)
        except Exception:
            # Our bug: never recorded as a success; the caller logs and shows it.
            report.error = N_(CTX, "Sync failed unexpectedly; your data is safe on this PC.")
            report.error_kind = "bug"
            raise
        finally:
            try:
                counts = sync_ops.outbox_counts(self.store)
                report.pending = counts["pending"]
                report.rejected_waiting = counts["rejected"]
                if run_id is not None:
                    sync_ops.finish_run(self.store, run_id, pushed=report.pushed,
                                        already_held=report.already_held,
                                        rejected=report.rejected, pulled=report.pulled,
                                        pending_after=report.pending, error=report.error,
                                        clock_offset_ms=offset)
            except StoreError as exc:
                log.warning("could not record the sync round: %s", exc.text())
                if report.error is None:
                    report.error, report.error_kind = exc.text(), "local"
        return report

    def _push_all(self, client: SyncClient, device_id: str, report: SyncReport,
                  on_progress) -> None:
        sent_up_to = 0  # op_seq; an entry the server left unanswered is not resent this round
        op_cap = self.max_ops  # narrowed to find a record that makes a whole batch refused
        while True:
            batch = sync_ops.next_batch(self.store, self.sizer.budget, op_cap,
                                        after_op_seq=sent_up_to)
            if not batch:
                return
            body = json.dumps({"device_id": device_id, "ops": [i.as_op() for i in batch],
                               "ack": "seqs"},
                              ensure_ascii=False, separators=(",", ":")).encode()
            started = time.monotonic()
            try:
                answer, wire_bytes = client.push_raw(body)
            except Refused as exc:
                status = getattr(exc, "status", None)
                if status == 413 and len(batch) > 1:
                    self.sizer.budget = max(self.sizer.low, len(body) // 4)
                    op_cap = max(1, len(batch) // 2)
                    continue  # too large for the server: the same entries, fewer at a time
                if status in BATCH_REFUSALS:
                    if len(batch) > 1:
                        # One record the server cannot even read refuses the whole batch:
                        # halve until it is alone, so it cannot block the queue.
                        op_cap = max(1, len(batch) // 2)
                        continue
                    sync_ops.mark_rejected(self.store, [{
                        "id": batch[0].record_id, "code": getattr(exc, "code", "invalid"),
                        "reason": exc.text()}])
                    report.rejected += 1
                    sent_up_to = batch[0].op_seq
                    op_cap = self.max_ops
                    continue
                sync_ops.record_failure(self.store, [i.op_seq for i in batch], exc.text())
                raise
            except SyncError as exc:
                self.sizer.failed()
                sync_ops.record_failure(self.store, [i.op_seq for i in batch], exc.text())
                raise
            elapsed = time.monotonic() - started
            self.sizer.observe(len(body), elapsed)
            sent_up_to = batch[-1].op_seq
            accepted_ids = set(answer.accepted) | {
                i.record_id for i in batch if wire.in_ranges(i.op_seq, answer.accepted_seqs)}
            held_ids = set(answer.already_held) | {
                i.record_id for i in batch
                if wire.in_ranges(i.op_seq, answer.already_held_seqs)}
            held = accepted_ids | held_ids
            sent_ids = {i.record_id for i in batch}
            unknown = held - sent_ids
            if unknown:
                log.error("server acknowledged %d ids that were not sent", len(unknown))
            sync_ops.acknowledge(self.store, held & sent_ids)
            sync_ops.mark_rejected(self.store, [r for r in answer.rejected
                                                if r.id in sent_ids])
            unanswered = sent_ids - held - {r.id for r in answer.rejected}
            if unanswered:
                log.error("server left %d records unanswered; they stay pending",
                          len(unanswered))
            report.pushed += len(accepted_ids & sent_ids)
            report.already_held += len((held_ids - accepted_ids) & sent_ids)
            report.rejected += len([r for r in answer.rejected if r.id in sent_ids])
            report.batches += 1
            report.bytes_sent += wire_bytes
            if answer.gaps:
                log.warning("server reports op_seq gaps for this PC: %s", answer.gaps)
                report.gaps.extend(tuple(g) for g in answer.gaps)
            log.info("pushed %d ops (%d bytes, %d on the wire) in %.2f s; next budget %d",
                     len(batch), len(body), wire_bytes, elapsed, self.sizer.budget)
            if on_progress:
                on_progress(report)

    def _pull_all(self, client: SyncClient, cursor: int, report: SyncReport,
                  on_progress) -> None:
        while True:
            page = client.pull(cursor, self.pull_limit)
            if page.next_cursor < cursor or (page.more and page.next_cursor == cursor
                                             and not page.changes):
                raise ServerError(N_(CTX, "The server's change feed went backwards. Nothing "
                                          "was changed here; ask IT."))
            sync_ops.apply_pulled(self.store, page.changes, page.next_cursor)
            report.pulled += len(page.changes)
            cursor = page.next_cursor
            if on_progress:
                on_progress(report)
            if not page.more:
                return
