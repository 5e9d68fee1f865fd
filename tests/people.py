"""The people of a test store: who a test acts as.

``seed(store)`` gives the standard test people (``CLERK``, ``SUPERVISOR``, ``ENUMERATOR``
and ``ADMIN``) accounts on *store*, each with the password :data:`PASSWORD`, and an open
sign-in session whose token their :class:`~store.records.Actor` constant carries. Call it
after every ``Store.open`` a test or a test worker does itself; the ``store`` fixture
already does.

The accounts are written with SQL rather than through ``Accounts.add_user`` only to keep
hundreds of test stores fast: the password hash is made once per process with cheap argon2
parameters. Sign-in itself is never bypassed: the store checks these sessions exactly as it
checks a real one, and tests/test_accounts.py signs in through ``Accounts``.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from store.accounts import SESSION_HOURS, token_hash
from store.records import Actor, iso_utc

PASSWORD = "tea-at-four-o-clock"

#: (username, name, role, session token)
PEOPLE = (
    ("sana", "Sana Iqbal", "clerk", "test-session-sana"),
    ("tariq", "Tariq Mahmood", "supervisor", "test-session-tariq"),
    ("kashif", "Kashif", "enumerator", "test-session-kashif"),
    ("admin", "Office Admin", "office_admin", "test-session-admin"),
)


def _user_id(index: int) -> str:
    return f"00000000-0000-4000-8000-{index:012d}"


def _actor(username: str) -> Actor:
    for i, (user, name, role, token) in enumerate(PEOPLE):
        if user == username:
            return Actor(name, role, token=token, user_id=_user_id(i), username=user)
    raise KeyError(username)


CLERK = _actor("sana")
SUPERVISOR = _actor("tariq")
ENUMERATOR = _actor("kashif")
ADMIN = _actor("admin")


@functools.cache
def cheap_hasher():
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@functools.cache
def _hash() -> str:
    return cheap_hasher().hash(PASSWORD)


def seed(store) -> None:
    """Give the standard test people accounts and open sessions on *store*, and bind
    ``CLERK`` as the person who reads its requests (``Store.set_reader``)."""
    now = datetime.now(UTC)
    with store._write() as conn:
        office = conn.execute(text("SELECT office_code FROM device_state")).scalar()
        for i, (user, name, role, token) in enumerate(PEOPLE):
            user_id = _user_id(i)
            conn.execute(text(
                "INSERT OR IGNORE INTO user_account(user_id, office_code, username, "
                "display_name, role, password_hash, active, source, updated_at, failed_count) "
                "VALUES (:u, :o, :n, :d, :r, :h, 1, 'local', :t, 0)"),
                {"u": user_id, "o": office, "n": user, "d": name, "r": role, "h": _hash(),
                 "t": iso_utc(now)})
            conn.execute(text(
                "INSERT OR IGNORE INTO user_session(token_hash, user_id, created_at, expires_at) "
                "VALUES (:h, :u, :c, :e)"),
                {"h": token_hash(token), "u": user_id, "c": iso_utc(now),
                 "e": iso_utc(now + timedelta(hours=SESSION_HOURS))})
    # The clerk reads citizens' requests by default (Store.set_reader); a test that wants
    # another reader, or none, binds it itself.
    store.set_reader(CLERK)
