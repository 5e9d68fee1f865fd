"""The store's error tree: what the user can act on, apart from our own bugs.

::

    StoreError
    ├── KnownError        the PC's environment: disk full, file locked, read-only, damaged
    ├── NotFound          no such request / citizen / service
    └── NotAllowed        the workflow or the user's role does not permit this step

``models.validation.InvalidInput`` (bad typed input) is raised alongside these. Anything
else is a bug: log it with detail, tell the user "something went wrong, your data is safe".
Messages are plain English marked for translation in the ``store`` context.
"""

from __future__ import annotations

import sqlite3

from models.i18n import N_

CTX = "store"


class StoreError(Exception):
    """Base of everything the store raises on purpose."""

    def __init__(self, message: str, **args: object) -> None:
        super().__init__(message)
        self.message = message
        self.args_ = args

    def text(self, translate=None) -> str:
        msg = translate(CTX, self.message) if translate else self.message
        return msg.format(**self.args_)

    def __str__(self) -> str:
        return self.text()


class KnownError(StoreError):
    """A problem of the PC's environment (disk, file locks), not of Daftar's code."""


class NotFound(StoreError):
    """The thing asked for does not exist."""


class NotAllowed(StoreError):
    """The workflow or the person's role does not allow this step."""


#: SQLite's extended codes for a sync the disk refused.
_SYNC_FAILED = ("SQLITE_IOERR_FSYNC", "SQLITE_IOERR_DIR_FSYNC")


def from_sqlite(exc: BaseException) -> KnownError | None:
    """Translate an environment failure of SQLite into a :class:`KnownError`, else ``None``."""
    from sqlcipher3 import dbapi2 as sqlcipher

    orig = getattr(exc, "orig", exc)
    if not isinstance(orig, sqlite3.DatabaseError | sqlcipher.DatabaseError):
        return None
    text = str(orig).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return KnownError(N_(CTX, "The disk is full. Nothing was saved from this step; free some space and try again."))
    if "locked" in text or "busy" in text:
        return KnownError(N_(CTX, "The database is busy (another Daftar window?). Nothing was saved from this step; try again."))
    if "readonly" in text or "read-only" in text:
        return KnownError(N_(CTX, "The data folder cannot be written to. Nothing was saved from this step; ask IT to check the folder's permissions."))
    if "disk i/o" in text and getattr(orig, "sqlite_errorname", "") in _SYNC_FAILED:
        # The commit was written but the disk did not confirm it (fsync failed): SQLite
        # reports failure, yet after a restart the step can be there (tests/powerloss.py
        # shows it). "Nothing was saved" would invite entering it twice.
        return KnownError(N_(CTX, "The disk reported an error while saving, so this step may or may not have been saved. Look it up before entering it again. If it happens again, call IT."))
    if "disk i/o" in text:
        # A write (or read) the disk refused: the step was rolled back, the file is not
        # damaged — restoring a backup here would throw away good work.
        return KnownError(N_(CTX, "The disk could not be written to (a disk error, or no space left). Nothing was saved from this step; check that the disk has free space and try again. If it happens again, call IT."))
    if "malformed" in text or "not a database" in text:
        return KnownError(N_(CTX, "The database file is damaged or the disk failed. Stop and call IT; a backup can be restored."))
    return None
