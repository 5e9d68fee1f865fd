"""Service KPIs from the local store: per office, service and period.

Definitions (all dates are Pakistan dates, UTC+5, like due dates):

* **received** — requests registered in the period (``service_request.created_at``).
* **completed** — requests whose SLA clock stopped in the period and is still stopped
  (current status completed, rejected or closed; see ``models.workflow.STOPPED_CLOCK``).
  The stop time is the *latest* ``status_changed`` event to ``completed`` or ``rejected``:
  for a request still ``completed``/``rejected`` that is ``request_state.status_changed_at``;
  for a ``closed`` one it is the newest such event, read backwards through the
  ``(request_id, hlc)`` index (two rows per request). A reopened request that is open again counts as open.
* **backlog** — registered by the end of the period and not completed by then.
* **median_turnaround_days** — calendar days (fractional) from registration to the stop,
  over the period's completed requests.
* **within_sla** — share of the period's completed requests whose stop date is on or before
  the due date (the due date counts working days, ``models.sla``).
* **mean_feedback** — mean citizen rating (1..5, ``request_state.rating``) of the period's
  completed requests that have one, with ``feedback_n``.
* Cost: the one expensive part is the stop time of ``closed`` requests (an index seek per
  request into ``request_event``: about two thirds of the query at 10⁶ requests). Should
  ``request_state`` gain a ``finished_at`` column (the fold knows it), the query uses it
  and skips the lookups.
* **overdue** (:func:`overdue_requests`) — open requests past their due date, through the
  ``ix_request_state_open_due`` index.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, text

from analysis._types import ToDict

PKT_OFFSET = pd.Timedelta(hours=5)
_UNIX_JD = 2440587.5  # the Julian day of 1970-01-01T00:00Z
PERIODS = ("day", "week", "month", "quarter", "year")

_REQUESTS_SQL = """
SELECT r.office_code, o.district_id, d.parent_id, r.service_code,
       julianday(r.created_at), julianday(r.due_date),
       s.is_open, s.status, s.rating,
       CASE WHEN s.is_open THEN NULL {projected}
            WHEN s.status IN ('completed', 'rejected') THEN julianday(s.status_changed_at)
            ELSE (SELECT julianday(e.created_at) FROM request_event e
                  WHERE e.request_id = s.request_id AND e.kind = 'status_changed'
                    AND json_extract(e.payload, '$.to') IN ('completed', 'rejected')
                  ORDER BY e.hlc DESC LIMIT 1)
       END AS finished_at
