"""Server KPIs and the public transparency page: figures checked against an independent
computation in Python (the fold of ``models.events``), small cells suppressed."""

from __future__ import annotations

import csv
import io
import json
import statistics
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from random import Random

import pytest

from models.events import REQUEST_FIELDS, fold, record_hash
from models.sla import add_working_days
from server import kpi, transparency

pytest_plugins = ("pg",)

PKT_ZONE = timezone(timedelta(hours=5))
PERIOD = (date(2026, 11, 1), date(2026, 11, 30))
RESOURCES = Path(__file__).resolve().parent.parent / "resources"
SERVICES = {"DOMICILE_CERTIFICATE": 5, "BIRTH_REGISTRATION": 3}

# Distinctive personal data planted in every record; none of it may ever be published.
SECRET_CNIC = "3520299887761"
SECRET_NAME = "Zarminaqwx Khan"
SECRET_PHONE = "+923339876543"
SECRET_DESCRIPTION = "QWXDESC needs it for the Gujranwala plot case"
SECRET_NOTE = "QWXNOTE called her brother at home"
SECRET_REASON = "QWXREASON affidavit is forged"
SECRET_ACTOR = "Qudsia Farrukhzad"
SECRETS = (SECRET_CNIC, "35202-9988776-1", SECRET_NAME, "Zarminaqwx", SECRET_PHONE,
           "3339876543", SECRET_DESCRIPTION, "QWXDESC", "Gujranwala", SECRET_NOTE, "QWXNOTE",
           SECRET_REASON, "QWXREASON", SECRET_ACTOR, "Farrukhzad")

#: status paths: the statuses a request goes through after "submitted"
PATHS = {
    "open": [],
    "review": ["in_review"],
    "completed": ["in_review", "approved", "completed"],
    "resolved": ["in_review", "approved", "completed", ("closed", "resolved")],
    "withdrawn": ["in_review", "rejected", ("closed", "withdrawn")],
    "rejected": ["in_review", "rejected"],
    "reopened": ["in_review", "approved", "completed", ("closed", "resolved"), "reopened"],
    "redone": ["in_review", "approved", "completed", ("closed", "resolved"), "reopened",
               "in_review", "approved", "completed"],
}


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


@dataclass
class Spec:
    """One request to push: where, what, when, and its events after ``created``."""

    office: str
    service: str
    created: datetime
    due: date
    events: list[tuple[str, dict, datetime]] = field(default_factory=list)
    tracking_number: str = ""


def make_specs(seed: int = 7, n: int = 90) -> list[Spec]:
    rng = Random(seed)
    specs = []
    for _ in range(n):
        office = rng.choice(["LHR1", "LHR1", "MUX1", "KHI1"])
        service = rng.choice(sorted(SERVICES))
        day = date(2026, 10, 18) + timedelta(days=rng.randint(0, 48))
        hour = rng.choice([4, 6, 9, 11, 20])  # 20:00 UTC is the next day in Pakistan
        created = datetime(day.year, day.month, day.day, hour, rng.randint(0, 59), tzinfo=UTC)
        local_day = (created + timedelta(hours=5)).date()
        spec = Spec(office, service, created, add_working_days(local_day, SERVICES[service]))
        moment = created
        prev = "submitted"
        for step in PATHS[rng.choice(sorted(PATHS))]:
            to, outcome = step if isinstance(step, tuple) else (step, None)
            moment += timedelta(hours=rng.randint(2, 90))
            payload = {"from": prev, "to": to}
            if outcome:
                payload.update(outcome=outcome, note=SECRET_NOTE)
            if to in ("rejected", "reopened"):
                payload["reason"] = SECRET_REASON
            spec.events.append(("status_changed", payload, moment))
            prev = to
            if rng.random() < 0.3:
                moment += timedelta(minutes=5)
                spec.events.append(("note", {"text": SECRET_NOTE}, moment))
        if prev in ("completed", "closed") and rng.random() < 0.7:
            for _ in range(rng.choice([1, 1, 2])):  # a second rating replaces the first
                moment += timedelta(hours=rng.randint(1, 100))
                spec.events.append(("feedback", {"rating": rng.randint(1, 5),
                                                 "comment": SECRET_NOTE}, moment))
        specs.append(spec)
    # a place with exactly three requests: every one of its cells is small
    for i in range(3):
        created = datetime(2026, 11, 10 + i, 6, tzinfo=UTC)
        done = created + timedelta(days=1)
        specs.append(Spec("ISB1", "DOMICILE_CERTIFICATE", created,
                          add_working_days(created.date(), 5),
                          [("status_changed", {"from": "submitted", "to": "completed"}, done),
                           ("feedback", {"rating": 5}, done + timedelta(hours=1))]))
    return specs


