"""Service KPIs against requests whose outcome the test knows, and against a plain-Python
recomputation from each request's own events on demo data."""

from __future__ import annotations

import json
import statistics
from datetime import UTC, date, datetime, timedelta

import pytest

from analysis.export import PII_COLUMNS, export_requests, requests_table
from analysis.kpi import count_overdue, overdue_requests, service_kpis, snapshot
from conftest import CLERK, SUPERVISOR, register
from store import demo
from store.records import PKT

SVC = "DOMICILE_CERTIFICATE"


def at(day: str, hour: int = 10) -> datetime:
    """A Pakistan-time moment on *day*."""
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00").replace(tzinfo=PKT)


def walk(store, ref, steps):
    for to, day, extra in steps:
        who = SUPERVISOR if to in ("approved", "rejected", "reopened") else CLERK
        store.change_status(ref, to, actor=who, now=at(day), **extra)


@pytest.fixture
def known(store):
    """A: done in 2 days, rated 5. B: rejected after 18 days, closed, rated 2.
    C: still being checked (overdue by December). D: December, done next day."""
    a = register(store, 1, now=at("2026-11-02")).tracking_number
    b = register(store, 2, now=at("2026-11-02")).tracking_number
    c = register(store, 3, now=at("2026-11-03")).tracking_number
    walk(store, a, [("in_review", "2026-11-03", {}), ("approved", "2026-11-03", {}),
                    ("completed", "2026-11-04", {})])
    store.record_feedback(a, 5, actor=CLERK, now=at("2026-11-05"))
    walk(store, b, [("in_review", "2026-11-10", {}),
                    ("rejected", "2026-11-20", {"reason": "Documents incomplete"}),
                    ("closed", "2026-11-21", {"outcome": "rejected_final",
                                              "note": "Citizen informed"})])
    store.record_feedback(b, 2, actor=CLERK, now=at("2026-11-22"))
    walk(store, c, [("in_review", "2026-11-04", {})])
    d = register(store, 4, now=at("2026-12-01")).tracking_number
    walk(store, d, [("in_review", "2026-12-01", {}), ("approved", "2026-12-01", {}),
                    ("completed", "2026-12-02", {})])
    return a, b, c, d


def test_kpis_on_known_requests(store, known):
    res = service_kpis(store, period="month")
    rows = {r["period"]: r for r in res.rows}
    nov, dec = rows["2026-11"], rows["2026-12"]
    assert (nov["received"], nov["completed"], nov["backlog"]) == (3, 2, 1)
    assert nov["median_turnaround_days"] == pytest.approx((2 + 18) / 2)
    assert nov["within_sla"] == pytest.approx(0.5)
    assert (nov["mean_feedback"], nov["feedback_n"]) == (3.5, 2)
    assert (dec["received"], dec["completed"], dec["backlog"]) == (1, 1, 1)
    assert dec["median_turnaround_days"] == pytest.approx(1.0)
    assert dec["mean_feedback"] is None
    assert {r["office_code"] for r in res.rows} == {"LHR1"}
    by_district = service_kpis(store, period=None, by=("province", "district")).rows
    assert [(r["province"], r["district"], r["received"]) for r in by_district] == \
        [("PK6", "PK617", 4)]
    from analysis.kpi import kpis_from_facts, request_facts

    facts = request_facts(store)
    facts["province"] = None  # an office whose district is not in the area table
    (row,) = kpis_from_facts(facts, period=None, by=("province",)).rows
    assert (row["province"], row["received"]) == ("", 4)
    assert {r["service_code"] for r in res.rows} == {SVC}
    json.dumps(res.to_dict())


def test_kpis_date_range_and_totals(store, known):
    res = service_kpis(store, start=date(2026, 12, 1), end=date(2026, 12, 31), period=None,
                       by=())
    (row,) = res.rows
    assert (row["received"], row["completed"], row["backlog"]) == (1, 1, 1)
    nov_only = service_kpis(store, end=date(2026, 11, 30), period=None)
    (row,) = nov_only.rows
    assert (row["received"], row["completed"], row["backlog"]) == (3, 2, 1)
    assert service_kpis(store, services=("BIRTH_REGISTRATION",)).rows == []


def test_overdue_list(store, known):
    _, _, c, _ = known
    over = overdue_requests(store, today=date(2026, 12, 31))
    assert [o.tracking_number for o in over] == [c]
    due = store.get_request(c).request["due_date"]
    assert over[0].days_overdue == (date(2026, 12, 31) - date.fromisoformat(due)).days
    assert overdue_requests(store, today=date.fromisoformat(due)) == []
    assert count_overdue(store, today=date(2026, 12, 31)) == 1
    snap = snapshot(store, today=date(2026, 12, 1))
    assert (snap.open, snap.received_today, snap.received_last_30_days) == (1, 1, 4)
    assert snapshot(store, today=date(2026, 12, 2)).received_last_30_days == 2  # from 3 Nov
    assert snap.overdue == (1 if date.fromisoformat(due) < date(2026, 12, 1) else 0)


def expected_from_events(store, requests) -> dict:
    """Whole-range KPIs per service recomputed from each request's folded events."""
    out: dict = {}
    for tn in requests:
        d = store.get_request(tn)
        svc = d.request["service_code"]
        e = out.setdefault(svc, {"received": 0, "turn": [], "sla": [], "ratings": [],
                                 "open": 0})
        e["received"] += 1
        if d.status in ("completed", "rejected", "closed"):
            stops = [ev for ev in d.events if ev["kind"] == "status_changed"
                     and ev["payload"]["to"] in ("completed", "rejected")]
            stop = max(stops, key=lambda ev: (ev["hlc"], ev["id"]))
            t1 = datetime.fromisoformat(stop["created_at"].replace("Z", "+00:00"))
            t0 = datetime.fromisoformat(d.request["created_at"].replace("Z", "+00:00"))
            e["turn"].append((t1 - t0).total_seconds() / 86400)
            e["sla"].append(t1.astimezone(PKT).date() <= date.fromisoformat(d.request["due_date"]))
            if d.rating is not None:
                e["ratings"].append(d.rating)
        else:
            e["open"] += 1
    return out


