"""A TCP proxy on loopback that breaks connections the way 2G/3G links do.

Used by the sync fault tests and by ``bench/``. It runs its own asyncio loop in a thread
and forwards each accepted connection to the target, applying one fault per connection,
chosen at random with the configured probabilities:

* ``cut_up``    — close both sides after a random number of bytes from the client
                  (an upload cut in the middle);
* ``cut_down``  — close both sides after a random number of bytes from the server
                  (the answer lost after the server did the work);
* ``stall``     — stop forwarding for ``stall_seconds``, then close;
* ``bad_gateway`` — answer ``502 Bad Gateway`` without reaching the server.

Independently it can shape the link: ``bandwidth_bps`` (bits per second, each direction)
and ``latency_s`` (added one-way delay, each direction) — e.g. 64 kbit/s and 150 ms each
way for a 300 ms longer round trip.

>>> proxy = FaultProxy("127.0.0.1", 8765, seed=1, cut_up=0.1)   # doctest: +SKIP
>>> port = proxy.start(); ...; proxy.stop()                        # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field


class _Fault(Exception):
    """This connection is to be cut here."""


BAD_GATEWAY = (b"HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\n"
               b"Content-Length: 11\r\nConnection: close\r\n\r\nBad Gateway")


@dataclass
class FaultProxy:
    target_host: str
    target_port: int
    seed: int = 0
    cut_up: float = 0.0
    cut_down: float = 0.0
    stall: float = 0.0
    bad_gateway: float = 0.0
    stall_seconds: float = 2.0
    max_cut_bytes: int = 20_000
    bandwidth_bps: int | None = None
    latency_s: float = 0.0
    stats: Counter = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0
        self.enabled = True  # False: forward everything untouched
        # asyncio keeps only weak references to tasks, and once the client side of a
        # connection is lost StreamReaderProtocol drops its reference to the handler too:
        # a handler still closing the server side could be garbage-collected mid-way,
        # leaving its socket open (a ResourceWarning). The proxy holds them itself.
        self.handlers: set[asyncio.Task] = set()

    # -- control from the test thread ----------------------------------------------------
    def start(self) -> int:
        ready = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self._loop)
            self._server = self._loop.run_until_complete(
                asyncio.start_server(self._handle, "127.0.0.1", 0))
            self.port = self._server.sockets[0].getsockname()[1]
            ready.set()
            self._loop.run_forever()
            self._loop.run_until_complete(self._loop.shutdown_asyncgens())
            self._loop.close()

        self._thread = threading.Thread(target=run, name="faultproxy", daemon=True)
        self._thread.start()
        ready.wait(10)
        return self.port

    def stop(self) -> None:
        """Let open connections finish (up to 5 s), then cancel the rest and stop."""
        if self._loop is None:
            return
        deadline = time.monotonic() + 5
        while self.handlers and time.monotonic() < deadline:
            time.sleep(0.02)

        async def shutdown() -> None:
            self._server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- the proxy ----------------------------------------------------------------------
    def _choose(self) -> str:
        if not self.enabled:
            return "ok"
        r = self._rng.random()
        for mode in ("cut_up", "cut_down", "stall", "bad_gateway"):
            p = getattr(self, mode)
            if r < p:
                return mode
            r -= p
        return "ok"

    async def _handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter):
        task = asyncio.current_task()
        self.handlers.add(task)
        try:
            await self._serve(client_r, client_w)
        finally:
            self.handlers.discard(task)

    async def _serve(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter):
        mode = self._choose()
        self.stats[mode] += 1
        if mode == "bad_gateway":
            try:
                await client_r.read(65536)
                client_w.write(BAD_GATEWAY)
                await client_w.drain()
            finally:
                client_w.close()
            return
        try:
            server_r, server_w = await asyncio.open_connection(self.target_host, self.target_port)
        except OSError:
            self.stats["connect_failed"] += 1
            client_w.close()
            return
        budget_up = self._rng.randint(1, self.max_cut_bytes) if mode == "cut_up" else None
        budget_down = self._rng.randint(1, self.max_cut_bytes) if mode == "cut_down" else None
        broken = asyncio.Event()  # set when a fault ends the connection
        up = asyncio.create_task(self._pipe(client_r, server_w, budget_up, mode, broken))
        down = asyncio.create_task(self._pipe(server_r, client_w, budget_down, mode, broken))
        waiter = asyncio.create_task(broken.wait())
        try:
            pending = {up, down}
            while pending and not broken.is_set():
                _done, pending = await asyncio.wait(pending | {waiter},
                                                    return_when=asyncio.FIRST_COMPLETED)
                pending.discard(waiter)
        finally:
            for task in (up, down, waiter):
                task.cancel()
            await asyncio.gather(up, down, waiter, return_exceptions=True)
            for w in (client_w, server_w):
                with contextlib.suppress(Exception):
                    w.close()
            for w in (client_w, server_w):
                with contextlib.suppress(Exception):
                    await w.wait_closed()

    async def _pipe(self, reader, writer, budget, mode, broken: asyncio.Event) -> None:
        """Forward one direction until EOF (then half-close the other side) or a fault
        (then set *broken*: the whole connection goes). Latency is a delay line (chunks
        keep flowing while earlier ones are in flight); bandwidth is enforced when sending."""
        line: asyncio.Queue = asyncio.Queue()
        sender = asyncio.create_task(self._send(line, writer))
        fault = False
        try:
            await self._forward(reader, line, budget, mode)
        except _Fault:
            fault = True
        except (ConnectionError, OSError):
            fault = True
        except asyncio.CancelledError:
            sender.cancel()
            await asyncio.gather(sender, return_exceptions=True)
            raise
        await line.put(None)
        result = (await asyncio.gather(sender, return_exceptions=True))[0]
        if isinstance(result, BaseException):
            fault = True
        elif not fault and writer.can_write_eof():
            with contextlib.suppress(ConnectionError, OSError):
                writer.write_eof()
        if fault:
            broken.set()

    async def _forward(self, reader, line: asyncio.Queue, budget, mode) -> None:
        """Read one direction into the delay line; raise :class:`_Fault` to cut."""
        sent = 0
        started = time.monotonic()
        while True:
            chunk = await reader.read(4096)
            if not chunk:
                return
            if mode == "stall" and time.monotonic() - started > 0.05:
                await asyncio.sleep(self.stall_seconds)
                self.stats["stalled"] += 1
                raise _Fault
            if budget is not None and sent + len(chunk) >= budget:
                await line.put((time.monotonic() + self.latency_s, chunk[: budget - sent]))
                self.stats["cut_bytes"] += budget
                raise _Fault
            await line.put((time.monotonic() + self.latency_s, chunk))
            sent += len(chunk)

    async def _send(self, line: asyncio.Queue, writer) -> None:
        free_at = time.monotonic()
        while True:
            item = await line.get()
            if item is None:
                return
            deliver_at, chunk = item
            now = time.monotonic()
            if deliver_at > now:
                await asyncio.sleep(deliver_at - now)
            if self.bandwidth_bps:
                free_at = max(free_at, time.monotonic()) + len(chunk) * 8 / self.bandwidth_bps
                await asyncio.sleep(max(0.0, free_at - time.monotonic()))
            writer.write(chunk)
            await writer.drain()
