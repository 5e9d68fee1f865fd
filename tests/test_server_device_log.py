"""The server's append-only record of what each device sent (``push_log``): one row per
push received, stored or refused, written with the push it describes; the database
refuses to change or delete it; ``daftar server device-log`` shows it."""

from __future__ import annotations

import gzip
import hashlib
import json

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

pytest_plugins = ("pg",)


def log_rows(app, device_id: str) -> list[dict]:
    with app.state.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(text(
            "SELECT * FROM push_log WHERE device_id = :d ORDER BY id"), {"d": device_id})]


def count(app, table: str) -> int:
    with app.state.engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def test_every_push_is_recorded_stored_or_refused(server_app, new_pc):
    pc = new_pc()
    ops, _ = pc.new_request_ops(1)  # op_seq 1-3
    body = gzip.compress(pc.push_body(ops))
    h = {"Content-Type": "application/json", "Content-Encoding": "gzip",
         **pc.headers("POST", "/api/v1/sync/push", body)}
    assert pc.client.post("/api/v1/sync/push", content=body, headers=h).status_code == 200
    assert pc.push(ops).status_code == 200  # the same again: already held
    bad = [dict(ops[0], record={**ops[0]["record"], "cnic": "123"})]
    bad[0]["op_seq"] = 4
    assert pc.push(bad).status_code == 200  # one record refused inside a stored push
    refused_body = json.dumps({"device_id": pc.device_id, "ops": [], "admin": True}).encode()
    assert pc.push_raw(refused_body, compress=False).status_code == 422  # refused whole
    other = new_pc().device_id
    assert pc.push_raw(pc.push_body([], device_id=other)).status_code == 403
    rows = log_rows(server_app, pc.device_id)
    assert [(r["result"], r["code"]) for r in rows] == [
        ("stored", None), ("stored", None), ("stored", None), ("refused", "invalid"),
        ("refused", "wrong_device")]
    first, again, partly, whole, _ = rows
    assert first["body_sha256"] == hashlib.sha256(body).hexdigest()
    assert first["body_bytes"] == len(body)
    assert (first["ops"], first["accepted"], first["held"], first["rejected"]) == (3, 3, 0, 0)
    assert json.loads(first["op_seqs"]) == {"accepted": [[1, 3]], "already_held": [],
                                            "rejected": []}
    assert json.loads(again["op_seqs"])["already_held"] == [[1, 3]]
    assert json.loads(partly["op_seqs"])["rejected"] == [[4, 4]]
    assert whole["body_sha256"] == hashlib.sha256(refused_body).hexdigest()
    assert whole["body_bytes"] == len(refused_body) and whole["ops"] == 0
    assert count(server_app, "citizen") == 1


def test_the_database_refuses_to_change_or_delete_the_record(server_app, new_pc):
    pc = new_pc()
    assert pc.push(pc.new_request_ops(1)[0]).status_code == 200
    engine = server_app.state.engine
    statements = ["UPDATE push_log SET accepted = 0",
                  "UPDATE push_log SET body_sha256 = 'x' WHERE device_id = :d",
                  "DELETE FROM push_log WHERE device_id = :d", "DELETE FROM push_log"]
    if engine.dialect.name == "postgresql":
        statements.append("TRUNCATE push_log")
    for sql in statements:
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(sql), {"d": pc.device_id})
    rows = log_rows(server_app, pc.device_id)
    assert len(rows) == 1 and rows[0]["accepted"] == 3


def _break_change_log(engine) -> None:
    """Make the last statement of every push transaction fail (a disk error, say)."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS "
                              "$$ BEGIN RAISE EXCEPTION 'disk full'; END $$"))
            conn.execute(text("CREATE TRIGGER boom BEFORE INSERT ON change_log FOR EACH ROW "
                              "EXECUTE FUNCTION boom()"))
        else:
            conn.execute(text("CREATE TRIGGER boom BEFORE INSERT ON change_log "
                              "BEGIN SELECT RAISE(ABORT, 'disk full'); END"))


def test_the_record_is_written_in_the_push_transaction(server_with):
    app, new_pc = server_with(raise_server_exceptions=False)
    pc = new_pc()
    _break_change_log(app.state.engine)
    assert pc.push(pc.new_request_ops(1)[0]).status_code == 500
    # nothing of the push was kept, and no "stored" row claims it was
    assert count(app, "citizen") == count(app, "service_request") == 0
    assert count(app, "received_op") == 0
    assert [(r["result"], r["code"]) for r in log_rows(app, pc.device_id)] == [
        ("refused", "server_error")]


def test_cli_device_log(server_app, server_db_url, new_pc, capsys):
    from server import cli

    pc = new_pc()
    ops, _ = pc.new_request_ops(1)
    body = gzip.compress(pc.push_body(ops))
    h = {"Content-Type": "application/json", "Content-Encoding": "gzip",
         **pc.headers("POST", "/api/v1/sync/push", body)}
    assert pc.client.post("/api/v1/sync/push", content=body, headers=h).status_code == 200
    assert pc.push_raw(b"{not json").status_code == 422
    assert cli.main(["server", "device-log", pc.device_id, "--database-url",
                     server_db_url]) == 0
    out = capsys.readouterr().out
    assert pc.device_id in out and "office LHR1" in out
    assert hashlib.sha256(body).hexdigest() in out
    assert "stored" in out and "refused (invalid)" in out and "accepted 1-3" in out
    assert cli.main(["server", "device-log", pc.device_id, "--json", "--last", "1",
                     "--database-url", server_db_url]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [p["result"] for p in data["pushes"]] == ["refused"]
    assert cli.main(["server", "device-log", "no-such-device", "--database-url",
                     server_db_url]) == 2
    assert "No device no-such-device" in capsys.readouterr().err
