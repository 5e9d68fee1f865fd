"""The key of the local database: in the OS keyring, and wrapped by the office admin's
password so it survives a lost keyring.

The database (and every backup of it) is encrypted with SQLCipher under one random
256-bit key per data folder. Where the key lives:

* **The OS keyring** (Windows Credential Manager, macOS Keychain, Secret Service), under
  service ``"daftar-database"`` and the folder's *key id* as user name. This is the normal
  way in: Daftar opens without asking anything.
* **The key file** ``daftar-key.json`` in the data folder. It holds the key id, a check
  value (an HMAC of the key, to tell a wrong key from a damaged file) and *envelopes*:
  the key wrapped (AES-256-GCM) with a key derived from an office admin's password by
  argon2id (64 MiB, 3 passes). It never holds the key itself once an envelope exists, so
  copying the data folder off a stolen PC gives nothing without an admin's password.
  When the keyring is lost (a new Windows profile, a repaired PC), ``daftar unlock`` or the
  password dialog at start puts the key back in the keyring from an envelope.
* **A PC without any keyring**: the key is held in memory for the session, and the admin's
  envelope is the way in at every start. Until the first office admin exists (a fresh
  folder), the key is written *unprotected* into the key file (``"unprotected_key"``) so a
  crash in the first-run setup does not lock the folder for good; the first
  :func:`add_password_envelope` removes it. :func:`protection` says which case holds, so
  the application can tell the admin.

>>> key = key_for_open(folder)                  # doctest: +SKIP  (created when new)
>>> add_password_envelope(folder, key, "admin:ayesha", "correct horse")  # doctest: +SKIP
>>> unlock_with_password(folder, "correct horse")  # doctest: +SKIP  (keyring lost)
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import logging
import os
import secrets
import threading
import uuid
from pathlib import Path

from models.i18n import N_
from store.errors import CTX, KnownError

log = logging.getLogger(__name__)

SERVICE = "daftar-database"
KEY_FILE = "daftar-key.json"
KEY_BYTES = 32
FORMAT = 1
#: argon2id parameters of new envelopes (each envelope records its own): 64 MiB and three
#: passes, about a third of a second on an office PC — paid once per unlock.
ARGON2_TIME = 3
ARGON2_MEMORY_KIB = 64 * 1024
ARGON2_PARALLELISM = 2
_CHECK_LABEL = b"daftar database key check v1"

#: Keys held for this process only (no keyring, or unlocked by password), by key id.
_memory: dict[str, bytes] = {}
_lock = threading.Lock()


class KeyLocked(KnownError):
    """The database key is not available on this PC: an office admin must unlock."""


class WrongPassword(KnownError):
    """No envelope of the key file opens with the password given."""


LOCKED = N_(CTX, "This PC's data is locked: the key of its database is not in this PC's "
                 "keyring. An office admin can unlock it with their password (at start, or "
                 "with \"daftar unlock\"). Nothing was changed.")


MISSING = N_(CTX, "This PC's data is locked: its key file ({file}) is missing from the data "
                  "folder. Call IT to put it back from where it was kept; nothing was "
                  "changed.")


# -- the key file ---------------------------------------------------------------------------
def key_file(folder: Path) -> Path:
    return Path(folder) / KEY_FILE


def _read(folder: Path) -> dict | None:
    return _read_path(key_file(folder))


def _read_path(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.error("the key file %s cannot be read: %s", path.name, exc)
        raise KnownError(N_(CTX, "The key file of this PC's data ({file}) is damaged or "
                                 "cannot be read. Stop and call IT; nothing was changed."),
                         file=path.name) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or "key_id" not in data:
        raise KnownError(N_(CTX, "The key file of this PC's data ({file}) is not one this "
                                 "version of Daftar understands. Call IT; nothing was "
                                 "changed."), file=path.name)
    data.setdefault("envelopes", {})
    return data


def _write(folder: Path, data: dict) -> None:
    """Replace the key file atomically (temporary file, fsync, rename, fsync the folder)."""
    path = key_file(folder)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.partial")
    blob = json.dumps(data, indent=2, sort_keys=True).encode("utf-8")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, blob)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    if os.name == "posix":
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


def _check_value(key: bytes) -> str:
    return hmac.new(key, _CHECK_LABEL, hashlib.sha256).hexdigest()[:32]


def _matches(data: dict, key: bytes) -> bool:
    return len(key) == KEY_BYTES and hmac.compare_digest(data.get("check", ""),
                                                         _check_value(key))


def has_key(folder: Path) -> bool:
    """Does *folder* have a key file (an encrypted database, or one about to be)?"""
    return key_file(folder).exists()


# -- the keyring ----------------------------------------------------------------------------
def _backend():
    """The usable keyring backend, or ``None`` when this PC has none."""
    import keyring
    from keyring.backends import chainer, fail, null

    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring | null.Keyring):
        return None
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None
    return backend


def keyring_available() -> bool:
    """Whether an OS keyring can keep the database key on this PC."""
    return _backend() is not None


def _from_keyring(key_id: str) -> bytes | None:
    import keyring.errors

    backend = _backend()
    if backend is None:
        return None
    try:
        text = backend.get_password(SERVICE, key_id)
    except keyring.errors.KeyringError as exc:
        log.warning("the keyring could not be read: %s", exc)
        return None
    if not text:
        return None
    try:
        return bytes.fromhex(text)
    except ValueError:
        log.error("the keyring entry for the database key %s is not a key", key_id)
        return None


def _to_keyring(key_id: str, key: bytes) -> bool:
    """Keep *key* in the keyring (read back to be sure); ``False`` when there is none."""
    import keyring.errors

    backend = _backend()
    if backend is None:
        return False
    try:
        backend.set_password(SERVICE, key_id, key.hex())
        return backend.get_password(SERVICE, key_id) == key.hex()
    except keyring.errors.KeyringError as exc:
        log.warning("the keyring could not keep the database key: %s", exc)
        return False


def forget_key(folder: Path) -> None:
    """Remove this folder's key from the keyring and from memory (the key file and its
    envelopes stay): what a lost keyring looks like. For tests and IT."""
    import keyring.errors

    data = _read(folder)
    if data is None:
        return
    with _lock:
        _memory.pop(data["key_id"], None)
    backend = _backend()
    if backend is not None:
        with contextlib.suppress(keyring.errors.KeyringError):
            backend.delete_password(SERVICE, data["key_id"])


# -- creating and finding the key -----------------------------------------------------------
def _keep(folder: Path, data: dict, key: bytes) -> None:
    """Put *key* where :func:`database_key` finds it: the keyring, else memory (and, while
    no envelope exists, the key file itself — see the module documentation)."""
    with _lock:
        _memory[data["key_id"]] = key
    if _to_keyring(data["key_id"], key):
        if data.pop("unprotected_key", None) is not None:
            _write(folder, data)
        return
    if not data["envelopes"] and data.get("unprotected_key") != key.hex():
        log.warning("no keyring on this PC and no office admin yet: the database key is "
                    "kept unprotected in %s until an admin password protects it", KEY_FILE)
        data["unprotected_key"] = key.hex()
        _write(folder, data)


def create_key(folder: Path) -> bytes:
    """A new random database key for *folder* (which must not have one yet), kept in the
    keyring (or as :func:`protection` describes). Returns the key."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if _read(folder) is not None:
        raise KnownError(N_(CTX, "This data folder already has a database key; a new one "
                                 "was not made. Call IT; nothing was changed."))
    key = secrets.token_bytes(KEY_BYTES)
    data = {"format": FORMAT, "key_id": uuid.uuid4().hex, "check": _check_value(key),
            "envelopes": {}}
    # The keyring first: a crash before the file is written leaves an unused keyring
    # entry, never a key file whose key is nowhere.
    kept = _to_keyring(data["key_id"], key)
    if not kept:
        data["unprotected_key"] = key.hex()
        log.warning("no keyring on this PC: the database key is kept unprotected in %s "
                    "until an office admin password protects it", KEY_FILE)
    _write(folder, data)
    with _lock:
        _memory[data["key_id"]] = key
    log.info("a new database key was made for this data folder")
    return key