def test_kpis_match_recomputation_from_events(store):
    now = datetime(2026, 11, 28, 12, tzinfo=UTC)
    demo.generate(store, 300, seed=5, now=now)
    requests = [r.tracking_number for r in store.list_requests(limit=1000)]
    for i, tn in enumerate(requests[:60]):  # feedback on some finished requests
        if store.get_request(tn).status in ("completed", "closed", "rejected"):
            store.record_feedback(tn, 1 + i % 5, actor=CLERK, now=now + timedelta(minutes=1))
    expected = expected_from_events(store, requests)
    res = service_kpis(store, period=None, by=("service_code",))
    got = {r["service_code"]: r for r in res.rows}
    assert set(got) == set(expected)
    for svc, e in expected.items():
        r = got[svc]
        assert r["received"] == e["received"]
        assert r["completed"] == len(e["turn"])
        assert r["backlog"] == e["open"]
        if e["turn"]:
            assert r["median_turnaround_days"] == pytest.approx(statistics.median(e["turn"]),
                                                                abs=1e-6)
            assert r["within_sla"] == pytest.approx(sum(e["sla"]) / len(e["sla"]))
        if e["ratings"]:
            assert r["mean_feedback"] == pytest.approx(statistics.mean(e["ratings"]))
    overdue = overdue_requests(store, today=now.astimezone(PKT).date(), limit=None)
    assert len(overdue) == sum(1 for tn in requests
                               if store.get_request(tn, today=now.astimezone(PKT).date()).overdue)


def test_request_export_has_no_pii_unless_asked(store, known, tmp_path):
    import pandas as pd
    import pyreadstat

    plain = requests_table(store)
    assert not set(PII_COLUMNS) & set(plain.frame.columns)
    text = plain.frame.to_csv(index=False)
    cnic = store.get_request(known[0]).citizen["cnic"]
    assert cnic not in text and "Ayesha" not in text and "3001234567" not in text
    for fmt in ("csv", "xlsx", "sav", "dta"):
        path = export_requests(store, tmp_path / "plain", fmt)
        blob = path.read_bytes()
        assert cnic.encode() not in blob and b"Ayesha" not in blob, fmt
    with_pii = requests_table(store, include_pii=True)
    assert {"citizen_name", "cnic", "phone"} <= set(with_pii.frame.columns)
    assert cnic in set(with_pii.frame["cnic"])
    path = export_requests(store, tmp_path / "pii", "sav", include_pii=True)
    df, meta = pyreadstat.read_sav(path)
    assert len(df) == 4 and cnic in set(df["cnic"])
    assert meta.column_names_to_labels["cnic"] == "CNIC"
    back = pd.read_csv(export_requests(store, tmp_path / "plain", "csv"))
    assert list(back["tracking_number"]) == [k for k in known]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "sav", "dta"])
def test_an_office_with_no_requests_yet_exports_an_empty_file(store, tmp_path, fmt):
    """Found by fuzzing the CLI: Stata refused the empty table (its numeric columns had
    no rows to show they are numbers) and the export ended with "something went wrong"."""
    import pandas as pd
    import pyreadstat

    path = export_requests(store, tmp_path, fmt, include_pii=True)
    read = {"csv": pd.read_csv, "xlsx": pd.read_excel,
            "sav": lambda p: pyreadstat.read_sav(p)[0],
            "dta": lambda p: pyreadstat.read_dta(p)[0]}[fmt]
    back = read(path)
    assert len(back) == 0 and {"tracking_number", "cnic", "rating"} <= set(back.columns)


@pytest.mark.parametrize(("period", "freq"), [("day", "D"), ("week", "W-SUN"), ("month", "M"),
                                              ("quarter", "Q"), ("year", "Y")])
def test_period_start_matches_pandas_periods(period, freq):
    import numpy as np
    import pandas as pd

    from analysis.kpi import _period_label, _period_start

    rng = np.random.default_rng(1)
    days = pd.Series(pd.to_datetime("2024-01-01") + pd.to_timedelta(
        rng.integers(0, 1200, 500), unit="D"))
    days[3] = pd.NaT
    got = _period_start(days, period)
    want = days.dt.to_period(freq).dt.start_time
    assert got.isna().equals(want.isna())
    assert (got.dropna() == want.dropna()).all()
    if period == "quarter":
        assert _period_label(pd.Timestamp("2026-11-01"), period) == "2026Q4"
    if period == "week":
        assert _period_label(pd.Timestamp("2026-11-30"), period) == "2026-W49"


def test_periods_add_up_to_the_whole(store):
    demo.generate(store, 200, seed=2, now=datetime(2026, 11, 28, 12, tzinfo=UTC))
    whole = service_kpis(store, period=None, by=()).rows[0]
    for period in ("day", "week", "month", "quarter", "year"):
        rows = service_kpis(store, period=period, by=()).rows
        assert sum(r["received"] for r in rows) == whole["received"] == 200
        assert sum(r["completed"] for r in rows) == whole["completed"]
        assert rows[-1]["backlog"] == whole["backlog"]
