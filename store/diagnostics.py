"""``daftar diagnostics``: a support bundle that IT can send on, with no personal data.

The zip holds ``diagnostics.json`` (versions of Python, PySide6/Qt, SQLite and Daftar;
the operating system; the settings, the clerk's name left out; database statistics: row
counts per table, file sizes, schema revision, integrity check, sync and backup state)
and the log files of the data folder. Never a row of any table.

Everything text-like goes through :class:`Scrubber` first: CNICs (13 digits, dashes or
not), phone numbers, e-mail addresses, the Windows/Unix user name and home folder, and
every word of every person's name this database knows (citizens, staff on events,
enumerators, the clerk's setting) are replaced by ``<cnic>``, ``<phone>``, ``<name>`` …
Redacting a few ordinary words too is the price of never leaking a name.
"""

from __future__ import annotations

import contextlib
import getpass
import importlib.metadata
import json
import logging
import os
import platform
import re
import sys
import zipfile
from datetime import datetime
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from store import backup, paths
from store.db import DatabaseError
from store.errors import KnownError
from store.settings import OPTIONS, Settings

_CNIC = re.compile(r"(?<![0-9A-Za-z])\d{5}[-\s]?\d{7}[-\s]?\d(?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<![0-9A-Za-z+])(?:\+|00)?(?:92[-\s]?|0)?3\d{2}[-\s]?\d{7}(?![0-9A-Za-z])")
_LONG_NUMBER = re.compile(r"(?<![0-9A-Za-z])\+?\d{10,}(?![0-9A-Za-z])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WORD = re.compile(r"\w+")
#: SQLAlchemy puts a failed statement's values in its error text (and so in tracebacks).
_SQL_PARAMETERS = re.compile(r"\[parameters: .*?\]$", re.MULTILINE | re.DOTALL)
#: Settings that name a person: shown as set / not set, never their value (none since
#: people have accounts, whose names live in the database only).
PERSONAL_SETTINGS: set[str] = set()
MIN_NAME_WORD = 3


class Scrubber:
    """Removes personal data from free text (log lines, error messages)."""

    def __init__(self, name_words: set[str] = frozenset(), home: str | None = None,
                 user: str | None = None) -> None:
        self.name_words = {w.casefold() for w in name_words if len(w) >= MIN_NAME_WORD}
        self.home = home
        if user and len(user) >= MIN_NAME_WORD:
            self.name_words.add(user.casefold())

    @classmethod
    def for_folder(cls, folder: Path) -> Scrubber:
        """A scrubber that knows every name in *folder*'s database and settings."""
        words: set[str] = set()
        for name in _names_in_database(paths.data_dir(folder) / paths.DB_NAME):
            words.update(_WORD.findall(name))
        with contextlib.suppress(Exception):
            user = getpass.getuser()
            return cls(words, str(Path.home()), user)
        return cls(words, str(Path.home()))

    def __call__(self, text: str) -> str:
        if self.home and len(self.home) > 1:
            text = text.replace(self.home, "~")
        text = _SQL_PARAMETERS.sub("[parameters: <hidden>]", text)
        text = _EMAIL.sub("<email>", text)
        text = _CNIC.sub("<cnic>", text)
        text = _PHONE.sub("<phone>", text)
        text = _LONG_NUMBER.sub("<number>", text)
        if self.name_words:
            text = _WORD.sub(lambda m: "<name>" if m[0].casefold() in self.name_words
                             else m[0], text)
        return text


class LogScrubFilter(logging.Filter):
    """Scrubs CNICs, phone numbers, e-mails and SQL parameters from every log record
    (message and traceback) before a handler writes it: the last line of defence for a
    log call that formats a person's data. Names cannot be recognised here; the support
    bundle removes those too.

    >>> handler.addFilter(LogScrubFilter())                         # doctest: +SKIP
    """

    def __init__(self) -> None:
        super().__init__()
        self._scrub = Scrubber(home=None)
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self._scrub(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._scrub(record.exc_text)
        return True


def _names_in_database(path: Path) -> set[str]:
    """Every person's name the database holds (read only; empty if it cannot be read)."""
    queries = ("SELECT DISTINCT name FROM citizen",
               "SELECT DISTINCT actor_name FROM request_event",
               "SELECT DISTINCT enumerator FROM survey_response",
               "SELECT DISTINCT display_name FROM user_account",
               "SELECT DISTINCT username FROM user_account")
    found: set[str] = set()
    if not path.exists():
        return found
    try:
        con = backup._connect_ro(path)
    except (*DatabaseError, KnownError):  # locked (no key): nothing to learn names from
        return found
    try:
        for q in queries:
            with contextlib.suppress(*DatabaseError):
                found.update(r[0] for r in con.execute(q) if r[0])
    finally:
        con.close()
    return found


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _cipher_version() -> str | None:
    try:
        con = sqlcipher.connect(":memory:")
        try:
            return con.execute("PRAGMA cipher_version").fetchone()[0]
        finally:
            con.close()
    except DatabaseError:
        return None


def versions() -> dict[str, str | None]:
    """Versions of what Daftar runs on (Qt is the one bundled with PySide6)."""
    pyside = _version("PySide6") or _version("PySide6-Essentials")
    return {
        "daftar": _version("daftar"),
        "python": sys.version.split()[0],
        "pyside6": pyside,
        "qt": pyside,  # PySide6 wheels ship the Qt of their own version
        "sqlite": sqlcipher.sqlite_version,
        "sqlcipher": _cipher_version(),
        "sqlalchemy": _version("SQLAlchemy"),
        "frozen": bool(getattr(sys, "frozen", False)),
    }


def system() -> dict[str, str]:
    """The operating system (not the PC's name: that often is a person's)."""
    return {"os": platform.platform(), "machine": platform.machine(),
            "python_implementation": platform.python_implementation()}


def settings_summary(folder: Path) -> dict[str, object]:
    """The declared settings; personal ones only say whether they are set."""
    s = Settings(folder)
    out: dict[str, object] = {}
    for option in OPTIONS:
        value = s.get(option.key)
        out[option.key] = ("<set>" if value else "<not set>") \
            if option.key in PERSONAL_SETTINGS else value
    return out


def database_stats(folder: Path, scrub: Scrubber) -> dict[str, object]:
    """Counts, sizes, revision, integrity and sync state — never the content of a row."""
    db = Path(folder) / paths.DB_NAME
    stats: dict[str, object] = {"files": {}, "backups": []}
    for suffix in ("", "-wal", "-shm"):
        p = Path(f"{db}{suffix}")
        if p.exists():
            stats["files"][p.name] = p.stat().st_size
    stats["backups"] = [{"file": b.path.name, "reason": b.reason, "bytes": b.size}
                        for b in backup.list_backups(folder)]
    with contextlib.suppress(KnownError):
        from store import keys

        stats["encryption"] = {"cipher": "SQLCipher " + str(_cipher_version()),
                               "key_kept": keys.protection(folder),
                               "admin_passwords": len(keys.envelope_labels(folder))}
    if not db.exists():
        stats["database"] = "none yet"
        return stats
    try:
        con = backup._connect_ro(db)
    except (*DatabaseError, KnownError) as exc:
        stats["database"] = f"cannot be opened: {scrub(str(exc))}"
        return stats
    try:
        stats["integrity_check"] = scrub(backup._integrity(con))
        try:
            tables = [r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
            stats["row_counts"] = {}
            for t in tables:
                try:
                    n = con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                except DatabaseError as exc:
                    n = f"error: {scrub(str(exc))}"
                stats["row_counts"][t] = n
            found = backup.identity(con)
            if found:
                stats["schema_revision"] = found.revision
                stats["device_id"] = found.device_id
                stats["office_code"] = found.office_code
            stats["sync"] = _sync_state(con, scrub)
        except DatabaseError as exc:
            stats["error"] = scrub(str(exc))
    finally:
        con.close()
    return stats


def _sync_state(con, scrub: Scrubber) -> dict[str, object]:
    out: dict[str, object] = {}
    with contextlib.suppress(*DatabaseError):
        row = con.execute("SELECT server_url, enrolled, pull_cursor, last_attempt_at, "
                          "last_success_at, last_error FROM sync_state").fetchone()
        if row:
            keys = ("server_url", "enrolled", "pull_cursor", "last_attempt_at",
                    "last_success_at", "last_error")
            out.update({k: scrub(v) if isinstance(v, str) else v
                        for k, v in zip(keys, row, strict=True)})
    with contextlib.suppress(*DatabaseError):
        out["outbox"] = dict(con.execute(
            "SELECT state, count(*) FROM outbox GROUP BY state").fetchall())
    return out


def log_files(folder: Path) -> list[Path]:
    """The log files of the data folder (``daftar.log*`` and ``logs/``)."""
    folder = Path(folder)
    found = sorted(folder.glob("*.log")) + sorted(folder.glob("*.log.[0-9]*"))
    logs = folder / "logs"
    if logs.is_dir():
        found += sorted(p for p in logs.iterdir() if p.is_file() and ".log" in p.name)
    return found


def collect(folder: Path) -> tuple[dict[str, object], dict[str, str]]:
    """The bundle's report and its scrubbed log files (archive name → text)."""
    folder = paths.data_dir(folder)
    scrub = Scrubber.for_folder(folder)
    report = {
        "created_at": datetime.now().isoformat(timespec="seconds"),
        "versions": versions(),
        "system": system(),
        "data_folder": scrub(str(folder)),
        "settings": settings_summary(folder),
        "database": database_stats(folder, scrub),
    }
    logs: dict[str, str] = {}
    for p in log_files(folder):
        rel = p.relative_to(folder).as_posix()
        try:
            logs[f"logs/{rel}"] = scrub(p.read_text(encoding="utf-8", errors="replace"))
        except OSError as exc:
            logs[f"logs/{rel}"] = f"(could not be read: {exc.strerror})"
    return report, logs


def write_bundle(folder: Path, out: Path | None = None) -> Path:
    """Write the support bundle; returns its path (default: ``<data>/diagnostics/``).

    >>> write_bundle(Path("/data"))                                 # doctest: +SKIP
    PosixPath('/data/diagnostics/daftar-diagnostics-20261130-184500.zip')
    """
    folder = paths.data_dir(folder)
    report, logs = collect(folder)
    if out is None:
        out = folder / "diagnostics" / f"daftar-diagnostics-{datetime.now():%Y%m%d-%H%M%S}.zip"
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.{os.getpid()}.partial"
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("diagnostics.json", json.dumps(report, indent=2, ensure_ascii=False,
                                                   default=str))
        for name, text in logs.items():
            zf.writestr(name, text)
    os.replace(tmp, out)
    return out