def database_key(folder: Path) -> bytes:
    """The key of *folder*'s database: from memory, the keyring or (no admin yet, no
    keyring) the key file. Raises :class:`KeyLocked` when an admin must unlock."""
    folder = Path(folder)
    data = _read(folder)
    if data is None:
        raise KeyLocked(MISSING, file=KEY_FILE)
    with _lock:
        key = _memory.get(data["key_id"])
    if key is not None and _matches(data, key):
        return key
    key = _from_keyring(data["key_id"])
    if key is not None:
        if _matches(data, key):
            with _lock:
                _memory[data["key_id"]] = key
            return key
        log.error("the keyring holds a database key that does not match %s", KEY_FILE)
    plain = data.get("unprotected_key")
    if plain:
        key = bytes.fromhex(plain)
        if _matches(data, key):
            _keep(folder, data, key)  # into the keyring, if one has appeared since
            return key
    raise KeyLocked(LOCKED)


def key_for_open(folder: Path) -> bytes:
    """The key to open *folder*'s database with: made for a new database, or for one made
    before encryption (plain SQLite, converted next by :func:`store.db.encrypt_plaintext`)."""
    from store import db, paths

    if has_key(folder):
        return database_key(folder)
    live = Path(folder) / paths.DB_NAME
    size = live.stat().st_size if live.exists() else 0
    if size and not db.is_plaintext(live):
        if size % 512:  # SQLCipher writes whole pages: this is no database at all
            from store.backup import DamagedDatabase

            raise DamagedDatabase(N_(CTX, "The database file is damaged (it is not a database "
                                          "file) and this data folder has no key file. Stop "
                                          "and call IT; nothing was changed."))
        # An encrypted database whose key file is gone: never make a new key over it.
        raise KeyLocked(MISSING, file=KEY_FILE)
    return create_key(folder)


