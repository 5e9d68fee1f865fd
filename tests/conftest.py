"""Shared fixtures: a real store in a temporary folder, the people who use it, and an
in-memory keyring.

No OS keyring runs here or in CI, so at import time (before anything imports ``keyring``)
the keyring is pointed at ``tests/filekeyring.py``, a stand-in keeping secrets in one
temporary JSON file per test session. Worker processes inherit the two variables and so
find the database keys of the folders the tests made.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if not os.environ.get("DAFTAR_TEST_KEYRING"):
    _keyring_dir = tempfile.mkdtemp(prefix="daftar-test-keyring-")
    atexit.register(shutil.rmtree, _keyring_dir, ignore_errors=True)
    os.environ["DAFTAR_TEST_KEYRING"] = os.path.join(_keyring_dir, "keyring.json")
# Importable as tests.filekeyring by workers too (they run with the repository on PYTHONPATH).
os.environ["PYTHON_KEYRING_BACKEND"] = "tests.filekeyring.FileKeyring"

from people import ADMIN, CLERK, ENUMERATOR, SUPERVISOR  # noqa: F401  (signed-in test people)
from store.records import Actor
from store.store import Store

# Property tests draw the same examples at every run of the suite (CI cannot go red at
# random on a new example); `make fuzz` explores with fresh random examples and more of
# them. HYPOTHESIS_PROFILE=explore chooses that from the command line.
settings.register_profile("suite", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


@pytest.fixture(autouse=True)
def _people_on_every_store(request, monkeypatch):
    """Every store a test opens gets the test people (tests/people.py), unless the test is
    marked ``no_people`` (it wants a PC where nobody has an account yet)."""
    if request.node.get_closest_marker("no_people") is None:
        import people

        original = Store.open.__func__

        def open_with_people(cls, *args, **kwargs):
            opened = original(cls, *args, **kwargs)
            people.seed(opened)
            return opened

        monkeypatch.setattr(Store, "open", classmethod(open_with_people))
    yield


@pytest.fixture
def store(tmp_path):
    import people

    s = Store.open(tmp_path / "data")
    people.seed(s)
    yield s
    s.close()


@pytest.fixture
def memory_keyring():
    """The OS keyring replaced by one in a dict (no keyring service runs here); yields it."""
    import keyring

    from sync.credentials import MemoryKeyring

    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def clerk() -> Actor:
    return CLERK


@pytest.fixture
def supervisor() -> Actor:
    return SUPERVISOR


def register(store: Store, n: int = 0, **overrides):
    """Register a valid request; *n* varies the CNIC so each call can be a new citizen."""
    values = {
        "cnic": f"35202{n:07d}1",
        "name": "Ayesha Khan",
        "phone": "0300-1234567",
        "service_code": "DOMICILE_CERTIFICATE",
        "description": "for a job application",
        "actor": CLERK,
    }
    values.update(overrides)
    return store.register_request(**values)


def database_at(folder, revision: str, *statements: str):
    """A new database in *folder* migrated only up to *revision* (an older PC), with
    *statements* run in the same transaction; returns its path."""
    from alembic import command

    from store.db import alembic_config, make_engine

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "daftar.sqlite3"
    engine = make_engine(path)
    cfg = alembic_config()
    try:
        with engine.connect().execution_options(write=True) as conn, conn.begin():
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            for statement in statements:
                conn.exec_driver_sql(statement)
    finally:
        engine.dispose()
    return path
