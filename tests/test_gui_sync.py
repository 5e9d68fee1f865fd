"""The desktop's sync, driven like a clerk would, against the REAL server on loopback.

The server is ``server.app.create_app`` served by uvicorn in a thread, exactly as in
``test_sync_e2e.py`` (its :class:`LiveServer` and keyring fixture are reused); here it can
also be stopped and started again on the same port, to cut the connection and give it
back. The OS keyring cannot run in the test environment: an in-memory keyring stands in
(or the "no keyring" backend, for the typed-key path). Nothing sleeps: the tests wait for
signals or for what the screen says.
"""

from __future__ import annotations

import re
import socket
import threading

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from sqlalchemy import text
from test_gui_requests import SERVICE_NAME, cnic, open_window
from test_sync_e2e import LiveServer

from desktop import sync_status, sync_worker, tasks
from store import sync_ops
from store.settings import Settings
from store.store import Store

uvicorn = pytest.importorskip("uvicorn")

# The offscreen platform's own limits (see test_gui_requests.py); any other Qt warning
# still fails the test.
pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support ")

WAIT_MS = 15_000
BOGUS_SERVICE = (
    "INSERT INTO service(code, category, department_en, department_ur, name_en, name_ur, "
    "sla_days, fee_pkr, documents_en, documents_ur, active) VALUES ('BOGUS', 'x', 'x', 'x', "
    "'Bogus permit', 'Bogus permit', 5, 0, '[]', '[]', 1)")


class Server(LiveServer):
    """:class:`LiveServer` on a chosen port, so that it can come back where it was."""

    def __init__(self, app, port: int = 0) -> None:
        self.app = app
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run,
                                       kwargs={"sockets": [self.sock]}, daemon=True)


class Central:
    """The central server, which a test can stop and start again (same address)."""

    def __init__(self, app) -> None:
        self.app = app
        self.live: Server | None = Server(app).__enter__()
        self.port = self.live.port
        self.url = self.live.url

    def stop(self) -> None:
        if self.live is not None:
            self.live.__exit__(None, None, None)
            self.live = None

    def start(self) -> None:
        assert self.live is None
        self.live = Server(self.app, self.port).__enter__()

    def token(self, office: str = "LHR1") -> str:
        from server import admin

        return admin.create_token(self.app.state.engine, office)

    def count(self, table: str, where: str = "1=1", **params) -> int:
        with self.app.state.engine.connect() as conn:
            return conn.execute(text(f"SELECT count(*) FROM {table} WHERE {where}"),
                                params).scalar_one()

    def execute(self, sql: str) -> None:
        with self.app.state.engine.begin() as conn:
            conn.execute(text(sql))


@pytest.fixture(autouse=True)
def quick_sync(monkeypatch):
    """Rounds soon after a write, and a probe every 2 s while the server is away."""
    monkeypatch.setattr(sync_worker, "DEBOUNCE_S", 0.2)
    monkeypatch.setattr(sync_worker, "PROBE_INTERVAL_S", 2.0)


@pytest.fixture
def central(tmp_path, memory_keyring):
    from server.app import create_app

    app = create_app(f"sqlite:///{tmp_path}/server.sqlite3")
    server = Central(app)
    try:
        yield server
    finally:
        server.stop()
        app.state.engine.dispose()


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "data")
    yield s
    assert tasks.wait_for_idle(), "background tasks still running at the end of the test"
    s.close()


@pytest.fixture
def settings(store):
    return Settings(store.folder)


def register_in_gui(qtbot, window, n: int, service: str = SERVICE_NAME):
    """Register a request through the New request form, as a clerk does."""
    dialog = window.open_new_request()
    qtbot.waitUntil(lambda: dialog.service_combo.count() > 0)
    qtbot.keyClicks(dialog.cnic_edit, cnic(n))
    qtbot.keyClicks(dialog.name_edit, f"Citizen {n}")
    qtbot.keyClicks(dialog.service_combo.lineEdit(), service)
    with qtbot.waitSignal(dialog.registered, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def connect_through_dialog(qtbot, window, url: str, token: str):
    page = window.show_sync()
    qtbot.mouseClick(page.connect_button, Qt.MouseButton.LeftButton)
    dialog = window.connect_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.keyring_ok is not None)
    dialog.url_edit.clear()
    qtbot.keyClicks(dialog.url_edit, url)
    qtbot.keyClicks(dialog.token_edit, token)
    return dialog


