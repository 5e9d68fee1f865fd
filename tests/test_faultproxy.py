"""The fault proxy itself: it must really cut, stall, answer 502 and shape the link,
or the sync fault tests would prove nothing."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from faultproxy import FaultProxy


@pytest.fixture
def echo_server():
    srv = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve():
        srv.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except TimeoutError:
                continue
            except OSError:  # closed at the end of the test
                return
            threading.Thread(target=echo, args=(conn,), daemon=True).start()

    def echo(conn):
        with conn:
            try:
                while data := conn.recv(65536):
                    conn.sendall(data)
            except OSError:  # the proxy cut the connection: expected in these tests
                pass

    threading.Thread(target=serve, daemon=True).start()
    yield srv.getsockname()[1]
    stop.set()
    srv.close()


def roundtrip(port, payload: bytes, timeout=5.0) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(payload)
        s.shutdown(socket.SHUT_WR)
        got = b""
        try:
            while chunk := s.recv(65536):
                got += chunk
        except (ConnectionResetError, TimeoutError):
            pass
        return got


def test_clean_forwarding(echo_server):
    proxy = FaultProxy("127.0.0.1", echo_server)
    port = proxy.start()
    try:
        assert roundtrip(port, b"x" * 100_000) == b"x" * 100_000
    finally:
        proxy.stop()


def test_cuts_uploads_short(echo_server):
    proxy = FaultProxy("127.0.0.1", echo_server, seed=3, cut_up=1.0, max_cut_bytes=5000)
    port = proxy.start()
    try:
        lengths = [len(roundtrip(port, b"y" * 50_000)) for _ in range(5)]
    finally:
        proxy.stop()
    assert all(n <= 5000 for n in lengths)
    assert proxy.stats["cut_up"] == 5


def test_bad_gateway(echo_server):
    proxy = FaultProxy("127.0.0.1", echo_server, bad_gateway=1.0)
    port = proxy.start()
    try:
        assert roundtrip(port, b"GET / HTTP/1.1\r\n\r\n").startswith(b"HTTP/1.1 502")
    finally:
        proxy.stop()


def test_bandwidth_and_latency_shape_the_link(echo_server):
    proxy = FaultProxy("127.0.0.1", echo_server, bandwidth_bps=800_000, latency_s=0.1)
    port = proxy.start()
    try:
        t0 = time.monotonic()
        assert len(roundtrip(port, b"z" * 50_000)) == 50_000
        elapsed = time.monotonic() - t0
    finally:
        proxy.stop()
    # 400 kbit each way at 800 kbit/s = 0.5 s (the directions overlap) + 0.2 s latency.
    assert elapsed >= 0.6
