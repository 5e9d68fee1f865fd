"""Office user accounts provisioned by the central admin (``daftar server users``).

A user belongs to one office and has one role (:data:`server.tables.ROLES`). The password
is hashed here, in the admin's process, with argon2id (argon2-cffi's
:class:`~argon2.PasswordHasher`, its default memory-hard parameters); only the PHC string
(``$argon2id$v=19$m=...,t=...,p=...$salt$hash``) is stored, and only that string goes to
the office's PCs, as a ``user_account`` record of the change feed (:mod:`server.feed`),
which they use to log people in offline. No other office's PCs receive it.

Every change (new user, new password, deactivation, new name or role) bumps
``updated_at`` and appends one change row, so the PCs receive the account's newest state
at their next pull. Accounts are never deleted: a person who leaves is deactivated (their
name stays on the events they recorded).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy import Engine, select

from server import db
from server.clock import iso, now_ms
from server.errors import AdminError
from server.feed import append_changes, read_conn
from server.tables import ROLES, office, office_user

MIN_PASSWORD = 10
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
#: Refused whatever their length: the passwords tried first by anyone guessing (the most
#: common ones of the public breach lists, and the obvious local ones).
COMMON_PASSWORDS = frozenset({
    "1234567890", "0123456789", "12345678910", "123456789a", "a123456789", "1q2w3e4r5t",
    "qwertyuiop", "1qaz2wsx3edc", "password12", "password123", "password1234",
    "passw0rd123", "iloveyou12", "abcdefghij", "abcd123456", "abc1234567", "qwerty1234",
    "qwerty12345", "asdfghjkl1", "zxcvbnm123", "1111111111", "0000000000", "9876543210",
    "pakistan123", "pakistan12", "pakistan1947", "pakistan786", "lahore1234",
    "karachi123", "islamabad1", "welcome123", "welcome1234", "admin12345", "administrator",
    "letmein123", "changeme123", "daftar1234", "daftar12345", "daftar123456",
    "bismillah1", "bismillah123", "allah12345", "muhammad123", "superman12", "football12",
    "cricket123", "monkey1234", "dragon1234", "sunshine12", "princess12", "trustno1234",
})


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def password_problem(password: str, username: str = "") -> str | None:
    """Why *password* is refused (plain words), or ``None`` when it may be used."""
    if len(password) < MIN_PASSWORD:
        return f"The password is too short: use at least {MIN_PASSWORD} characters."
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(lowered)) < 4:
        return "This password is one of the first that anyone guessing would try; choose " \
               "another."
    if username and username.lower() in lowered:
        return "The password must not contain the user name."
    return None


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def _office(conn, code: str) -> dict:
    row = conn.execute(select(office).where(office.c.code == code)).mappings().first()
    if row is None:
        raise AdminError(f"There is no office {code}; create it first with "
                         "`daftar server create-office`.")
    return dict(row)


def _find(conn, office_code: str, username: str) -> dict:
    row = conn.execute(select(office_user).where(
        office_user.c.office_code == office_code,
        office_user.c.username == username.strip().lower()).with_for_update()) \
        .mappings().first()
    if row is None:
        raise AdminError(f"Office {office_code} has no user {username.strip().lower()!r} "
                         "(see `daftar server users list`).")
    return dict(row)


def _changed(conn, row: dict, district_id: str) -> None:
    """Append the change row that takes *row*'s new state to its office's PCs (last)."""
    append_changes(conn, [{"kind": "user_account", "record_id": row["user_id"],
                           "district_id": district_id, "office_code": row["office_code"]}])


def add_user(engine: Engine, *, office_code: str, username: str, display_name: str,
             role: str, password: str) -> dict[str, Any]:
    """A new active user of *office_code*; returns its row (with the hash, not the
    password)."""
    code = office_code.strip().upper()
    name = username.strip().lower()
    if not USERNAME.match(name):
        raise AdminError("The user name must be 2 to 64 letters, digits, dots, dashes or "
                         f"underscores, starting with a letter or digit: {username!r} is not.")
    if not display_name.strip():
        raise AdminError("The user needs a name (--name), shown on the records they make.")
    if len(display_name.strip()) > 100:
        raise AdminError("The name is longer than 100 characters.")
    if role not in ROLES:
        raise AdminError(f"The role must be one of {', '.join(ROLES)}; {role!r} is not.")
    problem = password_problem(password, name)
    if problem:
        raise AdminError(problem)
    digest = hash_password(password)  # slow on purpose: before the transaction opens
    with db.write_conn(engine) as conn, conn.begin():
        off = _office(conn, code)
        if conn.execute(select(office_user.c.user_id).where(
                office_user.c.office_code == code, office_user.c.username == name)).first():
            raise AdminError(f"Office {code} already has a user {name!r}.")
        row = {"user_id": str(uuid.uuid4()), "office_code": code, "username": name,
               "display_name": display_name.strip(), "role": role, "password_hash": digest,
               "active": True, "updated_at": iso(now_ms())}
        conn.execute(office_user.insert().values(**row))
        _changed(conn, row, off["district_id"])
    return row


def _after(previous: str) -> str:
    """Now, or just after *previous* if the clock is not past it: on the PCs the newest
    ``updated_at`` wins, so each change must carry a later one."""
    from datetime import datetime

    before = int(datetime.fromisoformat(previous.replace("Z", "+00:00")).timestamp() * 1000)
    return iso(max(now_ms(), before + 1))


def _update(engine: Engine, office_code: str, username: str, **values) -> dict[str, Any]:
    code = office_code.strip().upper()
    with db.write_conn(engine) as conn, conn.begin():
        off = _office(conn, code)
        row = _find(conn, code, username)
        stamp = _after(row["updated_at"])
        row.update(values, updated_at=stamp)
        conn.execute(office_user.update().where(office_user.c.user_id == row["user_id"])
                     .values(**values, updated_at=stamp))
        _changed(conn, row, off["district_id"])
    return row


def set_password(engine: Engine, *, office_code: str, username: str,
                 password: str) -> dict[str, Any]:
    problem = password_problem(password, username.strip().lower())
    if problem:
        raise AdminError(problem)
    return _update(engine, office_code, username, password_hash=hash_password(password))


def deactivate(engine: Engine, *, office_code: str, username: str) -> dict[str, Any]:
    """The user can no longer log in on the office's PCs (once they have pulled)."""
    return _update(engine, office_code, username, active=False)


def list_users(engine: Engine, office_code: str | None = None) -> list[dict[str, Any]]:
    """Users (without their hashes), by office and user name."""
    cols = [c for c in office_user.c if c.name != "password_hash"]
    query = select(*cols).order_by(office_user.c.office_code, office_user.c.username)
    if office_code:
        query = query.where(office_user.c.office_code == office_code.strip().upper())
    with read_conn(engine) as conn, conn.begin():
        return [dict(r) for r in conn.execute(query).mappings()]
