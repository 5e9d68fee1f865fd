"""Sealed survey responses, the whole way: analysts' keys → a form with the public key
published on the real server → a PC pulls it, an enumerator fills and finalizes
interviews → sync on loopback → the server stores what it cannot read → the analysts
open it with ``daftar analyze`` / ``daftar export --private-key``.

Real parts only: the server app served by uvicorn on 127.0.0.1 (``LiveServer``) over a
SQLite file, real stores, ``sync.engine`` as ``daftar sync`` runs it, the ``daftar``
commands through their own parser in this process (``tests/test_sealed.py`` runs
``daftar surveys keygen`` in a subprocess). The OS keyring is the in-memory one (``memory_keyring``: no keyring
service runs here).

The canary is an ASCII remark typed in one interview. It must appear 0 times in the
PC's database — every column of every table, read through SQL (the PC's file is being
encrypted by another part of the work, so its bytes would prove nothing) — and 0 times
in the bytes of the server's database files; and the analysts' export must contain it
(so the scans could have found it).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text
from test_sealed import in_process
from test_sync_e2e import LiveServer

import people
from models import sealing
from models.ids import new_id
from people import SUPERVISOR
from server import admin
from store.records import iso_utc
from store.schema_surveys import SurveyResponse
from store.store import Store
from store.surveys import DEFAULT_FORM_FILE, DEFAULT_FORM_ID, Surveys
from store.surveys_demo import generate
from sync.client import enroll
from sync.engine import SyncEngine

ROOT = Path(__file__).resolve().parent.parent
CANARY = "CANARY-remark-5d81c2"
N = 16
SEALED_VERSION = "2026120101"
PASSPHRASE = "analysts' long passphrase"


def sealed_instrument(path: Path, public_key: str) -> Path:
    """Daftar's default instrument as a new version with a free-text remark and the
    analysts' public key in its settings sheet."""
    wb = openpyxl.load_workbook(ROOT / "resources" / "forms" / DEFAULT_FORM_FILE)
    survey = wb["survey"]
    header = [c.value for c in survey[1]]
    row = [None] * len(header)
    row[header.index("type")], row[header.index("name")] = "text", "remarks"
    row[header.index("label::English (en)")] = "Anything else the person wants to say"
    row[header.index("label::Urdu (ur)")] = "کچھ اور جو وہ کہنا چاہیں"
    survey.append(row)
    settings = wb["settings"]
    head = [c.value for c in settings[1]]
    settings.cell(2, head.index("version") + 1, SEALED_VERSION)
    settings.cell(1, len(head) + 1, "public_key")
    settings.cell(2, len(head) + 1, public_key)
    wb.save(path)
    return path


def demo_interviews(folder: Path, n: int = N) -> list[tuple[dict, dict]]:
    """*n* realistic interviews (answers, paradata) from the demo generator, moved to
    Lahore (the PC's district: the server takes only its own district's interviews)."""
    with Store.open(folder) as store:
        people.seed(store)
        generate(store, n, seed=7)
        with store._read() as conn:
            punjab = conn.execute(text("SELECT parent_id FROM area WHERE id = 'PK617'")).scalar()
        rows = Surveys(store).list_responses(status="final")
    out = []
    for r in sorted(rows, key=lambda r: r.started_at):
        answers = {**r.answers, "province": punjab, "district": "PK617"}
        out.append((answers, r.paradata))
    return out


def plant(store: Store, form_version: str, interviews, *, remark: str | None = None) -> list:
    """Each interview as a draft (written as the survey store writes drafts), the canary
    remark typed through ``save_answer`` in the first, then each finalized through
    ``Surveys.finalize`` — the path that seals."""
    surveys = Surveys(store)
    device = store.device()
    ids = []
    with store._write() as conn:
        for i, (answers, paradata) in enumerate(interviews):
            rid = new_id()
            ids.append(rid)
            moment = iso_utc(datetime(2026, 11, 2 + i % 20, 9, i % 60))
            conn.execute(SurveyResponse.__table__.insert().values(
                id=rid, form_id=DEFAULT_FORM_ID, form_version=form_version,
                enumerator="Kashif", device_id=device.device_id, language="en",
                started_at=moment, updated_at=moment, finished_at=None,
                answers=json.dumps(answers, ensure_ascii=False), paradata=json.dumps(paradata),
                status="draft", district="PK617", area=answers["area"],
                respondent_type=answers["respondent_type"]))
    if remark is not None:
        surveys.save_answer(ids[0], "remarks", remark, time_ms=9000, actor=people.ENUMERATOR)
    return [surveys.finalize(rid, actor=people.ENUMERATOR) for rid in ids]


