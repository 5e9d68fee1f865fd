"""Reads of citizens' requests are checked by the store itself, below the desktop and the
CLI: the reader bound with ``Store.set_reader`` must be signed in, and an enumerator sees
surveys, not requests. The sync engine, backups and the audit check read without a reader."""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from conftest import register
from people import ADMIN, CLERK, ENUMERATOR, PASSWORD, SUPERVISOR
from store import backup, sync_ops
from store.accounts import Accounts, SignInFailed
from store.audit import verify
from store.cli_users import STAFF, signed_in
from store.errors import NotAllowed
from store.records import Actor
from store.store import RequestFilter
from sync import credentials
from sync.engine import SyncEngine

ROOT = Path(__file__).resolve().parents[1]
CNIC = "35202-0000000-1"  # conftest.register(store, 0)

#: Every read of the store that returns citizens' names, CNICs, phones or request rows.
READS = {
    "get_request": lambda store, reg: store.get_request(reg.tracking_number),
    "get_request by id": lambda store, reg: store.get_request(reg.request_id),
    "find_citizen": lambda store, reg: store.find_citizen(CNIC),
    "list_requests": lambda store, reg: store.list_requests(),
    "list_requests searched": lambda store, reg: store.list_requests(
        RequestFilter(query="Ayesha")),
    "count_requests": lambda store, reg: store.count_requests(),
    "count_requests filtered": lambda store, reg: store.count_requests(
        RequestFilter(status="submitted")),
}


@pytest.fixture
def registered(store):
    return store, register(store, 0)


@pytest.mark.parametrize("read", READS.values(), ids=READS.keys())
def test_an_enumerator_reader_is_refused_in_plain_words(registered, read):
    store, reg = registered
    store.set_reader(ENUMERATOR)
    with pytest.raises(NotAllowed) as refused:
        read(store, reg)
    assert str(refused.value) == "Your role (enumerator) does not handle service requests."


@pytest.mark.parametrize("read", READS.values(), ids=READS.keys())
def test_no_reader_is_refused(registered, read):
    store, reg = registered
    store.set_reader(None)
    with pytest.raises(SignInFailed, match="Please sign in first"):
        read(store, reg)


@pytest.mark.parametrize("read", READS.values(), ids=READS.keys())
def test_a_hand_made_or_signed_out_reader_is_refused(registered, read):
    store, reg = registered
    for fake in (Actor("Boss", "supervisor"), Actor("Sana Iqbal", "clerk", token="guessed")):
        store.set_reader(fake)
        with pytest.raises(SignInFailed):
            read(store, reg)
    # An enumerator's session dressed up as a clerk: the role is the account's own.
    store.set_reader(Actor("Sana Iqbal", "clerk", token=ENUMERATOR.token))
    with pytest.raises(NotAllowed, match="enumerator"):
        read(store, reg)
    Accounts(store).sign_out(CLERK)
    store.set_reader(CLERK)
    with pytest.raises(SignInFailed, match="signed out"):
        read(store, reg)


@pytest.mark.parametrize("reader", [CLERK, SUPERVISOR, ADMIN], ids=lambda a: a.role)
def test_staff_read_requests_and_citizens_an_enumerator_does_not(registered, reader):
    store, reg = registered
    store.set_reader(reader)
    assert store.get_request(reg.tracking_number).citizen["name"] == "Ayesha Khan"
    assert store.find_citizen(CNIC)["phone"] is not None
    assert [r.citizen_name for r in store.list_requests()] == ["Ayesha Khan"]
    assert store.count_requests() == 1
    assert store.count_requests(RequestFilter(query="Ayesha")) == 1
    store.set_reader(ENUMERATOR)  # the same store, the same rows: the role decides
    with pytest.raises(NotAllowed):
        store.count_requests()


def test_the_reader_is_checked_on_each_read_not_once(registered):
    store, _ = registered
    assert store.count_requests() == 1  # the clerk (bound by tests/people.py)
    Accounts(store).sign_out(CLERK)
    with pytest.raises(SignInFailed, match="signed out"):
        store.list_requests()


def test_the_cli_binds_the_person_for_one_command(registered, monkeypatch):
    store, reg = registered
    monkeypatch.setenv("DAFTAR_PASSWORD", PASSWORD)
    store.set_reader(None)
    # An enumerator signed in for a command of theirs still cannot read requests.
    with signed_in(argparse.Namespace(user="kashif"), store) as me:
        assert me.role == "enumerator"
        with pytest.raises(NotAllowed, match="does not handle service requests"):
            store.list_requests()
    with signed_in(argparse.Namespace(user="sana"), store, roles=STAFF):
        assert store.get_request(reg.tracking_number).citizen["name"] == "Ayesha Khan"
    with pytest.raises(SignInFailed, match="Please sign in first"):  # unbound afterwards
        store.count_requests()


def test_sync_backup_and_audit_work_without_a_reader(store, memory_keyring):
    for n in range(2):
        register(store, n)
    store.set_reader(None)
    with pytest.raises(SignInFailed):
        store.count_requests()

    credentials.key_for_enrollment(store.device().device_id)
    sync_ops.save_enrollment(store, server_url="http://127.0.0.1:9", office_code="LHR1",
                             district_id="PK617", device_number=1)

    def handler(request: httpx.Request):
        if request.url.path.endswith("/push"):
            ops = json.loads(gzip.decompress(request.content))["ops"]
            return httpx.Response(200, json={"accepted": [o["record"]["id"] for o in ops],
                                             "already_held": [], "rejected": [],
                                             "server_time": int(time.time() * 1000)})
        return httpx.Response(200, json={"changes": [], "next_cursor": 0, "more": False,
                                         "server_time": int(time.time() * 1000)})

    report = SyncEngine(store, transport=httpx.MockTransport(handler)).run_once()
    assert report.error is None and report.pushed == 6 and report.all_sent
    assert verify(store).ok
    made = backup.make_backup(store.folder)
    assert made.exists()
    store.close()
    audit = subprocess.run([sys.executable, "daftar.py", "--data-dir", str(store.folder),
                            "audit", "verify"], capture_output=True, text=True, cwd=ROOT)
    assert audit.returncode == 0 and "intact" in audit.stdout, audit.stderr
