"""Signing device requests with the device's own Ed25519 key.

A device generates its key pair at enrollment and keeps the private key in the OS
keyring; the server stores only the public key. Each request carries::

    X-Daftar-Device:    the device id
    X-Daftar-Time:      unix milliseconds (the device's clock, corrected by the offset it
                        learnt from the server's answers)
    X-Daftar-Signature: base64 Ed25519 signature of signing_input(...)

A lost answer never locks a device out (there is no token to rotate); a stolen key is
stopped by revoking the device on the server.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

HEADER_DEVICE = "X-Daftar-Device"
HEADER_TIME = "X-Daftar-Time"
HEADER_SIGNATURE = "X-Daftar-Signature"
#: How far a device's corrected clock may be from the server's.
MAX_SKEW_MS = 15 * 60 * 1000


def signing_input(method: str, path_qs: str, time_ms: int, body: bytes) -> bytes:
    return "\n".join([method.upper(), path_qs, str(time_ms),
                      hashlib.sha256(body).hexdigest()]).encode()


def new_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_to_text(key: Ed25519PrivateKey) -> str:
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return base64.b64encode(raw).decode()


def private_from_text(text: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(text))


def public_text(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def sign(key: Ed25519PrivateKey, method: str, path_qs: str, time_ms: int, body: bytes) -> str:
    return base64.b64encode(key.sign(signing_input(method, path_qs, time_ms, body))).decode()


def verify(public_key_text: str, signature: str, method: str, path_qs: str, time_ms: int,
           body: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature

    try:
        pub = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key_text))
        pub.verify(base64.b64decode(signature), signing_input(method, path_qs, time_ms, body))
        return True
    except (InvalidSignature, ValueError):
        return False


def verify_raw(public_key_text: str, signature: str, message: bytes) -> bool:
    """Whether *signature* (base64) is *public_key_text*'s signature of *message*."""
    from cryptography.exceptions import InvalidSignature

    try:
        pub = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key_text))
        pub.verify(base64.b64decode(signature), message)
        return True
    except (InvalidSignature, ValueError):
        return False
