"""Benchmarks of the analysis (issue 5). Prints figures; never pass/fail.

1. Survey analysis of 1,000 and 100,000 synthetic responses (the latent-model generator of
   ``tests/test_analysis_synthetic.py``): each step, the whole :func:`analysis.analyze`,
   CFA (semopy, when installed) and the PDF report.
2. Service KPI queries on the largest cached demo store in ``bench/out`` (built by
   ``bench/bench_store.py``; not built here): per-request facts, monthly KPIs per office
   and service, the overdue list and count, and the request export (CSV, no PII).

Usage: ``python bench/bench_analysis.py [--sizes 1000,100000] [--no-kpi] [--no-cfa]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_analysis_synthetic import synthetic_responses  # noqa: E402

from analysis import (  # noqa: E402
    DEFAULT_CONSTRUCTS,
    analyze,
    cfa,
    construct_scores,
    correlations,
    describe,
    group_comparisons,
    quality_flags,
    regression,
    reliabilities,
)
from analysis.report import write_pdf  # noqa: E402
from store.db import HEAD  # noqa: E402

OUT = ROOT / "bench" / "out"


def timed(fn, repeat: int = 3) -> tuple[float, object]:
    """Median wall time of *repeat* runs in ms, and the last result."""
    runs, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs) * 1e3, result


def bench_survey(n: int, with_cfa: bool) -> None:
    df = synthetic_responses(n, seed=1)
    repeat = 3 if n <= 10_000 else 1
    print(f"\n== Survey analysis, {n:,} responses (median of {repeat}, ms) ==")
    scores = construct_scores(df)
    steps = [
        ("quality flags", lambda: quality_flags(df)),
        ("construct scores", lambda: construct_scores(df)),
        ("Table 1 descriptives", lambda: describe(scores)),
        ("Cronbach's alpha + item stats", lambda: reliabilities(df)),
        ("correlation matrix + p", lambda: correlations(scores)),
        ("OLS regression (Table 2)", lambda: regression(scores)),
        ("group comparisons (4 vars x 5)", lambda: group_comparisons(df, scores)),
        ("analyze() - everything but CFA", lambda: analyze(df)),
    ]
    for label, fn in steps:
        ms, _ = timed(fn, repeat)
        print(f"{label:40}{ms:12.1f}")
    if with_cfa:
        ms, res = timed(lambda: cfa(df, DEFAULT_CONSTRUCTS), 1)
        note = f"(n used {res.n})" if res.available else f"({res.reason})"
        print(f"{'CFA, semopy ML ' + note:40}{ms:12.1f}")
    result = analyze(df)
    with tempfile.TemporaryDirectory() as tmp:
        ms, _ = timed(lambda: write_pdf(result, Path(tmp) / "r.pdf"), 1)
    print(f"{'PDF report (8 pages)':40}{ms:12.1f}")


def largest_store() -> Path | None:
    found = sorted((p for p in OUT.glob(f"demo-*-seed1-{HEAD}") if (p / "done").exists()),
                   key=lambda p: int(p.name.split("-")[1]))
    return found[-1] if found else None


def bench_kpi() -> None:
    from analysis.export import export_requests
    from analysis.kpi import (
        count_overdue,
        kpis_from_facts,
        overdue_requests,
        request_facts,
        snapshot,
    )
    from store.store import Store

    folder = largest_store()
    if folder is None:
        print("\n(no cached demo store in bench/out: run bench/bench_store.py first)")
        return
    n = int(folder.name.split("-")[1])
    with Store.open(folder) as store:
        today = store.today()
        print(f"\n== Service KPIs at {n:,} requests ({folder.name}; ms) ==")
        ms, facts = timed(lambda: request_facts(store), 3)
        print(f"{'request facts (SQL, one row/request)':44}{ms:12.1f}")
        for period in ("month", "week", None):
            ms2, res = timed(lambda period=period: kpis_from_facts(facts, period=period), 3)
            print(f"{f'aggregate per office x service x {period}':44}{ms2:12.1f}"
                  f"   ({len(res.rows)} rows)")
        ms, _ = timed(lambda: kpis_from_facts(request_facts(
            store, offices=("LHR1",), services=("DOMICILE_CERTIFICATE",)), period="month"), 3)
        print(f"{'one office + service, monthly (SQL+agg)':44}{ms:12.1f}")
        ms, _ = timed(lambda: overdue_requests(store, today=today, limit=200), 5)
        print(f"{'overdue list, first 200':44}{ms:12.1f}")
        ms, cnt = timed(lambda: count_overdue(store, today=today), 5)
        print(f"{'overdue count':44}{ms:12.1f}   ({cnt:,} overdue)")
        ms, _ = timed(lambda: snapshot(store, today=today), 5)
        print(f"{'dashboard snapshot (open/overdue/received)':44}{ms:12.1f}")
        with tempfile.TemporaryDirectory() as tmp:
            ms, _ = timed(lambda: export_requests(store, tmp, "csv"), 1)
        print(f"{'export requests to CSV (no PII)':44}{ms:12.1f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,100000")
    ap.add_argument("--no-kpi", action="store_true")
    ap.add_argument("--no-cfa", action="store_true")
    args = ap.parse_args()
    for n in (int(s) for s in args.sizes.split(",") if s):
        bench_survey(n, not args.no_cfa)
    if not args.no_kpi:
        bench_kpi()


if __name__ == "__main__":
    main()
