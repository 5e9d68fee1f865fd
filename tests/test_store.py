"""The local store's operations: registration, workflow, notes, feedback, search, paging."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from conftest import CLERK, ENUMERATOR, SUPERVISOR, register
from models import tracking
from models.validation import InvalidForm, InvalidInput
from store.db import connect as db_connect
from store.errors import NotAllowed, NotFound
from store.store import RequestFilter, Store


def rows(store, table):
    with store._read() as conn:
        return conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()


def test_pragmas_are_durable(store):
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_register_writes_request_event_citizen_and_outbox(store):
    r = register(store)
    assert tracking.is_valid(r.tracking_number)
    assert r.tracking_number.startswith("LHR1-") and r.new_citizen
    assert rows(store, "service_request") == 1
    assert rows(store, "request_event") == 1
    assert rows(store, "citizen") == 1
    assert store.pending_outbox() == 3  # citizen, request, created event
    d = store.get_request(r.tracking_number)
    assert d.status == "submitted"
    assert [e["kind"] for e in d.events] == ["created"]
    assert d.request["due_date"] == r.due_date.isoformat()


def test_known_citizen_is_found_by_cnic_not_duplicated(store):
    a = register(store, 1, name="Ayesha Khan")
    b = register(store, 1, name="عائشہ خان", cnic="۳۵۲۰۲۰۰۰۰۰۰۱۱")
    assert a.citizen_id == b.citizen_id and not b.new_citizen
    assert rows(store, "citizen") == 1
    assert store.find_citizen("35202-0000001-1")["name"] == "Ayesha Khan"


def test_urdu_name_stored_exactly(store):
    r = register(store, name="  محمد علی  ")
    assert store.get_request(r.tracking_number).citizen["name"] == "محمد علی"


def test_invalid_form_reports_each_field_and_writes_nothing(store):
    with pytest.raises(InvalidForm) as err:
        store.register_request(cnic="123", name="", phone="12", service_code="DOMICILE_CERTIFICATE",
                               actor=CLERK)
    assert set(err.value.errors) == {"cnic", "name", "phone"}
    assert rows(store, "service_request") == 0 and store.pending_outbox() == 0


def test_unknown_service_is_refused(store):
    with pytest.raises(InvalidInput) as err:
        register(store, service_code="NO_SUCH")
    assert err.value.field == "service"


def test_tracking_numbers_follow_day_and_device_sequence(store):
    now = datetime(2026, 11, 28, 6, 0, tzinfo=UTC)
    a = register(store, 1, now=now)
    b = register(store, 2, now=now + timedelta(minutes=1))
    c = register(store, 3, now=now + timedelta(days=1))
    d = register(store, 4, now=now + timedelta(minutes=2))  # clock set back a day
    assert a.tracking_number.startswith("LHR1-261128-010001-")
    assert b.tracking_number.startswith("LHR1-261128-010002-")
    assert c.tracking_number.startswith("LHR1-261129-010001-")
    assert d.tracking_number.startswith("LHR1-261128-010003-")


def test_due_date_counts_working_days(store):
    # Friday 4 Dec 2026 + 5 working days (SLA of the domicile certificate) = Friday 11 Dec.
    friday = datetime(2026, 12, 4, 6, 0, tzinfo=UTC)
    r = register(store, now=friday)
    sla = next(s for s in store.services() if s["code"] == "DOMICILE_CERTIFICATE")["sla_days"]
    assert sla == 5
    assert r.due_date == date(2026, 12, 11)


def test_full_workflow_with_rules(store):
    tn = register(store).tracking_number
    store.change_status(tn, "in_review", actor=CLERK)
    with pytest.raises(NotAllowed, match="role"):
        store.change_status(tn, "approved", actor=CLERK)
    with pytest.raises(InvalidInput) as err:
        store.change_status(tn, "rejected", actor=SUPERVISOR)
    assert err.value.field == "reason"
    store.change_status(tn, "approved", actor=SUPERVISOR)
    store.change_status(tn, "completed", actor=CLERK)
    with pytest.raises(InvalidInput) as err:
        store.change_status(tn, "closed", actor=CLERK, note="given")
    assert err.value.field == "outcome"
    with pytest.raises(InvalidInput) as err:
        store.change_status(tn, "closed", actor=CLERK, outcome="resolved")
    assert err.value.field == "note"
    store.change_status(tn, "closed", actor=CLERK, outcome="resolved", note="Handed over")
    d = store.get_request(tn)
    assert d.status == "closed" and d.outcome == "resolved"
    store.change_status(tn, "reopened", actor=SUPERVISOR, reason="Wrong father's name")
    d = store.get_request(tn)
    assert d.status == "reopened" and d.outcome is None
    assert [e["kind"] for e in d.events] == ["created"] + ["status_changed"] * 5


def test_closed_without_fix_is_not_resolved(store):
    tn = register(store).tracking_number
    store.change_status(tn, "in_review", actor=CLERK)
    store.change_status(tn, "rejected", actor=SUPERVISOR, reason="Not a resident")
    store.change_status(tn, "closed", actor=CLERK, outcome="rejected_final", note="Informed")
    d = store.get_request(tn)
    assert d.status == "closed" and d.outcome == "rejected_final"


def test_impossible_jump_is_refused(store):
    tn = register(store).tracking_number
    with pytest.raises(NotAllowed):
        store.change_status(tn, "completed", actor=SUPERVISOR)
    with pytest.raises(InvalidInput):
        store.change_status(tn, "flying", actor=SUPERVISOR)


def test_enumerator_does_not_handle_requests(store):
    with pytest.raises(NotAllowed):
        register(store, actor=ENUMERATOR)


def test_notes_and_feedback(store):
    tn = register(store).tracking_number
    store.add_note(tn, "Citizen called", actor=CLERK)
    with pytest.raises(NotAllowed):
        store.record_feedback(tn, 4, actor=CLERK)
    store.change_status(tn, "in_review", actor=CLERK)
    store.change_status(tn, "approved", actor=SUPERVISOR)
    store.change_status(tn, "completed", actor=CLERK)
    with pytest.raises(InvalidInput):
        store.record_feedback(tn, 6, actor=CLERK)
    store.record_feedback(tn, 4, "Quick service", actor=CLERK)
    d = store.get_request(tn)
    assert d.rating == 4
    assert [e["kind"] for e in d.events][-1] == "feedback"
    assert d.events[1]["payload"] == {"text": "Citizen called"}


def test_lookup_by_mistyped_tracking_number_says_typo(store):
    tn = register(store).tracking_number
    raw = tracking.compact(tn)
    wrong = raw[:-2] + ("1" if raw[-2] != "1" else "2") + raw[-1]
    with pytest.raises(InvalidInput, match="typo"):
        store.get_request(wrong)
    assert store.get_request(tn.lower()).tracking_number == tn
    with pytest.raises(NotFound):
        store.get_request(tracking.make("KHI1", date(2026, 1, 1), 1, 1))


def test_search_finds_by_every_field(store):
    a = register(store, 1, name="Bilal Hussain", phone="0321-7654321",
                 description="water pipe broken")
    register(store, 2, name="فاطمہ بی بی", phone="")
    register(store, 3, name="Sana Malik")

    def found(query):
        return [r.tracking_number for r in store.list_requests(RequestFilter(query=query))]

    assert found("bilal") == [a.tracking_number]
    assert found("Hus") == [a.tracking_number]
    assert found("35202-0000001-1") == [a.tracking_number]
    assert found("۳۵۲۰۲۰۰۰۰۰۰۱۱") == [a.tracking_number]
    assert found("03217654321") == [a.tracking_number]
    assert found("+92 321 7654321") == [a.tracking_number]
    assert found("pipe") == [a.tracking_number]
    assert found(a.tracking_number.lower()) == [a.tracking_number]
    assert found(tracking.compact(a.tracking_number)) == [a.tracking_number]
    assert len(found("فاطمہ")) == 1
    assert found("nobody") == []
    assert store.count_requests(RequestFilter(query="35202")) == 3


def test_filters_and_keyset_paging(store):
    for n in range(25):
        register(store, n, service_code="DOMICILE_CERTIFICATE" if n % 2 else "FARD_COPY")
    first = store.list_requests(limit=10)
    second = store.list_requests(before=first[-1].pos, limit=10)
    third = store.list_requests(before=second[-1].pos, limit=10)
    ids = [r.request_id for r in first + second + third]
    assert len(ids) == 25 == len(set(ids))
    assert [r.pos for r in first + second + third] == sorted((r.pos for r in first + second + third),
                                                              reverse=True)
    assert store.count_requests(RequestFilter(service_code="FARD_COPY")) == 13
    store.change_status(first[0].tracking_number, "in_review", actor=CLERK)
    assert [r.tracking_number for r in store.list_requests(RequestFilter(status="in_review"))] \
        == [first[0].tracking_number]


def test_overdue_is_computed_and_filterable(store):
    old = register(store, 1, now=datetime.now(UTC) - timedelta(days=40))
    register(store, 2)
    done = register(store, 3, now=datetime.now(UTC) - timedelta(days=40))
    for step, who in (("in_review", CLERK), ("approved", SUPERVISOR), ("completed", CLERK)):
        store.change_status(done.tracking_number, step, actor=who)
    overdue = store.list_requests(RequestFilter(overdue=True))
    assert [r.tracking_number for r in overdue] == [old.tracking_number]
    assert overdue[0].overdue
    assert store.get_request(old.tracking_number).overdue
    assert not store.get_request(done.tracking_number).overdue


def test_reopening_the_store_keeps_device_and_data(tmp_path):
    with Store.open(tmp_path) as s:
        tn = register(s).tracking_number
        device = s.device().device_id
    with Store.open(tmp_path) as s:
        assert s.device().device_id == device
        assert s.get_request(tn).tracking_number == tn
        assert register(s, 9).tracking_number.split("-")[2].endswith("0002")


def test_unknown_office_refused(tmp_path):
    with pytest.raises(NotFound):
        Store.open(tmp_path, office_code="NOPE")


def test_migration_is_at_head_and_schema_matches_models(store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    from store.db import HEAD, current_revision, head_revision

    assert current_revision(store.engine) == head_revision() == HEAD
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={
            # FTS5's shadow tables are SQLite's own, not part of the models.
            "include_name": lambda name, kind, _p: not (kind == "table" and name.startswith(
                ("request_fts", "alembic_version")))})
        diff = compare_metadata(ctx, SQLModel.metadata)
    assert diff == []


def test_database_file_is_plain_sqlite_with_integrity(store):
    register(store)
    con = db_connect(store.folder / "daftar.sqlite3")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()


def test_damaged_database_file_is_a_known_error(tmp_path):
    from store.errors import KnownError

    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "daftar.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(KnownError, match="damaged"):
        Store.open(folder)
