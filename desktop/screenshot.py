"""Screenshots of the Requests and Sync screens, to look at before a release.

    python -m desktop.screenshot OUT_DIR --data-dir DEMO_DIR [--language ur]

Opens the main window at 1366×768 (offscreen unless ``QT_QPA_PLATFORM`` says otherwise),
adds demo requests when the store is empty, and saves ``main-<lang>.png``,
``new-request-<lang>.png`` (with one validation error showing), ``detail-<lang>.png`` and
``sync-<lang>.png``.

For the Sync screen the real central server runs on loopback (a throw-away SQLite
database, an in-memory keyring): the PC enrolls, syncs, has one request refused (its
service exists only on this PC), then the server stops while new requests wait — so the
screen shows pending records, a refused one with its reason, the history and the
"no connection" state as a clerk would see them.
Use a throw-away data folder: the demo requests, the enrollment and the user name stay in
it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

NAMES = [
    "Ayesha Khan", "Muhammad Bilal", "Fatima Zahra", "Ali Raza", "Sana Tariq", "Usman Ghani",
    "Hina Akhtar", "Imran Qureshi", "Zainab Bibi", "Hamza Sheikh", "Mehwish Iqbal",
    "Abdul Rehman", "Rabia Anwar", "Kamran Butt", "Nadia Hussain", "Tariq Mehmood",
    "Saima Naz", "Faisal Javed", "Amna Shahid", "Waqas Ahmed", "محمد اسلم", "نسرین اختر",
]
PREFIXES = ["0300", "0301", "0312", "0321", "0333", "0345"]
DESCRIPTIONS = [
    "", "", "Needs it for a job application", "Lost the original in a flood",
    "Street light out for two weeks near the mosque", "Urgent: travelling abroad next month",
]


def _wait(app, done: Callable[[], bool], timeout_ms: int = 10_000) -> None:
    from PySide6.QtCore import QDeadlineTimer, QEventLoop

    deadline = QDeadlineTimer(timeout_ms)
    while not done():
        if deadline.hasExpired():
            raise TimeoutError("the screen did not finish loading")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def add_demo_requests(store, count: int = 80, seed: int = 7) -> str:
    """Register *count* varied requests; returns the tracking number of one with a history."""
    rng = random.Random(seed)
    clerk, supervisor = _PEOPLE["clerk"], _PEOPLE["supervisor"]
    services = [s["code"] for s in store.services()]
    start = datetime.now(UTC) - timedelta(days=40)
    showcase = ""
    for n in range(count):
        name = NAMES[n % len(NAMES)]
        cnic = f"{rng.randint(1, 7)}{rng.randint(0, 99_999_999_999):011d}{rng.randint(1, 9)}"
        phone = f"{rng.choice(PREFIXES)}{rng.randint(1_000_000, 9_999_999)}"
        moment = start + timedelta(hours=n * 12)
        reg = store.register_request(cnic=cnic, name=name, phone=phone,
                                     service_code=services[n % len(services)],
                                     description=rng.choice(DESCRIPTIONS), actor=clerk,
                                     now=moment)
        steps = n % 5
        if steps >= 1:
            store.change_status(reg.request_id, "in_review", actor=clerk,
                                now=moment + timedelta(hours=2))
        if n == 11:  # an old one, still being checked: overdue
            store.add_note(reg.request_id, "Citizen called to ask about progress; told to "
                           "come on Thursday with the affidavit.", actor=clerk,
                           now=moment + timedelta(hours=3))
            showcase = reg.tracking_number
            continue  # left "being checked", waiting for the supervisor
        if steps >= 2:
            store.change_status(reg.request_id, "approved", actor=supervisor,
                                now=moment + timedelta(hours=5))
        if steps >= 3:
            store.change_status(reg.request_id, "completed", actor=clerk,
                                now=moment + timedelta(days=1))
        if steps == 4:
            store.change_status(reg.request_id, "closed", actor=clerk, outcome="resolved",
                                note="Certificate handed over to the citizen",
                                now=moment + timedelta(days=2))
    return showcase


class _LoopbackServer:
    """The central server on 127.0.0.1 (a free port), in a thread."""

    def __init__(self, folder: Path) -> None:
        import socket
        import threading

        import uvicorn

        from server.app import create_app

        self.app = create_app(f"sqlite:///{folder / 'server.sqlite3'}")
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning",
                                                    access_log=False))
        self.thread = threading.Thread(target=self.server.run,
                                       kwargs={"sockets": [self.sock]}, daemon=True)

    def start(self) -> _LoopbackServer:
        import time

        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the central server did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(20)
        self.sock.close()
        self.app.state.engine.dispose()


BOGUS_SERVICE = (
    "INSERT INTO service(code, category, department_en, department_ur, name_en, name_ur, "
    "sla_days, fee_pkr, documents_en, documents_ur, active) VALUES ('TRADE_LICENCE_X', "
    "'licence', 'Municipal Committee', 'میونسپل کمیٹی', 'Trade licence (new rules)', "
    "'تجارتی لائسنس', 10, 1000, '[]', '[]', 1) ON CONFLICT(code) DO NOTHING")


def prepare_sync_demo(store, folder: Path) -> _LoopbackServer:
    """Enroll *store* with a loopback server, sync the demo, and add one request the
    server will refuse (a service only this PC knows). Returns the running server."""
    import keyring
    from sqlalchemy import text

    from server import admin
    from sync.client import enroll
    from sync.credentials import MemoryKeyring
    from sync.engine import SyncEngine

    keyring.set_keyring(MemoryKeyring())  # screenshots keep no secrets anywhere
    server = _LoopbackServer(folder).start()
    enroll(server.url, admin.create_token(server.app.state.engine,
                                          store.device().office_code), store,
           device_name="Front desk PC")
    SyncEngine(store).run_once()
    with store._write() as conn:
        conn.execute(text(BOGUS_SERVICE))
    store.register_request(cnic="3520298765431", name="Rashid Mehmood", phone="03214567890",
                           service_code="TRADE_LICENCE_X", description="General store",
                           actor=_clerk())
    return server


def survey_shots(app, window, store, out: Path, lang: str, interview: str) -> None:
    """The Surveys list (a draft, quotas) and an interview at its first Likert section."""
    from desktop.survey_form import ChoiceBox, LikertBox
    from store.surveys import Surveys

    surveys = Surveys(store)
    form_file = Path(__file__).resolve().parent.parent / "resources" / "forms" / \
        "daftar_governance.xlsx"
    surveys.import_form(form_file)
    for district, area, kind, target in (("PK617", "urban", "citizen", 40),
                                         ("PK617", "rural", "citizen", 30),
                                         ("PK617", "urban", "government_employee", 15),
                                         ("PK617", "urban", "service_user", 25)):
        surveys.set_quota(district, area, kind, target, actor=_PEOPLE["supervisor"])
    page = window.show_surveys()
    _wait(app, lambda: page.form_combo.currentData() is not None
          and page.language_combo.count() > 0)
    page.language_combo.setCurrentIndex(max(page.language_combo.findData(interview), 0))
    page.start_interview()
    _wait(app, lambda: page.form_view is not None)
    view = page.form_view
    for _section in range(3):  # consent, about the respondent, digital skills
        for box in list(view.boxes.values()):
            if box.isHidden() or box.input is None:
                continue
            if isinstance(box, LikertBox):
                box.choose("4")
            elif isinstance(box, ChoiceBox):
                if box.combo is not None:
                    box.combo.setCurrentIndex(min(2, box.combo.count() - 1))
                    box._emit(box.combo.currentData())
                else:
                    box.choose_number(1)
        view.next_section()
    likerts = [b for b in view.boxes.values() if isinstance(b, LikertBox)]
    likerts[0].choose("4")
    likerts[1].choose("5")
    likerts[2].focus_input()
    view.saves.flush()
    app.processEvents()
    window.grab().save(str(out / f"survey-{interview}.png"))
    view.leave()
    _wait(app, lambda: page.form_view is None and page.drafts_table.rowCount() > 0
          and page.language_combo.count() > 0)
    app.processEvents()
    window.grab().save(str(out / f"surveys-{lang}.png"))


#: The demo office's people, signed in by :func:`sign_in_people`.
_PEOPLE: dict = {}
#: Password of the screenshot's demo accounts (a throwaway data folder only).
DEMO_PASSWORD = "screenshots only 2026"


def sign_in_people(store) -> dict:
    """Accounts for the demo office (made once per data folder), signed in by role."""
    from models.validation import InvalidInput
    from store.accounts import Accounts

    accounts = Accounts(store)
    if not accounts.has_users():
        accounts.create_first_admin("admin", "Nadia Karim", DEMO_PASSWORD)
    admin = accounts.sign_in("admin", DEMO_PASSWORD)
    for username, name, role in (("sana.tariq", "Sana Tariq", "clerk"),
                                 ("imran.qureshi", "Imran Qureshi", "supervisor"),
                                 ("kashif.ali", "Kashif Ali", "enumerator")):
        with contextlib.suppress(InvalidInput):  # made by an earlier run
            accounts.add_user(admin, username, name, role, DEMO_PASSWORD)
        _PEOPLE[role] = accounts.sign_in(username, DEMO_PASSWORD)
    _PEOPLE["office_admin"] = admin
    return _PEOPLE


def _clerk():
    return _PEOPLE["clerk"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--language", default="en", choices=("en", "ur"))
    parser.add_argument("--interview-language", choices=("en", "ur"),
                        help="language of the survey interview shown (default: --language)")
    parser.add_argument("--role", default="supervisor",
                        choices=("clerk", "supervisor", "enumerator", "office_admin"),
                        help="whose screens are shown (each role has a demo account)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from desktop import tasks
    from desktop.app import build_main_window
    from store.settings import Settings
    from store.store import RequestFilter, Store

    app = QApplication.instance() or QApplication(sys.argv[:1])
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    store = Store.open(args.data_dir)
    settings = Settings(store.folder)
    sign_in_people(store)
    store.set_reader(_clerk())  # the window binds its own person when it opens
    settings.set("language", args.language)
    showcase = ""
    if store.count_requests() == 0:
        showcase = add_demo_requests(store)
    if not showcase:
        rows = store.list_requests(RequestFilter(status="in_review"), limit=1)
        showcase = rows[0].tracking_number if rows else store.list_requests(limit=1)[0] \
            .tracking_number
    lang = args.language
    import tempfile

    server_dir = Path(tempfile.mkdtemp(prefix="daftar-screenshot-server-"))
    server = prepare_sync_demo(store, server_dir)
    try:
        window = build_main_window(store, settings, _PEOPLE[args.role])
        window.resize(1366, 768)
        window.show()
        model = window.requests_page.model
        _wait(app, lambda: not model.is_loading() and model.count is not None
              and window.sync_status.status is not None
              and window.sync_status.status.rejected > 0)  # the first round is over
        window.requests_page.table.selectRow(2)
        app.processEvents()
        window.grab().save(str(out / f"main-{lang}.png"))

        dialog = window.open_new_request()
        _wait(app, lambda: dialog.service_combo.count() > 0)
        QTest.keyClicks(dialog.cnic_edit, "35202-12345")
        QTest.keyClicks(dialog.name_edit, "Ayesha Khan")
        QTest.keyClicks(dialog.phone_edit, "0300-1234567")
        dialog.service_combo.setCurrentIndex(
            dialog.service_combo.findData("DOMICILE_CERTIFICATE"))
        QTest.keyClicks(dialog.description_edit, "Needs it for a job application")
        QTest.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
        _wait(app, lambda: dialog.cnic_error.isVisible())
        dialog.cnic_edit.setFocus()
        app.processEvents()
        dialog.grab().save(str(out / f"new-request-{lang}.png"))
        dialog.reject()

        view = window.open_request(showcase)
        _wait(app, lambda: view.detail is not None and view.detail.tracking_number == showcase)
        app.processEvents()
        window.grab().save(str(out / f"detail-{lang}.png"))

        # The server goes away; two more requests wait for it.
        server.stop()
        for n, name in enumerate(("Khalid Mahmood", "Shazia Parveen")):
            store.register_request(cnic=f"3520211223{n:02d}5", name=name,
                                   phone="03001112233", service_code="DOMICILE_CERTIFICATE",
                                   description="", actor=_clerk())
        window._after_write()
        page = window.show_sync()
        area = window.sync_status
        _wait(app, lambda: area.status is not None and not area.running
              and area.status.error_kind == "no_connection", timeout_ms=20_000)
        page.refresh()
        _wait(app, lambda: page.view is not None and page.rejected_table.rowCount() > 0
              and page.history_table.rowCount() > 2)
        page.rejected_table.selectRow(0)
        app.processEvents()
        window.grab().save(str(out / f"sync-{lang}.png"))

        survey_shots(app, window, store, out, lang, args.interview_language or lang)
        analysis_shots(app, window, store, out, lang)
        people_shots(app, window, store, out, lang)
        window.close()
    finally:
        tasks.wait_for_idle()
        store.close()
        if server.thread.is_alive():
            server.stop()
        import shutil

        shutil.rmtree(server_dir, ignore_errors=True)
    for name in ("main", "new-request", "detail", "sync", "surveys"):
        print(out / f"{name}-{lang}.png")
    print(out / f"survey-{args.interview_language or lang}.png")
    return 0


def people_shots(app, window, store, out: Path, lang: str) -> None:
    """The sign-in dialog, Settings with the signed-in person, the office admin's People
    window, and the lock screen."""
    from desktop.people_dialog import PeopleDialog
    from desktop.sign_in import SignInDialog

    dialog = SignInDialog(window.accounts)
    dialog.show()
    dialog.panel.username_edit.setText("sana.tariq")
    dialog.panel.error.show_error(dialog.panel.tr("Type your user name and your password."))
    app.processEvents()
    dialog.grab().save(str(out / f"sign-in-{lang}.png"))
    dialog.close()
    window.show_settings()
    app.processEvents()
    window.grab().save(str(out / f"settings-{lang}.png"))
    people = PeopleDialog(window.accounts, _PEOPLE["office_admin"], parent=window)
    people.resize(960, 600)
    people.show()
    _wait(app, lambda: people.table.rowCount() > 0)
    app.processEvents()
    people.grab().save(str(out / f"people-{lang}.png"))
    people.close()
    window.lock()
    app.processEvents()
    window.grab().save(str(out / f"lock-{lang}.png"))
    print(*(out / f"{n}-{lang}.png" for n in ("sign-in", "settings", "people", "lock")),
          sep="\n")


def analysis_shots(app, window, store, out: Path, lang: str) -> None:
    """The Analysis screen (Tables 1 and 2, then the charts) and the Dashboard; adds 400
    demo interviews first when the store has no finished ones."""
    from store import surveys_demo
    from store.surveys import Surveys

    if Surveys(store).count_responses(status="final") < 100:
        surveys_demo.generate(store, 400, seed=1)
    page = window.show_analysis()  # computes in the background
    _wait(app, lambda: not page.busy and page.result is not None, timeout_ms=60_000)
    page.results.setCurrentIndex(0)
    app.processEvents()
    window.grab().save(str(out / f"analysis-{lang}.png"))
    page.results.setCurrentIndex(page.results.count() - 1)
    app.processEvents()
    window.grab().save(str(out / f"analysis-charts-{lang}.png"))
    dashboard = window.show_dashboard()
    _wait(app, lambda: not dashboard.busy and dashboard.view is not None, timeout_ms=60_000)
    app.processEvents()
    window.grab().save(str(out / f"dashboard-{lang}.png"))
    dashboard.tabs.setCurrentIndex(1)
    app.processEvents()
    window.grab().save(str(out / f"dashboard-overdue-{lang}.png"))
    print(*(out / f"{n}-{lang}.png" for n in ("analysis", "analysis-charts", "dashboard",
                                              "dashboard-overdue")), sep="\n")


if __name__ == "__main__":
    sys.exit(main())