def push_specs(new_pc, specs: list[Spec]) -> None:
    """Push every spec through enrolled PCs (one per office), planting the secrets."""
    pcs = {}
    for office in sorted({s.office for s in specs}):
        pcs[office] = new_pc(office)
    for office, pc in pcs.items():
        ops = []
        for spec in (s for s in specs if s.office == office):
            cit = pc.citizen(9988776, name=SECRET_NAME, phone=SECRET_PHONE)
            ops.append(pc.op("citizen", cit))
            req = pc.request(cit, service_code=spec.service, created_at=stamp(spec.created),
                             due_date=spec.due.isoformat(), description=SECRET_DESCRIPTION)
            spec.tracking_number = req["tracking_number"]
            ops.append(pc.op("service_request", req))
            ops.append(pc.op("request_event", pc.event(req["id"], "created", {
                "record_hash": record_hash(req, REQUEST_FIELDS),
                "tracking_number": req["tracking_number"], "service_code": spec.service},
                created_at=stamp(spec.created), actor_name=SECRET_ACTOR)))
            for kind, payload, moment in spec.events:
                ops.append(pc.op("request_event", pc.event(
                    req["id"], kind, payload, created_at=stamp(moment),
                    actor_name=SECRET_ACTOR)))
        body = pc.push(ops).json()
        assert body["rejected"] == [], body["rejected"][:2]


# -- the independent computation --------------------------------------------------------

def places(level: str) -> dict[str, str]:
    """office code -> the key of *level*."""
    offices = json.loads((RESOURCES / "offices.json").read_text("utf-8"))["offices"]
    with open(RESOURCES / "districts.csv", encoding="utf-8", newline="") as fh:
        parent = {r["id"]: r["parent_id"] for r in csv.DictReader(fh)}
    return {o["code"]: {"office": o["code"], "district": o["district_id"],
                        "province": parent[o["district_id"]]}[level] for o in offices}


def expected_kpis(specs: list[Spec], level: str, start: date, end: date) -> dict:
    lo = datetime(start.year, start.month, start.day, tzinfo=PKT_ZONE)
    hi = datetime(end.year, end.month, end.day, tzinfo=PKT_ZONE) + timedelta(days=1)
    where = places(level)
    cells: dict[tuple[str, str], dict] = {}
    for spec in specs:
        if spec.created >= hi:
            continue
        cell = cells.setdefault((where[spec.office], spec.service), {
            "received": 0, "completed": 0, "backlog": 0, "overdue": 0, "turnaround": [],
            "on_time": 0, "ratings": []})
        events = [{"id": f"{i:04d}", "hlc": f"{i:04d}", "kind": kind, "payload": payload,
                   "created_at": stamp(moment)}
                  for i, (kind, payload, moment) in enumerate(spec.events, 1) if moment < hi]
        state = fold(events)
        if spec.created >= lo:
            cell["received"] += 1
        if state.status.value in ("submitted", "in_review", "approved", "reopened"):
            cell["backlog"] += 1
            if end > spec.due:
                cell["overdue"] += 1
        done = state.status.value == "completed" or (state.status.value == "closed"
                                                      and state.resolved)
        if not done:
            continue
        changes = [(payload["to"], m) for k, payload, m in spec.events
                   if k == "status_changed" and m < hi]
        finished = max((m for to, m in changes if to == "completed"), default=None) or \
            max(m for to, m in changes if to == "closed")
        if finished < lo:
            continue
        cell["completed"] += 1
        cell["turnaround"].append((finished - spec.created).total_seconds() / 86400)
        if (finished + timedelta(hours=5)).date() <= spec.due:
            cell["on_time"] += 1
        if state.rating is not None:
            cell["ratings"].append(state.rating)
    out = {}
    for key, c in cells.items():
        if not (c["received"] or c["completed"] or c["backlog"]):
            continue
        out[key] = {
            "received": c["received"], "completed": c["completed"], "backlog": c["backlog"],
            "overdue": c["overdue"],
            "median_turnaround_days": round(statistics.median(c["turnaround"]), 2)
            if c["turnaround"] else None,
            "within_sla": round(c["on_time"] / c["completed"], 4) if c["completed"] else None,
            "mean_feedback": round(statistics.fmean(c["ratings"]), 2) if c["ratings"] else None,
            "feedback_n": len(c["ratings"])}
    return out


