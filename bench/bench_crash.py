"""The SIGKILL suite with many more kills: per write path, kills, acknowledged, lost,
duplicated, corrupt.

    python bench/bench_crash.py              # DAFTAR_CRASH_KILLS=470: about 2,000 kills
    python bench/bench_crash.py --scale 100  # a quicker run

It runs the same tests as CI (tests/test_faults_sigkill.py, whose kills per path scale
with ``DAFTAR_CRASH_KILLS`` / 50, and the request crash test tests/test_crash.py, which
kills that many times), each test appending its figures to a tally file, then prints
them. A path that lost, duplicated or corrupted anything fails its test at that kill (the
seed is in pytest's output) and its line shows the count found there.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=470,
                        help="DAFTAR_CRASH_KILLS (50 is the CI level; default 470)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tally = Path(tmp) / "tally.jsonl"
        env = dict(os.environ, DAFTAR_CRASH_KILLS=str(args.scale),
                   DAFTAR_CRASH_TALLY=str(tally), QT_QPA_PLATFORM="offscreen")
        started = time.monotonic()
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
             "tests/test_faults_sigkill.py", "tests/test_crash.py", "-k", "not harness"],
            cwd=ROOT, env=env, capture_output=True, text=True)
        elapsed = time.monotonic() - started
        rows = [json.loads(line) for line in tally.read_text().splitlines()] \
            if tally.exists() else []
    print(f"SIGKILL suite, DAFTAR_CRASH_KILLS={args.scale}, {elapsed:.0f} s")
    print(f"{'path':<10} {'kills':>6} {'acknowledged':>13} {'lost':>5} {'duplicated':>11} "
          f"{'corrupt':>8}")
    total = {"kills": 0, "acknowledged": 0, "lost": 0, "duplicated": 0, "corrupt": 0}
    for r in rows:
        print(f"{r['path']:<10} {r['kills']:>6} {r['acknowledged']:>13} {r['lost']:>5} "
              f"{r['duplicated']:>11} {r['corrupt']:>8}")
        for k in total:
            total[k] += r[k]
    # tests/test_crash.py (register and move, DAFTAR_CRASH_KILLS kills) asserts the same
    # and keeps no tally: counted in the total when the run passed.
    if run.returncode == 0:
        print(f"{'register':<10} {args.scale:>6}   (tests/test_crash.py: passed, no tally)")
        total["kills"] += args.scale
    print(f"{'total':<10} {total['kills']:>6} {total['acknowledged']:>13} {total['lost']:>5} "
          f"{total['duplicated']:>11} {total['corrupt']:>8}")
    print(run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-2000:])
    if run.returncode != 0:
        print(run.stdout[-6000:])
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