def protection(folder: Path) -> str:
    """How *folder*'s key is kept: ``"keyring"`` (and maybe envelopes), ``"password"``
    (envelopes only: an admin unlocks at each start), ``"unprotected"`` (no keyring, no
    admin yet) or ``"none"`` (no key file)."""
    data = _read(folder)
    if data is None:
        return "none"
    key = _from_keyring(data["key_id"])
    if key is not None and _matches(data, key):
        return "keyring"
    if data.get("unprotected_key"):
        return "unprotected"
    return "password" if data["envelopes"] else "unprotected"


# -- password envelopes ---------------------------------------------------------------------
def _derive(password: str, salt: bytes, t: int, m: int, p: int) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(password.encode("utf-8"), salt, time_cost=t, memory_cost=m,
                           parallelism=p, hash_len=32, type=Type.ID)


def _aad(key_id: str, label: str) -> bytes:
    return f"daftar-key-envelope:{FORMAT}:{key_id}:{label}".encode()


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def add_password_envelope(folder: Path, key: bytes, label: str, password: str) -> None:
    """Wrap *key* with *password* under *label* (e.g. ``"admin:<user id>"``), replacing an
    envelope of the same label. Call when an office admin account is created or changes
    its password. Removes an unprotected key from the key file."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    folder = Path(folder)
    if not password:
        raise KnownError(N_(CTX, "An empty password cannot protect the data."))
    data = _read(folder)
    if data is None:
        raise KeyLocked(N_(CTX, "This data folder has no database key yet."))
    if not _matches(data, key):
        raise KnownError(N_(CTX, "That is not this data folder's key; the password was not "
                                 "added. Call IT."))
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    t, m, p = ARGON2_TIME, ARGON2_MEMORY_KIB, ARGON2_PARALLELISM
    wrapping = _derive(password, salt, t, m, p)
    wrapped = AESGCM(wrapping).encrypt(nonce, key, _aad(data["key_id"], label))
    data["envelopes"][label] = {"kdf": "argon2id", "time_cost": t, "memory_kib": m,
                                "parallelism": p, "salt": _b64(salt),
                                "aead": "AES-256-GCM", "nonce": _b64(nonce),
                                "wrapped_key": _b64(wrapped)}
    data.pop("unprotected_key", None)
    _write(folder, data)
    with _lock:
        _memory[data["key_id"]] = key  # this session keeps working without a keyring
    log.info("an office admin password now protects the database key (%d envelope(s))",
             len(data["envelopes"]))


def protect_with_admin_password(folder: Path, label: str, password: str) -> None:
    """What the accounts code calls when an office admin account is created or changes its
    password (*label*: e.g. ``"admin:<user id>"``; the same label replaces the old
    envelope). The store of *folder* must be open (or unlocked) in this process."""
    add_password_envelope(folder, database_key(folder), label, password)


def remove_envelope(folder: Path, label: str) -> bool:
    """Remove the envelope *label* (an admin account removed); ``False`` if none."""
    folder = Path(folder)
    data = _read(folder)
    if data is None or label not in data["envelopes"]:
        return False
    del data["envelopes"][label]
    _write(folder, data)
    return True


def envelope_labels(folder: Path) -> list[str]:
    data = _read(folder)
    return sorted(data["envelopes"]) if data else []


def _open_envelopes(data: dict, password: str) -> bytes | None:
    """The key from the first envelope of *data* that *password* opens, or ``None``."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    for label, env in data["envelopes"].items():
        try:
            wrapping = _derive(password, base64.b64decode(env["salt"]), int(env["time_cost"]),
                               int(env["memory_kib"]), int(env["parallelism"]))
            key = AESGCM(wrapping).decrypt(base64.b64decode(env["nonce"]),
                                           base64.b64decode(env["wrapped_key"]),
                                           _aad(data["key_id"], label))
        except (InvalidTag, KeyError, ValueError, TypeError):
            continue
        if _matches(data, key):
            return key
    return None


