"""Simulated power loss, at length (issue 7). Prints figures; never pass/fail.

The harness is ``tests/powerloss.py`` (its docstring explains the model and why the
replay is faithful): every write path of the store is run once on a real store with its
statements captured, then replayed through APSW on a fault-injecting VFS; a power cut is
simulated before every write and every sync of the replay, each unsynced write kept,
dropped, reordered or torn according to a pattern (``drop_all``, ``keep_all``,
``prefix``, ``subset``, ``reorder``, ``torn``; the random ones drawn several times per
cut point), and each disk image is opened with the application's ``sqlite3``.

For each ``synchronous`` setting (FULL — the application's —, NORMAL, OFF) and WAL size
before an automatic checkpoint (SQLite's default of 1000 pages, and a small one so the
short workloads checkpoint often), per write path: the cases run, and how many of them
lost an acknowledged transaction, duplicated a row, left a transaction half applied, or
left a file SQLite refuses or that fails ``PRAGMA integrity_check``.

Then faults: an I/O error at one write, a disk that stays full from one write on, and a
failed fsync, injected at every write (sync) of every write path; per path, how many
were reported to the user and what reopening found.

Usage: ``python bench/bench_powerloss.py [--cases 20000] [--modes FULL,NORMAL,OFF]
[--wal default,8] [--seed 1] [--requests 4] [--surveys 2] [--sync 3] [--fault-every 1]``

``--cases`` is the number of cases wanted per mode (split over the WAL settings and the
workloads); the real count is printed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the harness lives with the tests

import logging  # noqa: E402

import powerloss as pl  # noqa: E402

COLUMNS = ("cases", "lost", "duplicated", "partial", "corrupt")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=20_000, help="cases per mode (about)")
    ap.add_argument("--modes", default="FULL,NORMAL,OFF")
    ap.add_argument("--wal", default="default,8",
                    help="wal_autocheckpoint settings: 'default' and/or page counts")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--requests", type=int, default=4, help="requests in that workload")
    ap.add_argument("--surveys", type=int, default=2, help="interviews in that workload")
    ap.add_argument("--sync", type=int, default=3, help="requests per PC in the sync one")
    ap.add_argument("--fault-every", type=int, default=1,
                    help="inject I/O errors, disk full, fsync failures at every Nth write "
                         "or sync (0: skip)")
    args = ap.parse_args()
    logging.disable(logging.WARNING)  # parked pulled records are expected in the sync one

    sizes = {"open_migrate": 1, "migrate_upgrade": 1, "requests": args.requests, "surveys": args.surveys,
             "sync": args.sync}
    work = pl.scratch_dir()
    try:
        t0 = time.perf_counter()
        scripts = {name: pl.capture_workload(name, work / "capture" / name / "data", size)
                   for name, size in sizes.items()}
        print(f"captured {len(scripts)} write paths in {time.perf_counter() - t0:.1f} s "
              f"(SQLite: replay {pl.apsw.sqlite_lib_version()}, check "
              f"{pl.sqlite3.sqlite_version})")
        for name, script in scripts.items():
            print(f"  {name:13} {script.commits():4} transactions  labels: "
                  f"{', '.join(script.labels)}")
        wals = [None if w == "default" else int(w) for w in args.wal.split(",")]
        grand: dict[str, pl.Tally] = {}
        for mode in filter(None, args.modes.split(",")):
            total = pl.Tally()
            for wal in wals:
                cuts = {n: sum(pl.op_counts(s, work, sync=mode, autocheckpoint=wal).values()) + 1
                        for n, s in scripts.items()}
                per_cut = args.cases / len(wals) / max(sum(cuts.values()), 1)
                # drop_all and keep_all once; the four random patterns per_pattern times
                per_pattern = max(1, round((per_cut - 2) / 4))
                tally = pl.Tally()
                t = time.perf_counter()
                for i, script in enumerate(scripts.values()):
                    tally.merge(pl.run_cases(script, work / "run", sync=mode,
                                             autocheckpoint=wal, seed=args.seed * 100 + i,
                                             per_pattern=per_pattern))
                took = time.perf_counter() - t
                label = f"synchronous={mode}, wal_autocheckpoint=" + \
                    ("1000 (default)" if wal is None else str(wal))
                report(label, tally, took, per_pattern)
                total.merge(tally)
            grand[mode] = total
        if args.fault_every:
            faults(scripts, work, args.fault_every)
        if not grand:
            return
        print("\n== all write paths")
        print(f"{'mode':8} {'cases':>7} {'cut pts':>8} {'images':>7} {'lost':>6} "
              f"{'dup':>5} {'partial':>8} {'corrupt':>8} {'acked tx lost*':>15}")
        for mode, t in grand.items():
            o = t.outcomes
            print(f"{mode:8} {t.cases:7} {t.cut_points:8} {t.images:7} {o['lost']:6} "
                  f"{o['duplicated']:5} {o['partial']:8} {o['corrupt']:8} "
                  f"{t.lost_transactions:15}")
        print("* acknowledged transactions missing, summed over the cases that lost some")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def faults(scripts: dict, work: Path, every: int) -> None:
    """I/O error at one write, a disk that stays full from one write on, an fsync that
    fails: per write path, how many injected, reported to the user, and what reopening
    found (after the store was closed, and had the process died at the error)."""
    from collections import Counter, defaultdict

    for kind in ("ioerr", "full", "fsync"):
        t = time.perf_counter()
        rows: dict[str, Counter] = defaultdict(Counter)
        for script in scripts.values():
            for case in pl.run_faults(script, work / "faults", kind=kind, every=every):
                rows[case.path]["injected"] += 1
                rows[case.path]["reported"] += case.reported
                rows[case.path][case.outcome] += 1
        cols = ("injected", "reported", "ok", "false_success", "false_failure", "partial",
                "lost", "corrupt")
        total = sum(r["injected"] for r in rows.values())
        print(f"\n== {kind} at every {every} {'sync' if kind == 'fsync' else 'write'}: "
              f"{total} runs, {time.perf_counter() - t:.0f} s")
        print(f"  {'write path':20}" + "".join(f"{c:>14}" for c in cols))
        for path in sorted(rows):
            print(f"  {path:20}" + "".join(f"{rows[path][c]:14}" for c in cols))


def report(label: str, tally: pl.Tally, took: float, per_pattern: int) -> None:
    print(f"\n== {label}: {tally.cases} cases at {tally.cut_points} cut points "
          f"({tally.images} distinct images, random patterns x{per_pattern}), "
          f"{took:.0f} s")
    print(f"  {'write path':20}" + "".join(f"{c:>11}" for c in COLUMNS))
    for path in sorted(tally.by_path):
        c = tally.by_path[path]
        print(f"  {path:20}" + "".join(f"{c[k]:11}" for k in COLUMNS))
    print(f"  {'pattern':20}" + "".join(f"{c:>11}" for c in COLUMNS))
    for pattern in pl.PATTERNS:
        c = tally.by_pattern.get(pattern)
        if c:
            print(f"  {pattern:20}{sum(c.values()):11}"
                  + "".join(f"{c[k]:11}" for k in COLUMNS[1:]))
    for outcome, examples in tally.examples.items():
        for e in examples[:2]:
            print(f"  e.g. {outcome}: {e}")


if __name__ == "__main__":
    main()
