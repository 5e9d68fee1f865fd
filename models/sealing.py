"""Sealed survey responses: only the holder of the project's private key can read them.

ODK's encrypted-forms model. The central analysts make a key pair once
(``daftar surveys keygen``); the public key goes into a form's ``settings`` sheet
(``public_key``) and travels with the form to the PCs. When a response to such a form is
finalized, its answers and paradata are sealed to that key and the PC keeps only the
sealed blob; the server stores the blob without being able to read it; the analysts open
it with the private key (``daftar analyze`` / ``daftar export --private-key FILE``).

The construction (all from ``cryptography``, already a dependency for the devices'
Ed25519 signatures)::

    content key  K   = 32 random bytes, fresh for each response
    ct               = ChaCha20-Poly1305(K).encrypt(nonce, padded JSON, aad)
    e, E             = a fresh X25519 key pair (ephemeral)
    wrap key         = HKDF-SHA256(X25519(e, analysts' public key),
                                   salt = E || analysts' public key, info = INFO_WRAP)
    wrapped K        = ChaCha20-Poly1305(wrap key).encrypt(12 zero bytes, K, kid || E)

The wrap key is used once (e is fresh), so its fixed nonce is safe. Why this and not
PyNaCl's ``SealedBox`` (the same X25519 + XSalsa20-Poly1305 idea): ``cryptography`` is
already bundled and kept up to date with OpenSSL, so no second native library enters the
installer; and ChaCha20-Poly1305 takes *associated data*, which a sealed box does not.
The associated data ``aad`` binds the sealed content to the response's clear details
(:data:`CLEAR_FIELDS`: id, form and version, enumerator, device, language, start and
end, and the sampling stratum): a blob moved onto another response, or a clear detail
changed after sealing (say the district), makes opening fail, as any flipped byte does.

What stays in the clear, and why: the response id, form id and version (to know which
questionnaire to open it with), the enumerator and device (supervision and sync scope),
language, start and end (field-work monitoring), and the stratum ``district``, ``area``
and ``respondent_type`` — three coarse answers that the supervisors' quotas count on the
PC and that the server checks against the PC's district. A form designer who finds even
these sensitive should not name questions ``district``, ``area`` or ``respondent_type``.
Every other answer, and the per-question timings and change counts, are sealed. The
plaintext is padded to a multiple of :data:`PAD` bytes so the blob's length says little
about how much was typed.

The private key file is JSON holding the raw X25519 key encrypted with
ChaCha20-Poly1305 under a key derived from a passphrase by scrypt (memory-hard,
``n = 2**17, r = 8``: about 128 MiB and a fraction of a second per unlock), with the
public key beside it in the clear (bound as associated data).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

#: The key in a response's ``answers`` object that holds the sealed envelope (``$`` can
#: begin no XLSForm question name, so it cannot clash with an answer).
SEALED_KEY = "$sealed"
VERSION = 1
ALGORITHM = "x25519-hkdf-sha256-chacha20poly1305"
INFO_WRAP = b"daftar sealed response v1: content key"
PAD = 256
#: The largest sealed content accepted (base64 characters of ``ct``).
MAX_CT_CHARS = 4_000_000
#: The clear details of a response bound to its sealed content.
CLEAR_FIELDS = ("id", "form_id", "form_version", "enumerator", "device_id", "language",
                "started_at", "finished_at", "district", "area", "respondent_type")
KEY_FILE_KIND = "daftar-sealing-private-key"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 17, 8, 1
MIN_PASSPHRASE = 10

_B64_32 = re.compile(r"^[A-Za-z0-9+/]{43}=$")


class SealError(ValueError):
    """A key or a sealed response that cannot be used; the message says why, plainly."""


@dataclass(frozen=True)
class PrivateKey:
    """An unlocked private key (only ever in memory)."""

    key: X25519PrivateKey

    @property
    def public_key(self) -> str:
        return _b64(self.key.public_key().public_bytes_raw())

    @property
    def key_id(self) -> str:
        return key_id(self.public_key)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any, what: str) -> bytes:
    if not isinstance(text, str):
        raise SealError(f"The sealed response is damaged: its {what} is missing.")
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        data = None
    if data is None or _b64(data) != text:  # one text per value: no ignored bits
        raise SealError(f"The sealed response is damaged: its {what} is not readable.")
    return data


def check_public_key(text: Any) -> str:
    """The public key as stored (base64 of 32 bytes, spaces removed); raises
    :class:`SealError` when *text* is not one."""
    value = "".join(str(text or "").split())
    if not _B64_32.match(value):
        raise SealError("the public_key is not a Daftar sealing key (44 characters of "
                        "base64 ending in '='); make one with: daftar surveys keygen")
    return value


def key_id(public_key: str) -> str:
    """A short, stable name of a public key: 16 hex digits of its SHA-256."""
    return hashlib.sha256(base64.b64decode(public_key)).hexdigest()[:16]


def _canonical(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def clear_details(record: Mapping[str, Any]) -> dict[str, Any]:
    """The clear details of *record* that its sealed content is bound to."""
    return {name: record.get(name) for name in CLEAR_FIELDS}


def _aad(header: Mapping[str, Any], details: Mapping[str, Any]) -> bytes:
    return _canonical({"header": {k: header[k] for k in ("v", "alg", "kid", "epk")},
                       "response": clear_details(details)})


def _wrap_key(shared: bytes, epk: bytes, recipient: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=epk + recipient,
                info=INFO_WRAP).derive(shared)


def seal(content: Mapping[str, Any], public_key: str, details: Mapping[str, Any]
         ) -> dict[str, Any]:
    """Seal *content* (JSON-able: ``{"answers": …, "paradata": …}``) to *public_key*,
    bound to the response's clear *details*. Returns the envelope (a JSON object)."""
    recipient = base64.b64decode(check_public_key(public_key))
    content_key = ChaCha20Poly1305.generate_key()
    ephemeral = X25519PrivateKey.generate()
    epk = ephemeral.public_key().public_bytes_raw()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
    kid = key_id(public_key)
    wrapped = ChaCha20Poly1305(_wrap_key(shared, epk, recipient)).encrypt(
        bytes(12), content_key, kid.encode() + epk)
    header = {"v": VERSION, "alg": ALGORITHM, "kid": kid, "epk": _b64(epk)}
    plain = _canonical(dict(content))
    plain += b" " * (-len(plain) % PAD)
    nonce = os.urandom(12)
    ct = ChaCha20Poly1305(content_key).encrypt(nonce, plain, _aad(header, details))
    return {**header, "key": _b64(wrapped), "nonce": _b64(nonce), "ct": _b64(ct)}


