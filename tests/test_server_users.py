"""Office user accounts provisioned from the server: ``daftar server users``, argon2
hashes, weak passwords refused, and delivery to that office's PCs only (change feed)."""

from __future__ import annotations

import io

import pytest
from argon2 import PasswordHasher
from argon2.exceptions import VerifyMismatchError
from sqlalchemy import text

from server import admin, cli

pytest_plugins = ("pg",)

PASSWORD = "Sabz-Chai 2026"
WIRE_FIELDS = {"user_id", "office_code", "username", "display_name", "role",
               "password_hash", "active", "updated_at"}


def users_cli(monkeypatch, url: str, *argv: str, password: str | None = None) -> int:
    if password is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return cli.main(["server", "users", *argv, "--database-url", url])


def add(monkeypatch, url, username="sana", office="LHR1", role="clerk",
        password=PASSWORD, name="Sana Iqbal") -> int:
    return users_cli(monkeypatch, url, "add", "--office", office, "--username", username,
                     "--name", name, "--role", role, "--password-stdin", password=password)


def accounts(changes) -> list[dict]:
    return [c["record"] for c in changes if c["kind"] == "user_account"]


def test_add_list_and_the_stored_hash(server_app, server_db_url, monkeypatch, capsys):
    assert add(monkeypatch, server_db_url) == 0
    assert "User sana (Sana Iqbal, clerk) added to office LHR1" in capsys.readouterr().out
    assert add(monkeypatch, server_db_url, "tariq", role="supervisor",
               name="Tariq Mahmood") == 0
    with server_app.state.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(text(
            "SELECT * FROM office_user ORDER BY username"))]
    assert [r["username"] for r in rows] == ["sana", "tariq"]
    digest = rows[0]["password_hash"]
    assert digest.startswith("$argon2id$v=19$m=")  # a PHC string, memory-hard
    assert PasswordHasher().verify(digest, PASSWORD)
    with pytest.raises(VerifyMismatchError):
        PasswordHasher().verify(digest, PASSWORD + "x")
    assert all(PASSWORD not in str(v) for r in rows for v in r.values())
    capsys.readouterr()
    assert users_cli(monkeypatch, server_db_url, "list") == 0
    out = capsys.readouterr().out
    assert "sana" in out and "tariq" in out and "supervisor" in out
    assert "$argon2" not in out  # hashes are not shown
    assert users_cli(monkeypatch, server_db_url, "list", "--office", "LHR2") == 0
    assert "No users." in capsys.readouterr().out


@pytest.mark.parametrize("password, words", [
    ("short1!", "too short"),
    ("password123", "first that anyone guessing"),
    ("Pakistan786", "first that anyone guessing"),
    ("aaaaaaaaaaaa", "first that anyone guessing"),
    ("my-sana-pass-word", "must not contain the user name"),
])
def test_weak_passwords_are_refused(tmp_path, monkeypatch, capsys, password, words):
    url = f"sqlite:///{tmp_path}/s.sqlite3"
    assert add(monkeypatch, url, password=password) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1 and password not in err


@pytest.mark.parametrize("server_db_url", ["sqlite"], indirect=True)  # CLI logic only
def test_refusals_are_plain_lines(server_db_url, monkeypatch, capsys):
    assert add(monkeypatch, server_db_url) == 0
    capsys.readouterr()
    assert add(monkeypatch, server_db_url) == 2
    assert "already has a user 'sana'" in capsys.readouterr().err
    assert add(monkeypatch, server_db_url, "sana", office="NOPE") == 2
    assert "There is no office NOPE" in capsys.readouterr().err
    assert add(monkeypatch, server_db_url, "x y") == 2
    assert "user name must be" in capsys.readouterr().err
    with pytest.raises(SystemExit):  # argparse: not one of the roles
        add(monkeypatch, server_db_url, "kashif", role="root")
    assert users_cli(monkeypatch, server_db_url, "deactivate", "--office", "LHR1",
                     "--username", "nobody") == 2
    assert "has no user 'nobody'" in capsys.readouterr().err
    # no terminal and no --password-stdin: refused, not read from a pipe by surprise
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert cli.main(["server", "users", "add", "--office", "LHR1", "--username", "kashif",
                     "--name", "Kashif", "--role", "enumerator",
                     "--database-url", server_db_url]) == 2
    assert "--password-stdin" in capsys.readouterr().err


def test_accounts_reach_their_own_office_only(server_app, server_db_url, new_pc,
                                              monkeypatch, capsys):
    engine = server_app.state.engine
    admin.create_office(engine, code="LHR2", district="PK617", name="AC Model Town")
    # RWP1 (Rawalpindi, another district) comes with the bundled reference data
    mine, same_district, elsewhere = new_pc("LHR1"), new_pc("LHR2"), new_pc("RWP1")
    assert add(monkeypatch, server_db_url) == 0
    assert add(monkeypatch, server_db_url, "ali", office="LHR2", name="Ali Raza") == 0

    got, cursor = mine.pull_all()
    [account] = accounts(got)
    assert set(account) == WIRE_FIELDS  # exactly the agreed wire shape
    assert (account["username"], account["office_code"], account["role"],
            account["active"]) == ("sana", "LHR1", "clerk", True)
    assert PasswordHasher().verify(account["password_hash"], PASSWORD)
    for pc, theirs in ((same_district, ["ali"]), (elsewhere, [])):
        changes, _ = pc.pull_all()
        assert [a["username"] for a in accounts(changes)] == theirs
        assert "sana" not in str(accounts(changes)) and account["password_hash"] not in str(
            changes)

    # a new password and a deactivation arrive as newer states of the same account
    monkeypatch.setattr("sys.stdin", io.StringIO("Neela-Asmaan 77\n"))
    assert cli.main(["server", "users", "set-password", "--office", "LHR1", "--username",
                     "sana", "--password-stdin", "--database-url", server_db_url]) == 0
    got, cursor2 = mine.pull_all(cursor)
    [changed] = accounts(got)
    assert changed["user_id"] == account["user_id"]
    assert changed["updated_at"] > account["updated_at"]
    assert PasswordHasher().verify(changed["password_hash"], "Neela-Asmaan 77")
    assert users_cli(monkeypatch, server_db_url, "deactivate", "--office", "LHR1",
                     "--username", "SANA") == 0
    [gone] = accounts(mine.pull_all(cursor2)[0])
    assert gone["active"] is False and gone["updated_at"] > changed["updated_at"]
    assert "deactivated" in capsys.readouterr().out
    # the other offices still never saw any of it
    assert [a["username"] for a in accounts(same_district.pull_all()[0])] == ["ali"]
    assert accounts(elsewhere.pull_all()[0]) == []
