"""Benchmarks of the local store (issue: foundation). Prints figures; never pass/fail.

1. "Register request" latency (p50/p99) against a bare ``sqlite3`` single-row
   INSERT + COMMIT with the same durability settings (WAL, synchronous=FULL), measured in
   the same run, alternating, on the same disk: the ratio is what Daftar's operation
   (validation, citizen lookup, request + event + hash chain + projection + search index
   + outbox, one transaction) costs over the floor that the fsyncs set. The same operation
   on an unencrypted store (``Store.open(key=b"")``), alternating too, gives what the
   SQLCipher encryption costs.
2. Request-list first page and search time at 100,000 and 1,000,000 requests (demo data,
   built once and cached in ``bench/out``), through the store and through the desktop's
   Qt list model (time until its first page has arrived).

Usage: ``python bench/bench_store.py [--sizes 100000,1000000] [--samples 300]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # tests/people.py: a signed-in clerk

from store.db import HEAD  # noqa: E402
from store.demo import generate  # noqa: E402
from store.records import Actor  # noqa: E402
from store.store import RequestFilter, Store  # noqa: E402

OUT = ROOT / "bench" / "out"


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def bench_register(samples: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="daftar-bench-", dir=OUT))
    store = Store.open(folder / "daftar")
    plain = Store.open(folder / "plain", key=b"")  # unencrypted: what encryption costs
    bare = sqlite3.connect(folder / "bare.sqlite3", isolation_level=None)
    bare.execute("PRAGMA journal_mode=WAL")
    bare.execute("PRAGMA synchronous=FULL")
    bare.execute("CREATE TABLE t (id TEXT PRIMARY KEY, cnic TEXT, name TEXT, phone TEXT, "
                 "service TEXT, description TEXT, created_at TEXT)")
    import people  # tests/people.py: the signed-in test clerk (an unencrypted store has no
    #                key file for an office admin's password to protect)

    people.seed(store)
    people.seed(plain)
    clerk = plain_clerk = people.CLERK
    ours, base, unencrypted = [], [], []
    for i in range(samples):
        t0 = time.perf_counter()
        store.register_request(cnic=f"35202{i:07d}1", name="Ayesha Khan",
                               phone="0300-1234567", service_code="DOMICILE_CERTIFICATE",
                               description="benchmark", actor=clerk)
        ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        plain.register_request(cnic=f"35202{i:07d}1", name="Ayesha Khan",
                               phone="0300-1234567", service_code="DOMICILE_CERTIFICATE",
                               description="benchmark", actor=plain_clerk)
        unencrypted.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        bare.execute("BEGIN")
        bare.execute("INSERT INTO t VALUES (?,?,?,?,?,?,?)",
                     (f"id{i}", f"35202{i:07d}1", "Ayesha Khan", "+923001234567",
                      "DOMICILE_CERTIFICATE", "benchmark", "2026-11-28"))
        bare.execute("COMMIT")
        base.append(time.perf_counter() - t0)
    store.close()
    plain.close()
    bare.close()
    shutil.rmtree(folder, ignore_errors=True)
    print(f"\n== Register request, {samples} samples (WAL, synchronous=FULL, same disk) ==")
    print(f"{'':34}{'p50 ms':>10}{'p99 ms':>10}{'mean ms':>10}")
    for label, xs in (("daftar register_request", ours),
                      ("  same, unencrypted", unencrypted),
                      ("bare sqlite3 INSERT+COMMIT", base)):
        print(f"{label:34}{pct(xs, 50) * 1e3:10.2f}{pct(xs, 99) * 1e3:10.2f}"
              f"{statistics.mean(xs) * 1e3:10.2f}")
    print(f"{'ratio (daftar / bare)':34}{pct(ours, 50) / pct(base, 50):10.2f}"
          f"{pct(ours, 99) / pct(base, 99):10.2f}{statistics.mean(ours) / statistics.mean(base):10.2f}")
    print(f"{'ratio (encrypted / unencrypted)':34}{pct(ours, 50) / pct(unencrypted, 50):10.2f}"
          f"{pct(ours, 99) / pct(unencrypted, 99):10.2f}"
          f"{statistics.mean(ours) / statistics.mean(unencrypted):10.2f}")


def demo_store(n: int) -> Path:
    folder = OUT / f"demo-{n}-seed1-{HEAD}"
    if not (folder / "done").exists():
        shutil.rmtree(folder, ignore_errors=True)
        t0 = time.perf_counter()
        with Store.open(folder) as store:
            generate(store, n, seed=1)
        (folder / "done").write_text(f"{time.perf_counter() - t0:.1f}")
        print(f"(built {n:,} demo requests in {time.perf_counter() - t0:.0f} s)")
    return folder


def timed(fn, repeat: int = 5) -> float:
    """Median of *repeat* runs, in milliseconds."""
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs) * 1e3


def _sign_in_reader(store: Store) -> Actor:
    """Sign in the bench's office admin (who may register and read requests) and bind
    them as the reader of requests; returns them."""
    from store.accounts import Accounts

    accounts = Accounts(store)
    if not accounts.has_users():
        accounts.create_first_admin("bench", "Bench Admin", "quiet river lantern 47")
    actor = accounts.sign_in("bench", "quiet river lantern 47")
    store.set_reader(actor)
    return actor


def bench_lists(n: int) -> None:
    folder = demo_store(n)
    with Store.open(folder) as store:
        _sign_in_reader(store)
        sample = store.list_requests(limit=5000)[-1]
        detail = store.get_request(sample.tracking_number)
        cnic = detail.citizen["cnic"]
        phone = detail.citizen["phone"]
        cases = [
            ("first page (200 rows)", RequestFilter()),
            ("first page, status = in review", RequestFilter(status="in_review")),
            ("first page, overdue only", RequestFilter(overdue=True)),
            ("search: common name 'muhammad'", RequestFilter(query="muhammad")),
            ("search: two words 'ayesha khan'", RequestFilter(query="ayesha khan")),
            ("search: full CNIC", RequestFilter(query=cnic)),
            ("search: CNIC prefix (5 digits)", RequestFilter(query=cnic[:5])),
            ("search: phone", RequestFilter(query=phone or "0300")),
            ("search: tracking number", RequestFilter(query=sample.tracking_number.lower())),
            ("search: Urdu name 'فاطمہ'", RequestFilter(query="فاطمہ")),
        ]
        print(f"\n== Request list at {n:,} requests (median of 5, ms) ==")
        print(f"{'':40}{'page':>10}{'count':>10}")
        for label, flt in cases:
            page = timed(lambda flt=flt: store.list_requests(flt, limit=200))
            count = timed(lambda flt=flt: store.count_requests(flt), repeat=3)
            print(f"{label:40}{page:10.2f}{count:10.1f}")
        rows = store.list_requests(limit=200)
        deep = timed(lambda: store.list_requests(before=rows[-1].pos - n // 2, limit=200))
        print(f"{'page in the middle (keyset)':40}{deep:10.2f}")
        print(f"{'open one request with its timeline':40}"
              f"{timed(lambda: store.get_request(sample.tracking_number)):10.2f}")
        model_first_page(store, n)


def model_first_page(store, n: int) -> None:
    """Time until the desktop's list model has its first page (offscreen Qt)."""
    try:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtCore import QEventLoop, QTimer
        from PySide6.QtWidgets import QApplication

        from desktop.request_model import RequestTableModel
    except ImportError as exc:  # the desktop may not be importable in a bare environment
        print(f"(Qt list model not measured: {exc})")
        return
    app = QApplication.instance() or QApplication([])
    runs = []
    for query in ("", "muhammad"):
        for _ in range(3):
            loop = QEventLoop()
            model = RequestTableModel(store)
            model.loaded.connect(loop.quit)
            QTimer.singleShot(30_000, loop.quit)
            t0 = time.perf_counter()
            model.set_filter(RequestFilter(query=query))
            loop.exec()
            runs.append((query, time.perf_counter() - t0, model.rowCount()))
    for query in ("", "muhammad"):
        times = [t for q, t, _ in runs if q == query]
        rows = [r for q, _, r in runs if q == query][-1]
        label = "Qt model first page" + (f", search '{query}'" if query else "")
        print(f"{label:40}{statistics.median(times) * 1e3:10.2f}   ({rows} rows shown)")
    del app


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--samples", type=int, default=300)
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    bench_register(args.samples)
    for n in (int(s) for s in args.sizes.split(",") if s):
        bench_lists(n)


if __name__ == "__main__":
    main()
