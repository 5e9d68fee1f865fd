"""People who use this PC: accounts, passwords, sign-in sessions and lock-out.

Each office PC keeps its own accounts (clerk, supervisor, enumerator, office admin); the
central server can provision them too (records of kind ``user_account`` pulled by
``store.sync_ops``). Passwords are hashed with **argon2id** (argon2-cffi's
``PasswordHasher``: memory-hard, salted, parameters inside the hash so they can be raised
later; a hash made with older parameters is re-made at the next good sign-in).

A successful :meth:`Accounts.sign_in` opens a *session* and returns an
:class:`~store.records.Actor` carrying its secret token. Only the token's SHA-256 is
stored. Every store operation that changes data calls :func:`authorize` in its own
transaction: the session must exist, not be signed out, not be older than
:data:`SESSION_HOURS`, and its account must still be active; the name and the role
recorded on the step come from the account, not from the caller. So the role rules of
``models.workflow`` hold for the desktop, the command line and anything else that calls
the store: there is no path around them.

Repeated wrong passwords lock the account for :data:`LOCKOUT` (the office admin can lift it
sooner). Every sign-in, failure, lock and sign-out is written to ``sign_in_log``, which the
database refuses to change or delete.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Connection, text

from models.i18n import N_
from models.ids import new_id
from models.validation import InvalidInput
from models.workflow import Role
from store.errors import CTX, NotAllowed, NotFound
from store.records import Actor, iso_utc

log = logging.getLogger(__name__)

#: A sign-in lasts this long; then the person must type their password again.
SESSION_HOURS = 12
#: Wrong passwords in a row that lock an account, and for how long.
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 10
#: Passwords refused outright (the commonest choices, and the app's own name).
COMMON_PASSWORDS = frozenset({
    "1234567890", "0123456789", "12345678910", "1111111111", "0000000000", "qwertyuiop",
    "password12", "password123", "passw0rd123", "pakistan123", "pakistan12", "daftar1234",
    "daftar12345", "abcdefghij", "iloveyou12", "123456789a", "a123456789", "qwerty1234",
    "1q2w3e4r5t", "admin12345", "welcome123",
})
_USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
ROLES = tuple(r.value for r in Role)


class SignInFailed(NotAllowed):
    """Wrong user name or password, a locked or switched-off account, an ended session."""


@dataclass(frozen=True)
class UserRow:
    user_id: str
    username: str
    display_name: str
    role: str
    active: bool
    source: str
    locked_until: str | None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def check_password(password: str, *, username: str = "") -> None:
    """Refuse a password that is too short or too common, in words a clerk understands."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput("password", N_("validation", "The password must have at least {n} characters."),
                           {"n": MIN_PASSWORD})
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(password)) < 4 or \
            (username and username.lower() in lowered):
        raise InvalidInput("password", N_("validation", "This password is too easy to guess. Use a few "
                                               "words or a mix of letters and numbers."), {})


def check_username(username: str) -> str:
    name = (username or "").strip().lower()
    if not _USERNAME_RE.match(name):
        raise InvalidInput("username", N_("validation", "A user name is 2 to 32 small letters or digits "
                                               "(dots, dashes and underscores allowed), "
                                               "e.g. sana.iqbal."), {})
    return name


def authorize(conn: Connection, actor: Actor | None, now: datetime | None = None) -> Actor:
    """The signed-in person behind *actor*, checked in this transaction.

    Raises :class:`SignInFailed` when there is no valid session. The returned actor's
    name and role are the account's own.
    """
    if actor is None or not getattr(actor, "token", None):
        raise SignInFailed(N_(CTX, "Please sign in first."))
    row = conn.execute(text(
        "SELECT s.expires_at, s.ended_at, u.user_id, u.username, u.display_name, u.role, "
        "u.active FROM user_session s JOIN user_account u ON u.user_id = s.user_id "
        "WHERE s.token_hash = :h"), {"h": token_hash(actor.token)}).mappings().first()
    if row is not None and not row["active"]:
        raise SignInFailed(N_(CTX, "Your account has been switched off. Ask the office admin."))
    if row is None or row["ended_at"] is not None:
        raise SignInFailed(N_(CTX, "You have been signed out. Please sign in again."))
    if row["expires_at"] <= iso_utc(_now(now)):
        raise SignInFailed(N_(CTX, "Your sign-in has ended after {hours} hours. Please sign in "
                                   "again; nothing was changed."), hours=SESSION_HOURS)
    return Actor(row["display_name"], row["role"], token=actor.token, user_id=row["user_id"],
                 username=row["username"])