def envelope_of(answers: Any) -> dict[str, Any] | None:
    """The sealed envelope held in a response's *answers* (a dict or its JSON text), or
    None when the response is not sealed."""
    if isinstance(answers, str | bytes):
        try:
            answers = json.loads(answers)
        except ValueError:
            return None
    if isinstance(answers, Mapping) and SEALED_KEY in answers:
        env = answers[SEALED_KEY]
        return env if isinstance(env, dict) else {}
    return None


ENVELOPE_FIELDS = {"v", "alg", "kid", "epk", "key", "nonce", "ct"}
_QUESTION = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
DAMAGED = ("This sealed response was changed or damaged after it was sealed (response "
           "{id}); it cannot be opened.")


def open_sealed(envelope: Mapping[str, Any], key: PrivateKey, details: Mapping[str, Any]
                ) -> dict[str, Any]:
    """Open a sealed response: the ``{"answers", "paradata"}`` it was sealed with.

    Raises :class:`SealError` with plain words when the envelope was made for another
    key, or anything in it — or in the clear details it is bound to — was changed.
    """
    rid = details.get("id") or "?"
    if not isinstance(envelope, Mapping) or set(envelope) != ENVELOPE_FIELDS:
        raise SealError(DAMAGED.format(id=rid))
    if envelope.get("v") != VERSION or envelope.get("alg") != ALGORITHM:
        raise SealError(f"Response {rid} is sealed in a way this version of Daftar does not "
                        "know, or its seal is damaged.")
    if envelope.get("kid") != key.key_id:
        raise SealError(f"Response {rid} was sealed for another key "
                        f"({envelope.get('kid')!s:.16}), not for this private key "
                        f"({key.key_id}); use the key pair the form's public_key came "
                        "from.")
    epk = _unb64(envelope.get("epk"), "key exchange")
    wrapped = _unb64(envelope.get("key"), "content key")
    nonce = _unb64(envelope.get("nonce"), "nonce")
    ct = _unb64(envelope.get("ct"), "content")
    if len(epk) != 32 or len(nonce) != 12:
        raise SealError(DAMAGED.format(id=rid))
    recipient = key.key.public_key().public_bytes_raw()
    try:
        shared = key.key.exchange(X25519PublicKey.from_public_bytes(epk))
        content_key = ChaCha20Poly1305(_wrap_key(shared, epk, recipient)).decrypt(
            bytes(12), wrapped, str(envelope["kid"]).encode() + epk)
        plain = ChaCha20Poly1305(content_key).decrypt(nonce, ct, _aad(envelope, details))
        content = json.loads(plain.decode("utf-8"))
    except (InvalidTag, ValueError):
        raise SealError(DAMAGED.format(id=rid)) from None
    if not isinstance(content, dict) or not isinstance(content.get("answers"), dict):
        raise SealError(DAMAGED.format(id=rid))
    content.setdefault("paradata", {})
    return content


