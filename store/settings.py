"""Settings are data: each option declared once, with type, default and description.

Stored as an INI file (``settings.ini`` in the data folder, the same format as Qt's
``QSettings.IniFormat``) so the command line, the desktop and the tests read the same
values without Qt. No secrets are ever stored here (device credentials live in the OS
keyring).
"""

from __future__ import annotations

import configparser
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SETTINGS_VERSION = 1


@dataclass(frozen=True)
class Option:
    key: str
    type: type
    default: Any
    description: str


OPTIONS: tuple[Option, ...] = (
    Option("office_code", str, "LHR1", "Code of the office this PC belongs to."),
    Option("language", str, "en", "Interface language: en or ur."),
    Option("larger_text", bool, False, "Show everything in larger text."),
    Option("idle_lock_minutes", int, 15, "Lock the screen after this many minutes without "
           "a key press or a click (1 to 60); the person types their password to go on."),
    Option("setup_done", bool, False, "Whether the first-start setup (language, the "
           "office, the office admin's account, the server) has been completed on this PC."),
)
_BY_KEY = {o.key: o for o in OPTIONS}


class Settings:
    """Read and write the declared options of one data folder."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / "settings.ini"
        self._parser = configparser.ConfigParser(interpolation=None)
        if self.path.exists():
            self._parser.read(self.path, encoding="utf-8")
        if not self._parser.has_section("daftar"):
            self._parser.add_section("daftar")

    def get(self, key: str) -> Any:
        option = _BY_KEY[key]
        raw = self._parser.get("daftar", key, fallback=None)
        if raw is None:
            return option.default
        if option.type is bool:
            return raw.strip().lower() in ("1", "true", "yes", "on")
        try:
            return option.type(raw)
        except ValueError:
            return option.default

    def set(self, key: str, value: Any) -> None:
        if key not in _BY_KEY:
            raise KeyError(key)
        self._parser.set("daftar", key, str(value))
        self._parser.set("daftar", "version", str(SETTINGS_VERSION))
        self._save()

    def _save(self) -> None:
        # Write a temporary file and rename it over the old one: a power cut leaves the
        # old settings or the new ones, never half of each.
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".settings-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            self._parser.write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
