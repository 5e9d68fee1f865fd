"""``daftar --self-test``: headless checks that this installation can run.

Meant for the frozen build (``dist/daftar/daftar --self-test`` in CI and on a new PC), and
just as valid from source. Each check prints one line, ``NAME: ok …``, ``NAME: warning: …``
or ``NAME: FAILED: reason``; the exit code is 1 when any check failed (warnings do not
count). Nothing is written outside a temporary folder; the user's data folder is untouched.

What the checks catch is mostly what freezing loses: a Qt plugin, the bundled fonts, the
Alembic migration scripts (read as files, not imported), certifi's CA bundle, keyring's
backends (found through package metadata), matplotlib's data, a module imported lazily.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

OK, WARNING, FAILED = "ok", "warning", "FAILED"

#: The font families the Urdu interface needs (``resources/fonts``, see ``theme.load_fonts``).
REQUIRED_FONTS = ("Noto Nastaliq Urdu", "Noto Naskh Arabic")
#: Files under ``resources/`` the application reads at start.
REQUIRED_RESOURCES = ("services.json", "districts.csv", "offices.json", "style.qss",
                      "ATTRIBUTION.md", "forms/daftar_governance.xlsx")
NO_KEYRING = ("no keyring backend: the device key will be asked for at each start, and an "
              "office admin's password to unlock the data")


class Warn(Exception):
    """The check found something worth saying that does not stop Daftar from working."""


# -- the checks: each returns a short detail for its "ok" line, or raises ------------------
def check_qt() -> str:
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication([sys.argv[0]])
    label = QLabel("دفتر Daftar")
    label.show()
    app.processEvents()
    if not label.isVisible() or label.sizeHint().width() <= 0:
        raise RuntimeError("a widget could not be shown")
    label.close()
    from PySide6 import __version__

    return f"PySide6 {__version__}, platform {app.platformName()}"


def check_fonts() -> str:
    from desktop import theme
    from store import paths

    folder = paths.resources_dir() / "fonts"
    theme.load_fonts.cache_clear()  # read the folder now, whatever loaded before
    families = theme.load_fonts()
    missing = [f for f in REQUIRED_FONTS if f not in families]
    if missing:
        raise RuntimeError(f"{', '.join(missing)} did not load from {folder}")
    return ", ".join(REQUIRED_FONTS)


def check_translations() -> str:
    from PySide6.QtCore import QTranslator

    from store import paths

    folder = paths.resources_dir() / "translations"
    files = sorted(folder.glob("*.qm"))
    if not files:
        raise Warn(f"no translations bundled yet (no .qm in {folder})")
    bad = [f.name for f in files if not QTranslator().load(str(f))]
    if bad:
        raise RuntimeError(f"could not load {', '.join(bad)}")
    return ", ".join(f.name for f in files)


def check_resources() -> str:
    from desktop import theme
    from store import paths

    folder = paths.resources_dir()
    missing = [name for name in REQUIRED_RESOURCES if not (folder / name).is_file()]
    if missing:
        raise RuntimeError(f"missing in {folder}: {', '.join(missing)}")
    theme.stylesheet()
    return str(folder)


def check_icons() -> str:
    import qtawesome

    if qtawesome.icon("fa5s.check").isNull():
        raise RuntimeError("qtawesome could not draw an icon (its fonts are missing)")
    return f"qtawesome {qtawesome.__version__}"


def check_database() -> str:
    import secrets

    from store import keys
    from store.db import HEAD, connect, current_revision, is_plaintext
    from store.store import Store
    from store.surveys import Surveys

    with tempfile.TemporaryDirectory(prefix="daftar-selftest-",
                                     ignore_cleanup_errors=True) as folder:
        # A key of its own, kept nowhere: the self-test leaves nothing in the keyring.
        key = secrets.token_bytes(keys.KEY_BYTES)
        store = Store.open(folder, key=key)
        try:
            revision = current_revision(store.engine)
            if revision != HEAD:
                raise RuntimeError(f"migrated to {revision}, expected {HEAD}")
            form = Surveys(store).ensure_default_form()
        finally:
            store.close()
        path = Path(folder) / "daftar.sqlite3"
        if is_plaintext(path):
            raise RuntimeError("the database was written unencrypted")
        con = connect(path, key)
        try:
            cipher = con.execute("PRAGMA cipher_version").fetchone()[0]
        finally:
            con.close()
    keys._derive("self-test", b"0" * 16, 1, 1024, 1)  # argon2id for admin passwords
    return (f"created encrypted (SQLCipher {cipher}) and migrated to {revision}; "
            f"default form {form.form_id} {form.version}")


def check_server_database() -> str:
    from server import db

    with tempfile.TemporaryDirectory(prefix="daftar-selftest-",
                                     ignore_cleanup_errors=True) as folder:
        engine = db.open_database(f"sqlite:///{Path(folder) / 'server.sqlite3'}")
        try:
            with engine.connect() as conn:
                revision = db.current_revision(conn)
        finally:
            engine.dispose()
    return f"migrated to {revision}"


def check_tls() -> str:
    import ssl

    import certifi

    where = certifi.where()
    ctx = ssl.create_default_context(cafile=where)
    count = ctx.cert_store_stats()["x509_ca"]
    if count <= 0:
        raise RuntimeError(f"no CA certificate loaded from {where}")
    from sync.client import tls_context  # the context the sync client really uses

    if tls_context().cert_store_stats()["x509_ca"] <= 0:
        raise RuntimeError("the sync client's TLS context has no CA certificate")
    return f"{count} CA certificates from {where}"


def check_signing() -> str:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    key.public_key().verify(key.sign(b"daftar"), b"daftar")  # raises when it does not hold
    return "Ed25519 sign and verify"


def check_keyring() -> str:
    from importlib.metadata import entry_points

    import keyring

    from sync import credentials

    # keyring finds its backends through entry points (package metadata), which a frozen
    # build loses unless it bundles them: then every PC would run without a keyring.
    if not entry_points(group="keyring.backends"):
        raise RuntimeError("keyring's backends are not bundled (no keyring.backends entry "
                           "points: copy_metadata('keyring') in build.spec)")
    try:
        backend = keyring.get_keyring()
        usable = credentials.keyring_available()
    except Exception as exc:
        raise Warn(f"{NO_KEYRING} ({type(exc).__name__}: {exc})") from exc
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if not usable:
        raise Warn(f"{NO_KEYRING} (backend {name})")
    if isinstance(backend, credentials.MemoryKeyring):
        # keyring picks any imported KeyringBackend subclass that has a priority, so the
        # tests' in-memory keyring wins when no OS keyring exists: it forgets at exit.
        raise Warn(f"{NO_KEYRING} (only Daftar's in-memory test keyring, {name}, was found)")
    return name


def check_matplotlib() -> str:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(2, 1), dpi=50)
    canvas = FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.plot([0, 1, 2], [1, 0, 1])
    axes.set_title("Daftar")
    canvas.draw()
    if not any(canvas.buffer_rgba().tobytes()):
        raise RuntimeError("the Agg canvas drew nothing")
    importlib.import_module("matplotlib.backends.backend_qtagg")  # the screens' canvas
    return f"matplotlib {matplotlib.__version__}, Agg"


def check_science() -> str:
    import numpy as np
    import pyreadstat  # SPSS/Stata exports
    import scipy
    import statsmodels
    from statsmodels.regression.linear_model import OLS

    import analysis

    x = np.arange(10.0)
    fit = OLS(2 * x + 1, np.column_stack([np.ones_like(x), x])).fit()
    if abs(fit.params[1] - 2) > 1e-9:
        raise RuntimeError("statsmodels OLS gave a wrong slope")
    for module in sorted({analysis._MODULE_OF[name] for name in analysis.__all__}):
        importlib.import_module(module)  # imported lazily by name: a frozen build may lack it
    return (f"numpy {np.__version__}, scipy {scipy.__version__}, "
            f"statsmodels {statsmodels.__version__}, pyreadstat {pyreadstat.__version__}")


#: (name, check, needs Qt) in the order they run.
CHECKS: list[tuple[str, Callable[[], str], bool]] = [
    ("qt", check_qt, False),
    ("fonts", check_fonts, True),
    ("translations", check_translations, True),
    ("resources", check_resources, True),
    ("icons", check_icons, True),
    ("database", check_database, False),
    ("server database", check_server_database, False),
    ("tls", check_tls, False),
    ("signing", check_signing, False),
    ("keyring", check_keyring, False),
    ("matplotlib", check_matplotlib, False),
    ("analysis", check_science, False),
]


def run(out=None) -> int:
    """Run every check, print one line each to *out* (stdout); 0 when none failed."""
    out = out or sys.stdout
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # headless, whatever the caller has
    start = time.perf_counter()
    frozen = "frozen build" if getattr(sys, "frozen", False) else "from source"
    print(f"Daftar self-test ({frozen}, Python {sys.version.split()[0]}, {sys.platform})",
          file=out)
    failed = warned = 0
    qt_ok = False
    for name, check, needs_qt in CHECKS:
        if needs_qt and not qt_ok:
            status, detail = FAILED, "Qt did not start"
        else:
            try:
                status, detail = OK, check()
            except Warn as exc:
                status, detail = WARNING, str(exc)
            except Exception as exc:
                status, detail = FAILED, f"{type(exc).__name__}: {exc}"
        if name == "qt":
            qt_ok = status == OK
        failed += status == FAILED
        warned += status == WARNING
        line = f"{name}: ok ({detail})" if status == OK else f"{name}: {status}: {detail}"
        print(" ".join(line.split()), file=out, flush=True)  # one line, whatever the message
    elapsed = time.perf_counter() - start
    if failed:
        print(f"self-test FAILED: {failed} of {len(CHECKS)} checks failed "
              f"({warned} warnings, {elapsed:.1f} s)", file=out)
        return 1
    print(f"self-test passed ({warned} warnings, {elapsed:.1f} s)", file=out)
    return 0