def open_record(record: Mapping[str, Any],
                key: PrivateKey | list[PrivateKey] | None) -> dict[str, Any] | None:
    """*record* (a response as a mapping, ``answers`` a dict or JSON text) with its sealed
    answers and paradata opened; None when it is sealed and *key* is None (or empty). An
    unsealed record comes back as it is (answers and paradata parsed). *key* may be a list
    (the analysts' keys over time): the one the response was sealed for opens it."""
    out = dict(record)
    envelope = out.pop("sealed", None)  # a store.surveys.ResponseRow's
    for name in ("answers", "paradata"):
        if isinstance(out.get(name), str | bytes):
            try:
                out[name] = json.loads(out[name])
            except ValueError:
                raise SealError(DAMAGED.format(id=out.get("id") or "?")) from None
    if envelope is None:
        envelope = envelope_of(out.get("answers"))
    if envelope is None:
        # Plain answers are keyed by question names; anything else is a damaged seal
        # (a changed "$sealed"), never taken for answers.
        if not isinstance(out.get("answers"), dict) or \
                not all(_QUESTION.match(str(k)) for k in out["answers"]):
            raise SealError(DAMAGED.format(id=out.get("id") or "?"))
        return out
    keys = key if isinstance(key, list) else [key] if key is not None else []
    if not keys:
        return None
    chosen = next((k for k in keys if k.key_id == envelope.get("kid")), keys[0])
    content = open_sealed(envelope, chosen, out)
    out["answers"], out["paradata"] = content["answers"], content["paradata"]
    return out


# -- key files --------------------------------------------------------------------------
def generate() -> PrivateKey:
    return PrivateKey(X25519PrivateKey.generate())


def _kdf(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def private_key_file(key: PrivateKey, passphrase: str, *, n: int = SCRYPT_N) -> str:
    """The text of a private key file: the key encrypted under *passphrase*."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise SealError(f"The passphrase must have at least {MIN_PASSPHRASE} characters.")
    salt, nonce = os.urandom(16), os.urandom(12)
    head = {"kind": KEY_FILE_KIND, "v": VERSION, "public_key": key.public_key,
            "kdf": {"name": "scrypt", "n": n, "r": SCRYPT_R, "p": SCRYPT_P,
                    "salt": _b64(salt)}}
    raw = key.key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    ct = ChaCha20Poly1305(_kdf(passphrase, salt, n, SCRYPT_R, SCRYPT_P)).encrypt(
        nonce, raw, _canonical(head))
    return json.dumps({**head, "nonce": _b64(nonce), "ct": _b64(ct)}, indent=2) + "\n"


def load_private_key(path: str | Path, passphrase: str) -> PrivateKey:
    """Unlock the private key file at *path*; :class:`SealError` in plain words when the
    file is not a key file or the passphrase is wrong."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SealError(f"The private key file {path} cannot be read: "
                        f"{exc.strerror or exc}.") from None
    except ValueError:
        data = None
    if not isinstance(data, dict) or data.get("kind") != KEY_FILE_KIND:
        raise SealError(f"{path} is not a Daftar private key file (make one with "
                        "daftar surveys keygen).")
    try:
        kdf = data["kdf"]
        head = {"kind": data["kind"], "v": data["v"], "public_key": data["public_key"],
                "kdf": kdf}
        secret = _kdf(passphrase, base64.b64decode(kdf["salt"]), int(kdf["n"]),
                      int(kdf["r"]), int(kdf["p"]))
        raw = ChaCha20Poly1305(secret).decrypt(base64.b64decode(data["nonce"]),
                                               base64.b64decode(data["ct"]), _canonical(head))
    except InvalidTag:
        raise SealError(f"The passphrase is wrong for the private key file {path} (or the "
                        "file was changed).") from None
    except (KeyError, TypeError, ValueError):
        raise SealError(f"The private key file {path} is damaged.") from None
    key = PrivateKey(X25519PrivateKey.from_private_bytes(raw))
    if key.public_key != data["public_key"]:
        raise SealError(f"The private key file {path} is damaged.")
    return key