def all_sent(window) -> bool:
    return window.outbox_label.text() == "Everything has been sent" and \
        window.sync_label.text().startswith("Last sync ")


def test_enroll_sync_lose_the_server_get_it_back_and_resend_a_refused_record(
        qtbot, store, settings, central):
    window = open_window(qtbot, store, settings)
    qtbot.waitUntil(lambda: window.sync_label.text() ==
                    "Not connected to a server yet — use Sync ▸ Connect to server")
    assert window.outbox_label.text() == "Everything has been sent"
    assert window.nav_buttons["sync"].isEnabled()

    # The Sync screen, before connecting: "Connect to server" is the strong button.
    page = window.show_sync()
    qtbot.waitUntil(lambda: page.view is not None)
    assert window.nav_buttons["sync"].isChecked()
    assert not page.sync_now_button.isEnabled()
    assert page.connect_button.property("primary") and \
        not page.sync_now_button.property("primary")
    assert "Not connected to a server yet" in page.enrollment_label.text()

    # A wrong token: said beside the token field; everything typed stays.
    dialog = connect_through_dialog(qtbot, window, central.url, "not-a-real-token")
    assert not dialog.needs_key()  # the keyring works: no key to type
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_text("token") != "", timeout=WAIT_MS)
    assert "token is not known" in dialog.error_text("token")
    assert dialog.error_text("url") == ""
    assert dialog.url_edit.text() == central.url
    assert dialog.token_edit.text() == "not-a-real-token"
    assert dialog.isVisible() and dialog.connect_button.isEnabled()

    # The right token: connected; the first round runs at once.
    dialog.token_edit.clear()
    qtbot.keyClicks(dialog.token_edit, central.token())
    with qtbot.waitSignal(dialog.enrolled, timeout=WAIT_MS) as blocker:
        qtbot.keyClick(dialog.token_edit, Qt.Key.Key_Return)  # Enter connects
    answer, key = blocker.args
    assert answer.office_code == "LHR1" and key is None  # the keyring keeps the key
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: all_sent(window), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.sync_now_button.isEnabled())
    assert page.sync_now_button.property("primary")
    assert central.url in page.server_label.text()
    qtbot.waitUntil(lambda: "Office LHR1, PC number" in page.enrollment_label.text())

    # A request registered in the GUI, then "Sync now": the server holds it.
    first = register_in_gui(qtbot, window, 1)
    window.show_sync()
    qtbot.mouseClick(page.sync_now_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: central.count("service_request", "id = :i", i=first.request_id)
                    == 1 and all_sent(window), timeout=WAIT_MS)
    assert central.count("request_event", "request_id = :i", i=first.request_id) == 1
    assert store.pending_outbox() == 0
    qtbot.waitUntil(lambda: any(page.history_table.item(r, 1).text() == "3"
                                for r in range(page.history_table.rowCount())))
    assert page.history_table.item(0, 5).text() == "All sent"

    # The server goes away; a new request waits and the status bar says so in words.
    central.stop()
    second = register_in_gui(qtbot, window, 2)
    pattern = re.compile(r"No connection to the server — (next try in \d+ s|trying again)"
                         r" · last sync ")
    qtbot.waitUntil(lambda: pattern.match(window.sync_label.text()) is not None and
                    window.outbox_label.text() == "3 records waiting to be sent",
                    timeout=WAIT_MS)
    assert "No connection to the server" in page.state_label.text()
    assert page.detail_label.isVisible() and not page.problem_label.isVisible()
    assert "Records stay on this PC" in page.detail_label.text()
    qtbot.waitUntil(lambda: page.pending_label.text() ==
                    "1 request\n1 citizen\n1 step or note on a request")

    # It comes back: the health probe notices and the waiting records go by themselves.
    central.start()
    qtbot.waitUntil(lambda: central.count("service_request", "id = :i", i=second.request_id)
                    == 1 and all_sent(window), timeout=WAIT_MS)
    assert store.pending_outbox() == 0

    # A request for a service only this PC knows: the server refuses it, with the reason.
    with store._write() as conn:
        conn.execute(text(BOGUS_SERVICE))
    bad = register_in_gui(qtbot, window, 3, service="Bogus permit")
    qtbot.waitUntil(lambda: page.rejected_table.rowCount() == 2, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.outbox_label.text() ==
                    "2 records refused by the server — see Sync", timeout=WAIT_MS)
    assert page.rejected_table.isVisible()
    rows = {page.rejected_table.item(r, 0).text(): r
            for r in range(page.rejected_table.rowCount())}
    request_row = rows[f"Request {bad.tracking_number} (Citizen 3)"]
    assert f"Registration of request {bad.tracking_number}" in rows
    reason = page.rejected_table.item(request_row, 2).text()
    assert "Service BOGUS is not in the server's service catalogue" in reason
    assert page.rejected_table.item(request_row, 1).text()  # when
    assert central.count("service_request", "id = :i", i=bad.request_id) == 0
    assert not page.send_again_button.isEnabled()

    # The admin adds the service on the server; "Send again" puts the request back in the
    # queue (with its refused registration step), and it goes through.
    central.execute(BOGUS_SERVICE)
    page.rejected_table.selectRow(request_row)
    assert page.send_again_button.isEnabled()
    pending_when_resent = []
    page.resent.connect(lambda n: pending_when_resent.append(sync_ops.outbox_counts(store)))
    with qtbot.waitSignal(page.resent, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(page.send_again_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [2]
    assert pending_when_resent == [{"pending": 2, "rejected": 0}]
    qtbot.waitUntil(lambda: central.count("service_request", "id = :i", i=bad.request_id)
                    == 1 and all_sent(window), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.rejected_table.rowCount() == 0 and
                    page.rejected_empty.isVisible(), timeout=WAIT_MS)
    assert sync_ops.outbox_counts(store) == {"pending": 0, "rejected": 0}


def test_without_keyring_the_key_is_asked_for_and_never_written(qtbot, store, settings,
                                                                 central):
    keyring.set_keyring(fail.Keyring())  # the memory keyring comes back after the test
    window = open_window(qtbot, store, settings)
    dialog = connect_through_dialog(qtbot, window, central.url, central.token())
    assert dialog.needs_key() and dialog.keyring_note.isVisible()
    assert "no safe password store" in dialog.keyring_note.text()

    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert dialog.error_text("key") == "Type the device key, or press “Create a new key”."
    assert dialog.token_edit.text() and dialog.url_edit.text() == central.url

    qtbot.mouseClick(dialog.new_key_button, Qt.MouseButton.LeftButton)
    key = dialog.key_edit.text()
    assert key and dialog.key_edit.echoMode() == QLineEdit.EchoMode.Normal
    assert dialog.key_hint.isVisible() and dialog.error_text("key") == ""
    with qtbot.waitSignal(dialog.enrolled, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert blocker.args[1] == key
    assert window.sync_worker.has_supplied_key

    register_in_gui(qtbot, window, 1)
    qtbot.waitUntil(lambda: all_sent(window) and central.count("service_request") == 1,
                    timeout=WAIT_MS)
    window.close()
    for path in store.folder.rglob("*"):
        if path.is_file():
            assert key.encode() not in path.read_bytes(), f"the key was written to {path}"


def test_status_words():
    assert sync_status.wait_words(0.4) == "trying again"
    assert sync_status.wait_words(44.2) == "next try in 45 s"
    assert sync_status.wait_words(61) == "next try in 2 min"
    assert sync_status.count_words(0, 0) == "Everything has been sent"
    assert sync_status.count_words(12, 0) == "12 records waiting to be sent"
    assert sync_status.count_words(1, 0) == "1 record waiting to be sent"
    assert sync_status.count_words(0, 2) == "2 records refused by the server — see Sync"
    assert sync_status.count_words(3, 1) == "3 waiting, 1 refused — see Sync"
    offline = sync_worker.SyncStatus(enrolled=True, pending=12, error="x",
                                     error_kind="no_connection")
    assert sync_status.state_words(offline, running=False, seconds_to_next=100) == \
        "No connection to the server — next try in 2 min"
    assert sync_status.state_words(offline, running=True, seconds_to_next=None) == \
        "Syncing with the server…"
    revoked = sync_worker.SyncStatus(enrolled=True, error="x", error_kind="revoked")
    assert sync_status.state_words(revoked, running=False, seconds_to_next=None) == \
        "The central admin has blocked this PC from syncing — ask IT"
    new = sync_worker.SyncStatus()
    assert sync_status.state_words(new, running=False, seconds_to_next=None) == \
        "Not connected to a server yet — use Sync ▸ Connect to server"
