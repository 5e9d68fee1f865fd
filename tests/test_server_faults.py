"""A real server process that dies right after committing a push, before answering: the
device resends, and the server holds every record exactly once."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import func, select

from server import admin
from server.db import open_database
from server.tables import citizen, request_event, service_request

pytest_plugins = ("pg",)
ROOT = Path(__file__).resolve().parent.parent

SERVE = """
import os, sys
import uvicorn
from server.app import Hooks, create_app

def die(batch):
    os._exit(3)  # power cut: after the commit, before the answer

hooks = Hooks(after_commit=die) if os.environ.get("CRASH_AFTER_COMMIT") == "1" else None
uvicorn.run(create_app(sys.argv[1], hooks=hooks), host="127.0.0.1", port=int(sys.argv[2]),
            log_level="warning")
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(server_db_url: str, port: int, crash: bool) -> subprocess.Popen:
    env = {**os.environ, "CRASH_AFTER_COMMIT": "1" if crash else "0"}
    proc = subprocess.Popen([sys.executable, "-c", SERVE, server_db_url, str(port)], cwd=ROOT,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1)
            return proc
        except httpx.TransportError:
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline
            time.sleep(0.1)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
    proc.wait(20)
    proc.stderr.close()


def test_crash_after_commit_then_resend(server_db_url):
    from pg import Pc  # the helper class; the fixtures come through pytest_plugins

    engine = open_database(server_db_url)
    token = admin.create_token(engine, "LHR1")
    port = _free_port()
    server = _start(server_db_url, port, crash=True)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as server_client:
            pc = Pc(server_client)
            assert pc.enroll(token).status_code == 200
            ops = []
            for i in range(50):
                more, _ = pc.new_request_ops(i, notes=2)
                ops += more
            try:
                resp = pc.push(ops)
                raise AssertionError(f"the server answered: {resp.status_code}")
            except httpx.TransportError:
                pass  # no answer: the device cannot know whether it was stored
            assert server.wait(20) == 3
    finally:
        _stop(server)
    server = _start(server_db_url, port, crash=False)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as server_client:
            pc.client = server_client
            again = pc.push(ops).json()
        assert again["accepted"] == [] and again["rejected"] == []
        assert sorted(again["already_held"]) == sorted(o["record"]["id"] for o in ops)
        with engine.connect() as conn:
            counts = [conn.execute(select(func.count()).select_from(t)).scalar()
                      for t in (citizen, service_request, request_event)]
        assert counts == [50, 50, 150]
    finally:
        _stop(server)
        engine.dispose()