FROM service_request r JOIN request_state s ON s.request_id = r.id
JOIN office o ON o.code = r.office_code LEFT JOIN area d ON d.id = o.district_id
WHERE r.created_at < :before {extra}
"""


@contextlib.contextmanager
def connection(source) -> Iterator[Connection]:
    """A read connection from a ``Store``, an ``Engine`` or an open ``Connection``."""
    if isinstance(source, Connection):
        yield source
        return
    engine: Engine = source.engine if hasattr(source, "engine") else source
    with engine.connect() as conn, conn.begin():
        yield conn


def _utc_bound(day: date) -> str:
    """The UTC timestamp text at which Pakistan date *day* begins."""
    moment = datetime(day.year, day.month, day.day) - timedelta(hours=5)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def request_facts(source, *, end: date | None = None, offices: tuple[str, ...] = (),
                  services: tuple[str, ...] = ()) -> pd.DataFrame:
    """One row per request registered before the end of *end* (Pakistan date): office,
    service, created, due, finished (NaT while open), rating."""
    params: dict = {"before": _utc_bound(end + timedelta(days=1)) if end else "9999"}
    extra = ""
    for col, values in (("r.office_code", offices), ("r.service_code", services)):
        if values:
            names = [f"{col[2:]}{i}" for i in range(len(values))]
            extra += f" AND {col} IN ({', '.join(':' + n for n in names)})"
            params.update(dict(zip(names, values, strict=True)))
    with connection(source) as conn:
        # When the projection keeps the clock-stop time itself, no event lookups are needed.
        columns = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(request_state)")}
        projected = "WHEN s.finished_at IS NOT NULL THEN julianday(s.finished_at)" \
            if "finished_at" in columns else ""
        # The DB-API cursor: SQLAlchemy's Row objects cost more than the query at 10⁶ rows.
        cur = conn.connection.driver_connection.cursor()
        try:
            rows = cur.execute(_REQUESTS_SQL.format(extra=extra, projected=projected),
                               params).fetchall()
        finally:
            cur.close()
    df = pd.DataFrame.from_records(rows, columns=["office_code", "district", "province",
                                                  "service_code", "created_at", "due_date",
                                     "is_open", "status", "rating", "finished_at"])
    # Julian day numbers from SQLite: parsing a million timestamp strings in pandas takes
    # seconds, SQLite's julianday() a fraction of that.
    for col in ("created_at", "finished_at", "due_date"):
        jd = pd.to_numeric(df[col], errors="coerce").astype(float)
        df[col] = pd.to_datetime(jd - _UNIX_JD, unit="D", utc=col != "due_date").dt.round("ms")
    df["rating"] = pd.to_numeric(df["rating"], errors="coerce")
    for col in ("office_code", "district", "province", "service_code"):
        df[col] = df[col].astype("category")
    return df


@dataclass
class KPIResult(ToDict):
    """KPI rows: one per office × service × period (``period`` is ``"all"`` without one)."""

    start: str | None
    end: str | None
    period: str | None
    rows: list[dict] = field(default_factory=list)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows)


KPI_COLUMNS = ["province", "district", "office_code", "service_code", "period", "received",
               "completed", "backlog", "median_turnaround_days", "within_sla",
               "mean_feedback", "feedback_n"]


def _period_start(days: pd.Series, period: str | None) -> pd.Series:
    """The first day of each day's period (NaT stays NaT), by numpy date arithmetic:
    ``Series.dt.to_period`` builds a Python object per row (seconds at 10⁶ rows)."""
    v = days.to_numpy(dtype="datetime64[ns]")
    if period is None:
        out = np.where(np.isnat(v), np.datetime64("NaT"), np.datetime64("1970-01-01"))
    elif period == "day":
        out = v.astype("datetime64[D]")
    elif period == "week":  # weeks start on Monday (1970-01-01 was a Thursday)
        d = v.astype("datetime64[D]")
        out = d - ((d.astype("int64") + 3) % 7).astype("timedelta64[D]")
    elif period in ("month", "quarter"):
        m = v.astype("datetime64[M]")
        if period == "quarter":
            m = m - (m.astype("int64") % 3).astype("timedelta64[M]")
        out = m.astype("datetime64[D]")
    elif period == "year":
        out = v.astype("datetime64[Y]").astype("datetime64[D]")
    else:
        raise ValueError(f"unknown period {period!r}; use one of {', '.join(PERIODS)}")
    out = np.where(np.isnat(v), np.datetime64("NaT"), out)
    return pd.Series(out.astype("datetime64[ns]"), index=days.index)


def _period_label(start: pd.Timestamp, period: str | None) -> str:
    if period is None:
        return "all"
    if period == "day":
        return start.strftime("%Y-%m-%d")
    if period == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return start.strftime("%Y-%m")
    if period == "quarter":
        return f"{start.year}Q{(start.month - 1) // 3 + 1}"
    return str(start.year)


def service_kpis(source, *, start: date | None = None, end: date | None = None,
                 period: str | None = "month", offices: tuple[str, ...] = (),
                 services: tuple[str, ...] = (), by: tuple[str, ...] = (
                     "office_code", "service_code")) -> KPIResult:
    """KPIs between *start* and *end* (inclusive Pakistan dates; open-ended when ``None``),
    per *by* columns and *period* (``day``/``week``/``month``/``quarter``/``year`` or
    ``None`` for the whole range). *by* may name ``province``, ``district``,
    ``office_code`` and ``service_code``; ``by=()`` gives totals."""
    facts = request_facts(source, end=end, offices=offices, services=services)
    return kpis_from_facts(facts, start=start, end=end, period=period, by=by)


def kpis_from_facts(facts: pd.DataFrame, *, start: date | None = None,
                    end: date | None = None, period: str | None = "month",
                    by: tuple[str, ...] = ("office_code", "service_code")) -> KPIResult:
    by = list(by)
    if by and facts[by].isna().any().any():  # groupby would drop rows with a missing key
        facts = facts.assign(**{b: facts[b].astype(object).fillna("") for b in by})
    created_day = (facts["created_at"] + PKT_OFFSET).dt.tz_localize(None).dt.normalize()
    finished_day = (facts["finished_at"] + PKT_OFFSET).dt.tz_localize(None).dt.normalize()
    turnaround = (facts["finished_at"] - facts["created_at"]).dt.total_seconds() / 86400
    within = (finished_day <= facts["due_date"]).where(finished_day.notna())
    lo = pd.Timestamp(start) if start else None
    hi = pd.Timestamp(end) if end else None

    created_key = _period_start(created_day, period)
    finished_key = _period_start(finished_day, period)

    def in_range(days: pd.Series) -> pd.Series:
        ok = days.notna()
        if lo is not None:
            ok &= days >= lo
        if hi is not None:
            ok &= days <= hi
        return ok

    base = facts[by].astype("category") if by else pd.DataFrame(index=facts.index)
    rec = base[in_range(created_day)].assign(period=created_key)
    received = rec.groupby([*by, "period"], observed=True).size().rename("received")
    done_mask = in_range(finished_day)
    done = base[done_mask].assign(period=finished_key[done_mask],
                                  turnaround=turnaround[done_mask],
                                  within=within[done_mask].astype(float),
                                  rating=facts["rating"][done_mask])
    g = done.groupby([*by, "period"], observed=True)
    completed = pd.concat([g.size().rename("completed"),
                           g["turnaround"].median().rename("median_turnaround_days"),
                           g["within"].mean().rename("within_sla"),
                           g["rating"].mean().rename("mean_feedback"),
                           g["rating"].count().rename("feedback_n")], axis=1)
    table = pd.concat([received, completed], axis=1, sort=True).reset_index()
    if table.empty:
        return KPIResult(_iso(start), _iso(end), period, [])
    table[["received", "completed", "feedback_n"]] = \
        table[["received", "completed", "feedback_n"]].fillna(0).astype(int)
    table["backlog"] = _backlog(table, base, by, created_day, finished_day, created_key,
                                finished_key, period, hi)
    table = table.sort_values([*by, "period"]).reset_index(drop=True)
    labels = {p: _period_label(p, period) for p in table["period"].unique()}
    table["period"] = table["period"].map(labels)
    for b in by:
        table[b] = table[b].astype(str)
    cols = [c for c in KPI_COLUMNS if c in table]
    rows = table[cols].replace({np.nan: None}).to_dict(orient="records")
    return KPIResult(_iso(start), _iso(end), period, rows)


def _backlog(table: pd.DataFrame, base: pd.DataFrame, by: list[str], created_day: pd.Series,
             finished_day: pd.Series, created_key: pd.Series, finished_key: pd.Series,
             period: str | None, hi) -> np.ndarray:
    """Requests registered by the end of each row's period and not completed by then:
    cumulative received minus cumulative completed over the whole history."""
    if period is None:
        end = hi if hi is not None else max(created_day.max(), finished_day.max())
        open_at_end = base.assign(n=((created_day <= end) & ~(finished_day <= end)).astype(int))
        if not by:
            return np.full(len(table), int(open_at_end["n"].sum()))
        counts = open_at_end.groupby(by, observed=True)["n"].sum()
        keys = pd.MultiIndex.from_frame(table[by]) if len(by) > 1 else table[by[0]]
        return counts.reindex(keys).fillna(0).astype(int).to_numpy()
    done = finished_day.notna()
    ins = base.assign(period=created_key, d=1)
    outs = base[done].assign(period=finished_key[done], d=-1)
    flow = pd.concat([ins, outs]).groupby([*by, "period"], observed=True)["d"].sum()
    flow = flow.sort_index()
    level = flow.groupby(level=by, observed=True).cumsum() if by else flow.cumsum()
    # A row's period may have no flow of its own in *level*; take the latest earlier one.
    out = []
    lookup = {k: v for k, v in level.groupby(level=by, observed=True)} if by else {(): level}
    for row in table.itertuples(index=False):
        k = tuple(getattr(row, b) for b in by)
        series = lookup.get(k if len(k) != 1 else k[0])
        if series is None:
            out.append(0)
            continue
        periods = series.index.get_level_values("period")
        pos = periods.searchsorted(row.period, side="right") - 1
        out.append(int(series.iloc[pos]) if pos >= 0 else 0)
    return np.array(out, dtype=int)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


@dataclass
class OverdueRequest(ToDict):
    tracking_number: str
    office_code: str
    service_code: str
    status: str
    due_date: str
    days_overdue: int


def overdue_requests(source, *, today: date, offices: tuple[str, ...] = (),
                     services: tuple[str, ...] = (), limit: int | None = 500
                     ) -> list[OverdueRequest]:
    """Open requests whose due date is before *today*, most overdue first (no PII)."""
    params: dict = {"today": today.isoformat()}
    extra = ""
    for col, values in (("r.office_code", offices), ("s.service_code", services)):
        if values:
            names = [f"{col[2:]}{i}" for i in range(len(values))]
            extra += f" AND {col} IN ({', '.join(':' + n for n in names)})"
            params.update(dict(zip(names, values, strict=True)))
    sql = ("SELECT r.tracking_number, r.office_code, s.service_code, s.status, s.due_date "
           "FROM request_state s JOIN service_request r ON r.id = s.request_id "
           f"WHERE s.is_open = 1 AND s.due_date < :today {extra} ORDER BY s.due_date, r.tracking_number")
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    with connection(source) as conn:
        rows = conn.execute(text(sql), params).all()
    return [OverdueRequest(r.tracking_number, r.office_code, r.service_code, r.status,
                           r.due_date, (today - date.fromisoformat(r.due_date)).days)
            for r in rows]


def count_overdue(source, *, today: date) -> int:
    with connection(source) as conn:
        return conn.execute(text("SELECT count(*) FROM request_state "
                                 "WHERE is_open = 1 AND due_date < :t"),
                            {"t": today.isoformat()}).scalar_one()


@dataclass
class Snapshot(ToDict):
    """Dashboard tiles that index lookups answer in milliseconds at any size."""

    today: str
    open: int
    overdue: int
    received_today: int
    received_last_30_days: int


def snapshot(source, *, today: date) -> Snapshot:
    """Open and overdue requests (``ix_request_state_open_due``) and requests received
    today and in the last 30 days (``ix_service_request_created_at``)."""
    q = ("SELECT (SELECT count(*) FROM request_state WHERE is_open = 1), "
         "(SELECT count(*) FROM request_state WHERE is_open = 1 AND due_date < :today), "
         "(SELECT count(*) FROM service_request WHERE created_at >= :day0), "
         "(SELECT count(*) FROM service_request WHERE created_at >= :day30)")
    with connection(source) as conn:
        row = conn.execute(text(q), {"today": today.isoformat(), "day0": _utc_bound(today),
                                     "day30": _utc_bound(today - timedelta(days=29))}).one()
    return Snapshot(today.isoformat(), *row)
