"""What can go wrong while syncing, in words a clerk can act on.

::

    SyncError                 base; ``kind`` is a stable machine name, ``str()`` the message
    ├── NoConnection          no network, server unreachable, connection cut, timed out
    ├── ServerError           the server answered with an error (5xx) or nonsense
    ├── NotAuthorized         the server does not accept this PC's signature
    │   ├── Revoked           the central admin revoked this PC: stop until re-enrolled
    │   └── ClockSkew         this PC's clock is too far off even after correction
    ├── Refused               the server refused the request (enrollment token, …)
    ├── NotEnrolled           this PC has not been enrolled yet
    ├── WrongOffice           enrolled for another office than this PC's records
    ├── InsecureServer        plain http:// to another machine without the explicit flag
    ├── CertificateError      the server's TLS certificate could not be verified
    └── CredentialError       the device key
        ├── NoKeyring         no OS keyring on this PC: the key must be typed each session
        └── MissingCredential the keyring has no key for this PC (or the typed one is bad)

Every message is plain English marked for translation in the ``sync`` context. Records
are never lost by any of these: they stay in the outbox until the server holds them.
"""

from __future__ import annotations

from models.i18n import N_

CTX = "sync"


class SyncError(Exception):
    """Base of everything the sync client raises on purpose."""

    kind = "error"

    def __init__(self, message: str, **args: object) -> None:
        super().__init__(message)
        self.message = message
        self.args_ = args

    def text(self, translate=None) -> str:
        msg = translate(CTX, self.message) if translate else self.message
        return msg.format(**self.args_)

    def __str__(self) -> str:
        return self.text()


class NoConnection(SyncError):
    """The server could not be reached, or the connection broke."""

    kind = "no_connection"

    def __init__(self, message: str = N_(CTX, "No connection to the server. Records stay on "
                                              "this PC and are sent when it is back."),
                 **args: object) -> None:
        super().__init__(message, **args)


class ServerError(SyncError):
    """The server answered, but with an error of its own."""

    kind = "server_error"


class NotAuthorized(SyncError):
    """The server does not accept this PC's credential."""

    kind = "not_authorized"


class Revoked(NotAuthorized):
    """This PC was revoked by the central admin."""

    kind = "revoked"


class ClockSkew(NotAuthorized):
    """This PC's clock is too far from the server's."""

    kind = "clock_skew"


class Refused(SyncError):
    """The server refused the request and said why."""

    kind = "refused"


class NotEnrolled(SyncError):
    """Sync was asked for on a PC that is not enrolled."""

    kind = "not_enrolled"

    def __init__(self) -> None:
        super().__init__(N_(CTX, "This PC is not enrolled with the central server yet. "
                                 "Ask the central admin for a one-time token, then enroll."))


class WrongOffice(SyncError):
    """The enrollment token is for another office than this PC's records."""

    kind = "wrong_office"


class InsecureServer(SyncError):
    """The server address is not HTTPS (and not this PC)."""

    kind = "insecure_url"


class CertificateError(SyncError):
    """The server's certificate is not trusted: nothing was sent."""

    kind = "certificate"


class CredentialError(SyncError):
    """A problem with the device key."""

    kind = "credential"


class NoKeyring(CredentialError):
    """There is no OS keyring to keep the device key in."""

    kind = "no_keyring"

    def __init__(self, detail: str = "") -> None:
        super().__init__(N_(CTX, "This PC has no safe password store (keyring){detail}, so "
                                 "Daftar cannot keep the device key. It will ask you for the "
                                 "device key each session; it never writes it to a file."),
                         detail=f": {detail}" if detail else "")


class MissingCredential(CredentialError):
    """No usable device key for this PC."""

    kind = "no_credential"


__all__ = [
    "CertificateError", "ClockSkew", "CredentialError", "InsecureServer", "MissingCredential", "NoConnection",
    "NoKeyring", "NotAuthorized", "NotEnrolled", "Refused", "Revoked", "ServerError",
    "SyncError", "WrongOffice",
]
