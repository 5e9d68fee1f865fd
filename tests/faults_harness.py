"""The SIGKILL harness of the fault suite: start a worker, let it work, kill it, look.

Workers (``tests/faults_worker.py``) are real processes, forked from a *fork server*
(:mod:`multiprocessing`'s ``forkserver``) that has imported the store, SQLAlchemy and
Alembic once: a fresh Python would spend a second importing before each kill, the fork
server a few milliseconds. Each worker opens the store itself, writes ``READY``, then
works in a loop and writes one acknowledgement line per operation *after the call
returned* — what a user would see as "saved". Lines go to a file with one unbuffered
``write()`` each, so a SIGKILL never loses an acknowledgement already made, nor leaves half
of one.

:func:`kill_at_random` starts a worker, waits for ``READY``, sleeps a random time and
SIGKILLs it; the caller then reopens the data and checks what was acknowledged.
:func:`integrity_check` is the one place that reads the database file without the store
(``PRAGMA integrity_check``), so it can be switched when the file gets encrypted.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

#: Modules the fork server imports once, before forking any worker.
PRELOAD = ["faults_worker"]

_ctx = None


ROOT = Path(__file__).resolve().parent.parent


def _context():
    """The fork server, started once with this checkout (and tests/) first on its path:
    Python 3.11's fork server imports its preload modules before it applies the parent's
    ``sys.path``, and silently skips those it cannot import."""
    global _ctx
    if _ctx is None:
        from multiprocessing import forkserver

        _ctx = multiprocessing.get_context("forkserver")
        _ctx.set_forkserver_preload(PRELOAD)
        before = os.environ.get("PYTHONPATH")
        os.environ["PYTHONPATH"] = os.pathsep.join(
            [str(ROOT), str(ROOT / "tests"), *([before] if before else [])])
        try:
            forkserver.ensure_running()
        finally:
            if before is None:
                os.environ.pop("PYTHONPATH", None)
            else:
                os.environ["PYTHONPATH"] = before
    return _ctx


@dataclass
class Killed:
    """What one killed worker acknowledged, as lists of words, and how long it ran."""

    lines: list[list[str]]
    ran_s: float


class WorkerFailed(AssertionError):
    pass


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []


def kill_at_random(path_name: str, folder: Path, seed: int, delay: float, *,
                   flags: tuple[str, ...] = (), args: dict | None = None,
                   ready_timeout: float = 60.0) -> Killed:
    """Run worker *path_name* on *folder*; SIGKILL it *delay* seconds after READY.

    Raises :class:`WorkerFailed` (with the seed) if the worker died on its own or never
    became ready."""
    from faults_worker import run_worker

    acks = Path(folder).parent / f"acks-{path_name}-{seed}-{os.getpid()}.txt"
    acks.unlink(missing_ok=True)
    proc = _context().Process(target=run_worker,
                              args=(path_name, str(folder), seed, str(acks), flags, args or {}),
                              daemon=True)
    proc.start()
    deadline = time.monotonic() + ready_timeout
    while True:
        lines = _read_lines(acks)
        if lines and lines[0] == "READY":
            break
        if not proc.is_alive() or time.monotonic() > deadline:
            proc.kill()
            proc.join()
            raise WorkerFailed(f"worker {path_name} (seed {seed}) never became ready: "
                               + "\n".join(lines))
        time.sleep(0.002)
    started = time.monotonic()
    time.sleep(delay)
    alive = proc.is_alive()
    if alive:
        os.kill(proc.pid, signal.SIGKILL)
    proc.join()
    ran = time.monotonic() - started
    lines = _read_lines(acks)
    acks.unlink(missing_ok=True)
    if not alive or proc.exitcode != -signal.SIGKILL:
        raise WorkerFailed(f"worker {path_name} (seed {seed}) ended by itself "
                           f"(exit {proc.exitcode}): " + "\n".join(lines[-30:]))
    assert lines[0] == "READY"
    return Killed([ln.split(" ") for ln in lines[1:] if ln], ran)


def integrity_check(db_file: Path) -> str:
    """``PRAGMA integrity_check`` of the database file: "ok" or SQLite's complaint."""
    from store.db import connect

    con = connect(db_file, readonly=True)  # keyed: the database is SQLCipher-encrypted
    try:
        rows = con.execute("PRAGMA integrity_check").fetchall()
        return "ok" if rows == [("ok",)] else "; ".join(r[0] for r in rows[:5])
    finally:
        con.close()
