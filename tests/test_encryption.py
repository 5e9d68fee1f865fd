"""Encryption at rest: the database and its backups are SQLCipher files, the key lives in
the keyring (here the file stand-in of ``tests/filekeyring.py``) and in office admin
password envelopes, a database from before encryption is converted at its first open
(also when killed halfway), and no planted CNIC, phone or name is readable anywhere in the
data folder or the temporary folder.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import keyring
import pytest

from conftest import register
from store import backup, keys
from store.db import connect, encrypt_plaintext, is_plaintext, sqlcipher
from store.store import Store

ROOT = Path(__file__).resolve().parent.parent

CANARY_CNIC = "3520298765431"
CANARY_PHONE = "03337654329"
CANARY_NAME = "Zarghuna Qandeelwala"
CANARY_ENUMERATOR = "Shahzeb Gulrukhsar"


@pytest.fixture(autouse=True)
def cheaper_kdf(monkeypatch):
    """argon2id at 8 MiB and one pass for the envelopes these tests make (each envelope
    records its parameters, so unlocking runs the same code); the defaults are checked in
    test_envelopes_use_the_default_argon2id_parameters."""
    monkeypatch.setattr(keys, "ARGON2_MEMORY_KIB", 8 * 1024)
    monkeypatch.setattr(keys, "ARGON2_TIME", 1)


def test_envelopes_use_the_default_argon2id_parameters(tmp_path, monkeypatch):
    monkeypatch.undo()
    folder = tmp_path / "data"
    key = keys.create_key(folder)
    keys.add_password_envelope(folder, key, "admin:1", "pw")
    env = json.loads(keys.key_file(folder).read_text())["envelopes"]["admin:1"]
    assert (env["kdf"], env["time_cost"], env["memory_kib"], env["aead"]) == \
        ("argon2id", 3, 65536, "AES-256-GCM")
    assert len(key) == 32 and key != keys.create_key(tmp_path / "other")


def plain_sqlite_error(path: Path) -> str:
    """What Python's own sqlite3 says when asked to read *path*."""
    con = sqlite3.connect(path)
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        con.close()
    return "readable"


def test_the_database_and_every_backup_need_the_key(store):
    register(store, 1)
    made = backup.make_backup(store.folder)
    out = backup.make_backup(store.folder, out=store.folder.parent / "usb" / "copy.sqlite3")
    store.close()
    for path in (store.folder / "daftar.sqlite3", made, out):
        assert plain_sqlite_error(path) == "file is not a database", path
        con = connect(path, b"\x01" * 32)  # a wrong key reads nothing either
        with pytest.raises(sqlcipher.DatabaseError, match="not a database"):
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        con.close()
        con = connect(path, keys.database_key(store.folder))
        assert con.execute("SELECT count(*) FROM service_request").fetchone()[0] == 1
        assert con.execute("PRAGMA cipher_version").fetchone()[0]
        con.close()
    # The key file never holds the key once it is in the keyring.
    text = keys.key_file(store.folder).read_text()
    assert keys.database_key(store.folder).hex() not in text
    assert keys.protection(store.folder) == "keyring"


def test_a_lost_keyring_is_recovered_with_the_admin_password(tmp_path):
    folder = tmp_path / "data"
    with Store.open(folder) as store:
        register(store, 2)
    key = keys.database_key(folder)
    keys.add_password_envelope(folder, key, "admin:1", "Lahore-2026 admin")
    keys.protect_with_admin_password(folder, "admin:2", "second admin")
    with pytest.raises(keys.KnownError):
        keys.add_password_envelope(folder, b"\x02" * 32, "admin:3", "not the key")
    envelope_file = keys.key_file(folder).read_text()
    assert key.hex() not in envelope_file and "Lahore" not in envelope_file

    keys.forget_key(folder)  # the keyring is lost
    with pytest.raises(keys.KeyLocked, match="locked") as locked:
        Store.open(folder)
    assert "daftar unlock" in str(locked.value)
    with pytest.raises(keys.WrongPassword, match="does not unlock"):
        keys.unlock_with_password(folder, "lahore-2026 admin")
    assert keys.unlock_with_password(folder, "second admin") == key
    assert keys.protection(folder) == "keyring"
    with Store.open(folder) as store:
        assert store.count_requests() == 1

    assert keys.remove_envelope(folder, "admin:2") and not keys.remove_envelope(folder, "x")
    keys.forget_key(folder)
    with pytest.raises(keys.WrongPassword):
        keys.unlock_with_password(folder, "second admin")  # that admin was removed
    keys.unlock_with_password(folder, "Lahore-2026 admin")
    # A keyring entry that does not match the key file is not used.
    keys.forget_key(folder)
    keyring.get_keyring().set_password(keys.SERVICE, json.loads(envelope_file)["key_id"],
                                       (b"\x03" * 32).hex())
    with pytest.raises(keys.KeyLocked):
        keys.database_key(folder)


