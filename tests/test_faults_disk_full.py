"""The disk fills up in the middle of the work: a plain message, nothing half saved.

The store's own connections get ``PRAGMA max_page_count`` (the database may not grow past
it: SQLite then fails the write with SQLITE_FULL, exactly as on a full disk), set a few
pages above the current size — a different number each round, so the failure lands on a
different write of the workload each time. The workload is a clerk's and an enumerator's
day: register, change status, note, feedback, start an interview, save answers,
finalize, apply a pulled page, drop acknowledged outbox entries. Each round runs until the
disk is "full", then checks:

* the failing call raised the store's :class:`KnownError` with the disk-full message,
  which names no SQLite word and tells the clerk what to do;
* after reopening (space freed): every call that returned is there, once, the call that
  failed left nothing (no half-written request, no response final without its outbox
  entry), ``PRAGMA integrity_check`` is ok and the audit trail verifies;
* the same store keeps working once space is back.

A second test does the same on a real, small filesystem (tmpfs, mounted when this user
may), where the failure is the operating system's ENOSPC.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest
from faults_checks import check_requests, check_surveys
from sqlalchemy import event, text

from conftest import CLERK, ENUMERATOR, SUPERVISOR
from models.workflow import TRANSITIONS, is_open
from store import sync_ops
from store.errors import KnownError
from store.store import Store
from store.surveys import Surveys

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / "resources" / "forms" / "daftar_governance.xlsx"
LIKERT = [f"{p}_{j}" for p in ("dig", "tra", "eff", "sat", "acc", "tru")
          for j in range(1, 5) if not (p == "dig" and j == 4)]
INTERVIEW = [("consent", "yes"), ("respondent_type", "service_user"), ("province", "PK5"),
             ("district", "PK501"), ("area", "rural"), ("gender", "male"),
             ("age_group", "55_plus"), ("education", "none"), ("internet_access", "none"),
             *((q, "3") for q in LIKERT)]
DISK_FULL = "The disk is full. Nothing was saved from this step; free some space and try again."


def open_seeded(folder: Path) -> Store:
    import people

    store = Store.open(folder)
    people.seed(store)
    return store


def limit_pages(store: Store, extra: int) -> int:
    """Let the database grow by at most *extra* pages (on every connection of *store*)."""
    with store._read() as conn:
        pages = conn.execute(text("PRAGMA page_count")).scalar_one()
    limit = pages + extra

    def on_connect(dbapi_conn, _record):
        dbapi_conn.execute(f"PRAGMA max_page_count={limit}")

    event.listen(store.engine, "connect", on_connect)
    store.engine.dispose()  # pooled connections go; new ones get the limit
    return limit


def workload(store: Store, rng: random.Random, acks: list[list[str]], tag: str,
             doing: list[str] | None = None) -> None:
    """A day's work, acknowledged like the fault workers do; runs until a call raises.
    *doing* gets the name of each operation as it starts (the last one is what failed)."""
    doing = [] if doing is None else doing
    from pg import Pc

    surveys = Surveys(store)
    other = Pc(None, office="LHR1")  # another PC of this office
    known = [r.tracking_number for r in store.list_requests(limit=10_000)]
    n = 0
    while True:
        n += 1
        tok = f"{tag}-{n}"
        roll = rng.random()
        if roll < 0.3 or not known:
            doing.append("register")
            cnic = f"{rng.randint(1, 7)}{rng.randrange(10**11):011d}{rng.randint(1, 9)}"
            r = store.register_request(cnic=cnic, name=f"Citizen {tok}", phone="0300-1234567",
                                       service_code="DOMICILE_CERTIFICATE",
                                       description="x" * rng.randint(0, 900), actor=CLERK)
            known.append(r.tracking_number)
            acks.append(["R", r.tracking_number])
        elif roll < 0.5:
            doing.append("change_status")
            tn = rng.choice(known)
            steps = [t for t in TRANSITIONS if t.source == store.get_request(tn).status]
            if steps:
                step = rng.choice(steps)
                store.change_status(tn, step.target, actor=SUPERVISOR,
                                    reason="Documents incomplete" if step.needs_reason else None,
                                    outcome="resolved" if step.needs_outcome else None, note=tok)
                acks.append(["S", tn, tok])
        elif roll < 0.65:
            doing.append("add_note")
            tn = rng.choice(known)
            store.add_note(tn, tok + " " + "n" * rng.randint(0, 1500), actor=CLERK)
            acks.append(["N", tn, tok])
        elif roll < 0.7:
            doing.append("record_feedback")
            tn = rng.choice(known)
            if not is_open(store.get_request(tn).status):
                store.record_feedback(tn, rng.randint(1, 5), tok, actor=CLERK)
                acks.append(["F", tn, tok])
        elif roll < 0.85:
            doing.append("survey")
            draft = surveys.start_draft("daftar_governance", "en", ENUMERATOR)
            acks.append(["D", draft])
            for question, value in INTERVIEW:
                surveys.save_answer(draft, question, value, time_ms=300, actor=ENUMERATOR)
                acks.append(["A", draft, question, value])
            doing.append("finalize")
            surveys.finalize(draft, actor=ENUMERATOR)
            acks.append(["F", draft])
        elif roll < 0.95:
            doing.append("apply_pulled")
            ops, _ = other.new_request_ops(rng.randrange(10**6), notes=2)
            sync_ops.apply_pulled(store, [{"kind": o["kind"], "record": o["record"]}
                                          for o in ops], next_cursor=n)
        else:
            doing.append("acknowledge")
            batch = sync_ops.next_batch(store, 20_000, 50)
            sync_ops.acknowledge(store, [i.record_id for i in batch])


def split(acks: list[list[str]]) -> tuple[list[list[str]], list[list[str]]]:
    """Request acknowledgements and survey ones (``F`` is feedback with 3 words)."""
    surveys = [a for a in acks if a[0] in ("D", "A") or (a[0] == "F" and len(a) == 2)]
    return [a for a in acks if a not in surveys], surveys


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("full") / "data"
    with open_seeded(folder) as store:
        Surveys(store).import_form(FORM)
        rng = random.Random(1)
        acks: list[list[str]] = []
        try:
            limit_pages(store, 60)
            workload(store, rng, acks, "warm")
        except KnownError:
            pass
    return folder


def test_disk_full_at_every_nth_write_says_so_and_saves_nothing_half(template, tmp_path):
    failures: dict[str, int] = {}
    for extra in range(0, 40, 5):
        folder = tmp_path / f"data{extra}"
        shutil.copytree(template, folder)
        acks: list[list[str]] = []
        rng = random.Random(extra)
        with open_seeded(folder) as store:
            limit_pages(store, extra)
            doing: list[str] = []
            with pytest.raises(KnownError) as caught:
                workload(store, rng, acks, f"p{extra}", doing)
            assert caught.value.message == DISK_FULL, (extra, caught.value.message)
            failures[doing[-1]] = failures.get(doing[-1], 0) + 1
        requests, surveys = split(acks)
        found = check_requests(folder, requests, synced=True)
        check_surveys(folder, surveys, found, synced=True)
        assert found.ok, f"max_page_count +{extra}: {found.describe()}"
        with open_seeded(folder) as store:  # space is back: the same store works on
            workload_once = random.Random(99)
            more: list[list[str]] = []
            with pytest.raises(KnownError):
                limit_pages(store, 6)
                workload(store, workload_once, more, f"q{extra}")
            assert more, "nothing could be saved once space was back"
        shutil.rmtree(folder)
    assert len(failures) >= 2, failures  # the disk filled in different operations
    print("the disk filled in:", failures)


def _can_mount() -> bool:
    probe = Path("/tmp/daftar-tmpfs-probe")
    probe.mkdir(exist_ok=True)
    ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(probe)],
                        capture_output=True).returncode == 0
    if ok:
        subprocess.run(["umount", str(probe)], check=True)
    probe.rmdir()
    return ok


@pytest.mark.skipif(not shutil.which("mount") or not _can_mount(),
                    reason="this user cannot mount a small tmpfs")
def test_a_real_full_filesystem_says_so_and_saves_nothing_half(template, tmp_path):
    mnt = tmp_path / "small"
    mnt.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mnt)], check=True)
    try:
        for k, spare_kb in enumerate((40, 160, 400)):
            folder = mnt / f"data{k}"
            shutil.copytree(template, folder)
            ballast = mnt / "ballast"
            free = shutil.disk_usage(mnt).free
            with open(ballast, "wb") as fh:
                fh.truncate(0)
                fh.write(b"\0" * max(0, free - spare_kb * 1024 - 64 * 1024))
            acks: list[list[str]] = []
            with open_seeded(folder) as store:
                with pytest.raises(KnownError) as caught:
                    workload(store, random.Random(k), acks, f"t{k}")
                assert caught.value.message == DISK_FULL, caught.value.message
            ballast.unlink()  # space is back
            requests, surveys = split(acks)
            found = check_requests(folder, requests, synced=True)
            check_surveys(folder, surveys, found, synced=True)
            assert found.ok, f"tmpfs with {spare_kb} KB free: {found.describe()}"
            assert acks, "nothing was saved before the disk filled"
            shutil.rmtree(folder)
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


# The offscreen platform cannot do some window-system calls; harmless here.
@pytest.mark.qt_log_ignore(r"^This plugin does not support ")
def test_the_new_request_dialog_keeps_what_was_typed_when_the_disk_is_full(qtbot, tmp_path):
    from PySide6.QtCore import Qt
    from test_gui_requests import SERVICE_NAME, open_window

    from desktop import tasks
    from store.settings import Settings

    store = open_seeded(tmp_path / "data")
    try:
        window = open_window(qtbot, store, Settings(store.folder))
        dialog = window.open_new_request()
        qtbot.waitUntil(lambda: dialog.service_combo.count() > 0)
        qtbot.keyClicks(dialog.cnic_edit, "35202-1234567-1")
        qtbot.keyClicks(dialog.name_edit, "Ayesha Khan")
        qtbot.keyClicks(dialog.phone_edit, "0300-1234567")
        qtbot.keyClicks(dialog.service_combo.lineEdit(), SERVICE_NAME)
        qtbot.keyClicks(dialog.description_edit, "Needs it for a job application")

        limit_pages(store, 0)  # the disk is full now: fill what room the pages still have
        with pytest.raises(KnownError):
            for n in range(10_000):
                store.register_request(cnic=f"35202{n:07d}3", name="Fa",  # the smallest
                                       phone=None, service_code="DOMICILE_CERTIFICATE",
                                       description="", actor=CLERK)
        before = store.count_requests()
        qtbot.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.form_error.isVisible(), timeout=10_000)
        assert dialog.form_error.text() == DISK_FULL
        assert dialog.cnic_edit.text() == "35202-1234567-1"
        assert dialog.name_edit.text() == "Ayesha Khan"
        assert dialog.phone_edit.text() == "0300-1234567"
        assert dialog.service_combo.currentText() == SERVICE_NAME
        assert dialog.description_edit.toPlainText() == "Needs it for a job application"
        assert dialog.register_button.isEnabled()
        assert store.count_requests() == before  # and nothing claims to be saved
        assert not dialog.tracking_number_label.isVisible()

        limit_pages(store, 10_000)  # space freed: the same Register works
        with qtbot.waitSignal(dialog.registered, timeout=10_000) as blocker:
            qtbot.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
        assert store.get_request(blocker.args[0].tracking_number).citizen["name"] == \
            "Ayesha Khan"
        dialog.close()
        window.close()
    finally:
        assert tasks.wait_for_idle()
        store.close()
