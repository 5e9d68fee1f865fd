"""``daftar server …``: running the server and its admin commands."""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from server import cli

pytest_plugins = ("pg",)
ROOT = Path(__file__).resolve().parent.parent


def parse(argv):
    parser = argparse.ArgumentParser(prog="daftar")
    parser.add_argument("--data-dir")
    sub = parser.add_subparsers(dest="command")
    cli.register(sub)
    return parser.parse_args(argv)


def test_server_with_options_and_no_action_runs():
    args = parse(["server", "--port", "9001", "--host", "0.0.0.0"])
    assert args.func is cli.cmd_run and args.port == 9001 and args.host == "0.0.0.0"
    args = parse(["server"])
    assert args.func is cli.cmd_run and args.port == 8765 and args.host == "127.0.0.1"
    args = parse(["server", "--database-url", "sqlite:///x.db", "stats", "--json"])
    assert args.func is cli.cmd_stats and args.database_url == "sqlite:///x.db"
    args = parse(["server", "stats", "--database-url", "sqlite:///y.db"])
    assert args.database_url == "sqlite:///y.db"


def test_admin_commands(server_db_url, capsys):
    assert cli.main(["server", "create-office", "--database-url", server_db_url, "--code", "lhr2",
                     "--district", "PK617", "--name", "AC Office Model Town",
                     "--name-ur", "اے سی آفس ماڈل ٹاؤن"]) == 0
    assert "Office LHR2" in capsys.readouterr().out
    assert cli.main(["server", "enroll-token", "--database-url", server_db_url, "--office",
                     "LHR2", "--hours", "1"]) == 0
    token = capsys.readouterr().out.strip()
    assert len(token) >= 30 and "\n" not in token

    from models import signing
    from models.ids import new_id
    from models.wire import EnrollRequest
    from server import admin
    from server.db import open_database

    engine = open_database(server_db_url)
    try:
        key = signing.new_private_key()
        device_id = new_id()
        answer = admin.enroll(engine, EnrollRequest(
            token=token, device_id=device_id, public_key=signing.public_text(key)))
        assert answer.office_code == "LHR2" and answer.device_number == 1
    finally:
        engine.dispose()

    assert cli.main(["server", "stats", "--json", "--database-url", server_db_url]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["devices"] == 1
    assert data["devices"][0]["device_id"] == device_id
    assert data["devices"][0]["last_push_at"] is None and data["devices"][0]["gaps"] == []
    assert data["offices"][0]["office_code"] == "LHR2"

    assert cli.main(["server", "revoke-device", device_id, "--database-url", server_db_url]) == 0
    assert "can no longer sync" in capsys.readouterr().out
    assert cli.main(["server", "stats", "--database-url", server_db_url]) == 0
    out = capsys.readouterr().out
    assert "1 devices" in out and "revoked" in out and "LHR2" in out


def test_admin_errors_are_one_plain_line(server_db_url, capsys):
    code = cli.main(["server", "enroll-token", "--database-url", server_db_url,
                     "--office", "NOPE"])
    assert code == cli.EXIT_INPUT
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("daftar: error: There is no office NOPE")
    code = cli.main(["server", "create-office", "--database-url", server_db_url, "--code", "x",
                     "--district", "PK617", "--name", "n"])
    assert code == cli.EXIT_INPUT
    assert "2 to 8 letters" in capsys.readouterr().err
    code = cli.main(["server", "revoke-device", "nobody", "--database-url", server_db_url])
    assert code == cli.EXIT_INPUT


def test_unreachable_database_is_one_plain_line(capsys):
    code = cli.main(["server", "stats", "--database-url",
                     "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"])
    assert code == cli.EXIT_ENV
    err = capsys.readouterr().err
    assert err.startswith("daftar: error: the server database cannot be opened")
    assert err.count("\n") == 1 and "Traceback" not in err


def test_default_database_is_in_the_data_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DAFTAR_DATA_DIR", str(tmp_path))
    assert cli.main(["server", "stats"]) == 0
    assert (tmp_path / "server.sqlite3").exists()
    assert cli.main(["--data-dir", str(tmp_path / "other"), "server", "stats"]) == 0
    assert (tmp_path / "other" / "server.sqlite3").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_daftar_server_serves_on_a_loopback_port(tmp_path):
    port = _free_port()
    env = {**os.environ, "DAFTAR_DATA_DIR": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "server", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                resp = httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read().decode()
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert resp.status_code == 200 and resp.json()["status"] == "ok"
        assert (tmp_path / "server.sqlite3").exists()
    finally:
        proc.terminate()
        proc.wait(20)
        proc.stdout.close()


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A throwaway certificate for 127.0.0.1 and its key (PEM files in *folder*)."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .sign(key, hashes.SHA256()))
    keyfile, certfile = folder / "key.pem", folder / "cert.pem"
    keyfile.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    certfile.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return keyfile, certfile


def test_daftar_server_run_serves_https_with_its_own_tls(tmp_path, capsys):
    import ssl

    keyfile, certfile = _self_signed(tmp_path)
    args = parse(["server", "run", "--ssl-keyfile", str(keyfile)])
    assert cli.cmd_run(args) == 2  # one without the other is refused
    assert "both --ssl-keyfile and --ssl-certfile" in capsys.readouterr().err
    port = _free_port()
    env = {**os.environ, "DAFTAR_DATA_DIR": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "server", "run", "--port", str(port),
         "--ssl-keyfile", str(keyfile), "--ssl-certfile", str(certfile)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    trust = ssl.create_default_context(cafile=str(certfile))  # verified, not switched off
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                resp = httpx.get(f"https://127.0.0.1:{port}/api/v1/health", timeout=2,
                                 verify=trust)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read().decode()
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert resp.status_code == 200 and resp.json()["status"] == "ok"
        assert resp.headers["strict-transport-security"].startswith("max-age=")
        assert "server" not in resp.headers  # no version banner
        with pytest.raises(httpx.TransportError):  # plain http is not served on that port
            httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2)
    finally:
        proc.terminate()
        proc.wait(20)
        proc.stdout.close()
