"""Survey operations on a real SQLite store: forms and versions, drafts saved at every
change, finalize = validate + freeze + outbox in one transaction, quotas, pulled forms,
migration 0003, the demo generator and the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy.exc import IntegrityError
from test_forms_xlsform import DEFAULT_FORM, FEATURES_SETTINGS, write_xlsform

import people
from conftest import ADMIN, CLERK, ENUMERATOR, SUPERVISOR
from models.forms import FormError, load_xlsform
from models.validation import InvalidForm, InvalidInput
from store import db
from store.accounts import Accounts, SignInFailed
from store.db import HEAD
from store.db import connect as db_connect
from store.errors import NotAllowed, NotFound
from store.records import Actor
from store.store import Store
from store.surveys import WIRE_FIELDS, Surveys, apply_form, wire_response

ROOT = Path(__file__).resolve().parent.parent
VALID = {"name": "Ayesha", "age": "30", "consent": "yes", "fruits": "mango",
         "province": "PK6", "district": "PK601", "phone": "03001234567", "q1": "4"}


@pytest.fixture
def surveys(store) -> Surveys:
    return Surveys(store)


@pytest.fixture
def features_xlsx(tmp_path) -> Path:
    return write_xlsform(tmp_path / "features.xlsx")


def fill(surveys: Surveys, draft: str, answers: dict) -> None:
    for name, value in answers.items():
        surveys.save_answer(draft, name, value, time_ms=1000, actor=ENUMERATOR)


def outbox_rows(store) -> list:
    with store._read() as conn:
        return conn.exec_driver_sql(
            "SELECT record_kind, record_id, state FROM outbox").fetchall()


# -- forms ---------------------------------------------------------------------------------
def test_import_is_idempotent_and_a_version_never_changes(surveys, features_xlsx, tmp_path):
    first = surveys.import_form(features_xlsx)
    assert first.new and (first.form_id, first.version) == ("features", "3")
    assert not surveys.import_form(features_xlsx).new
    changed = write_xlsform(tmp_path / "changed.xlsx",
                            settings=[FEATURES_SETTINGS[0], ["Changed", "features", "3", None]])
    with pytest.raises(NotAllowed, match="new version"):
        surveys.import_form(changed)
    newer = write_xlsform(tmp_path / "v10.xlsx",
                          settings=[FEATURES_SETTINGS[0], ["Features", "features", "10",
                                                           "English (en)"]])
    surveys.import_form(newer)
    assert [(f.form_id, f.version) for f in surveys.forms()] == [("features", "10"),
                                                                  ("features", "3")]
    assert surveys.form("features").version == "10"  # numeric order, not text order


def test_broken_form_is_not_stored(surveys, tmp_path):
    with pytest.raises(FormError):
        surveys.import_form(write_xlsform(tmp_path / "b.xlsx", settings=[["form_id"], ["x"]]))
    assert surveys.forms() == []


def test_a_new_version_never_strands_a_draft(surveys, features_xlsx, tmp_path):
    surveys.import_form(features_xlsx)
    draft = surveys.start_draft("features", "en", ENUMERATOR)
    surveys.save_answer(draft, "name", "Ayesha", actor=ENUMERATOR)
    surveys.import_form(write_xlsform(tmp_path / "v4.xlsx", settings=[
        FEATURES_SETTINGS[0], ["Features", "features", "4", "English (en)"]]))
    fill(surveys, draft, {k: v for k, v in VALID.items() if k != "name"})
    final = surveys.finalize(draft, actor=ENUMERATOR)
    assert final.form_version == "3"
    assert surveys.get_response(surveys.start_draft("features", "en", ENUMERATOR)).form_version == "4"
    pinned = surveys.start_draft("features", "en", ENUMERATOR, version="3")
    assert surveys.get_response(pinned).form_version == "3"


def test_pulled_form_is_applied_once(surveys, store, features_xlsx):
    form = load_xlsform(features_xlsx)
    applied = surveys.apply_form(form.to_json(), "ab" * 32)
    assert applied.new and surveys.form("features", "3") == form
    with store._write() as conn:  # inside the sync's own transaction
        again = apply_form(json.dumps(form.to_json()), "ab" * 32, conn=conn)
    assert not again.new
    with pytest.raises(NotAllowed):
        surveys.apply_form(form.to_json(), "cd" * 32)
    broken = form.to_json() | {"version": "9"}
    broken["questions"][0]["relevant"] = "${nobody} = 1"
    with pytest.raises(FormError, match="nobody"):
        surveys.apply_form(broken, "ef" * 32)
    assert [f.version for f in surveys.forms()] == ["3"]


# -- drafts --------------------------------------------------------------------------------
def test_each_answer_is_saved_at_once_with_paradata(surveys, store, features_xlsx):
    surveys.import_form(features_xlsx)
    draft = surveys.start_draft("features", "ur", ENUMERATOR)
    assert surveys.get_response(draft).answers == {"visit": "2026-11-30"}  # the default
    surveys.save_answer(draft, "age", "۳۰", time_ms=2500, actor=ENUMERATOR)
    surveys.save_answer(draft, "age", "31", time_ms=1500, actor=ENUMERATOR)
    surveys.save_answer(draft, "visit", "", time_ms=300, actor=ENUMERATOR)  # empty clears
    # Read back through a second, independent store: it is on disk, committed.
    with Store.open(store.folder) as other:
        row = Surveys(other).get_response(draft)
    assert row.answers == {"age": 31}
    assert row.paradata == {"age": {"ms": 4000, "changes": 2},
                            "visit": {"ms": 300, "changes": 1}}
    assert row.status == "draft" and row.language == "ur"
    assert [d.id for d in surveys.list_drafts()] == [draft]
    with pytest.raises(InvalidInput, match="whole number"):
        surveys.save_answer(draft, "age", "old", actor=ENUMERATOR)
    with pytest.raises(InvalidInput, match="no question"):
        surveys.save_answer(draft, "nope", "1", actor=ENUMERATOR)
    _form, response, state = surveys.evaluate(draft)
    assert response.id == draft and state.errors["name"] == "نام لکھیں"
    surveys.discard_draft(draft, actor=ENUMERATOR)
    assert surveys.list_drafts() == []


def test_start_draft_checks_language_and_the_signed_in_enumerator(surveys, features_xlsx):
    surveys.import_form(features_xlsx)
    with pytest.raises(InvalidInput):
        surveys.start_draft("features", "fr", ENUMERATOR)
    with pytest.raises(SignInFailed):  # a name alone is not a signed-in person
        surveys.start_draft("features", "en", Actor("Kashif", "enumerator"))
    with pytest.raises(NotFound):
        surveys.start_draft("nothing", "en", ENUMERATOR)


# -- who may change a draft ------------------------------------------------------------------
def draft_row(store, draft: str) -> dict:
    """Everything stored of *draft*, and the outbox: what a refused change must not touch."""
    with store._read() as conn:
        row = conn.exec_driver_sql("SELECT * FROM survey_response WHERE id = ?",
                                   (draft,)).mappings().one()
    return {**row, "outbox": outbox_rows(store)}


def every_change(surveys: Surveys, draft: str, actor: Actor):
    """Each change a person can make to a draft, as *actor*."""
    return [("save_answer", lambda: surveys.save_answer(draft, "q1", "1", actor=actor)),
            ("finalize", lambda: surveys.finalize(draft, actor=actor)),
            ("discard_draft", lambda: surveys.discard_draft(draft, actor=actor))]


def test_a_draft_is_changed_only_by_someone_signed_in(surveys, store, features_xlsx):
    accounts = Accounts(store, hasher=people.cheap_hasher())
    surveys.import_form(features_xlsx)
    draft = surveys.start_draft("features", "en", ENUMERATOR)
    fill(surveys, draft, VALID)  # complete: finalizing it would succeed
    before = draft_row(store, draft)
    signed_out = accounts.sign_in("kashif", people.PASSWORD)  # Kashif's own, second session
    accounts.sign_out(signed_out)
    for who, message in ((Actor("Kashif", "enumerator"), "Please sign in first"),
                         (signed_out, "You have been signed out")):
        for what, change in every_change(surveys, draft, who):
            with pytest.raises(SignInFailed, match=message):
                change()
            assert draft_row(store, draft) == before, what
    # The session is checked before anything else: before "no such response" or "final".
    with pytest.raises(SignInFailed):
        surveys.save_answer("no-such-draft", "q1", "1", actor=signed_out)
    final = surveys.finalize(draft, actor=ENUMERATOR).id
    with pytest.raises(SignInFailed):
        surveys.finalize(final, actor=signed_out)


@pytest.fixture
def rabia(store):
    """A second enumerator of the office, signed in."""
    accounts = Accounts(store, hasher=people.cheap_hasher())
    accounts.add_user(ADMIN, "rabia", "Rabia Aslam", "enumerator", "green chillies at dusk")
    return accounts.sign_in("rabia", "green chillies at dusk")


def test_another_enumerator_cannot_change_a_draft(surveys, store, features_xlsx, rabia):
    surveys.import_form(features_xlsx)
    draft = surveys.start_draft("features", "en", ENUMERATOR)
    fill(surveys, draft, VALID)
    before = draft_row(store, draft)
    for who in (rabia, CLERK):  # a clerk is no supervisor either
        for what, change in every_change(surveys, draft, who):
            with pytest.raises(NotAllowed) as info:
                change()
            assert str(info.value) == ("This interview was started by Kashif; only they "
                                       "(or a supervisor) can change it."), what
            assert info.value.args_ == {"name": "Kashif"}
            assert draft_row(store, draft) == before, what
    # The name checked is the account's, not the one the caller wrote on the actor.
    posing = Actor("Kashif", "supervisor", token=rabia.token)
    with pytest.raises(NotAllowed):
        surveys.save_answer(draft, "q1", "1", actor=posing)
    assert draft_row(store, draft) == before
    # Rabia's own draft is hers.
    own = surveys.start_draft("features", "en", rabia)
    assert surveys.save_answer(own, "q1", "2", actor=rabia) == "2"


def test_a_supervisor_may_finish_or_discard_another_persons_draft(surveys, store,
                                                                 features_xlsx, rabia):
    surveys.import_form(features_xlsx)
    draft = surveys.start_draft("features", "en", ENUMERATOR)
    fill(surveys, draft, VALID)
    with pytest.raises(NotAllowed):  # another enumerator may not…
        surveys.finalize(draft, actor=rabia)
    assert surveys.get_response(draft).status == "draft"
    surveys.save_answer(draft, "q1", "5", actor=SUPERVISOR)  # …their supervisor may
    final = surveys.finalize(draft, actor=SUPERVISOR)
    assert final.status == "final" and final.answers["q1"] == "5"
    assert final.enumerator == "Kashif"  # still the interviewer's response
    assert outbox_rows(store) == [("survey_response", draft, "pending")]
    other = surveys.start_draft("features", "en", rabia)
    surveys.discard_draft(other, actor=ADMIN)  # and so may the office admin
    assert [d.id for d in surveys.list_drafts()] == []


# -- finalize ------------------------------------------------------------------------------
def test_finalize_blocks_on_constraints_with_the_form_language(surveys, store, features_xlsx):
    surveys.import_form(features_xlsx)
    for language, needle in (("en", "Must be 18 to 119"), ("ur", "عمر 18 سے 119 ہو")):
        draft = surveys.start_draft("features", language, ENUMERATOR)
        fill(surveys, draft, dict(VALID, age="12"))
        with pytest.raises(InvalidForm) as info:
            surveys.finalize(draft, actor=ENUMERATOR)
        assert list(info.value.errors) == ["age"]
        assert info.value.errors["age"].text() == needle
        assert surveys.get_response(draft).status == "draft"
    assert outbox_rows(store) == []


def test_finalize_freezes_clears_and_queues_in_one_transaction(surveys, store, features_xlsx):
    surveys.import_form(features_xlsx)
    draft = surveys.start_draft("features", "en", ENUMERATOR)
    fill(surveys, draft, VALID)
    surveys.save_answer(draft, "consent", "no", actor=ENUMERATOR)  # hides the second group…
    surveys.save_answer(draft, "consent", "yes",
                        actor=ENUMERATOR)  # …and brings its answers back
    surveys.save_answer(draft, "q1", "5", actor=ENUMERATOR)
    final = surveys.finalize(datetime_draft := draft, now=datetime(2026, 11, 30, tzinfo=UTC),
                             actor=ENUMERATOR)
    assert final.status == "final" and final.finished_at == "2026-11-30T00:00:00.000Z"
    assert final.answers["q1"] == "5" and final.answers["adult"] == "adult"
    assert outbox_rows(store) == [("survey_response", datetime_draft, "pending")]
    with pytest.raises(NotAllowed):
        surveys.save_answer(draft, "q1", "1", actor=ENUMERATOR)
    with pytest.raises(NotAllowed):
        surveys.finalize(draft, actor=ENUMERATOR)
    # The database itself refuses to change or delete a final response.
    con = db_connect(store.folder / "daftar.sqlite3")
    for sql in ("UPDATE survey_response SET answers = '{}'", "DELETE FROM survey_response"):
        with pytest.raises(db.IntegrityError_, match="final survey response"):
            con.execute(sql)
    con.close()
    # The outbox record carries everything the server needs.
    with store._read() as conn:
        row = conn.exec_driver_sql("SELECT * FROM survey_response").mappings().one()
    record = wire_response(row)
    assert set(record) == set(WIRE_FIELDS)
    assert record["answers"] == final.answers and record["paradata"]["q1"]["changes"] == 2
    assert record["device_id"] == store.device().device_id


def test_cleared_answers_are_not_sent(surveys, features_xlsx):
    surveys.import_form(features_xlsx)
    draft = surveys.start_draft("features", "en", ENUMERATOR)
    fill(surveys, draft, dict(VALID, consent="no"))
    final = surveys.finalize(draft, actor=ENUMERATOR)
    assert "q1" not in final.answers and "district" not in final.answers
    assert final.district is None and final.answers["consent"] == "no"


def test_finalize_failure_leaves_neither_response_nor_outbox(surveys, store, features_xlsx,
                                                             monkeypatch):
    """A failure after the response is frozen (here: the outbox write) rolls back both."""
    surveys.import_form(features_xlsx)
    draft = surveys.start_draft("features", "en", ENUMERATOR)
    fill(surveys, draft, VALID)
    with store._write() as conn:  # an outbox row that clashes with the one finalize writes
        conn.exec_driver_sql(
            "INSERT INTO outbox(op_seq, record_kind, record_id, created_at, state, attempts) "
            f"VALUES (999, 'survey_response', '{draft}', 'x', 'pending', 0)")
    with pytest.raises(IntegrityError):
        surveys.finalize(draft, actor=ENUMERATOR)
    assert surveys.get_response(draft).status == "draft"
    with store._write() as conn:
        conn.exec_driver_sql("DELETE FROM outbox")
    assert surveys.finalize(draft, actor=ENUMERATOR).status == "final"
    assert len(outbox_rows(store)) == 1


# -- quotas --------------------------------------------------------------------------------
def test_quota_progress_counts_final_responses_per_stratum(surveys):
    surveys.import_form(DEFAULT_FORM)
    surveys.set_quota("PK601", "urban", "citizen", 2, actor=SUPERVISOR)
    surveys.set_quota("PK601", "rural", "citizen", 1, actor=SUPERVISOR)
    with pytest.raises(NotFound):
        surveys.set_quota("PK999", "urban", "citizen", 1, actor=SUPERVISOR)
    with pytest.raises(InvalidInput):
        surveys.set_quota("PK601", "town", "citizen", 1, actor=SUPERVISOR)
    answers = {"consent": "yes", "respondent_type": "citizen", "province": "PK6",
               "district": "PK601", "area": "urban", "gender": "female",
               "age_group": "25_34", "education": "matric", "internet_access": "mobile"}
    answers |= {f"dig_{j}": "3" for j in (1, 2, 3)}
    answers |= {f"{p}_{j}": "4" for p in ("tra", "eff", "sat", "acc", "tru")
                for j in range(1, 5)}
    draft = surveys.start_draft("daftar_governance", "ur", ENUMERATOR)
    fill(surveys, draft, answers)
    progress = {(q.district, q.area): (q.done, q.target) for q in surveys.quota_progress()}
    assert progress == {("PK601", "rural"): (0, 1), ("PK601", "urban"): (0, 2)}
    surveys.finalize(draft, actor=ENUMERATOR)
    urban = next(q for q in surveys.quota_progress() if q.area == "urban")
    assert (urban.done, urban.remaining) == (1, 1)
    with pytest.raises(NotAllowed):  # an enumerator does not set targets
        surveys.set_quota("PK601", "rural", "citizen", 0, actor=ENUMERATOR)
    surveys.set_quota("PK601", "rural", "citizen", 0, actor=SUPERVISOR)
    assert len(surveys.quota_progress()) == 1


def test_every_quota_change_is_logged_with_who_did_it(surveys):
    at = datetime(2026, 12, 1, 5, 15, tzinfo=UTC)
    surveys.set_quota("PK601", "urban", "citizen", 5, actor=SUPERVISOR, now=at)
    surveys.set_quota("PK601", "urban", "citizen", 5, actor=ADMIN)  # no change: no line
    surveys.set_quota("PK601", "rural", "citizen", 0, actor=ADMIN)  # no target to remove
    surveys.set_quota("PK601", "urban", "citizen", 8, actor=ADMIN)
    surveys.set_quota("PK601", "urban", "citizen", 0, actor=SUPERVISOR)
    surveys.set_quota("PK601", "rural", "service_user", 3, actor=SUPERVISOR, now=at)
    log = [(c.district, c.area, c.respondent_type, c.previous, c.target, c.actor_name,
            c.actor_role, c.user_id) for c in surveys.quota_log()]
    assert log == [  # newest first
        ("PK601", "rural", "service_user", None, 3, "Tariq Mahmood", "supervisor",
         SUPERVISOR.user_id),
        ("PK601", "urban", "citizen", 8, 0, "Tariq Mahmood", "supervisor", SUPERVISOR.user_id),
        ("PK601", "urban", "citizen", 5, 8, "Office Admin", "office_admin", ADMIN.user_id),
        ("PK601", "urban", "citizen", None, 5, "Tariq Mahmood", "supervisor",
         SUPERVISOR.user_id),
    ]
    assert surveys.quota_log()[-1].at == "2026-12-01T05:15:00.000Z"
    assert len(surveys.quota_log(limit=2)) == 2
    # The progress says who last set each target and when.
    (quota,) = surveys.quota_progress()
    assert (quota.respondent_type, quota.changed_by, quota.changed_by_role,
            quota.changed_at) == ("service_user", "Tariq Mahmood", "supervisor",
                                  "2026-12-01T05:15:00.000Z")


def test_a_refused_quota_change_writes_no_log_line(surveys):
    surveys.set_quota("PK601", "urban", "citizen", 5, actor=SUPERVISOR)
    for person in (CLERK, ENUMERATOR):
        with pytest.raises(NotAllowed):
            surveys.set_quota("PK601", "urban", "citizen", 9, actor=person)
    with pytest.raises(SignInFailed):  # a hand-made supervisor has no session
        surveys.set_quota("PK601", "urban", "citizen", 9, actor=Actor("x", "supervisor"))
    with pytest.raises(NotFound):
        surveys.set_quota("PK999", "urban", "citizen", 9, actor=SUPERVISOR)
    assert [(c.previous, c.target) for c in surveys.quota_log()] == [(None, 5)]
    assert [q.target for q in surveys.quota_progress()] == [5]


def test_quota_log_cannot_be_changed_or_deleted(store, surveys):
    surveys.set_quota("PK601", "urban", "citizen", 5, actor=SUPERVISOR)
    con = db_connect(store.folder / "daftar.sqlite3")
    try:
        for sql in ("UPDATE survey_quota_log SET actor_name = 'Someone else'",
                    "UPDATE survey_quota_log SET target = 50",
                    "DELETE FROM survey_quota_log"):
            with pytest.raises(db.IntegrityError_, match="the quota log cannot be changed"):
                con.execute(sql)
    finally:
        con.close()
    (line,) = surveys.quota_log()
    assert (line.actor_name, line.target) == ("Tariq Mahmood", 5)


# -- migration -----------------------------------------------------------------------------
def test_migration_0003_upgrades_a_0002_database(tmp_path):
    from conftest import database_at, register

    folder = tmp_path / "data"
    database_at(folder, "0002")
    con = db_connect(folder / "daftar.sqlite3")
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)
    assert "survey_response" not in {r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    con.close()
    with Store.open(folder) as store:  # upgrades to 0003
        register(store)
        s = Surveys(store)
        s.import_form(DEFAULT_FORM)
        assert s.list_responses() == []
    con = db_connect(folder / "daftar.sqlite3")
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
    assert {"survey_response_final_frozen", "survey_response_final_kept"} <= {
        r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    con.close()


def test_migration_0005_adds_the_quota_log_to_a_0004_database(tmp_path):
    from conftest import database_at

    folder = tmp_path / "data"
    database_at(folder, "0004",  # a target set before anyone recorded who set it
                "INSERT INTO survey_quota VALUES ('PK601', 'urban', 'citizen', 4, "
                "'2026-11-30T00:00:00.000Z')")
    with Store.open(folder) as store:  # upgrades to 0005
        people.seed(store)
        s = Surveys(store)
        (quota,) = s.quota_progress()
        assert (quota.target, quota.changed_by, quota.changed_at) == (4, None, None)
        assert s.quota_log() == []
        s.set_quota("PK601", "urban", "citizen", 6, actor=SUPERVISOR)
        assert [(c.previous, c.target) for c in s.quota_log()] == [(4, 6)]
    con = db_connect(folder / "daftar.sqlite3")
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
    assert {"survey_quota_log_no_update", "survey_quota_log_no_delete"} <= {
        r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    con.close()


# -- the demo generator --------------------------------------------------------------------
def test_demo_responses_look_like_the_study(store):
    from store.surveys_demo import STRAIGHT_LINER_SHARE, generate, likert_items

    n = 3000
    assert generate(store, n, seed=7) == n
    s = Surveys(store)
    rows = s.list_responses(status="final")
    assert len(rows) == n and store.pending_outbox() == n
    form = s.form("daftar_governance")
    from models.forms import evaluate_form

    for r in rows[:40]:  # every demo response is one the form accepts
        assert evaluate_form(form, r.answers).errors == {}, r.answers
    items = likert_items()
    X = np.array([[int(r.answers[i]) for i in items] for r in rows], dtype=float)
    straight = (X[:, :-1] == X[:, 1:]).all(axis=1).mean()
    assert STRAIGHT_LINER_SHARE / 2 < straight < STRAIGHT_LINER_SHARE * 2
    X[:, items.index("tru_4")] = 6 - X[:, items.index("tru_4")]
    scores = X.reshape(n, 5, 4).mean(axis=2)
    means = scores.mean(axis=0)
    sds = scores.std(axis=0, ddof=1)
    assert means == pytest.approx([4.28, 4.15, 3.98, 3.72, 3.88], abs=0.06)
    assert sds == pytest.approx([0.62, 0.69, 0.74, 0.83, 0.78], abs=0.06)
    r = np.corrcoef(scores.T)
    assert r[0, 1] == pytest.approx(0.61, abs=0.06)
    assert r[0, 2] == pytest.approx(0.54, abs=0.06)
    assert r[3, 4] == pytest.approx(0.47, abs=0.06)
    for c in range(5):
        block = X[:, 4 * c:4 * c + 4]
        alpha = 4 / 3 * (1 - block.var(axis=0, ddof=1).sum() / block.sum(axis=1).var(ddof=1))
        assert alpha >= 0.80
    strata = {(r.district, r.area, r.respondent_type) for r in rows}
    assert len(strata) > 200 and {r.area for r in rows} == {"urban", "rural"}
    assert all(r.paradata["tra_1"]["ms"] > 0 for r in rows)


def test_demo_is_fast_and_repeatable(tmp_path):
    import time

    from store.surveys_demo import generate

    def answers(store) -> list[str]:
        return sorted(json.dumps(r.answers, sort_keys=True)
                      for r in Surveys(store).list_responses(limit=None))

    with Store.open(tmp_path / "a") as a, Store.open(tmp_path / "b") as b, \
            Store.open(tmp_path / "c") as c:
        started = time.perf_counter()
        generate(a, 5000, seed=3)
        elapsed = time.perf_counter() - started
        generate(b, 200, seed=3)
        generate(c, 200, seed=3)
        assert answers(b) == answers(c)
    assert elapsed < 15  # 20,000 take about 6 s


# -- the command line ----------------------------------------------------------------------
def run(folder, *args, check=True):
    """``daftar`` signed in as the test supervisor (people seeded on a new folder)."""
    import os

    from people import PASSWORD

    if not (Path(folder) / "daftar.sqlite3").exists():
        Store.open(folder).close()  # the autouse fixture seeds the test people
    env = dict(os.environ, DAFTAR_USER="tariq", DAFTAR_PASSWORD=PASSWORD)
    proc = subprocess.run([sys.executable, str(ROOT / "daftar.py"), "--data-dir", str(folder),
                           *args], capture_output=True, text=True, cwd=ROOT, env=env)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def test_cli_forms_surveys_and_demo(tmp_path, features_xlsx):
    data = tmp_path / "data"
    assert "Imported features version 3" in run(data, "forms", "import",
                                                str(features_xlsx)).stdout
    assert "already imported" in run(data, "forms", "import", str(features_xlsx)).stdout
    broken = write_xlsform(tmp_path / "broken.xlsx", settings=[["form_id"], ["x"]])
    proc = run(data, "forms", "import", str(broken), check=False)
    assert proc.returncode == 2 and "sheet 'settings', row 1" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "Wrote 120 demo survey responses" in run(data, "demo", "--surveys", "120",
                                                    "--seed", "4").stdout
    listed = json.loads(run(data, "surveys", "list", "--json", "--limit", "500").stdout)
    assert listed["total"] == 120 and len(listed["responses"]) == 120
    assert listed["responses"][0]["answers"]["consent"] == "yes"
    forms = json.loads(run(data, "forms", "list", "--json").stdout)
    assert {f["form_id"] for f in forms} == {"features", "daftar_governance"}
    assert "120 of 120 responses" in run(data, "surveys", "list", "--limit", "500").stdout
    quota = json.loads(run(data, "surveys", "quota", "--district", "PK601", "--area",
                           "urban", "--respondent-type", "citizen", "--target", "5",
                           "--json").stdout)
    assert quota[0]["target"] == 5 and quota[0]["remaining"] == 5 - quota[0]["done"]
    assert quota[0]["changed_by"] == "Tariq Mahmood" and quota[0]["changed_at"]
    listed = run(data, "surveys", "quota").stdout
    assert "set by Tariq Mahmood (supervisor) on 20" in listed and " PKT" in listed
    run(data, "surveys", "quota", "--district", "PK601", "--area", "urban",
        "--respondent-type", "citizen", "--target", "0")
    log = run(data, "surveys", "quota", "--log").stdout.splitlines()
    assert "removed (was 5) by Tariq Mahmood (supervisor)" in log[0]
    assert "set to 5 by Tariq Mahmood (supervisor)" in log[1]
    assert json.loads(run(data, "surveys", "quota", "--log", "--json").stdout)[0][
        "previous"] == 5
    # No requests unless asked for.
    assert json.loads(run(data, "requests", "list", "--json").stdout)["total"] == 0


def test_default_form_is_imported_once(surveys):
    import time

    assert surveys.ensure_default_form().new
    started = time.perf_counter()
    again = surveys.ensure_default_form()
    assert not again.new and time.perf_counter() - started < 0.3  # no re-parse
    assert surveys.form("daftar_governance").version == again.version