def every_value(store: Store) -> list[str]:
    """Every value of every column of every table of the PC's database, through SQL."""
    out = []
    with store._read() as conn:
        tables = [r[0] for r in conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'table'"))]
        for table in tables:
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                out.extend(str(v) for v in row if v is not None)
    assert len(tables) > 10
    return out


def same(a, b, path="") -> bool:
    """*a* equals *b*, numbers to 1e-9 relative (NaN equals NaN); says where not."""
    if isinstance(a, dict) and isinstance(b, dict):
        assert set(a) == set(b), path
        return all(same(a[k], b[k], f"{path}.{k}") for k in a)
    if isinstance(a, list) and isinstance(b, list):
        assert len(a) == len(b), path
        return all(same(x, y, f"{path}[{i}]") for i, (x, y) in enumerate(zip(a, b, strict=True)))
    if isinstance(a, float) and isinstance(b, float):
        assert a == pytest.approx(b, rel=1e-9, abs=1e-12, nan_ok=True), path
        return True
    assert a == b, path
    return True


@pytest.fixture
def server(tmp_path, memory_keyring):
    from server.app import create_app

    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    app = create_app(url)
    try:
        with LiveServer(app) as live:
            live.url_db = url
            yield live
    finally:
        app.state.engine.dispose()


def test_sealed_responses_from_pc_to_analyst(server, tmp_path, capsys, monkeypatch):
    keys = tmp_path / "keys"
    code, err, _ = in_process(capsys, monkeypatch, "surveys", "keygen", "--out", str(keys),
                           "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert code == 0, err
    public = (keys / "daftar-sealing.pub").read_text().strip()
    form = sealed_instrument(tmp_path / "sealed.xlsx", public)
    code, err, out = in_process(capsys, monkeypatch, "server", "publish-form",
                                "--database-url", server.url_db, str(form))
    assert code == 0, err
    assert f"sealed on the PCs to the analysts' key {sealing.key_id(public)}" in out
    interviews = demo_interviews(tmp_path / "demo")

    with Store.open(tmp_path / "pc") as pc:
        people.seed(pc)
        enroll(server.url, admin.create_token(server.app.state.engine, "LHR1"), pc)
        assert SyncEngine(pc).run_once().error is None  # pulls the form
        surveys = Surveys(pc)
        assert surveys.form(DEFAULT_FORM_ID, SEALED_VERSION).public_key == public
        surveys.set_quota("PK617", "urban", "citizen", 50, actor=SUPERVISOR)
        rows = plant(pc, SEALED_VERSION, interviews, remark=CANARY)
        assert all(r.sealed is not None and r.answers == {} for r in rows)
        done = {(q.district, q.area, q.respondent_type): q.done
                for q in surveys.quota_progress()}
        assert done[("PK617", "urban", "citizen")] == sum(
            1 for a, _ in interviews if (a["area"], a["respondent_type"]) == ("urban", "citizen"))
        report = SyncEngine(pc).run_once()
        assert report.error is None and report.all_sent, report.as_dict()
        values = every_value(pc)
    assert sum(v.count(CANARY) for v in values) == 0

    held = server.count("survey_response")
    assert held == N == server.count("survey_response",
                                     "answers LIKE '{\"$sealed\":%' AND paradata = '{}'")
    assert admin.stats(server.app.state.engine)["totals"]["survey_responses_sealed"] == N
    server.app.state.engine.dispose()
    files = [p for p in tmp_path.glob("server.sqlite3*") if p.is_file()]
    assert sum(p.read_bytes().count(CANARY.encode()) for p in files) == 0
    assert sum(p.stat().st_size for p in files) > 100_000

    # The analysts: sealed responses from the server's database, opened with the key…
    url = server.url_db
    code, err, out = in_process(capsys, monkeypatch, "analyze", "--json", "--database-url", url,
                                "--private-key", str(keys / "daftar-sealing.key"),
                                "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert code == 0, err
    got = json.loads(out)
    # …and the same answers collected on an unsealed form, on a PC, analysed as ever.
    with Store.open(tmp_path / "plain") as plain:
        people.seed(plain)
        version = Surveys(plain).ensure_default_form().version
        rows = plant(plain, version, interviews)
        assert all(r.sealed is None for r in rows)
    code, err, out = in_process(capsys, monkeypatch, "--data-dir", str(tmp_path / "plain"),
                                "analyze", "--json")
    assert code == 0, err
    want = json.loads(out)
    assert got["n_responses"] == want["n_responses"] == N
    assert same(got, want)  # the row order differs: sums may differ in the last bit

    # The export opens them too, the remark included: the scans above could have found it.
    code, err, _ = in_process(capsys, monkeypatch, "export", "--format", "csv", "--out",
                           str(tmp_path / "out"), "--what", "responses", "--database-url",
                           url, "--private-key", str(keys / "daftar-sealing.key"),
                           "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert code == 0, err
    exported = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out").glob("*.csv"))
    assert exported.count(CANARY) == 1

    # Without the key nothing is readable, and the command says why.
    from analysis.cli import AnalysisInputError

    with pytest.raises(AnalysisInputError, match="no finished interviews"):
        in_process(capsys, monkeypatch, "analyze", "--database-url", url)
    assert f"{N} sealed responses were left out" in capsys.readouterr().err


def test_analyze_refuses_a_wrong_key_or_passphrase(tmp_path, capsys, monkeypatch):
    """Responses sealed for one key pair, a private key of another: a plain refusal."""
    from analysis.cli import AnalysisInputError

    one, other = sealing.generate(), sealing.generate()
    path = tmp_path / "other.key"
    path.write_text(sealing.private_key_file(other, PASSPHRASE, n=2 ** 14))
    with Store.open(tmp_path / "pc") as pc:
        people.seed(pc)
        surveys = Surveys(pc)
        surveys.import_form(sealed_instrument(tmp_path / "s.xlsx", one.public_key))
        plant(pc, SEALED_VERSION, demo_interviews(tmp_path / "demo")[:3])
    with pytest.raises(AnalysisInputError, match="sealed for another key"):
        in_process(capsys, monkeypatch, "--data-dir", str(tmp_path / "pc"), "analyze",
                   "--private-key", str(path), "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    with pytest.raises(AnalysisInputError, match="passphrase is wrong"):
        in_process(capsys, monkeypatch, "--data-dir", str(tmp_path / "pc"), "analyze",
                   "--private-key", str(path), "--passphrase-stdin", stdin="not it at all\n")
    # Several keys (the analysts' keys over time): each response opens with its own.
    (tmp_path / "one.key").write_text(sealing.private_key_file(one, "another passphrase",
                                                               n=2 ** 14))
    code, err, _ = in_process(
        capsys, monkeypatch, "--data-dir", str(tmp_path / "pc"), "export", "--format", "csv",
        "--out", str(tmp_path / "out"), "--what", "responses", "--private-key", str(path),
        "--private-key", str(tmp_path / "one.key"), "--passphrase-stdin",
        stdin=PASSPHRASE + "\nanother passphrase\n")
    assert code == 0, err
    rows = next((tmp_path / "out").glob("*.csv")).read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 3 and "sealed responses were left out" not in err
    with pytest.raises(AnalysisInputError, match="no server database"):
        in_process(capsys, monkeypatch, "analyze", "--database-url",
                   f"sqlite:///{tmp_path / 'none.sqlite3'}")
    assert not (tmp_path / "none.sqlite3").exists()  # not created by looking