def envelope_label(user_id: str) -> str:
    """The label of an office admin's key envelope in ``daftar-key.json``."""
    return f"admin:{user_id}"


class Accounts:
    """The accounts of one store. ``hasher`` can be given cheaper parameters in tests."""

    def __init__(self, store, hasher: PasswordHasher | None = None) -> None:
        self.store = store
        self.hasher = hasher or PasswordHasher()

    # -- reading ------------------------------------------------------------------------
    def has_users(self) -> bool:
        with self.store._read() as conn:
            return conn.execute(text("SELECT 1 FROM user_account LIMIT 1")).first() is not None

    def users(self) -> list[UserRow]:
        with self.store._read() as conn:
            rows = conn.execute(text(
                "SELECT user_id, username, display_name, role, active, source, locked_until "
                "FROM user_account ORDER BY display_name")).mappings().all()
        return [UserRow(**{**r, "active": bool(r["active"])}) for r in rows]

    def sign_in_log(self, limit: int = 50) -> list[dict]:
        with self.store._read() as conn:
            return [dict(r) for r in conn.execute(text(
                "SELECT at, username, event FROM sign_in_log ORDER BY id DESC LIMIT :n"),
                {"n": limit}).mappings()]

    # -- creating and changing accounts ---------------------------------------------------
    def create_first_admin(self, username: str, display_name: str, password: str) -> UserRow:
        """The office admin of a PC that has no accounts yet (first start, or `daftar users
        add` on a new data folder). Refused once any account exists."""
        with self.store._write() as conn:
            if conn.execute(text("SELECT 1 FROM user_account LIMIT 1")).first():
                raise NotAllowed(N_(CTX, "This PC already has accounts; an office admin must "
                                         "sign in to add people."))
            row = self._insert(conn, username, display_name, Role.OFFICE_ADMIN.value, password)
        self._after_password(row, password)
        return row

    def add_user(self, by: Actor, username: str, display_name: str, role: str,
                 password: str) -> UserRow:
        with self.store._write() as conn:
            self._require_admin(conn, by)
            row = self._insert(conn, username, display_name, role, password)
        self._after_password(row, password)
        return row

    def set_password(self, by: Actor, username: str, password: str) -> None:
        """An office admin sets anyone's password; a person may set their own."""
        username = check_username(username)
        with self.store._write() as conn:
            me = authorize(conn, by)
            if me.username != username and me.role != Role.OFFICE_ADMIN:
                raise NotAllowed(N_(CTX, "Only the office admin can change another person's "
                                         "password."))
            user = self._user(conn, username)
            check_password(password, username=username)
            conn.execute(text(
                "UPDATE user_account SET password_hash = :h, failed_count = 0, "
                "locked_until = NULL, updated_at = :t WHERE user_id = :u"),
                {"h": self.hasher.hash(password), "t": iso_utc(_now(None)),
                 "u": user.user_id})
            if me.username != username:  # someone else's password: their sessions end
                self._end_sessions(conn, user.user_id)
            self._log(conn, username, "password_changed")
        self._after_password(user, password)

    def set_active(self, by: Actor, username: str, active: bool) -> None:
        username = check_username(username)
        with self.store._write() as conn:
            me = self._require_admin(conn, by)
            user = self._user(conn, username)
            if not active and user.user_id == me.user_id:
                raise NotAllowed(N_(CTX, "You cannot switch off your own account."))
            conn.execute(text("UPDATE user_account SET active = :a, failed_count = 0, "
                              "locked_until = NULL, updated_at = :t WHERE user_id = :u"),
                         {"a": active, "t": iso_utc(_now(None)), "u": user.user_id})
            if not active:
                self._end_sessions(conn, user.user_id)
            self._log(conn, username, "switched_on" if active else "switched_off")
        if not active and user.role == Role.OFFICE_ADMIN:  # their password opens nothing
            from store import keys

            keys.remove_envelope(self.store.folder, envelope_label(user.user_id))

    # -- signing in and out ---------------------------------------------------------------
    def sign_in(self, username: str, password: str, *, now: datetime | None = None,
                _keep: Actor | None = None) -> Actor:
        """Open a session for *username*; raises :class:`SignInFailed` with a plain reason."""
        moment = _now(now)
        name = (username or "").strip().lower()
        with self.store._read() as conn:
            row = conn.execute(text(
                "SELECT user_id, password_hash, active, locked_until FROM user_account "
                "WHERE username = :n"), {"n": name}).mappings().first()
        if row is not None and row["locked_until"] and row["locked_until"] > iso_utc(moment):
            self._record(name, "refused_locked")
            raise self._locked(row["locked_until"])
        ok = self._verify(row["password_hash"] if row else None, password)
        with self.store._write() as conn:
            if row is None:
                # Not what was typed: it may be a password typed in the wrong box.
                self._log(conn, "(unknown)", "unknown_user", moment)
                failure = SignInFailed(N_(CTX, "Wrong user name or password."))
            elif not ok:
                failure = self._failed(conn, name, row["user_id"], moment)
            elif not row["active"]:
                self._log(conn, name, "refused_switched_off", moment)
                failure = SignInFailed(N_(CTX, "Your account has been switched off. Ask the "
                                               "office admin."))
            else:
                failure = None
                kept = self._still_valid(conn, _keep, row["user_id"], moment)
                token = kept or secrets.token_urlsafe(32)
                updates = {"u": row["user_id"]}
                rehash = ""
                if self.hasher.check_needs_rehash(row["password_hash"]):
                    rehash, updates["h"] = ", password_hash = :h", self.hasher.hash(password)
                conn.execute(text("UPDATE user_account SET failed_count = 0, locked_until = NULL"
                                  f"{rehash} WHERE user_id = :u"), updates)
                if not kept:
                    conn.execute(text(
                        "INSERT INTO user_session(token_hash, user_id, created_at, expires_at) "
                        "VALUES (:h, :u, :c, :e)"),
                        {"h": token_hash(token), "u": row["user_id"], "c": iso_utc(moment),
                         "e": iso_utc(moment + timedelta(hours=SESSION_HOURS))})
                self._log(conn, name, "unlocked" if kept else "signed_in", moment)
                actor = authorize(conn, Actor("", "", token=token), moment)
        if failure is not None:
            raise failure
        if actor.role == Role.OFFICE_ADMIN:
            self._ensure_envelope(actor, password)
        return actor

    def _ensure_envelope(self, actor: Actor, password: str) -> None:
        """An admin provisioned by the server arrives with a hash only: the first sign-in
        (when the password is known) wraps the database key for it."""
        from store import keys

        label = envelope_label(actor.user_id)
        try:
            if label not in keys.envelope_labels(self.store.folder):
                keys.protect_with_admin_password(self.store.folder, label, password)
        except Exception:  # the sign-in stands; the envelope is tried at the next one
            log.warning("could not wrap the database key for an office admin", exc_info=True)

    def confirm(self, actor: Actor, password: str, *, now: datetime | None = None) -> Actor:
        """Unlock a screen locked for idleness: the same person types their password again.

        Wrong passwords count toward the lock-out like at sign-in. Returns the same actor
        while its session is still valid, else a fresh session (after 12 hours)."""
        if not actor.username:
            raise SignInFailed(N_(CTX, "Please sign in first."))
        return self.sign_in(actor.username, password, now=now, _keep=actor)

    @staticmethod
    def _still_valid(conn: Connection, actor: Actor | None, user_id: str,
                     moment: datetime) -> str | None:
        """*actor*'s token if it is a live session of *user_id*, else ``None``."""
        if actor is None or not actor.token:
            return None
        live = conn.execute(text(
            "SELECT 1 FROM user_session WHERE token_hash = :h AND user_id = :u AND "
            "ended_at IS NULL AND expires_at > :t"),
            {"h": token_hash(actor.token), "u": user_id, "t": iso_utc(moment)}).first()
        return actor.token if live else None

    def sign_out(self, actor: Actor | None) -> None:
        if actor is None or not actor.token:
            return
        with self.store._write() as conn:
            ended = conn.execute(text(
                "UPDATE user_session SET ended_at = :t WHERE token_hash = :h AND ended_at IS NULL"),
                {"t": iso_utc(_now(None)), "h": token_hash(actor.token)}).rowcount
            if ended:
                self._log(conn, actor.username or actor.name, "signed_out")

    def unlock_account(self, by: Actor, username: str) -> None:
        """The office admin lifts a lock-out before it runs out."""
        username = check_username(username)
        with self.store._write() as conn:
            self._require_admin(conn, by)
            user = self._user(conn, username)
            conn.execute(text("UPDATE user_account SET failed_count = 0, locked_until = NULL "
                              "WHERE user_id = :u"), {"u": user.user_id})
            self._log(conn, username, "unlocked_by_admin")

    # -- accounts from the central server ----------------------------------------------------
    @staticmethod
    def apply_provisioned(conn: Connection, record: dict) -> str:
        """Insert or update an account the server sent (kind ``user_account``).

        Returns ``applied``, ``stale`` (an older copy than ours) or a reason it was not
        applied. Runs inside the pull's transaction."""
        try:
            user_id = str(record["user_id"])
            username = check_username(str(record["username"]))
            role = str(record["role"])
            pw_hash = str(record["password_hash"])
            updated_at = str(record["updated_at"])
            display_name = str(record["display_name"]).strip()[:100]
        except (KeyError, InvalidInput):
            return "invalid"
        if role not in ROLES or not pw_hash.startswith("$argon2") or not display_name:
            return "invalid"
        office = str(record.get("office_code") or "")
        mine = conn.execute(text("SELECT office_code FROM device_state")).scalar()
        if office != mine:
            return "other_office"
        existing = conn.execute(text(
            "SELECT user_id, updated_at, source FROM user_account WHERE user_id = :u OR "
            "username = :n"), {"u": user_id, "n": username}).mappings().all()
        if any(r["user_id"] != user_id for r in existing):
            log.warning("a provisioned account's user name is taken by a local account")
            return "username_taken"
        active = bool(record.get("active", True))
        values = {"u": user_id, "o": office, "n": username, "d": display_name, "r": role,
                  "h": pw_hash, "a": active, "t": updated_at}
        if existing:
            if existing[0]["updated_at"] > updated_at:
                return "stale"
            conn.execute(text(
                "UPDATE user_account SET office_code = :o, username = :n, display_name = :d, "
                "role = :r, password_hash = :h, active = :a, source = 'server', "
                "updated_at = :t WHERE user_id = :u"), values)
            if not active:
                Accounts._end_sessions(conn, user_id)
        else:
            conn.execute(text(
                "INSERT INTO user_account(user_id, office_code, username, display_name, role, "
                "password_hash, active, source, updated_at, failed_count) VALUES "
                "(:u, :o, :n, :d, :r, :h, :a, 'server', :t, 0)"), values)
        Accounts._log(conn, username, "provisioned")
        return "applied"

    # -- inside -------------------------------------------------------------------------------
    def _insert(self, conn: Connection, username: str, display_name: str, role: str,
                password: str) -> UserRow:
        username = check_username(username)
        display_name = (display_name or "").strip()
        if not display_name or len(display_name) > 100:
            raise InvalidInput("display_name", N_("validation", "Please fill in {label}."),
                               {"label": N_("validation", "the person's name")})
        if role not in ROLES:
            raise InvalidInput("role", N_("validation", "Choose a role: clerk, supervisor, enumerator "
                                               "or office admin."), {})
        check_password(password, username=username)
        if conn.execute(text("SELECT 1 FROM user_account WHERE username = :n"),
                        {"n": username}).first():
            raise InvalidInput("username", N_("validation", "The user name {name} is already taken."),
                               {"name": username})
        office = conn.execute(text("SELECT office_code FROM device_state")).scalar()
        row = UserRow(new_id(), username, display_name, role, True, "local", None)
        conn.execute(text(
            "INSERT INTO user_account(user_id, office_code, username, display_name, role, "
            "password_hash, active, source, updated_at, failed_count) VALUES "
            "(:u, :o, :n, :d, :r, :h, 1, 'local', :t, 0)"),
            {"u": row.user_id, "o": office, "n": username, "d": display_name, "r": role,
             "h": self.hasher.hash(password), "t": iso_utc(_now(None))})
        self._log(conn, username, "account_created")
        return row

    def _after_password(self, user: UserRow, password: str) -> None:
        """An office admin's password also unlocks this PC's database key when the keyring
        loses it (``store.keys``): wrap the key for the new password."""
        if user.role == Role.OFFICE_ADMIN:
            from store import keys

            keys.protect_with_admin_password(self.store.folder, envelope_label(user.user_id),
                                              password)

    def _require_admin(self, conn: Connection, by: Actor) -> Actor:
        me = authorize(conn, by)
        if me.role != Role.OFFICE_ADMIN:
            raise NotAllowed(N_(CTX, "Only the office admin can manage people's accounts."))
        return me

    @staticmethod
    def _user(conn: Connection, username: str) -> UserRow:
        row = conn.execute(text(
            "SELECT user_id, username, display_name, role, active, source, locked_until "
            "FROM user_account WHERE username = :n"), {"n": username}).mappings().first()
        if row is None:
            raise NotFound(N_(CTX, "There is no account with the user name {name}."),
                           name=username)
        return UserRow(**{**row, "active": bool(row["active"])})

    def _verify(self, pw_hash: str | None, password: str) -> bool:
        try:
            if pw_hash is None:  # same work for an unknown name: no timing difference
                self.hasher.verify(_DUMMY.get(self.hasher), password)
                return False
            return self.hasher.verify(pw_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def _failed(self, conn: Connection, username: str, user_id: str,
                moment: datetime) -> SignInFailed:
        count = conn.execute(text(
            "UPDATE user_account SET failed_count = failed_count + 1 WHERE user_id = :u "
            "RETURNING failed_count"), {"u": user_id}).scalar()
        if count >= MAX_FAILURES:
            until = iso_utc(moment + LOCKOUT)
            conn.execute(text("UPDATE user_account SET failed_count = 0, locked_until = :t "
                              "WHERE user_id = :u"), {"t": until, "u": user_id})
            self._log(conn, username, "locked_out", moment)
            return self._locked(until)
        self._log(conn, username, "wrong_password", moment)
        return SignInFailed(N_(CTX, "Wrong user name or password. {left} more tries before "
                                    "the account is locked for {minutes} minutes."),
                            left=MAX_FAILURES - count, minutes=int(LOCKOUT.total_seconds() // 60))

    @staticmethod
    def _locked(until: str) -> SignInFailed:
        moment = datetime.fromisoformat(until.replace("Z", "+00:00"))
        from store.records import PKT

        return SignInFailed(N_(CTX, "Too many wrong passwords: this account is locked until "
                                    "{time}. Wait, or ask the office admin to unlock it."),
                            time=moment.astimezone(PKT).strftime("%H:%M"))

    def _record(self, username: str, event: str) -> None:
        with self.store._write() as conn:
            self._log(conn, username, event)

    @staticmethod
    def _log(conn: Connection, username: str, event: str,
             moment: datetime | None = None) -> None:
        conn.execute(text("INSERT INTO sign_in_log(at, username, event) VALUES (:a, :u, :e)"),
                     {"a": iso_utc(_now(moment)), "u": username[:64], "e": event})

    @staticmethod
    def _end_sessions(conn: Connection, user_id: str) -> None:
        conn.execute(text("UPDATE user_session SET ended_at = :t WHERE user_id = :u AND "
                          "ended_at IS NULL"), {"t": iso_utc(_now(None)), "u": user_id})


class _Dummy:
    """One hash per hasher, to spend the same effort on an unknown user name."""

    def __init__(self) -> None:
        self._hashes: dict[tuple, str] = {}

    def get(self, hasher: PasswordHasher) -> str:
        key = (hasher.time_cost, hasher.memory_cost, hasher.parallelism)
        if key not in self._hashes:
            self._hashes[key] = hasher.hash(secrets.token_hex(8))
        return self._hashes[key]


_DUMMY = _Dummy()
