"""The public transparency page and its CSV downloads: service KPIs as open data.

Public and unauthenticated. Only aggregates leave the server (counts, medians, shares per
place × service × period, from :mod:`server.kpi`), never a request, a citizen or any text
somebody typed.

Small-cell suppression (:data:`MIN_CELL` = 5)
---------------------------------------------
A figure about fewer than five requests could point at a person in a small place, so:

* a count (``received``, ``completed``, ``backlog``, ``overdue``, ``feedback_n``) from 1
  to 4 is published as ``<5`` (zero is published: it names nobody);
* ``median_turnaround_days`` and ``within_sla_pct`` are published only when at least five
  requests were completed, ``mean_feedback`` only when at least five ratings were given;
  otherwise the cell is empty.

Each cell is judged on its own (no complementary suppression): a total and all but one of
its parts could still reveal the last part. The published levels (office, district,
province) nest, so this is said here rather than hidden.

Endpoints: ``GET /transparency`` (HTML, English with Urdu headings) and
``GET /transparency/kpis.csv?level=district|office|province&from=YYYY-MM-DD&to=YYYY-MM-DD``
(default: district, the last 90 days). Figures are computed at most every
:data:`CACHE_SECONDS` per level and period (they may lag the pushes by that much).
"""

from __future__ import annotations

import csv
import io
import threading
import time
from datetime import date
from html import escape
from itertools import groupby
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from server import kpi
from server.errors import ApiError
from server.feed import read_conn

router = APIRouter(prefix="/transparency", tags=["transparency"])

MIN_CELL = 5
#: The dates a period may start or end on (far enough from the calendar's ends that
#: the period arithmetic cannot overflow).
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)
CACHE_SECONDS = 300
CACHE_ENTRIES = 256
_lock = threading.Lock()
SUPPRESSED = "<5"
COUNTS = ("received", "completed", "backlog", "overdue", "feedback_n")
CSV_COLUMNS = ("level", "area_code", "area_name_en", "service_code", "service_name_en",
               "start", "end", "received", "completed", "backlog", "overdue",
               "median_turnaround_days", "within_sla_pct", "mean_feedback", "feedback_n")


def public_row(row: kpi.KpiRow) -> dict:
    """A KPI row with small cells suppressed and nothing but :data:`CSV_COLUMNS`."""
    out: dict = {c: getattr(row, c) for c in CSV_COLUMNS if hasattr(row, c)}
    for name in COUNTS:
        if 0 < out[name] < MIN_CELL:
            out[name] = SUPPRESSED
    enough_done = row.completed >= MIN_CELL
    out["median_turnaround_days"] = row.median_turnaround_days if enough_done else None
    out["within_sla_pct"] = round(100 * row.within_sla, 1) \
        if enough_done and row.within_sla is not None else None
    out["mean_feedback"] = row.mean_feedback if row.feedback_n >= MIN_CELL else None
    return out


def _period(start: str | None, end: str | None) -> tuple[date, date]:
    d_start, d_end = kpi.default_period()
    try:
        lo = date.fromisoformat(start) if start else None
        hi = date.fromisoformat(end) if end else None
    except ValueError:
        raise ApiError(400, "bad_date", "'from' and 'to' are dates written as YYYY-MM-DD.") \
            from None
    if any(d is not None and not FIRST_DAY <= d <= LAST_DAY for d in (lo, hi)):
        raise ApiError(400, "bad_date", f"'from' and 'to' are dates between {FIRST_DAY.year} and "
                                        f"{LAST_DAY.year}.")
    hi = hi or (d_end if lo is None else max(d_end, lo))
    lo = lo or hi - (d_end - d_start)
    if hi < lo:
        raise ApiError(400, "bad_period", "The period ends ('to') before it starts ('from').")
    if (hi - lo).days > 366 * 10:
        raise ApiError(400, "bad_period", "Ask for at most ten years at once.")
    return lo, hi


def _rows(request: Request, level: str, lo: date, hi: date) -> list[kpi.KpiRow]:
    """The KPI rows, from a cache kept :data:`CACHE_SECONDS`: the page is public and the
    query reads every request held, so repeated or hostile reloads must not rerun it."""
    state = request.app.state
    if not hasattr(state, "transparency_cache"):
        state.transparency_cache = {}
    cache: dict = state.transparency_cache
    key = (level, lo, hi)
    hit = cache.get(key)
    if hit is not None and time.monotonic() - hit[0] < CACHE_SECONDS:
        return hit[1]
    with _lock:  # one computation at a time; the others wait and then find it cached
        hit = cache.get(key)
        if hit is not None and time.monotonic() - hit[0] < CACHE_SECONDS:
            return hit[1]
        with read_conn(state.engine) as conn, conn.begin():
            rows = kpi.service_kpis(conn, level=level, start=lo, end=hi)
        if len(cache) >= CACHE_ENTRIES:
            cache.clear()
        cache[key] = (time.monotonic(), rows)
        return rows


@router.get("/kpis.csv", response_class=Response)
async def kpis_csv(request: Request,
                   level: Annotated[str, Query(pattern="^(district|office|province)$")]
                   = "district",
                   start: Annotated[str | None, Query(alias="from")] = None,
                   end: Annotated[str | None, Query(alias="to")] = None) -> Response:
    """Anonymized KPI aggregates per *level* × service, small cells suppressed."""
    lo, hi = _period(start, end)
    rows = await run_in_threadpool(_rows, request, level, lo, hi)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in public_row(row).items()})
    name = f"daftar-kpis-{level}-{lo.isoformat()}-{hi.isoformat()}.csv"
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


