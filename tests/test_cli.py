"""The ``daftar`` command line: each subcommand, its errors, and that the README lists it."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import daftar
from people import PASSWORD

ROOT = Path(__file__).resolve().parent.parent


def run(folder, *args, check=True, user="sana", password=PASSWORD, stdin=None, env=None):
    """``daftar --data-dir FOLDER ARGS…`` signed in as *user* (the test people of
    tests/people.py get accounts when the folder is new)."""
    if user is not None and not (Path(folder) / "daftar.sqlite3").exists():
        from store.store import Store

        Store.open(folder).close()  # the autouse fixture seeds the test people
    environ = dict(os.environ, **(env or {}))
    if user is not None:
        environ.update(DAFTAR_USER=user, DAFTAR_PASSWORD=password)
    proc = subprocess.run([sys.executable, str(ROOT / "daftar.py"), "--data-dir", str(folder),
                           *args], capture_output=True, text=True, cwd=ROOT, env=environ,
                          input=stdin)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def all_commands(parser=None, prefix="") -> list[str]:
    """Every ``daftar`` subcommand path, e.g. ``requests new``."""
    parser = parser or daftar.build_parser()
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                path = f"{prefix}{name}"
                found.append(path)
                found.extend(all_commands(sub, path + " "))
    return found


def test_readme_documents_every_subcommand():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [c for c in all_commands() if f"daftar {c}" not in readme]
    assert missing == []


def test_register_show_move_and_list(tmp_path):
    out = run(tmp_path, "requests", "new", "--cnic", "35202-1234567-1", "--name", "علی رضا",
              "--phone", "0300-1234567", "--service", "DOMICILE_CERTIFICATE", "--json")
    tn = json.loads(out.stdout)["tracking_number"]
    run(tmp_path, "requests", "status", tn, "--to", "in_review")
    shown = json.loads(run(tmp_path, "requests", "show", tn, "--json").stdout)
    assert shown["status"] == "in_review"
    assert shown["citizen"]["name"] == "علی رضا"
    assert [e["kind"] for e in shown["events"]] == ["created", "status_changed"]
    listed = json.loads(run(tmp_path, "requests", "list", "--json", "--search", "رضا").stdout)
    assert listed["total"] == 1 and listed["requests"][0]["tracking_number"] == tn
    assert shown["citizen"]["cnic"] == "35202-*******-1"  # masked, as on the screens
    text = run(tmp_path, "requests", "show", tn).stdout
    assert "35202-*******-1" in text and "Received -> Being checked" in text
    # The whole number: a supervisor may ask for it, a clerk may not.
    refused = run(tmp_path, "requests", "show", tn, "--json", "--full-cnic", check=False)
    assert refused.returncode == 2 and "may not do this" in refused.stderr
    assert "1234567" not in refused.stdout + refused.stderr
    full = json.loads(run(tmp_path, "requests", "show", tn, "--json", "--full-cnic",
                          user="tariq").stdout)
    assert full["citizen"]["cnic"] == "35202-1234567-1"
    run(tmp_path, "requests", "note", tn, "Called the citizen")
    assert "note: Called the citizen" in run(tmp_path, "requests", "show", tn).stdout


def test_role_comes_from_the_signed_in_account(tmp_path):
    tn = json.loads(run(tmp_path, "requests", "new", "--cnic", "3520212345671", "--name", "A B",
                        "--service", "FARD_COPY", "--json").stdout)["tracking_number"]
    run(tmp_path, "requests", "status", tn, "--to", "in_review")
    refused = run(tmp_path, "requests", "status", tn, "--to", "approved", check=False)
    assert refused.returncode == 2 and "ask a supervisor" in refused.stderr
    assert "Traceback" not in refused.stderr
    run(tmp_path, "requests", "status", tn, "--to", "approved", user="tariq")
    shown = json.loads(run(tmp_path, "requests", "show", tn, "--json").stdout)
    assert [(e["actor_name"], e["actor_role"]) for e in shown["events"]] == [
        ("Sana Iqbal", "clerk"), ("Sana Iqbal", "clerk"), ("Tariq Mahmood", "supervisor")]
    # An enumerator sees surveys, not requests.
    enumerator = run(tmp_path, "requests", "list", user="kashif", check=False)
    assert enumerator.returncode == 2
    assert "enumerator" in enumerator.stderr and "does not handle service requests" in \
        enumerator.stderr and "Ayesha" not in enumerator.stdout


def test_commands_on_citizens_data_need_a_sign_in(tmp_path):
    run(tmp_path, "requests", "services")  # the catalogue is not personal data
    nobody = run(tmp_path, "requests", "list", user=None, check=False,
                 env={"DAFTAR_USER": "", "DAFTAR_PASSWORD": ""})
    assert nobody.returncode == 2 and "Sign in first" in nobody.stderr
    wrong = run(tmp_path, "requests", "list", password="not-the-password", check=False)
    assert wrong.returncode == 2 and "Wrong user name or password" in wrong.stderr
    assert "Traceback" not in wrong.stderr


@pytest.mark.no_people
def test_users_first_admin_then_people_then_lock_out(tmp_path):
    folder = tmp_path / "new-pc"
    # A new PC has no accounts: the first one is its office admin, made without a sign-in.
    clerk_first = run(folder, "users", "add", "sana", "--name", "Sana", "--role", "clerk",
                      "--password-stdin", user=None, stdin="a long enough secret\n",
                      check=False)
    assert clerk_first.returncode == 2 and "office admin" in clerk_first.stderr
    run(folder, "users", "add", "nadia", "--name", "Nadia Admin", "--role", "office_admin",
        "--password-stdin", user=None, stdin="admin pass phrase 7\n")
    # Now adding people needs the admin's sign-in.
    run(folder, "users", "add", "imran", "--name", "Imran", "--role", "clerk",
        "--password-stdin", user="nadia", password="admin pass phrase 7",
        stdin="my own secret 42\n")
    weak = run(folder, "users", "add", "zara", "--name", "Zara", "--role", "clerk",
               "--password-stdin", user="nadia", password="admin pass phrase 7",
               stdin="short\n", check=False)
    assert weak.returncode == 2 and "at least 10 characters" in weak.stderr
    not_admin = run(folder, "users", "add", "zara", "--name", "Zara", "--role", "clerk",
                    "--password-stdin", user="imran", password="my own secret 42",
                    stdin="zara's long password\n", check=False)
    assert not_admin.returncode == 2 and "clerk" in not_admin.stderr
    from store.accounts import MAX_FAILURES, Accounts, SignInFailed
    from store.store import Store

    with Store.open(folder) as store:
        for _ in range(MAX_FAILURES):
            with pytest.raises(SignInFailed):
                Accounts(store).sign_in("imran", "guess")
    locked = run(folder, "requests", "list", user="imran", password="my own secret 42",
                 check=False)
    assert locked.returncode == 2 and "locked until" in locked.stderr
    run(folder, "users", "unlock", "imran", user="nadia", password="admin pass phrase 7")
    run(folder, "requests", "list", user="imran", password="my own secret 42")
    listed = json.loads(run(folder, "users", "list", "--json", user="nadia",
                            password="admin pass phrase 7").stdout)
    assert {(u["username"], u["role"]) for u in listed} == {("nadia", "office_admin"),
                                                           ("imran", "clerk")}
    log = run(folder, "users", "log", user="nadia", password="admin pass phrase 7").stdout
    assert "locked_out" in log and "unlocked_by_admin" in log


@pytest.mark.parametrize("args,needle", [
    (["requests", "new", "--cnic", "123", "--name", "A", "--service", "FARD_COPY"], "13 digits"),
    (["requests", "new", "--cnic", "3520212345671", "--name", "A", "--phone", "12",
      "--service", "FARD_COPY"], "mobile"),
    (["requests", "new", "--cnic", "3520212345671", "--name", "A", "--service", "NOPE"],
     "choose a service"),
    (["requests", "show", "LHR1-261128-010001-0"], "typo"),
    (["requests", "status", "nonsense", "--to", "approved"], "tracking number"),
])
def test_bad_input_is_one_plain_line_and_nonzero(tmp_path, args, needle):
    proc = run(tmp_path, *args, check=False)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and needle in lines[0], proc.stderr


def test_demo_then_list_overdue_and_verify(tmp_path):
    assert "Wrote 300 demo requests" in run(tmp_path, "demo", "--requests", "300", "--seed",
                                            "5").stdout
    listed = json.loads(run(tmp_path, "requests", "list", "--json", "--limit", "500").stdout)
    assert listed["total"] == 300
    statuses = {r["status"] for r in listed["requests"]}
    assert {"submitted", "in_review", "approved", "completed", "closed"} <= statuses
    assert any(r["overdue"] for r in listed["requests"])
    services = {r["service_code"] for r in listed["requests"]}
    assert len(services) >= 10
    overdue = json.loads(run(tmp_path, "requests", "list", "--overdue", "--json").stdout)
    assert 0 < overdue["total"] < 300
    assert "intact" in run(tmp_path, "audit", "verify").stdout
    # Same seed, same data.
    other = tmp_path / "again"
    run(other, "demo", "--requests", "300", "--seed", "5")
    again = json.loads(run(other, "requests", "list", "--json", "--limit", "500").stdout)
    assert [r["citizen_name"] for r in again["requests"]] == \
        [r["citizen_name"] for r in listed["requests"]]


def test_demo_cnics_and_phones_are_valid(tmp_path):
    from models import validation
    from store.demo import generate
    from store.store import Store

    with Store.open(tmp_path) as store:
        generate(store, 200, seed=3)
        with store._read() as conn:
            citizens = conn.exec_driver_sql("SELECT cnic, phone FROM citizen").fetchall()
    assert len(citizens) == 200
    for cnic, phone in citizens:
        assert validation.parse_cnic(cnic) == cnic
        if phone:
            assert validation.parse_mobile(phone) == phone


def test_help_lists_commands(tmp_path):
    out = run(tmp_path, "--help").stdout
    for cmd in ("requests", "demo", "audit", "settings"):
        assert re.search(rf"\b{cmd}\b", out)
