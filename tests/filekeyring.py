"""A keyring backend that keeps secrets in a JSON file: a stand-in for the OS keyring in
tests, where no keyring service runs (no Secret Service, Keychain or Credential Manager).

``tests/conftest.py`` selects it with ``PYTHON_KEYRING_BACKEND=filekeyring.FileKeyring``
and names the file with ``DAFTAR_TEST_KEYRING`` (one temporary file per test session),
before anything imports ``keyring``; worker processes started by tests inherit both
variables, so they find the same database keys as the test that started them.

The file is plain JSON and unprotected: never use this outside tests.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from pathlib import Path

import keyring.backend
import keyring.errors
from jaraco.classes import properties


class FileKeyring(keyring.backend.KeyringBackend):
    """Secrets in the JSON file ``$DAFTAR_TEST_KEYRING`` (service → user → secret)."""

    @properties.classproperty
    def priority(cls) -> float:
        if not os.environ.get("DAFTAR_TEST_KEYRING"):
            raise RuntimeError("DAFTAR_TEST_KEYRING is not set")
        return 0.1

    def __str__(self) -> str:
        return f"tests.filekeyring.FileKeyring ({self.path})"

    @property
    def path(self) -> Path:
        return Path(os.environ["DAFTAR_TEST_KEYRING"])

    def _load(self) -> dict:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return {}

    def _save(self, data: dict) -> None:
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, self.path)  # a reader in another process never sees half a file

    @contextlib.contextmanager
    def _locked(self):
        """One writer at a time across processes (crash workers share the file)."""
        with open(f"{self.path}.lock", "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def get_password(self, service, username):
        return self._load().get(service, {}).get(username)

    def set_password(self, service, username, password):
        with self._locked():
            data = self._load()
            data.setdefault(service, {})[username] = password
            self._save(data)

    def delete_password(self, service, username):
        with self._locked():
            data = self._load()
            if data.get(service, {}).pop(username, None) is None:
                raise keyring.errors.PasswordDeleteError(username)
            self._save(data)
