"""``daftar --self-test``: passes from source, and fails when something it checks is broken.

The frozen build runs the same checks (``make installer``); building it takes minutes, so
it is not part of this suite.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import keyring.backends.fail
import pytest

from desktop import selftest
from sync.credentials import MemoryKeyring

ROOT = Path(__file__).resolve().parent.parent
#: Checks that must say "ok" here; translations and keyring may only warn.
MUST_PASS = ("qt", "fonts", "resources", "icons", "database", "server database", "tls",
             "signing", "matplotlib", "analysis")
MAY_WARN = ("translations", "keyring")


def run_selftest(tmp_path, code: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, DAFTAR_DATA_DIR=str(tmp_path / "data"))
    env.pop("QT_QPA_PLATFORM", None)  # the self-test must choose offscreen by itself
    args = ["-c", code] if code else [str(ROOT / "daftar.py"), "--self-test"]
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=120)


def lines_by_check(stdout: str) -> dict[str, str]:
    names = [name for name, _check, _qt in selftest.CHECKS]
    found = {}
    for line in stdout.splitlines():
        name, _, rest = line.partition(": ")
        if name in names:
            found[name] = rest
    return found


def test_selftest_passes_from_source(tmp_path):
    proc = run_selftest(tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    found = lines_by_check(proc.stdout)
    assert sorted(found) == sorted(name for name, _c, _q in selftest.CHECKS)
    for name in MUST_PASS:
        assert found[name].startswith("ok ("), (name, found[name])
    for name in MAY_WARN:
        assert found[name].startswith(("ok (", "warning: ")), (name, found[name])
    assert "platform offscreen" in found["qt"]
    assert "self-test passed" in proc.stdout
    assert proc.stderr == ""  # no Qt warning, no traceback, no deprecation noise
    assert not (tmp_path / "data").exists()  # the user's data folder is not touched


def test_selftest_fails_without_the_fonts(tmp_path):
    """A build that lost resources/fonts: the font check fails, the exit code says so."""
    resources = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", resources, ignore=shutil.ignore_patterns("*.ttf"))
    code = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from store import paths
        paths.resources_dir = lambda: Path({str(resources)!r})
        import daftar
        sys.exit(daftar.main(["--self-test"]))
    """)
    proc = run_selftest(tmp_path, code)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    found = lines_by_check(proc.stdout)
    assert found["fonts"].startswith("FAILED: ")
    assert "Noto Nastaliq Urdu" in found["fonts"]
    assert found["database"].startswith("ok (")  # one broken thing, one failed check
    assert "self-test FAILED: 1 of" in proc.stdout


def test_missing_migrations_fail_the_database_check(tmp_path, monkeypatch):
    """A build that lost the Alembic scripts (read as files, not imported)."""
    from store import db

    monkeypatch.setattr(db, "MIGRATIONS", tmp_path / "migrations")
    with pytest.raises(Exception):  # noqa: B017 - whatever Alembic raises, the check fails
        selftest.check_database()


@pytest.mark.parametrize("backend", [keyring.backends.fail.Keyring(), MemoryKeyring()])
def test_no_os_keyring_is_a_warning(monkeypatch, backend):
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    with pytest.raises(selftest.Warn, match="no keyring backend: the device key will be "
                                            "asked for at each start"):
        selftest.check_keyring()


def test_translations_missing_warn_and_broken_fail(tmp_path, monkeypatch):
    from store import paths

    monkeypatch.setattr(paths, "resources_dir", lambda: tmp_path)
    with pytest.raises(selftest.Warn, match="no translations bundled yet"):
        selftest.check_translations()
    (tmp_path / "translations").mkdir()
    (tmp_path / "translations" / "daftar_xx.qm").write_bytes(b"not a translation")
    with pytest.raises(RuntimeError, match=r"daftar_xx\.qm"):
        selftest.check_translations()


def test_a_failed_check_makes_the_exit_code_nonzero(monkeypatch, capsys):
    def broken() -> str:
        raise OSError("disk on fire")

    monkeypatch.setattr(selftest, "CHECKS", [("tls", broken, False),
                                             ("keyring", selftest.check_keyring, False)])
    monkeypatch.setattr(keyring, "get_keyring", lambda: keyring.backends.fail.Keyring())
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")  # run() sets it; restored after
    assert selftest.run() == 1
    out = capsys.readouterr().out
    assert "tls: FAILED: OSError: disk on fire" in out
    assert "keyring: warning: no keyring backend" in out


#: Excluded from the build although our code names them, and why that is safe.
EXCLUDED_ON_PURPOSE = {
    "semopy": "analysis/factor.py: optional CFA, says 'semopy is not installed'",
    "PySide6.QtTest": "desktop/screenshot.py: a maintainer's tool, left out of the build",
}


def test_build_excludes_nothing_we_import():
    """build.spec's ``excludes`` must not drop a module that Daftar's own code imports."""
    import ast

    spec = ast.parse((ROOT / "build.spec").read_text(encoding="utf-8"))
    excludes = next(ast.literal_eval(node.value) for node in ast.walk(spec)
                    if isinstance(node, ast.Assign)
                    and getattr(node.targets[0], "id", None) == "excludes")
    imported: dict[str, str] = {}
    sources = [ROOT / "daftar.py"]
    for package in ("models", "store", "sync", "server", "analysis", "desktop"):
        sources += (ROOT / package).rglob("*.py")
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            for name in names:
                imported.setdefault(name, str(path.relative_to(ROOT)))
    dropped = {name: where for name, where in imported.items()
               for excluded in excludes
               if (name == excluded or name.startswith(excluded + "."))
               and excluded not in EXCLUDED_ON_PURPOSE}
    assert dropped == {}