def test_a_pc_without_keyring_keeps_the_key_until_an_admin_protects_it(tmp_path):
    """The null backend is keyring's own "no keyring here" (what a bare PC has)."""
    from keyring.backends import null

    before = keyring.get_keyring()
    keyring.set_keyring(null.Keyring())
    try:
        folder = tmp_path / "data"
        with Store.open(folder) as store:
            register(store, 3)
        key = keys.database_key(folder)
        assert keys.protection(folder) == "unprotected"  # no admin yet: said plainly
        assert key.hex() in keys.key_file(folder).read_text()
        keys.add_password_envelope(folder, key, "admin:1", "first admin")
        assert key.hex() not in keys.key_file(folder).read_text()
        assert keys.protection(folder) == "password"
        with Store.open(folder) as store:  # this session keeps the key in memory
            assert store.count_requests() == 1
        keys.forget_key(folder)  # the next start
        with pytest.raises(keys.KeyLocked):
            Store.open(folder)
        keys.unlock_with_password(folder, "first admin")
        with Store.open(folder) as store:
            assert store.count_requests() == 1
    finally:
        keyring.set_keyring(before)


def daftar(folder: Path, *args: str, stdin: str = "", capsys=None) -> tuple[int, str, str]:
    """``daftar --data-dir FOLDER ARGS`` through its real entry point, in this process."""
    import io
    import logging

    import daftar as entry

    handlers = list(logging.getLogger().handlers)
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = entry.main(["--data-dir", str(folder), *args])
    finally:
        sys.stdin = old_stdin
        for h in logging.getLogger().handlers:
            if h not in handlers:
                logging.getLogger().removeHandler(h)
                h.close()
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_says_the_data_is_locked_and_unlock_opens_it(tmp_path, capsys, monkeypatch):
    from people import PASSWORD

    monkeypatch.setenv("DAFTAR_USER", "sana")  # `requests list` signs in
    monkeypatch.setenv("DAFTAR_PASSWORD", PASSWORD)
    folder = tmp_path / "data"
    with Store.open(folder) as store:
        register(store, 4)
    keys.add_password_envelope(folder, keys.database_key(folder), "admin:1", "office pw")
    keys.forget_key(folder)
    # In a real process: one plain line, no traceback.
    proc = subprocess.run([sys.executable, str(ROOT / "daftar.py"), "--data-dir", str(folder),
                           "requests", "list"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 3
    assert proc.stderr.count("\n") == 1 and "locked" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    code, _, err = daftar(folder, "unlock", "--password-stdin", stdin="Office pw\n",
                          capsys=capsys)
    assert code == 3 and err.count("\n") == 1 and "does not unlock" in err
    code, out, err = daftar(folder, "unlock", "--password-stdin", stdin="office pw\n",
                            capsys=capsys)
    assert code == 0, err
    assert "back in this PC's keyring" in out
    code, out, _ = daftar(folder, "requests", "list", capsys=capsys)
    assert code == 0 and "1 of 1 requests" in out
    # The key file lost: a plain line too, and no new key is made over the database.
    keys.key_file(folder).rename(tmp_path / "elsewhere.json")
    code, _, err = daftar(folder, "requests", "list", capsys=capsys)
    assert code == 3 and "key file" in err and err.count("\n") == 1
    assert not keys.key_file(folder).exists()
    # A damaged key file: the same.
    keys.key_file(folder).write_text("{ not json")
    code, _, err = daftar(folder, "requests", "list", capsys=capsys)
    assert code == 3 and "key file" in err and err.count("\n") == 1


# -- databases made before encryption -----------------------------------------------------
def make_plaintext_folder(folder: Path, n: int = 30, ballast_mb: int = 0) -> int:
    """A data folder as Daftar left it before encryption: a plain SQLite database (with
    committed work still in its ``-wal``), a plain backup, no key file. Returns the
    request count."""
    with Store.open(folder) as store:
        for i in range(n):
            register(store, 100 + i)
        backup.make_backup(folder)
    key = keys.database_key(folder)
    live = folder / "daftar.sqlite3"
    for path in [live, *sorted((folder / "backups").iterdir())]:
        plain = path.with_name(path.name + ".plain")
        con = connect(path, key)
        con.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain),))
        con.execute("SELECT sqlcipher_export('plain')")
        con.execute("DETACH DATABASE plain")
        con.close()
        os.replace(plain, path)
    keys.forget_key(folder)
    keys.key_file(folder).unlink()
    if ballast_mb:
        con = sqlite3.connect(live)
        con.execute("CREATE TABLE ballast(b BLOB)")
        con.executemany("INSERT INTO ballast VALUES (randomblob(1000000))", [()] * ballast_mb)
        con.commit()
        con.close()
    # One more request committed into the -wal by a process that never checkpoints.
    code = ("import os, sqlite3, sys\n"
            "con = sqlite3.connect(sys.argv[1]); con.execute('PRAGMA journal_mode=WAL')\n"
            "con.execute(\"INSERT INTO meta(key, value) VALUES ('in_wal', ?)\", (sys.argv[2],))\n"
            "con.commit(); os._exit(0)\n")
    subprocess.run([sys.executable, "-c", code, str(live), CANARY_CNIC], check=True)
    assert is_plaintext(live) and Path(f"{live}-wal").stat().st_size > 0
    return n


