"""Cold start to the first window shown (issue 6). Prints figures; never pass/fail.

Each run is a new process, started with ``QT_QPA_PLATFORM=offscreen`` and
``DAFTAR_EXIT_AFTER_SHOWN=1`` (``desktop/app.py`` prints a line and quits once the main
window is shown); the time is from starting the process to reading that line. The
baseline is a bare PySide6 ``QMainWindow`` started the same way, so the ratio is what
Daftar adds to Python + Qt. Measured:

* ``daftar`` from source (``python daftar.py``) against a bare window from source;
* the built executable ``dist/daftar/daftar``, if it exists, against a bare window frozen
  the same way (built once with PyInstaller into ``bench/out/bare``; ``--no-bare-build``
  skips it).

The data folder holds a store with demo requests and finished first-start setup, made once
before timing (a first start migrates the database and opens the setup wizard: that is not
the start clerks see every morning). "Cold" means a
new process; the OS file cache stays warm (dropping it needs root), so a first start
after a reboot is slower than these figures.

Usage: ``python bench/bench_startup.py [--runs 5] [--languages en,ur] [--requests 1000]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "bench" / "out"
FROZEN = ROOT / "dist" / "daftar" / ("daftar.exe" if sys.platform == "win32" else "daftar")
SHOWN = "main window shown"
BARE = """\
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1280, 720)
window.show()
QTimer.singleShot(0, lambda: (print("bare: main window shown", flush=True), app.quit()))
sys.exit(app.exec())
"""


def time_to_shown(cmd: list[str], env: dict[str, str]) -> float:
    """Seconds from starting *cmd* to its "main window shown" line."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=ROOT)
    elapsed = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if SHOWN in line:
            elapsed = time.perf_counter() - t0
            break
    _out, err = proc.communicate(timeout=120)
    if elapsed is None or proc.returncode != 0:
        raise RuntimeError(f"{cmd[0]} exited {proc.returncode} without showing a window:\n"
                           f"{err[-2000:]}")
    return elapsed


def median_of(cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, list[float]]:
    time_to_shown(cmd, env)  # not counted: compiles .pyc files, fills the font cache
    times = [time_to_shown(cmd, env) for _ in range(runs)]
    return statistics.median(times), times


def prepare_data(folder: Path, requests: int, language: str) -> None:
    from store.demo import generate
    from store.settings import Settings
    from store.store import Store

    if not (folder / "daftar.sqlite3").exists():
        with Store.open(folder) as store:
            generate(store, requests, seed=6)
    settings = Settings(folder)
    settings.set("language", language)
    settings.set("setup_done", True)  # a PC already set up: no first-start wizard over it


def bare_frozen(build: bool) -> Path | None:
    """The bare window as a one-folder PyInstaller build (made once, kept in bench/out)."""
    name = "bare_window"
    exe = OUT / "bare" / "dist" / name / (f"{name}.exe" if sys.platform == "win32" else name)
    if exe.exists() or not build:
        return exe if exe.exists() else None
    if shutil.which("pyinstaller") is None and not _has_pyinstaller():
        return None
    work = OUT / "bare"
    work.mkdir(parents=True, exist_ok=True)
    (work / f"{name}.py").write_text(BARE, encoding="utf-8")
    print("building the bare window with PyInstaller (once) …", flush=True)
    proc = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--onedir",
                           "--log-level", "ERROR", "--distpath", str(work / "dist"),
                           "--workpath", str(work / "build"), "--specpath", str(work),
                           str(work / f"{name}.py")], capture_output=True, text=True, cwd=work)
    if proc.returncode != 0:
        print(f"the bare build failed; compared with the bare window from source only:\n"
              f"{proc.stderr[-2000:]}")
        return None
    return exe


def _has_pyinstaller() -> bool:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--languages", default="en,ur")
    parser.add_argument("--requests", type=int, default=1000, help="demo requests in the store")
    parser.add_argument("--no-bare-build", action="store_true",
                        help="do not build a frozen bare window to compare the build against")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DAFTAR_EXIT_AFTER_SHOWN="1")
    env.pop("DAFTAR_DATA_DIR", None)

    bare_script = OUT / "bare_window.py"
    bare_script.write_text(BARE, encoding="utf-8")
    rows: list[tuple[str, float, list[float]]] = []
    bare_src, times = median_of([sys.executable, str(bare_script)], env, args.runs)
    rows.append(("bare PySide6 window, source", bare_src, times))
    bare_exe = bare_frozen(build=FROZEN.exists() and not args.no_bare_build)
    bare_frz = None
    if FROZEN.exists() and bare_exe is not None:
        bare_frz, times = median_of([str(bare_exe)], env, args.runs)
        rows.append(("bare PySide6 window, frozen", bare_frz, times))

    results: list[tuple[str, float, float]] = []
    for language in args.languages.split(","):
        folder = Path(tempfile.mkdtemp(prefix="daftar-startup-", dir=OUT))
        try:
            prepare_data(folder, args.requests, language)
            src, times = median_of([sys.executable, str(ROOT / "daftar.py"), "--data-dir",
                                    str(folder)], env, args.runs)
            rows.append((f"daftar from source ({language})", src, times))
            results.append((f"daftar from source ({language}) / bare source", src, bare_src))
            if FROZEN.exists():
                frz, times = median_of([str(FROZEN), "--data-dir", str(folder)], env,
                                       args.runs)
                rows.append((f"daftar built ({language})", frz, times))
                results.append((f"daftar built ({language}) / bare source", frz, bare_src))
                if bare_frz:
                    results.append((f"daftar built ({language}) / bare frozen", frz, bare_frz))
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    print(f"\nCold start to first window shown, median of {args.runs} runs "
          f"(offscreen, {args.requests} demo requests)")
    for name, median, times in rows:
        spread = ", ".join(f"{t:.2f}" for t in times)
        print(f"  {name:<34} {median:6.2f} s   ({spread})")
    print("Ratios")
    for name, ours, base in results:
        print(f"  {name:<46} {ours / base:5.1f}x")
    if not FROZEN.exists():
        print(f"  (no built executable at {FROZEN.relative_to(ROOT)}: run `make installer`)")


if __name__ == "__main__":
    main()
