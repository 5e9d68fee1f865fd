"""Accounts: argon2 passwords, sessions checked by the store, lock-out, expiry, roles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from conftest import register
from models.validation import InvalidInput
from people import cheap_hasher
from store.accounts import LOCKOUT, MAX_FAILURES, SESSION_HOURS, Accounts, SignInFailed, authorize
from store.errors import NotAllowed
from store.records import Actor
from store.store import Store

pytestmark = pytest.mark.no_people


@pytest.fixture
def fresh(tmp_path):
    with Store.open(tmp_path / "pc") as store:
        yield store, Accounts(store, hasher=cheap_hasher())


def test_first_admin_then_people_with_roles(fresh):
    _, accounts = fresh
    assert not accounts.has_users()
    accounts.create_first_admin("nadia", "Nadia Khan", "admin pass phrase 7")
    with pytest.raises(NotAllowed):  # only the very first account is made without a sign-in
        accounts.create_first_admin("eve", "Eve", "another long one 9")
    admin = accounts.sign_in("Nadia", "admin pass phrase 7")  # user names ignore case
    assert (admin.name, admin.role, admin.username) == ("Nadia Khan", "office_admin", "nadia")
    accounts.add_user(admin, "sana", "Sana Iqbal", "clerk", "chai at four pm")
    clerk = accounts.sign_in("sana", "chai at four pm")
    with pytest.raises(NotAllowed):  # a clerk does not manage accounts
        accounts.add_user(clerk, "eve", "Eve", "supervisor", "another long one 9")
    with pytest.raises(InvalidInput):
        accounts.add_user(admin, "sana", "Sana again", "clerk", "chai at four pm")
    assert {(u.username, u.role) for u in accounts.users()} == {
        ("nadia", "office_admin"), ("sana", "clerk")}


def test_password_is_stored_as_argon2id_only(fresh):
    store, accounts = fresh
    accounts.create_first_admin("nadia", "Nadia", "admin pass phrase 7")
    with store._read() as conn:
        stored = conn.execute(text("SELECT password_hash FROM user_account")).scalar()
    assert stored.startswith("$argon2id$") and "admin pass phrase 7" not in stored


@pytest.mark.parametrize("password,needle", [
    ("short", "at least 10"), ("1234567890", "too easy"), ("aaaaaaaaaaaa", "too easy"),
    ("nadia-is-me-1", "too easy")])
def test_weak_passwords_are_refused_in_plain_words(fresh, password, needle):
    _, accounts = fresh
    with pytest.raises(InvalidInput) as err:
        accounts.create_first_admin("nadia", "Nadia", password)
    assert needle in err.value.text()
    assert not accounts.has_users()


def test_the_store_checks_the_session_not_the_callers_claims(fresh):
    store, accounts = fresh
    accounts.create_first_admin("nadia", "Nadia", "admin pass phrase 7")
    admin = accounts.sign_in("nadia", "admin pass phrase 7")
    accounts.add_user(admin, "sana", "Sana Iqbal", "clerk", "chai at four pm")
    clerk = accounts.sign_in("sana", "chai at four pm")
    reg = register(store, actor=clerk)
    store.change_status(reg.request_id, "in_review", actor=clerk)
    # A hand-made supervisor, or the clerk's session dressed up as one, is refused.
    with pytest.raises(SignInFailed):
        store.change_status(reg.request_id, "approved", actor=Actor("Boss", "supervisor"))
    dressed_up = Actor("Boss", "supervisor", token=clerk.token)
    with pytest.raises(NotAllowed, match="ask a supervisor"):
        store.change_status(reg.request_id, "approved", actor=dressed_up)
    with pytest.raises(SignInFailed):
        register(store, 1, actor=Actor("Sana Iqbal", "clerk", token="guessed"))
    store.set_reader(clerk)
    events = store.get_request(reg.request_id).events
    assert [(e["actor_name"], e["actor_role"]) for e in events] == [
        ("Sana Iqbal", "clerk"), ("Sana Iqbal", "clerk")]


def test_sign_out_switch_off_and_password_reset_end_sessions(fresh):
    store, accounts = fresh
    accounts.create_first_admin("nadia", "Nadia", "admin pass phrase 7")
    admin = accounts.sign_in("nadia", "admin pass phrase 7")
    accounts.add_user(admin, "sana", "Sana Iqbal", "clerk", "chai at four pm")
    clerk = accounts.sign_in("sana", "chai at four pm")
    accounts.sign_out(clerk)
    with pytest.raises(SignInFailed, match="signed out"):
        register(store, actor=clerk)
    clerk = accounts.sign_in("sana", "chai at four pm")
    accounts.set_password(admin, "sana", "a brand new secret")
    with pytest.raises(SignInFailed):
        register(store, actor=clerk)
    clerk = accounts.sign_in("sana", "a brand new secret")
    accounts.set_active(admin, "sana", False)
    with pytest.raises(SignInFailed, match="switched off"):
        register(store, actor=clerk)
    with pytest.raises(SignInFailed, match="switched off"):
        accounts.sign_in("sana", "a brand new secret")
    with pytest.raises(NotAllowed):
        accounts.set_active(admin, "nadia", False)  # never lock the office out


def test_session_ends_after_twelve_hours(fresh):
    store, accounts = fresh
    accounts.create_first_admin("nadia", "Nadia", "admin pass phrase 7")
    started = datetime.now(UTC) - timedelta(hours=SESSION_HOURS, minutes=1)
    old = accounts.sign_in("nadia", "admin pass phrase 7", now=started)
    with store._read() as conn, pytest.raises(SignInFailed, match="12 hours"):
        authorize(conn, old)
    fresh_session = accounts.confirm(old, "admin pass phrase 7")
    assert fresh_session.token != old.token
    with store._read() as conn:
        assert authorize(conn, fresh_session).username == "nadia"
    # Unlocking a live session keeps it: what the person had open keeps working.
    assert accounts.confirm(fresh_session, "admin pass phrase 7").token == fresh_session.token
    with pytest.raises(SignInFailed):
        accounts.confirm(fresh_session, "wrong password!")


def test_lock_out_after_repeated_failures_then_time_or_admin_lifts_it(fresh):
    _, accounts = fresh
    accounts.create_first_admin("nadia", "Nadia", "admin pass phrase 7")
    admin = accounts.sign_in("nadia", "admin pass phrase 7")
    accounts.add_user(admin, "sana", "Sana Iqbal", "clerk", "chai at four pm")
    t0 = datetime.now(UTC)
    messages = []
    for i in range(MAX_FAILURES):
        with pytest.raises(SignInFailed) as err:
            accounts.sign_in("sana", "wrong guess", now=t0 + timedelta(seconds=i))
        messages.append(err.value.text())
    assert "more tries" in messages[0] and "locked until" in messages[-1]
    # Locked: even the right password is refused, without being checked.
    with pytest.raises(SignInFailed, match="locked until"):
        accounts.sign_in("sana", "chai at four pm", now=t0 + timedelta(minutes=1))
    # After the lock-out period it works again.
    accounts.sign_in("sana", "chai at four pm", now=t0 + LOCKOUT + timedelta(seconds=10))
    for _ in range(MAX_FAILURES):
        with pytest.raises(SignInFailed):
            accounts.sign_in("sana", "wrong guess")
    accounts.unlock_account(admin, "sana")
    accounts.sign_in("sana", "chai at four pm")
    events = [r["event"] for r in accounts.sign_in_log(100)]
    assert events.count("locked_out") == 2 and "unlocked_by_admin" in events
    assert "wrong_password" in events and "refused_locked" in events


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(fresh):
    _, accounts = fresh
    accounts.create_first_admin("nadia", "Nadia", "admin pass phrase 7")
    with pytest.raises(SignInFailed) as unknown:
        accounts.sign_in("my-secret-pw", "whatever it is")  # a password in the wrong box
    assert unknown.value.text() == "Wrong user name or password."
    assert accounts.sign_in_log(1)[0]["username"] == "(unknown)"  # what was typed is not kept


def test_sign_in_log_cannot_be_changed(fresh):
    store, accounts = fresh
    accounts.create_first_admin("nadia", "Nadia", "admin pass phrase 7")
    accounts.sign_in("nadia", "admin pass phrase 7")
    for sql in ("UPDATE sign_in_log SET event = 'x'", "DELETE FROM sign_in_log"):
        with pytest.raises(IntegrityError), store._write() as conn:
            conn.execute(text(sql))
    assert [r["event"] for r in accounts.sign_in_log()] == ["signed_in", "account_created"]


def test_enumerator_does_surveys_not_requests(tmp_path):
    from store.surveys import Surveys

    with Store.open(tmp_path / "pc") as store:
        accounts = Accounts(store, hasher=cheap_hasher())
        accounts.create_first_admin("nadia", "Nadia", "admin pass phrase 7")
        admin = accounts.sign_in("nadia", "admin pass phrase 7")
        accounts.add_user(admin, "kashif", "Kashif Ali", "enumerator", "fieldwork every day")
        enumerator = accounts.sign_in("kashif", "fieldwork every day")
        with pytest.raises(NotAllowed, match="does not handle service requests"):
            register(store, actor=enumerator)
        surveys = Surveys(store)
        surveys.ensure_default_form()
        draft = surveys.start_draft("daftar_governance", "ur", enumerator)
        assert surveys.get_response(draft).enumerator == "Kashif Ali"
        with pytest.raises(NotAllowed):
            surveys.set_quota("PK601", "urban", "citizen", 3, actor=enumerator)


def test_provisioned_accounts_from_the_server(fresh):
    store, accounts = fresh
    office = store.office()["code"]
    record = {"user_id": "11111111-2222-4333-8444-555555555555", "office_code": office,
              "username": "bilal", "display_name": "Bilal Ahmed", "role": "supervisor",
              "password_hash": cheap_hasher().hash("provisioned secret 1"), "active": True,
              "updated_at": "2026-11-30T10:00:00.000Z"}
    with store._write() as conn:
        assert Accounts.apply_provisioned(conn, record) == "applied"
        assert Accounts.apply_provisioned(conn, {**record, "office_code": "ZZZ9"}) == \
            "other_office"
        assert Accounts.apply_provisioned(conn, {**record, "role": "root"}) == "invalid"
        assert Accounts.apply_provisioned(
            conn, {**record, "updated_at": "2026-11-29T10:00:00.000Z",
                   "display_name": "Old"}) == "stale"
    supervisor = accounts.sign_in("bilal", "provisioned secret 1")
    assert (supervisor.name, supervisor.role) == ("Bilal Ahmed", "supervisor")
    with store._write() as conn:  # switched off on the server: sessions end here too
        Accounts.apply_provisioned(conn, {**record, "active": False,
                                          "updated_at": "2026-11-30T11:00:00.000Z"})
    with store._read() as conn, pytest.raises(SignInFailed):
        authorize(conn, supervisor)
    assert [u.source for u in accounts.users()] == ["server"]


def test_accounts_pulled_with_a_sync_page_can_sign_in(fresh):
    from store.sync_ops import apply_pulled

    store, accounts = fresh
    office = store.office()["code"]
    record = {"user_id": "11111111-2222-4333-8444-666666666666", "office_code": office,
              "username": "hina", "display_name": "Hina Baig", "role": "clerk",
              "password_hash": cheap_hasher().hash("pulled from server 3"), "active": True,
              "updated_at": "2026-11-30T10:00:00.000Z"}
    result = apply_pulled(store, [{"kind": "user_account", "record": record},
                                  {"kind": "user_account",
                                   "record": {**record, "user_id": "x", "role": "root"}}], 7)
    assert result.reference == 1 and result.parked == 1
    assert accounts.sign_in("hina", "pulled from server 3").role == "clerk"


def test_the_office_admin_password_unlocks_the_database_key(fresh):
    """Creating the office admin wraps the database key for their password; a changed
    password replaces it; switching an admin off removes theirs (store/keys.py)."""
    from store import keys

    store, accounts = fresh
    admin_row = accounts.create_first_admin("nadia", "Nadia", "admin pass phrase 7")
    label = f"admin:{admin_row.user_id}"
    assert keys.envelope_labels(store.folder) == [label]
    key = keys.database_key(store.folder)
    assert keys.unwrap_key_file(keys.key_file(store.folder), "admin pass phrase 7") == key
    admin = accounts.sign_in("nadia", "admin pass phrase 7")
    accounts.set_password(admin, "nadia", "a new admin phrase 8")
    with pytest.raises(keys.WrongPassword):
        keys.unwrap_key_file(keys.key_file(store.folder), "admin pass phrase 7")
    assert keys.unwrap_key_file(keys.key_file(store.folder), "a new admin phrase 8") == key
    admin = accounts.sign_in("nadia", "a new admin phrase 8")
    second = accounts.add_user(admin, "bilal", "Bilal", "office_admin", "second admin 99")
    assert len(keys.envelope_labels(store.folder)) == 2
    accounts.set_active(admin, "bilal", False)
    assert keys.envelope_labels(store.folder) == [label]
    assert second.user_id not in "".join(keys.envelope_labels(store.folder))
