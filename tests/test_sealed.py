"""Sealed survey responses (``models.sealing``): the seal itself, a form's public key, the
survey store's finalize, the server's envelope check, and the analysts' commands.

The end-to-end flow (published form → PC → server on loopback → analyst) is in
``tests/test_sealed_e2e.py``. Key files here use a smaller scrypt cost (``n=2**14``) to
keep the tests quick; the commands' own key files use the default.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text
from test_server_surveys import FORM_ID, VERSION, make_form

from models import sealing
from models.forms import FormError, load_xlsform
from models.ids import new_id
from models.wire import Op
from people import ENUMERATOR
from server.ingest import DeviceCtx, check_op
from store import sync_ops
from store.surveys import Surveys

pytest_plugins = ("pg",)

ROOT = Path(__file__).resolve().parent.parent
DETAILS = {"id": "0192f0c4-0000-7000-8000-000000000001", "form_id": FORM_ID,
           "form_version": VERSION, "enumerator": "Kashif",
           "device_id": "0192f0c4-0000-7000-8000-0000000000aa", "language": "ur",
           "started_at": "2026-11-30T09:00:00.000Z", "finished_at": "2026-11-30T09:12:30.250Z",
           "district": "PK617", "area": "urban", "respondent_type": "citizen"}
CONTENT = {"answers": {"consent": "yes", "age": 34, "remarks": "میرا نام علی رضا ہے"},
           "paradata": {"age": {"ms": 5100, "changes": 2}}}


def sealed_form(path: Path, public_key: str | None, *, version: str = VERSION) -> Path:
    """The small test form (``test_server_surveys.make_form``) with a free-text question
    and, when given, ``public_key`` in its settings sheet."""
    make_form(path, version=version)
    wb = openpyxl.load_workbook(path)
    wb["survey"].append(["text", "remarks", "Anything else?", "کچھ اور؟", ""])
    if public_key is not None:
        st = wb["settings"]
        st.cell(1, st.max_column + 1, "public_key")
        st.cell(2, st.max_column, public_key)
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def key() -> sealing.PrivateKey:
    return sealing.generate()


# -- the seal ---------------------------------------------------------------------------
def test_round_trip_and_padding(key):
    env = sealing.seal(CONTENT, key.public_key, DETAILS)
    assert sealing.open_sealed(env, key, DETAILS) == CONTENT
    assert (len(base64.b64decode(env["ct"])) - 16) % sealing.PAD == 0
    # A fresh content key and ephemeral key each time: the same answers never look alike.
    again = sealing.seal(CONTENT, key.public_key, DETAILS)
    assert again["ct"] != env["ct"] and again["epk"] != env["epk"]
    assert "علی" not in json.dumps(env, ensure_ascii=False)


def test_flipping_any_byte_of_the_sealed_blob_makes_opening_fail(key):
    stored = json.dumps({sealing.SEALED_KEY: sealing.seal(CONTENT, key.public_key, DETAILS)})
    record = {**DETAILS, "answers": stored, "paradata": "{}"}
    assert sealing.open_record(record, key)["answers"] == CONTENT["answers"]
    blob = stored.encode()
    failures: dict[str, int] = {}
    for i in range(len(blob)):
        for flip in (0x01, 0x80):
            changed = bytearray(blob)
            changed[i] ^= flip
            try:
                sealing.open_record({**record, "answers": bytes(changed)}, key)
            except sealing.SealError as exc:
                words = str(exc)
                assert "Traceback" not in words and words.endswith(".")
                failures[words.split(" (", 1)[0][:40]] = failures.get(words[:40], 0) + 1
            else:
                pytest.fail(f"byte {i} flipped with {flip:#x} still opened")
    assert len(blob) > 300 and failures  # every one of the 2 × len(blob) flips failed


@pytest.mark.parametrize("field", ["district", "id", "finished_at", "enumerator"])
def test_a_changed_clear_detail_makes_opening_fail(key, field):
    env = sealing.seal(CONTENT, key.public_key, DETAILS)
    moved = {**DETAILS, field: DETAILS[field][:-1] + ("8" if DETAILS[field][-1] != "8" else "9")}
    with pytest.raises(sealing.SealError, match="changed or damaged"):
        sealing.open_sealed(env, key, moved)


def test_a_response_sealed_for_one_key_cannot_be_opened_with_another(key):
    other = sealing.generate()
    env = sealing.seal(CONTENT, key.public_key, DETAILS)
    with pytest.raises(sealing.SealError, match="sealed for another key"):
        sealing.open_sealed(env, other, DETAILS)
    # Relabelled as the other key's: the cryptography still refuses it.
    with pytest.raises(sealing.SealError, match="changed or damaged"):
        sealing.open_sealed({**env, "kid": other.key_id}, other, DETAILS)


def test_private_key_file_needs_its_passphrase(tmp_path, key):
    path = tmp_path / "k.key"
    path.write_text(sealing.private_key_file(key, "a long passphrase", n=2 ** 14))
    assert "a long" not in path.read_text()
    assert sealing.load_private_key(path, "a long passphrase").public_key == key.public_key
    with pytest.raises(sealing.SealError, match="passphrase is wrong"):
        sealing.load_private_key(path, "a long passphrasE")
    with pytest.raises(sealing.SealError, match="at least 10"):
        sealing.private_key_file(key, "short")
    data = json.loads(path.read_text())
    data["public_key"] = sealing.generate().public_key  # swapped public key: refused
    path.write_text(json.dumps(data))
    with pytest.raises(sealing.SealError, match=r"wrong|damaged"):
        sealing.load_private_key(path, "a long passphrase")
    (tmp_path / "x.key").write_text("not a key")
    with pytest.raises(sealing.SealError, match="not a Daftar private key"):
        sealing.load_private_key(tmp_path / "x.key", "a long passphrase")


# -- forms ------------------------------------------------------------------------------
def test_public_key_travels_with_the_form(tmp_path, key):
    form = load_xlsform(sealed_form(tmp_path / "s.xlsx", key.public_key))
    assert form.public_key == key.public_key
    assert type(form).from_json(json.loads(json.dumps(form.to_json()))).public_key == \
        key.public_key
    plain = load_xlsform(sealed_form(tmp_path / "p.xlsx", None))
    assert plain.public_key is None and "public_key" not in plain.to_json()
    rsa = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" + "x" * 300  # an ODK RSA key
    with pytest.raises(FormError, match="not a Daftar sealing key"):
        load_xlsform(sealed_form(tmp_path / "r.xlsx", rsa))


# -- the survey store -------------------------------------------------------------------
def _fill(surveys: Surveys, remarks: str) -> str:
    draft = surveys.start_draft(FORM_ID, "en", ENUMERATOR)
    surveys.save_answer(draft, "consent", "yes", time_ms=1500, actor=ENUMERATOR)
    surveys.save_answer(draft, "age", 41, time_ms=900, actor=ENUMERATOR)
    surveys.save_answer(draft, "remarks", remarks, time_ms=4000, actor=ENUMERATOR)
    return draft


def test_finalize_seals_and_keeps_only_the_clear_details(store, tmp_path, key):
    surveys = Surveys(store)
    surveys.import_form(sealed_form(tmp_path / "s.xlsx", key.public_key))
    draft = _fill(surveys, "PLANTED-remark-7731")
    with store._read() as conn:  # the draft is plain until it is finalized
        assert "PLANTED-remark-7731" in conn.execute(text(
            "SELECT answers FROM survey_response WHERE id = :i"), {"i": draft}).scalar()
    row = surveys.finalize(draft, actor=ENUMERATOR)
    assert row.sealed is not None and row.answers == {} and row.paradata == {}
    assert (row.enumerator, row.language, row.status) == ("Kashif", "en", "final")
    with store._read() as conn:
        raw = conn.execute(text("SELECT answers, paradata FROM survey_response WHERE id = :i"),
                           {"i": draft}).one()
        sent = sync_ops.wire_record("survey_response", conn.execute(text(
            "SELECT * FROM survey_response WHERE id = :i"), {"i": draft}).mappings().one())
    assert "PLANTED" not in raw.answers and raw.paradata == "{}"
    assert set(sent["answers"]) == {sealing.SEALED_KEY} and sent["paradata"] == {}
    opened = sealing.open_record(sent, key)
    assert opened["answers"] == {"consent": "yes", "age": 41, "remarks": "PLANTED-remark-7731"}
    assert opened["paradata"]["remarks"] == {"ms": 4000, "changes": 1}

    # The server takes the envelope as it is and cannot tell what is inside.
    me = DeviceCtx(sent["device_id"], "LHR1", "PK617", 1)
    ok = check_op(Op(op_seq=1, kind="survey_response", record=sent), me)
    assert ok.outcome == "accepted", ok.reason
    assert json.loads(ok.record["answers"]) == sent["answers"] and ok.record["paradata"] == "{}"
    env = sent["answers"][sealing.SEALED_KEY]
    bad = [
        ({**env, "extra": "x"}, "not a field"),
        ({k: v for k, v in env.items() if k != "nonce"}, "missing"),
        ({**env, "v": 2}, "v"),
        ({**env, "kid": "ABC"}, "expected form"),
        ({**env, "ct": base64.b64encode(base64.b64decode(env["ct"]) + b"xyz").decode()},
         "size a sealed response has"),
        ({**env, "ct": env["ct"][:-4]}, "too short"),
        ({**env, "ct": "!" + env["ct"][1:]}, "expected form"),
    ]
    for envelope, words in bad:
        out = check_op(Op(op_seq=1, kind="survey_response", record={
            **sent, "answers": {sealing.SEALED_KEY: envelope}}), me)
        assert out.outcome == "rejected" and words in out.reason, (envelope, out.reason)
    out = check_op(Op(op_seq=1, kind="survey_response", record={
        **sent, "paradata": {"age": {"ms": 1, "changes": 1}}}), me)
    assert out.outcome == "rejected"  # paradata travel inside the seal only
    out = check_op(Op(op_seq=1, kind="survey_response", record={
        **sent, "answers": {sealing.SEALED_KEY: env, "age": 41}}), me)
    assert out.outcome == "rejected"  # nothing in the clear beside the envelope

    # An unsealed form of the same store is as before: plain answers, plain paradata.
    surveys.import_form(sealed_form(tmp_path / "p.xlsx", None, version="2026113002"))
    plain = _fill(surveys, "plain words")
    row = surveys.finalize(plain, actor=ENUMERATOR)
    assert row.sealed is None and row.answers["remarks"] == "plain words"
    assert row.paradata["remarks"] == {"ms": 4000, "changes": 1}


def run(folder, *args, stdin=None, env=None, check=True):
    import os

    proc = subprocess.run([sys.executable, str(ROOT / "daftar.py"), "--data-dir", str(folder),
                           *args], capture_output=True, text=True, cwd=ROOT, input=stdin,
                          env={**os.environ, **(env or {})})
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def test_keygen_writes_a_locked_private_key_and_never_overwrites(tmp_path, capsys,
                                                                 monkeypatch):
    keys = tmp_path / "keys"
    out = run(tmp_path / "data", "surveys", "keygen", "--out", str(keys),
              "--passphrase-stdin", stdin="analysts passphrase 1\n")
    public = (keys / "daftar-sealing.pub").read_text().strip()
    assert out.stdout.strip() == public and sealing.check_public_key(public) == public
    private = keys / "daftar-sealing.key"
    assert private.stat().st_mode & 0o077 == 0
    assert sealing.load_private_key(private, "analysts passphrase 1").public_key == public
    # The refusals, in process (a subprocess costs seconds here): the same entry point.
    again = in_process(capsys, monkeypatch, "surveys", "keygen", "--out", str(keys),
                       "--passphrase-stdin", stdin="analysts passphrase 1\n")
    assert again[0] == 2 and "never overwritten" in again[1]
    assert (keys / "daftar-sealing.pub").read_text().strip() == public
    monkeypatch.setenv("DAFTAR_KEY_PASSPHRASE", "short")
    short = in_process(capsys, monkeypatch, "surveys", "keygen", "--out", str(tmp_path / "k2"))
    assert short[0] == 2 and "at least 10 characters" in short[1]
    assert not (tmp_path / "k2" / "daftar-sealing.key").exists()


def in_process(capsys, monkeypatch, *argv, stdin=""):
    """``daftar ARGV`` through its own parser in this process: (exit code, stderr,
    stdout)."""
    import io

    import daftar

    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    args = daftar.build_parser().parse_args(list(argv))
    code = args.func(args)
    got = capsys.readouterr()
    return code, got.err, got.out


# -- the server, on SQLite and PostgreSQL -----------------------------------------------
def test_server_stores_sealed_responses_it_cannot_read(new_pc, server_app, key):
    """Pushed through the real API (the device's signed push): a sealed response is
    accepted, then recognised when sent again; a damaged envelope is refused alone; the
    server's statistics count the sealed one and its stored row opens with the key."""
    from sqlalchemy import select

    from server import admin
    from server.tables import survey_response

    pc = new_pc()
    details = {**DETAILS, "id": new_id(), "device_id": pc.device_id}
    rec = {**details, "answers": {sealing.SEALED_KEY: sealing.seal(CONTENT, key.public_key,
                                                                   details)},
           "paradata": {}}
    env = rec["answers"][sealing.SEALED_KEY]
    bad = {**rec, "id": new_id(), "answers": {sealing.SEALED_KEY: {**env, "nonce": "x"}}}
    body = pc.push([pc.op("survey_response", rec), pc.op("survey_response", bad)]).json()
    assert body["accepted"] == [rec["id"]]
    assert [r["id"] for r in body["rejected"]] == [bad["id"]]
    assert pc.push([pc.op("survey_response", rec)]).json()["already_held"] == [rec["id"]]
    with server_app.state.engine.connect() as conn:
        row = dict(conn.execute(select(survey_response)).mappings().one())
    assert "علی" not in row["answers"] + row["paradata"]
    assert sealing.open_record(row, key)["answers"] == CONTENT["answers"]
    totals = admin.stats(server_app.state.engine)["totals"]
    assert (totals["survey_responses"], totals["survey_responses_sealed"]) == (1, 1)
