"""The device key: kept only in the OS keyring, or held in memory when there is none.

The key is this PC's Ed25519 private key (:mod:`models.signing`); the server knows only
its public half. It is stored with ``keyring`` under service ``"daftar"`` and the device id
as user name — never in the database, the settings file or the log.

When the PC has no usable keyring backend (a bare Linux box, a frozen build that lost the
backends), :class:`~sync.errors.NoKeyring` says so. The caller then asks the user for the
key and passes it in as *supplied* text; it lives in memory for the session only.

>>> key = key_for_enrollment(device_id)       # doctest: +SKIP  (stored, then returned)
>>> key = load_key(device_id)                 # doctest: +SKIP  (each sync round)
"""

from __future__ import annotations

import binascii
import logging

import keyring
import keyring.backend
import keyring.errors
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jaraco.classes import properties

from models import signing
from models.i18n import N_
from sync.errors import CTX, MissingCredential, NoKeyring

log = logging.getLogger(__name__)

SERVICE = "daftar"


def _unusable_reason(backend) -> str | None:
    """Why *backend* cannot keep a secret, or ``None`` when it can."""
    from keyring.backends import chainer, fail, null

    if isinstance(backend, fail.Keyring):
        return "no keyring backend was found"
    if isinstance(backend, null.Keyring):
        return "the keyring is switched off"
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return "no keyring backend was found"
    return None


def _backend():
    backend = keyring.get_keyring()
    reason = _unusable_reason(backend)
    if reason:
        raise NoKeyring(reason)
    return backend


def keyring_available() -> bool:
    """Whether the device key can be kept in an OS keyring on this PC."""
    try:
        _backend()
    except NoKeyring:
        return False
    return True


def parse_key(text: str) -> Ed25519PrivateKey:
    """The key from the text the user typed (base64, as :func:`new_key_text` makes it)."""
    try:
        return signing.private_from_text(text.strip())
    except (ValueError, binascii.Error, TypeError):
        raise MissingCredential(N_(CTX, "The device key you typed is not valid. Check it and "
                                        "try again.")) from None


def new_key_text() -> str:
    """A new device key as text, for a PC without a keyring: the desktop shows it once
    and the user keeps it (e.g. in a password manager)."""
    return signing.private_to_text(signing.new_private_key())


def find_key(device_id: str) -> Ed25519PrivateKey | None:
    """The key kept for *device_id*, or ``None``. Raises :class:`NoKeyring`."""
    backend = _backend()
    try:
        text = backend.get_password(SERVICE, device_id)
    except keyring.errors.KeyringError as exc:
        raise NoKeyring(str(exc)) from exc
    if text is None:
        return None
    try:
        return signing.private_from_text(text)
    except (ValueError, binascii.Error):
        log.error("the keyring entry for device %s is not a valid key", device_id)
        return None


def save_key(device_id: str, key: Ed25519PrivateKey) -> None:
    """Keep *key* for *device_id* in the OS keyring (and check it reads back)."""
    backend = _backend()
    text = signing.private_to_text(key)
    try:
        backend.set_password(SERVICE, device_id, text)
        stored = backend.get_password(SERVICE, device_id)
    except keyring.errors.KeyringError as exc:
        raise NoKeyring(str(exc)) from exc
    if stored != text:
        raise NoKeyring("the keyring did not keep the key")


def load_key(device_id: str, supplied: str | None = None) -> Ed25519PrivateKey:
    """The key to sign this round's requests: *supplied* text when given, else the one
    in the keyring. Raises :class:`NoKeyring` or :class:`MissingCredential`."""
    if supplied:
        return parse_key(supplied)
    key = find_key(device_id)
    if key is None:
        raise MissingCredential(N_(CTX, "The device key of this PC is missing from the "
                                        "keyring. Ask the central admin for a new token and "
                                        "enroll this PC again."))
    return key


def key_for_enrollment(device_id: str, supplied: str | None = None) -> Ed25519PrivateKey:
    """The key to enroll with — created and stored in the keyring *before* the server is
    asked, and reused when enrollment is retried after a lost answer, so the device id
    and key the server bound to the token stay the same.

    With *supplied* text (a PC without keyring), that key is used and nothing is stored.
    """
    if supplied:
        return parse_key(supplied)
    key = find_key(device_id)
    if key is None:
        key = signing.new_private_key()
        save_key(device_id, key)
    return key


def forget(device_id: str) -> None:
    """Remove this PC's key from the keyring (after it was revoked and re-enrolled)."""
    backend = _backend()
    try:
        backend.delete_password(SERVICE, device_id)
    except keyring.errors.PasswordDeleteError:
        pass
    except keyring.errors.KeyringError as exc:
        raise NoKeyring(str(exc)) from exc


#: The keyring user name of a key being rotated to: ``<device id>:next``.
PENDING_SUFFIX = ":next"


def find_pending(device_id: str) -> Ed25519PrivateKey | None:
    """The new key of a key rotation the server may not have confirmed yet, or ``None``."""
    return find_key(device_id + PENDING_SUFFIX)


def pending_for_rotation(device_id: str) -> Ed25519PrivateKey:
    """The key to rotate to: the one a lost rotation left (so repeating it names the same
    key), else a new one, kept in the keyring *before* the server is asked."""
    key = find_pending(device_id)
    if key is None:
        key = signing.new_private_key()
        save_key(device_id + PENDING_SUFFIX, key)
    return key


def promote_pending(device_id: str, key: Ed25519PrivateKey) -> None:
    """The server holds *key* now: it becomes the device key (the old one is gone)."""
    save_key(device_id, key)
    forget(device_id + PENDING_SUFFIX)


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring in a dict, for benchmarks, screenshots and tests, where no OS keyring
    runs (``keyring.set_keyring(MemoryKeyring())``). Nothing is kept after the process.

    keyring considers every imported backend class when it picks one by itself; this one
    must never be picked (a PC without an OS keyring would keep its device key in memory
    and lose it at exit, instead of asking for it), so its priority raises — keyring's
    way of saying "not viable" — and it is only ever set explicitly."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("MemoryKeyring is only used when set explicitly")

    def __str__(self) -> str:  # keyring's own would ask for the priority
        return "sync.credentials.MemoryKeyring (in memory, set explicitly)"

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def set_password(self, service, username, password):
        self.secrets[(service, username)] = password

    def delete_password(self, service, username):
        if self.secrets.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)