def check_converted(folder: Path, n: int) -> None:
    """Open *folder* (which converts it, or finishes an interrupted conversion), then:
    exactly one good, encrypted database with everything in it; no plaintext left."""
    live = folder / "daftar.sqlite3"
    with Store.open(folder) as store:
        assert store.count_requests() == n
        with store._read() as conn:
            assert conn.exec_driver_sql(
                "SELECT value FROM meta WHERE key='in_wal'").scalar() == CANARY_CNIC
    leftovers = [p.name for p in folder.rglob("*") if "encrypt" in p.name]
    assert leftovers == []
    assert plain_sqlite_error(live) == "file is not a database"
    for b in backup.list_backups(folder):
        assert plain_sqlite_error(b.path) == "file is not a database"
    for p in folder.rglob("*"):
        if p.is_file():
            assert CANARY_CNIC.encode() not in p.read_bytes(), p


def test_a_database_from_before_encryption_is_encrypted_at_first_open(tmp_path):
    folder = tmp_path / "data"
    n = make_plaintext_folder(folder)
    check_converted(folder, n)
    with Store.open(folder) as store:  # and restoring an old plain backup still works
        register(store, 999)
    old = tmp_path / "old-plain.sqlite3"
    con = connect(backup.list_backups(folder)[0].path, keys.database_key(folder))
    con.execute("ATTACH DATABASE ? AS plain KEY ''", (str(old),))
    con.execute("SELECT sqlcipher_export('plain')")
    con.close()
    assert is_plaintext(old)
    backup.restore(folder, old)
    with Store.open(folder) as store:
        assert store.count_requests() == n
    assert plain_sqlite_error(folder / "daftar.sqlite3") == "file is not a database"


