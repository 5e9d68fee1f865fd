"""Hybrid logical clock (Kulkarni et al.), encoded as a sortable string.

``HLC`` values order events across devices even when their wall clocks disagree a little:
the wall time in milliseconds, a counter for events in the same millisecond, and the
device id as the final tie-breaker. Encoded as ``{ms:013d}.{counter:05d}.{node}`` so that
string order is clock order (SQLite and PostgreSQL can sort on it).
"""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class HLC:
    ms: int
    counter: int
    node: str

    def encode(self) -> str:
        return f"{self.ms:013d}.{self.counter:05d}.{self.node}"

    @classmethod
    def decode(cls, text: str) -> HLC:
        ms, counter, node = text.split(".", 2)
        return cls(int(ms), int(counter), node)


def tick(last: HLC | None, node: str, now_ms: int | None = None) -> HLC:
    """The clock value for a new local event after *last* (this node's latest known value)."""
    wall = int(time.time() * 1000) if now_ms is None else now_ms
    if last is None or wall > last.ms:
        return HLC(wall, 0, node)
    return HLC(last.ms, last.counter + 1, node)


def receive(last: HLC | None, remote: HLC, node: str, now_ms: int | None = None) -> HLC:
    """Advance this node's clock on seeing *remote* (an event from another device)."""
    wall = int(time.time() * 1000) if now_ms is None else now_ms
    candidates = [wall, remote.ms] + ([last.ms] if last else [])
    ms = max(candidates)
    if last and ms == last.ms == remote.ms:
        counter = max(last.counter, remote.counter) + 1
    elif last and ms == last.ms:
        counter = last.counter + 1
    elif ms == remote.ms:
        counter = remote.counter + 1
    else:
        counter = 0
    return HLC(ms, counter, node)
