"""Survey responses and forms on the server: push (accepted, already held, conflict, a bad
response refused alone with its reason, scope), responses for forms the server does not
know, ``daftar server publish-form`` and the forms in the pull feed (only to the offices
they are published to). Each test runs on SQLite and on PostgreSQL (``tests/pg.py``)."""

from __future__ import annotations

import json

from openpyxl import Workbook
from sqlalchemy import select

from models.ids import new_id
from server import admin, cli
from server.tables import received_op, survey_form, survey_response

pytest_plugins = ("pg",)

FORM_ID = "gov_survey"
VERSION = "2026113001"


def make_form(path, *, form_id: str = FORM_ID, version: str = VERSION, label: str = "Age",
              broken: bool = False):
    """A small XLSForm in English and Urdu (written with openpyxl)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(["type", "name", "label::English (en)", "label::Urdu (ur)", "required"])
    ws.append(["select_one yesno", "consent", "Do you agree to answer?",
               "کیا آپ جواب دینے پر راضی ہیں؟", "yes"])
    ws.append(["integer", "age", label, "عمر", ""])
    ws.append(["select_multiple services", "used", "Services you used", "استعمال شدہ خدمات",
               ""])
    if broken:
        ws.append(["select_one nolist", "bad", "Broken", "خراب", ""])
    ch = wb.create_sheet("choices")
    ch.append(["list_name", "name", "label::English (en)", "label::Urdu (ur)"])
    for row in (["yesno", "yes", "Yes", "ہاں"], ["yesno", "no", "No", "نہیں"],
                ["services", "domicile", "Domicile", "ڈومیسائل"],
                ["services", "licence", "Licence", "لائسنس"]):
        ch.append(row)
    st = wb.create_sheet("settings")
    st.append(["form_title", "form_id", "version", "default_language"])
    st.append(["Governance survey", form_id, version, "English (en)"])
    wb.save(path)
    return path


def response(pc, **over) -> dict:
    """A final response as the survey store puts it on the wire."""
    rec = {"id": new_id(), "form_id": FORM_ID, "form_version": VERSION,
           "enumerator": "Kashif", "device_id": pc.device_id, "language": "ur",
           "started_at": "2026-11-30T09:00:00.000Z", "finished_at": "2026-11-30T09:12:30.250Z",
           "answers": {"consent": "yes", "age": 34, "used": ["domicile", "licence"],
                       "score": 3.5, "note_1": None, "name": "علی رضا"},
           "paradata": {"consent": {"ms": 2400, "changes": 1}, "age": {"ms": 5100,
                                                                        "changes": 2}},
           "district": "PK617", "area": "urban", "respondent_type": "citizen"}
    rec.update(over)
    return rec


def stored(server_app) -> dict[str, dict]:
    with server_app.state.engine.connect() as conn:
        return {r["id"]: dict(r) for r in conn.execute(select(survey_response)).mappings()}


# -- push ---------------------------------------------------------------------------------

def test_a_response_is_accepted_then_already_held(new_pc, server_app):
    pc = new_pc()
    rec = response(pc)
    first = pc.push([pc.op("survey_response", rec)])
    assert first.status_code == 200, first.text
    assert first.json()["accepted"] == [rec["id"]] and first.json()["rejected"] == []
    again = pc.push([pc.op("survey_response", rec)])  # the answer was lost: sent again
    assert again.json()["accepted"] == [] and again.json()["already_held"] == [rec["id"]]
    rows = stored(server_app)
    assert list(rows) == [rec["id"]]
    row = rows[rec["id"]]
    assert (row["form_id"], row["form_version"]) == (FORM_ID, VERSION)  # its form version
    assert (row["office_code"], row["district_id"]) == ("LHR1", "PK617")
    assert json.loads(row["answers"]) == rec["answers"]  # Urdu, lists, numbers, null kept
    assert json.loads(row["paradata"]) == rec["paradata"]
    with server_app.state.engine.connect() as conn:
        kinds = {r.record_kind for r in conn.execute(select(received_op.c.record_kind))}
    assert kinds == {"survey_response"}


def test_a_response_repeated_in_one_batch_is_stored_once(new_pc, server_app):
    pc = new_pc()
    rec = response(pc)
    body = pc.push([pc.op("survey_response", rec), pc.op("survey_response", rec)]).json()
    assert body["accepted"] == [rec["id"]] and body["rejected"] == []
    assert len(stored(server_app)) == 1


def test_same_id_different_content_is_a_conflict(new_pc, server_app):
    pc = new_pc()
    rec = response(pc)
    assert pc.push([pc.op("survey_response", rec)]).json()["accepted"] == [rec["id"]]
    changed = {**rec, "answers": {**rec["answers"], "age": 35}}
    other = response(pc)
    body = pc.push([pc.op("survey_response", changed), pc.op("survey_response", other)]).json()
    assert body["accepted"] == [other["id"]]
    assert [(r["id"], r["code"]) for r in body["rejected"]] == [(rec["id"], "conflict")]
    assert "different survey response" in body["rejected"][0]["reason"]
    assert json.loads(stored(server_app)[rec["id"]]["answers"])["age"] == 34  # unchanged


def test_a_bad_response_is_rejected_alone_with_its_reason(new_pc, server_app):
    pc = new_pc()
    good1, good2 = response(pc), response(pc, district=None, area=None,
                                           respondent_type=None, answers={}, paradata={})
    bad = {
        "bool": response(pc, answers={"consent": True}),
        "extra": {**response(pc), "gps": "31.5,74.3"},
        "missing": {k: v for k, v in response(pc).items() if k != "finished_at"},
        "paradata": response(pc, paradata={"age": {"ms": -1, "changes": 1}}),
        "area": response(pc, area="suburban"),
        "time": response(pc, started_at="2026-02-30T09:00:00.000Z"),
        "district": response(pc, district="PK999"),
        "nested": response(pc, answers={"age": {"value": 3}}),
        "nan": response(pc, answers={"score": float("nan")}),
    }
    ops = [pc.op("survey_response", good1)]
    ops += [pc.op("survey_response", r) for r in bad.values()]
    ops.append(pc.op("survey_response", good2))
    body = pc.push(ops).json()
    assert body["accepted"] == [good1["id"], good2["id"]]
    reasons = {r["id"]: (r["code"], r["reason"]) for r in body["rejected"]}
    assert set(reasons) == {r["id"] for r in bad.values()}
    assert {c for c, _ in reasons.values()} == {"invalid"}
    assert "'gps' is not a field of a survey response record" in reasons[bad["extra"]["id"]][1]
    assert "'finished_at' is missing" in reasons[bad["missing"]["id"]][1]
    assert "'paradata.age.ms' must be at least 0" in reasons[bad["paradata"]["id"]][1]
    assert "not a real date" in reasons[bad["time"]["id"]][1]
    assert "PK999" in reasons[bad["district"]["id"]][1]
    assert set(stored(server_app)) == {good1["id"], good2["id"]}


def test_another_district_or_another_pc_is_refused(new_pc, server_app):
    lahore, karachi = new_pc("LHR1"), new_pc("KHI1")
    in_lahore = response(karachi)  # Karachi's PC sends an interview of a Lahore respondent
    of_lahore_pc = response(lahore)  # …or a Lahore PC's response
    own = response(karachi, district=karachi.district_id)
    body = karachi.push([karachi.op("survey_response", r)
                         for r in (in_lahore, of_lahore_pc, own)]).json()
    assert body["accepted"] == [own["id"]]
    refused = {r["id"]: r for r in body["rejected"]}
    assert {r["code"] for r in refused.values()} == {"out_of_scope"}
    assert "own district" in refused[in_lahore["id"]]["reason"]
    assert "another PC" in refused[of_lahore_pc["id"]]["reason"]
    row = stored(server_app)[own["id"]]
    assert (row["office_code"], row["district_id"]) == ("KHI1", karachi.district_id)


def test_responses_do_not_travel_down_the_feed(new_pc):
    a, b = new_pc("LHR1"), new_pc("LHR1")
    assert a.push([a.op("survey_response", response(a))]).json()["rejected"] == []
    changes, _ = b.pull_all()
    assert "survey_response" not in {c["kind"] for c in changes}


def test_a_response_for_a_form_the_server_does_not_know_is_kept_and_reported(
        new_pc, server_app, tmp_path):
    pc = new_pc()
    recs = [response(pc), response(pc), response(pc, form_version="2026010101")]
    assert len(pc.push([pc.op("survey_response", r) for r in recs]).json()["accepted"]) == 3
    data = admin.stats(server_app.state.engine)
    assert data["totals"]["survey_responses"] == 3
    lhr1 = next(o for o in data["offices"] if o["office_code"] == "LHR1")
    assert lhr1["survey_responses"] == 3
    assert data["unknown_forms"] == [
        {"form_id": FORM_ID, "version": "2026010101", "responses": 1},
        {"form_id": FORM_ID, "version": VERSION, "responses": 2}]
    admin.publish_form(server_app.state.engine, make_form(tmp_path / "f.xlsx"))
    data = admin.stats(server_app.state.engine)
    assert data["unknown_forms"] == [{"form_id": FORM_ID, "version": "2026010101",
                                      "responses": 1}]
    assert data["forms"] == [{"form_id": FORM_ID, "version": VERSION,
                              "published_at": data["forms"][0]["published_at"],
                              "offices": ["*"]}]


# -- publishing forms ---------------------------------------------------------------------

def test_publish_form_command(server_db_url, tmp_path, capsys):
    url = ["--database-url", server_db_url]
    form = make_form(tmp_path / "gov.xlsx")
    assert cli.main(["server", "publish-form", *url, str(form)]) == 0
    assert "Published form gov_survey version 2026113001 to every office" in \
        capsys.readouterr().out
    assert cli.main(["server", "publish-form", *url, str(form)]) == 0  # again: nothing
    assert "Nothing to do" in capsys.readouterr().out

    changed = make_form(tmp_path / "gov_changed.xlsx", label="Your age")
    assert cli.main(["server", "publish-form", *url, str(changed)]) == 2
    err = capsys.readouterr().err
    assert "Version 2026113001 of form gov_survey is already published from another file" \
        in err and "new version" in err

    v2 = make_form(tmp_path / "gov_v2.xlsx", version="2026120101")
    assert cli.main(["server", "publish-form", *url, str(v2), "--office", "XXX9"]) == 2
    assert "There is no office XXX9" in capsys.readouterr().err
    assert cli.main(["server", "publish-form", *url, str(v2), "--office", "lhr1",
                     "--office", "KHI1"]) == 0
    assert "to KHI1, LHR1" in capsys.readouterr().out
    assert cli.main(["server", "publish-form", *url, str(v2), "--office", "LHR1"]) == 0
    assert "Nothing to do" in capsys.readouterr().out

    broken = make_form(tmp_path / "broken.xlsx", version="3", broken=True)
    assert cli.main(["server", "publish-form", *url, str(broken)]) == 2
    assert "cannot be used: sheet" in capsys.readouterr().err
    assert cli.main(["server", "publish-form", *url, str(tmp_path / "none.xlsx")]) == 2
    assert "cannot be read" in capsys.readouterr().err

    assert cli.main(["server", "stats", *url, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(f["version"], f["offices"]) for f in data["forms"]] == [
        ("2026113001", ["*"]), ("2026120101", ["KHI1", "LHR1"])]
    assert cli.main(["server", "stats", *url]) == 0
    out = capsys.readouterr().out
    assert "0 survey responses" in out and "gov_survey version 2026120101" in out

    from server.db import open_database

    engine = open_database(server_db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(survey_form)).mappings().all()
    finally:
        engine.dispose()
    assert len(rows) == 2
    import hashlib

    assert rows[0]["xlsx_sha256"] == hashlib.sha256(form.read_bytes()).hexdigest()
    assert json.loads(rows[0]["definition"])["form_id"] == FORM_ID


def _forms(pc) -> list[tuple[str, str]]:
    changes, _ = pc.pull_all()
    return [(c["record"]["form_id"], c["record"]["version"]) for c in changes
            if c["kind"] == "form"]


def test_the_feed_carries_forms_only_to_their_offices(new_pc, server_app, tmp_path):
    engine = server_app.state.engine
    admin.create_office(engine, code="LHR2", district="PK617", name="AC Office Model Town")
    lhr1, lhr2, khi1 = new_pc("LHR1"), new_pc("LHR2"), new_pc("KHI1")
    v1_file = make_form(tmp_path / "v1.xlsx")
    admin.publish_form(engine, v1_file, ["LHR2"])
    assert _forms(lhr1) == [] and _forms(khi1) == []  # same district as LHR2: still not
    assert _forms(lhr2) == [(FORM_ID, VERSION)]
    record = next(c["record"] for c in lhr2.pull_all()[0] if c["kind"] == "form")
    from models.forms import FormDefinition

    definition = FormDefinition.from_json(record["definition"])
    assert (definition.form_id, definition.version) == (FORM_ID, VERSION)
    assert record["title"] == {"en": "Governance survey"} and len(record["xlsx_sha256"]) == 64

    admin.publish_form(engine, make_form(tmp_path / "v2.xlsx", version="2026120101"))
    v2 = (FORM_ID, "2026120101")
    assert _forms(lhr1) == [v2] and _forms(khi1) == [v2]
    assert _forms(lhr2) == [(FORM_ID, VERSION), v2]
    # An office created later gets the forms published to every office.
    admin.create_office(engine, code="LHR3", district="PK617", name="AC Office Cantt")
    assert _forms(new_pc("LHR3")) == [v2]
    # Publishing to one more office later: only that office's PCs get it now.
    _, cursor = lhr1.pull_all()
    admin.publish_form(engine, v1_file, ["LHR1"])
    page = lhr1.pull(cursor).json()
    assert [(c["kind"], c["record"]["version"]) for c in page["changes"]] == [("form", VERSION)]
    assert [c for c in khi1.pull(cursor).json()["changes"] if c["kind"] == "form"] == []