def test_every_interrupted_state_of_the_conversion_is_finished_at_the_next_open(tmp_path):
    """The states a crash can leave (the SIGKILL test below hits them at random): a half
    copy with its journal, a complete copy beside the intact plain file, and a complete
    copy beside the already wiped plain file."""
    from store.db import _export_encrypted, _wipe

    template = tmp_path / "template"
    n = make_plaintext_folder(template, n=5)
    for state in ("half", "complete", "wiped"):
        folder = tmp_path / state
        shutil.copytree(template, folder)
        live = folder / "daftar.sqlite3"
        key = keys.key_for_open(folder)
        if state == "half":
            Path(f"{folder}/.daftar.sqlite3.encrypting").write_bytes(os.urandom(8192))
            Path(f"{folder}/.daftar.sqlite3.encrypting-journal").write_bytes(os.urandom(4096))
        else:
            copy = folder / ".daftar.sqlite3.encrypted"
            _export_encrypted(live, copy, key)
            if state == "wiped":
                for side in (live, Path(f"{live}-wal"), Path(f"{live}-shm")):
                    _wipe(side)
        check_converted(folder, n)


CONVERT_WORKER = """
import sys
from store.store import Store
print("OPENING", flush=True)
Store.open(sys.argv[1]).close()
print("OPENED", flush=True)
"""