def suppressed(cell: dict) -> dict:
    """The public form of an expected cell, applying the rules independently."""
    def count(v):
        return "<5" if 1 <= v <= 4 else str(v)
    ok = cell["completed"] >= 5
    return {"received": count(cell["received"]), "completed": count(cell["completed"]),
            "backlog": count(cell["backlog"]), "overdue": count(cell["overdue"]),
            "feedback_n": count(cell["feedback_n"]),
            "median_turnaround_days": str(cell["median_turnaround_days"]) if ok else "",
            "within_sla_pct": str(round(100 * cell["within_sla"], 1)) if ok else "",
            "mean_feedback": str(float(cell["mean_feedback"])) if cell["feedback_n"] >= 5
            else ""}


# -- fixtures ---------------------------------------------------------------------------

@pytest.fixture
def seeded(new_pc, server_app, server_client):
    specs = make_specs()
    push_specs(new_pc, specs)
    return server_app, server_client, specs


def kpi_rows(app, level, start, end):
    with app.state.engine.connect() as conn:
        return kpi.service_kpis(conn, level=level, start=start, end=end)


# -- tests ------------------------------------------------------------------------------

@pytest.mark.parametrize("level", ["office", "district", "province"])
def test_kpis_match_an_independent_computation(seeded, level):
    app, _, specs = seeded
    for start, end in (PERIOD, (date(2026, 11, 10), date(2026, 11, 20)),
                       (date(2026, 10, 1), date(2026, 12, 31))):
        got = {(r.area_code, r.service_code): {
            k: getattr(r, k) for k in ("received", "completed", "backlog", "overdue",
                                       "median_turnaround_days", "within_sla",
                                       "mean_feedback", "feedback_n")}
            for r in kpi_rows(app, level, start, end)}
        want = expected_kpis(specs, level, start, end)
        assert got.keys() == want.keys()
        for key in want:
            w, g = want[key], got[key]
            assert g["median_turnaround_days"] == pytest.approx(
                w.pop("median_turnaround_days"), abs=0.011), key
            g.pop("median_turnaround_days")
            assert g == w, key


def test_the_data_covers_every_case(seeded):
    """The fixed data set is not trivial: each figure is non-zero somewhere."""
    app, _, _ = seeded
    rows = kpi_rows(app, "district", *PERIOD)
    for name in ("received", "completed", "backlog", "overdue", "feedback_n"):
        assert sum(getattr(r, name) for r in rows) > 0, name
    assert any(r.within_sla not in (None, 0, 1) for r in rows)
    assert {r.area_code for r in rows} >= {"PK617", "PK622", "PK721", "PK401"}


def test_kpi_names_and_province_level(seeded):
    app, _, _ = seeded
    rows = kpi_rows(app, "province", *PERIOD)
    punjab = [r for r in rows if r.area_code == "PK6"]
    assert punjab and punjab[0].area_name_en == "Punjab"
    assert punjab[0].service_name_en in ("Domicile certificate",
                                         "Birth registration (birth certificate)")
    with pytest.raises(ValueError):
        kpi_rows(app, "tehsil", *PERIOD)


def test_status_lookup_uses_the_event_index(server_app):
    """A request's newest status change (Open311) is an index seek on (request_id, kind, hlc);
    the KPI statement reads the events in one pass, with no per-request subquery."""
    from sqlalchemy import select

    from server.tables import service_request as r

    lookup = select(r.c.tracking_number, kpi.status_at(r.c.id, "9999")).where(
        r.c.tracking_number == "LHR1-261128-010001-A")
    stmt = kpi.kpi_statement(level="district", start=PERIOD[0], end=PERIOD[1])
    with server_app.state.engine.connect() as conn:
        sql = str(lookup.compile(conn, compile_kwargs={"literal_binds": True}))
        kpi_sql = str(stmt.compile(conn, compile_kwargs={"literal_binds": True}))
        assert kpi_sql.count("FROM request_event") == 1
        if conn.dialect.name == "sqlite":
            plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
        else:
            conn.exec_driver_sql("SET enable_seqscan = off")
            plan = " ".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + sql))
        assert "ix_request_event_request_kind_hlc" in plan, plan