# -- the page ---------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Nastaliq Urdu",sans-serif;
 margin:0;color:#1d2733;background:#f6f7f9;line-height:1.45}
header,main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}
header{padding-top:1.25rem}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.6rem 0 .4rem}
.ur{font-family:"Noto Nastaliq Urdu","Jameel Noori Nastaleeq",serif;font-weight:normal;
 color:#44515f;display:block;font-size:.95em}
.note{color:#44515f;font-size:.9rem}
.wrap{overflow-x:auto;background:#fff;border:1px solid #d9dee4;border-radius:6px}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{padding:.45rem .6rem;border-bottom:1px solid #eceff2;text-align:right;white-space:nowrap}
th:first-child,td:first-child{text-align:left;white-space:normal}
thead th{background:#eef1f4;font-weight:600;vertical-align:bottom}
form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin:.6rem 0}
label{display:flex;flex-direction:column;font-size:.85rem}
input,button{font:inherit;padding:.3rem .4rem}
a{color:#0b5cad}
@media (max-width:40rem){th,td{padding:.35rem .4rem;font-size:.82rem}}
"""

_HEADINGS = (("service_name_en", "Service", "خدمت"), ("received", "Received", "موصول"),
             ("completed", "Completed", "مکمل"), ("backlog", "Pending", "زیر التوا"),
             ("overdue", "Overdue", "تاخیر شدہ"),
             ("median_turnaround_days", "Median days", "اوسط دن"),
             ("within_sla_pct", "On time %", "بروقت %"),
             ("mean_feedback", "Rating (1–5)", "شہری رائے"))


def _cell(value) -> str:
    if value is None:
        return '<td title="not published">–</td>'
    return f"<td>{escape(str(value))}</td>"


def render_page(rows: list[kpi.KpiRow], lo: date, hi: date) -> str:
    """The transparency page for district × service rows (suppressed, escaped)."""
    period = urlencode({"from": lo.isoformat(), "to": hi.isoformat()})
    links = " · ".join(
        f'<a href="/transparency/kpis.csv?level={lvl}&amp;{escape(period)}">{name}</a>'
        for lvl, name in (("district", "per district"), ("office", "per office"),
                          ("province", "per province")))
    head = "".join(f'<th scope="col">{en}<span class="ur" lang="ur" dir="rtl">{ur}</span></th>'
                   for _, en, ur in _HEADINGS)
    sections = []
    for (code, name_en, name_ur), group in groupby(
            rows, key=lambda r: (r.area_code, r.area_name_en, r.area_name_ur)):
        body = []
        for row in group:
            pub = public_row(row)
            cells = "".join(_cell(pub[k]) for k, _, _ in _HEADINGS[1:])
            body.append(f"<tr><td>{escape(row.service_name_en)}"
                        f'<span class="ur" lang="ur" dir="rtl">{escape(row.service_name_ur)}'
                        f"</span></td>{cells}</tr>")
        sections.append(
            f'<section id="{escape(code)}"><h2>{escape(name_en)}'
            f'<span class="ur" lang="ur" dir="rtl">{escape(name_ur)}</span></h2>'
            f'<div class="wrap"><table><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div></section>')
    if not sections:
        sections.append("<p>No requests were registered or pending in this period.</p>")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Daftar — service delivery by district</title><style>{_CSS}</style></head>
<body><header>
<h1>Service delivery by district<span class="ur" lang="ur" dir="rtl">ضلع وار سرکاری خدمات کی کارکردگی</span></h1>
<p class="note">Requests registered at district offices from {lo.isoformat()} to {hi.isoformat()}
(Pakistan dates). <em>Completed</em>: done, or closed with the citizen's request resolved.
<em>Pending</em> and <em>Overdue</em>: open at the end of the period, and past the due date
(working days). <em>On time</em>: share of completed requests done by their due date.</p>
<form method="get" action="/transparency">
<label>From <input type="date" name="from" value="{lo.isoformat()}"></label>
<label>To <input type="date" name="to" value="{hi.isoformat()}"></label>
<button type="submit">Show</button></form>
<p>Download the figures (CSV)<span class="ur" lang="ur" dir="rtl">اعداد و شمار ڈاؤن لوڈ کریں</span>
{links} · <a href="/open311/v2/services.json">Open311 API</a></p>
</header><main>{"".join(sections)}</main>
<footer><p class="note">No personal data is published: no names, CNICs, phone numbers or
anything a citizen or clerk wrote. A count under {MIN_CELL} is shown as “{escape(SUPPRESSED)}”,
and a median, share or rating resting on fewer than {MIN_CELL} requests is not shown (–),
so that no single citizen can be picked out.</p></footer>
</body></html>
"""


@router.get("", response_class=HTMLResponse)
async def page(request: Request, start: Annotated[str | None, Query(alias="from")] = None,
               end: Annotated[str | None, Query(alias="to")] = None) -> HTMLResponse:
    """KPIs per district and service, as a page anyone can read."""
    lo, hi = _period(start, end)
    rows = await run_in_threadpool(_rows, request, "district", lo, hi)
    return HTMLResponse(render_page(rows, lo, hi))