_WRONG = N_(CTX, "That password does not unlock this PC's data. Check it (and the keyboard "
                 "language) and try again.")


def unlock_with_password(folder: Path, password: str) -> bytes:
    """Open an envelope of *folder*'s key file with *password*, put the key back in the
    keyring (in memory when there is none) and return it. Raises :class:`WrongPassword`."""
    folder = Path(folder)
    data = _read(folder)
    if data is None:
        raise KeyLocked(N_(CTX, "This data folder has no key file ({file}); there is "
                                "nothing to unlock."), file=KEY_FILE)
    if not data["envelopes"]:
        raise WrongPassword(N_(CTX, "No office admin password protects this PC's data yet, "
                                    "so it cannot be unlocked with one. Call IT."))
    key = _open_envelopes(data, password)
    if key is None:
        raise WrongPassword(_WRONG)
    _keep(folder, data, key)
    log.info("the database key was unlocked with an office admin password (%s)",
             "keyring" if _from_keyring(data["key_id"]) == key else "memory only")
    return key


def unwrap_key_file(path: Path, password: str) -> bytes:
    """The key in another data folder's key file *path* (a failed PC's, to restore its
    backup on a replacement PC), opened with that office's admin password. Keeps it
    nowhere."""
    path = Path(path)
    if path.is_dir():
        path = path / KEY_FILE
    data = _read_path(path)
    if data is None:
        raise KnownError(N_(CTX, "There is no key file {file}."), file=path)
    key = _open_envelopes(data, password)
    if key is None:
        raise WrongPassword(_WRONG)
    return key