@pytest.mark.parametrize("level", ["office", "district", "province"])
def test_csv_is_suppressed_and_matches(seeded, level):
    _, client, specs = seeded
    resp = client.get(f"/transparency/kpis.csv?level={level}&from=2026-11-01&to=2026-11-30")
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith("text/csv")
    assert "attachment" in resp.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    assert tuple(rows[0].keys()) == transparency.CSV_COLUMNS
    want = expected_kpis(specs, level, *PERIOD)
    assert {(r["area_code"], r["service_code"]) for r in rows} == set(want)
    for r in rows:
        exp = suppressed(want[(r["area_code"], r["service_code"])])
        got = {k: r[k] for k in exp}
        for k in ("median_turnaround_days",):
            if exp[k]:
                assert float(got.pop(k)) == pytest.approx(float(exp.pop(k)), abs=0.011)
        assert got == {k: v for k, v in exp.items() if k in got}, r
        assert r["start"] == "2026-11-01" and r["end"] == "2026-11-30"
    assert any(r["received"] == "<5" for r in rows) or level == "province"


def test_small_place_is_suppressed(seeded):
    _, client, _ = seeded
    rows = list(csv.DictReader(io.StringIO(client.get(
        "/transparency/kpis.csv?level=office&from=2026-11-01&to=2026-11-30").text)))
    isb = [r for r in rows if r["area_code"] == "ISB1"]
    assert len(isb) == 1
    assert isb[0]["received"] == "<5" and isb[0]["completed"] == "<5"
    assert isb[0]["median_turnaround_days"] == "" and isb[0]["within_sla_pct"] == ""
    assert isb[0]["mean_feedback"] == "" and isb[0]["feedback_n"] == "<5"
    assert isb[0]["backlog"] == "0"  # zero names nobody
    page = client.get("/transparency?from=2026-11-01&to=2026-11-30").text
    section = page.split('id="PK401"', 1)[1].split("</section>", 1)[0]
    assert "&lt;5" in section and "<td>3</td>" not in section


def test_page_is_readable_html_with_links(seeded):
    _, client, _ = seeded
    resp = client.get("/transparency?from=2026-11-01&to=2026-11-30")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/html")
    page = resp.text
    assert '<meta name="viewport"' in page and "<style>" in page
    assert "Lahore" in page and "South Karachi" in page and "Domicile certificate" in page
    assert 'lang="ur"' in page and "ضلع" in page
    for level in ("district", "office", "province"):
        assert f"/transparency/kpis.csv?level={level}&amp;from=2026-11-01&amp;to=2026-11-30" \
            in page
    assert client.get("/transparency").status_code == 200  # default period


def test_bad_parameters_are_problems(server_client):
    assert server_client.get("/transparency/kpis.csv?level=street").status_code == 422
    resp = server_client.get("/transparency/kpis.csv?from=2026-13-01")
    assert resp.status_code == 400 and resp.json()["code"] == "bad_date"
    resp = server_client.get("/transparency?from=2026-11-30&to=2026-11-01")
    assert resp.status_code == 400 and resp.json()["code"] == "bad_period"


def test_empty_server_has_an_empty_csv_and_page(server_client):
    resp = server_client.get("/transparency/kpis.csv")
    assert resp.status_code == 200
    assert resp.text.strip() == ",".join(transparency.CSV_COLUMNS)
    assert "No requests" in server_client.get("/transparency").text


def test_figures_are_cached_for_a_while(server_client, monkeypatch):
    calls = []
    real = kpi.service_kpis

    def counting(*args, **kw):
        calls.append(kw["level"])
        return real(*args, **kw)

    monkeypatch.setattr(kpi, "service_kpis", counting)
    for _ in range(3):
        assert server_client.get("/transparency/kpis.csv?from=2026-11-01&to=2026-11-30") \
            .status_code == 200
    assert calls == ["district"]
    monkeypatch.setattr(transparency, "CACHE_SECONDS", 0)
    server_client.get("/transparency/kpis.csv?from=2026-11-01&to=2026-11-30")
    assert calls == ["district", "district"]