@pytest.mark.slow
def test_sigkill_during_the_conversion_loses_nothing(tmp_path):
    template = tmp_path / "template"
    n = make_plaintext_folder(template, n=10, ballast_mb=8)
    files = {p.relative_to(template): p.read_bytes() for p in template.rglob("*") if p.is_file()}
    # How long the conversion itself takes here, to spread the kills over it.
    probe = tmp_path / "probe"
    for rel, blob in files.items():
        (probe / rel).parent.mkdir(parents=True, exist_ok=True)
        (probe / rel).write_bytes(blob)
    key = keys.key_for_open(probe)
    started = time.perf_counter()
    encrypt_plaintext(probe / "daftar.sqlite3", key)
    took = time.perf_counter() - started
    rng = random.Random(20261130)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    states = []
    for i in range(int(os.environ.get("DAFTAR_CONVERT_KILLS", "4"))):
        folder = tmp_path / f"kill{i}"
        for rel, blob in files.items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(blob)
        child = subprocess.Popen([sys.executable, "-c", CONVERT_WORKER, str(folder)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 env=env, cwd=ROOT)
        assert child.stdout.readline().strip() == "OPENING", child.stderr.read()
        time.sleep(rng.uniform(0, took * 1.3))
        child.send_signal(signal.SIGKILL)
        child.communicate()
        states.append(sorted(p.name for p in folder.iterdir() if p.name.startswith(".")))
        check_converted(folder, n)  # reopened in this process: finishes or redoes the job
    print("conversion took", round(took, 2), "s; left after each kill:", states)


# -- the canary scan ----------------------------------------------------------------------
def needles() -> dict[str, bytes]:
    cnic_dashed = f"{CANARY_CNIC[:5]}-{CANARY_CNIC[5:12]}-{CANARY_CNIC[12]}"
    phone_dashed = f"{CANARY_PHONE[:4]}-{CANARY_PHONE[4:]}"
    texts = [CANARY_CNIC, cnic_dashed, CANARY_PHONE, phone_dashed, CANARY_PHONE[1:],
             "Zarghuna", "Qandeelwala", "Gulrukhsar"]
    return {f"{t} ({enc})": t.encode(enc) for t in texts for enc in ("utf-8", "utf-16-le")}


def scan(blob: bytes) -> list[str]:
    return [label for label, needle in needles().items() if needle in blob]


CANARY_WORKER = """
import logging, sys
from pathlib import Path
import daftar
from store import backup, diagnostics
import people
from store.accounts import Accounts
from store.store import Store
from store.surveys import Surveys
folder, cnic, phone, name, enumerator = Path(sys.argv[1]), *sys.argv[2:6]
folder.mkdir(parents=True)
daftar._setup_logging(folder)   # the app's log file, with its LogScrubFilter
log = logging.getLogger("daftar.canary")
store = Store.open(folder)
people.seed(store)
r = store.register_request(cnic=cnic, name=name, phone=phone,
                           service_code="DOMICILE_CERTIFICATE", description="for a job",
                           actor=people.CLERK)
log.info("careless line: registered %s for CNIC %s, phone %s", r.tracking_number, cnic, phone)
try:
    raise ValueError(f"lookup failed for {cnic} / {phone}")
except ValueError:
    log.exception("careless traceback")
surveys = Surveys(store)
surveys.import_form(Path("resources/forms/daftar_governance.xlsx"))
accounts = Accounts(store, hasher=people.cheap_hasher())
accounts.add_user(people.ADMIN, "canary.enum", enumerator, "enumerator", "canary pw 12345")
canary_enum = accounts.sign_in("canary.enum", "canary pw 12345")
draft = surveys.start_draft("daftar_governance", "en", canary_enum)
surveys.save_answer(draft, "consent", "yes", actor=canary_enum)
store.close()
print(backup.make_backup(folder))
print(diagnostics.write_bundle(folder))
"""


def test_canary_scan_finds_no_personal_data_in_the_data_or_temp_folder(tmp_path):
    folder, tmp = tmp_path / "data", tmp_path / "tmp"
    tmp.mkdir()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "tests")]),
               TMPDIR=str(tmp), SQLITE_TMPDIR=str(tmp))
    proc = subprocess.run([sys.executable, "-c", CANARY_WORKER, str(folder), CANARY_CNIC,
                           CANARY_PHONE, CANARY_NAME, CANARY_ENUMERATOR],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    bundle = Path(proc.stdout.split()[-1])
    # Everything really was written: the data is there for the key holder ...
    con = connect(folder / "daftar.sqlite3")
    assert con.execute("SELECT count(*) FROM citizen WHERE name=?",
                       (CANARY_NAME,)).fetchone()[0] == 1
    assert con.execute("SELECT enumerator FROM survey_response").fetchone()[0] == \
        CANARY_ENUMERATOR
    # ... and the scan would see it in a plain copy (the needles are right).
    plain = tmp_path / "plain-copy.sqlite3"
    con.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain),))
    con.execute("SELECT sqlcipher_export('plain')")
    con.close()
    assert len(scan(plain.read_bytes())) >= 5
    with zipfile.ZipFile(bundle) as zf:
        report = json.loads(zf.read("diagnostics.json"))["database"]
    assert report["encryption"]["key_kept"] == "keyring"
    assert report["encryption"]["cipher"].startswith("SQLCipher 4.")
    assert report["integrity_check"] == "ok" and report["row_counts"]["citizen"] == 1
    log_text = (folder / "daftar.log").read_text()
    assert "careless line" in log_text and "careless traceback" in log_text

    # While the store is open too: its -wal and -shm are scanned as well.
    store = Store.open(folder)
    register(store, 77, name=CANARY_NAME, cnic=CANARY_CNIC, phone=CANARY_PHONE)
    scanned, found = [], {}
    for base in (folder, tmp):
        for p in sorted(base.rglob("*")):
            if not p.is_file():
                continue
            scanned.append(p.name)
            blob = p.read_bytes()
            if scan(blob):
                found[str(p)] = scan(blob)
            if p.suffix == ".zip":
                with zipfile.ZipFile(p) as zf:
                    for member in zf.namelist():
                        scanned.append(f"{p.name}:{member}")
                        if scan(zf.read(member)):
                            found[f"{p}:{member}"] = scan(zf.read(member))
    store.close()
    assert found == {}
    assert {"daftar.sqlite3", "daftar.sqlite3-wal", "daftar.sqlite3-shm", "daftar.log",
            bundle.name, f"{bundle.name}:diagnostics.json",
            f"{bundle.name}:logs/daftar.log"} <= set(scanned)
    assert any(name.endswith("-manual.sqlite3") for name in scanned)


def test_the_desktop_asks_an_admin_password_when_the_data_is_locked(qtbot, tmp_path):
    from desktop.unlock_dialog import UnlockDialog

    folder = tmp_path / "data"
    with Store.open(folder) as store:
        register(store, 6)
    keys.add_password_envelope(folder, keys.database_key(folder), "admin:1", "office pw")
    keys.forget_key(folder)
    dialog = UnlockDialog(folder)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.password_edit, "wrong")
    dialog.try_unlock()
    assert "does not unlock" in dialog.message.text()
    assert dialog.result() != UnlockDialog.DialogCode.Accepted
    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.password_edit, "office pw")
    dialog.try_unlock()
    assert dialog.result() == UnlockDialog.DialogCode.Accepted
    with Store.open(folder) as store:
        assert store.count_requests() == 1
