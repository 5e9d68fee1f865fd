"""``daftar diagnostics``: the support bundle says what IT needs and no person's data."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from people import PASSWORD
from store import demo, diagnostics, surveys_demo
from store.db import HEAD
from store.db import connect as db_connect
from store.db import sqlcipher as _sqlcipher
from store.diagnostics import Scrubber
from store.store import Store

ROOT = Path(__file__).resolve().parent.parent


def daftar(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, DAFTAR_USER="sana", DAFTAR_PASSWORD=PASSWORD)
    proc = subprocess.run([sys.executable, str(ROOT / "daftar.py"), "--data-dir", str(folder),
                           *args], capture_output=True, text=True, cwd=ROOT, env=env)
    assert proc.returncode == 0, proc.stderr
    return proc


def phone_forms(phone: str) -> set[str]:
    """Every way a stored mobile number (``+923001234567``) may be written."""
    digits = phone.lstrip("+")
    local = "0" + digits[2:] if digits.startswith("92") else digits
    return {phone, digits, local, f"{local[:4]}-{local[4:]}", f"{local[:4]} {local[4:]}"}


def personal_data(folder: Path) -> set[str]:
    """Every CNIC, phone and name of the demo data, in the forms a leak would take."""
    con = db_connect(folder / "daftar.sqlite3")
    try:
        needles: set[str] = set()
        for cnic, name, phone in con.execute("SELECT cnic, name, phone FROM citizen"):
            needles |= {cnic, f"{cnic[:5]}-{cnic[5:12]}-{cnic[12:]}", name}
            if phone:
                needles |= phone_forms(phone)
        needles |= {r[0] for r in con.execute("SELECT DISTINCT actor_name FROM request_event")}
        needles |= {r[0] for r in con.execute("SELECT DISTINCT enumerator FROM survey_response")}
    finally:
        con.close()
    return needles


@pytest.fixture
def demo_folder(tmp_path) -> Path:
    folder = tmp_path / "data"
    with Store.open(folder) as store:
        demo.generate(store, 400, seed=11)
        surveys_demo.generate(store, 60, seed=11)
    # Real log lines from the command line (a registration, a search) ...
    daftar(folder, "requests", "new", "--cnic", "35202-7654321-3", "--name", "Rashida Parveen",
           "--phone", "0301-7654321", "--service", "DOMICILE_CERTIFICATE")
    daftar(folder, "requests", "list", "--search", "Parveen")
    # ... and the lines a careless log call would write, in the desktop's log folder.
    con = db_connect(folder / "daftar.sqlite3")
    leaks = con.execute("SELECT cnic, name, phone FROM citizen LIMIT 25").fetchall()
    con.close()
    (folder / "logs").mkdir(exist_ok=True)
    with open(folder / "logs" / "daftar.log", "w", encoding="utf-8") as fh:
        for cnic, name, phone in leaks:
            dashed = f"{cnic[:5]}-{cnic[5:12]}-{cnic[12:]}"
            fh.write(f"2026-11-30 10:00:00,000 INFO desktop: registered {name} CNIC {dashed} "
                     f"({cnic}) phone {phone} / {sorted(phone_forms(phone or '+92300'))}\n")
        fh.write("2026-11-30 10:00:01,000 WARNING sync: push failed for LHR1-261130-010001-Q "
                 "(record 0193a4b2-1c2d-7e3f-8a9b-0c1d2e3f4a5b)\n")
    (folder / "logs" / "daftar.log.1").write_text("older line by Sana Iqbal\n", encoding="utf-8")
    return folder


def read_bundle(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n).decode("utf-8") for n in zf.namelist()}


def test_bundle_of_a_demo_store_holds_no_cnic_name_or_phone(demo_folder, tmp_path):
    out = tmp_path / "support.zip"
    printed = daftar(demo_folder, "diagnostics", "--out", str(out)).stdout.strip()
    assert printed == str(out)
    files = read_bundle(out)
    assert {"diagnostics.json", "logs/daftar.log", "logs/logs/daftar.log",
            "logs/logs/daftar.log.1"} <= set(files)
    needles = personal_data(demo_folder) | {"Sana Iqbal", "Rashida Parveen", "35202-7654321-3",
                                            "3520276543213", "0301-7654321", "+923017654321"}
    assert len(needles) > 1000
    for name, text in files.items():
        leaked = sorted(n for n in needles if n and n in text)
        assert leaked == [], f"{name} leaks {leaked[:5]}"
    scrubbed = files["logs/logs/daftar.log"]
    assert "<cnic>" in scrubbed and "<phone>" in scrubbed and "<name>" in scrubbed
    # What support needs survives the scrubbing.
    assert "LHR1-261130-010001-Q" in scrubbed
    assert "0193a4b2-1c2d-7e3f-8a9b-0c1d2e3f4a5b" in scrubbed
    assert "2026-11-30 10:00:01,000 WARNING sync" in scrubbed


def test_bundle_reports_versions_settings_and_database_statistics(demo_folder):
    path = diagnostics.write_bundle(demo_folder)
    assert path.parent == demo_folder / "diagnostics"
    report = json.loads(read_bundle(path)["diagnostics.json"])
    versions = report["versions"]
    assert versions["python"] and versions["sqlite"] == _sqlcipher.sqlite_version
    assert versions["pyside6"] and versions["daftar"]
    assert report["system"]["os"]
    assert "user_name" not in report["settings"]  # people have accounts, not settings
    assert report["settings"]["office_code"] == "LHR1"
    db = report["database"]
    assert db["integrity_check"] == "ok" and db["schema_revision"] == HEAD
    assert db["row_counts"]["service_request"] == 401
    assert db["row_counts"]["survey_response"] == 60
    assert db["files"]["daftar.sqlite3"] > 0
    assert db["sync"]["outbox"]["pending"] > 0


def test_bundle_of_a_damaged_database_still_gets_written(demo_folder):
    path = demo_folder / "daftar.sqlite3"
    with open(path, "r+b") as fh:
        fh.seek(path.stat().st_size // 2 // 4096 * 4096)
        fh.write(b"\xa5" * 16384)
    report = json.loads(read_bundle(diagnostics.write_bundle(demo_folder))["diagnostics.json"])
    assert report["database"]["integrity_check"] != "ok"


@pytest.mark.parametrize("text,expected", [
    ("cnic 35202-1234567-1 ok", "cnic <cnic> ok"),
    ("cnic 3520212345671.", "cnic <cnic>."),
    ("call 0300-1234567 or +923001234567 or 03001234567", "call <phone> or <phone> or <phone>"),
    ("tracking LHR1-261128-010001-Q at 2026-11-28 10:01:02,345",
     "tracking LHR1-261128-010001-Q at 2026-11-28 10:01:02,345"),
    ("mail ayesha.khan@example.pk", "mail <email>"),
    ("by Ayesha KHAN and محمد علی", "by <name> <name> and <name> <name>"),
])
def test_scrubber(text, expected):
    assert Scrubber({"Ayesha", "Khan", "محمد", "علی"})(text) == expected


def test_the_apps_own_log_lines_carry_no_personal_data(tmp_path, caplog):
    """Registering, searching, moving and finding a citizen log nothing personal."""
    from conftest import CLERK

    caplog.set_level(logging.DEBUG)
    with Store.open(tmp_path / "data") as store:
        r = store.register_request(cnic="35202-7654321-3", name="Rashida Parveen",
                                   phone="0301-7654321", service_code="DOMICILE_CERTIFICATE",
                                   description="", actor=CLERK)
        store.change_status(r.tracking_number, "in_review", actor=CLERK)
        store.find_citizen("3520276543213")
        from store.store import RequestFilter

        store.list_requests(RequestFilter(query="Rashida"))
    text = caplog.text
    for needle in ("3520276543213", "35202-7654321-3", "Rashida", "Parveen", "7654321",
                   CLERK.name):
        assert needle not in text


def test_log_filter_scrubs_messages_and_tracebacks(tmp_path):
    from sqlalchemy import text

    from store.db import make_engine
    from store.diagnostics import LogScrubFilter

    path = tmp_path / "app.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.addFilter(LogScrubFilter())
    log = logging.getLogger("test.scrub")
    log.addHandler(handler)
    log.propagate = False
    engine = make_engine(tmp_path / "x.sqlite3")
    try:
        log.warning("looked up %s / %s, phone %s", "35202-7654321-3", "3520276543213",
                    "+923017654321")
        with engine.connect() as conn:
            conn.execute(text("CREATE TABLE t(cnic TEXT UNIQUE, name TEXT)"))
            row = {"c": "3520276543213", "n": "Rashida Parveen"}
            conn.execute(text("INSERT INTO t VALUES (:c, :n)"), row)
            try:
                conn.execute(text("INSERT INTO t VALUES (:c, :n)"), row)
            except Exception:
                log.exception("saving failed")
    finally:
        engine.dispose()
        log.removeHandler(handler)
        handler.close()
    written = path.read_text(encoding="utf-8")
    assert "UNIQUE constraint failed" in written
    # The engine hides statement parameters itself; the filter would too.
    assert "[parameters: <hidden>]" in written or "SQL parameters hidden" in written
    for needle in ("3520276543213", "35202-7654321-3", "7654321", "Rashida"):
        assert needle not in written
