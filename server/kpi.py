"""Service KPIs on the central server: per office, district or province × service × period.

One SQL statement (SQLAlchemy Core, the same on SQLite and PostgreSQL) computes every
figure; Python only adds names. A request's state is the fold of :mod:`models.events`
done in SQL: the newest ``status_changed`` event by ``(hlc, id)`` decides the status.

Definitions (*start* and *end* are Pakistan dates, both inclusive; a timestamp belongs to
the Pakistan date it falls on, UTC+5, like due dates). Everything is **as of the end of
the period**: only events created before the end of *end* count.

* **received** — requests registered in the period (``service_request.created_at``).
* **completed** — requests whose status at the end of the period is ``completed``, or
  ``closed`` with the outcome ``resolved`` (:data:`models.workflow.RESOLVED_OUTCOME`; a
  request closed unresolved, or rejected, is not completed), and whose completion falls in
  the period. The completion time is the newest status change to ``completed`` (or, for a
  request closed resolved without one, the newest change to ``closed``).
* **backlog** — requests registered by the end of the period whose status then is open
  (:func:`models.workflow.is_open`: not completed, closed or rejected).
* **overdue** — backlog requests whose due date is before the period's last day
  (:func:`models.sla.is_overdue` with *today* = *end*).
* **median_turnaround_days** — calendar days (fractional) from registration to completion,
  median over the period's completed requests (window functions, no ``percentile_cont``:
  SQLite has none).
* **within_sla** — share of the period's completed requests completed on or before their
  due date (due dates count working days, :mod:`models.sla`); ``within_sla_n`` their count.
* **mean_feedback** — mean citizen rating (1–5, the newest ``feedback`` event of the
  request) over the period's completed requests that have one; ``feedback_n`` their count.

How it runs: one pass over ``request_event`` (status changes and feedback before the end
of the period, grouped by request: a hash aggregate on PostgreSQL, a sort on SQLite; the
newest status change and rating are found as a maximum, no per-request subquery), joined
to the requests registered before the end (``ix_service_request_created_at``) and to
``office``/``area`` by primary key; the median is two window functions over the result.
The cost grows with the requests and events held, not with the period (a request
registered long ago may still be pending). :func:`status_at` is the per-request form
(an index seek on ``ix_request_event_request_kind_hlc``, migration 0003) that Open311 uses
for the few requests it answers with.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import (
    Connection,
    Float,
    String,
    and_,
    case,
    func,
    literal,
    not_,
    or_,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from models.workflow import RESOLVED_OUTCOME, STOPPED_CLOCK, Status
from server.tables import area, office, request_event, service, service_request

LEVELS = ("office", "district", "province")
DEFAULT_DAYS = 90
PKT = timedelta(hours=5)


# -- two portable SQL helpers -----------------------------------------------------------

class julian(FunctionElement):
    """Days (fractional) of an ISO 8601 UTC timestamp or a date, as a Julian day number."""

    type = Float()
    inherit_cache = True
    name = "julian"


@compiles(julian, "sqlite")
def _julian_sqlite(element, compiler, **kw):
    return f"julianday({compiler.process(element.clauses, **kw)})"


@compiles(julian, "postgresql")
def _julian_pg(element, compiler, **kw):
    # ``timestamp`` (without time zone) ignores the trailing Z: every stored time is UTC.
    return (f"(EXTRACT(EPOCH FROM CAST({compiler.process(element.clauses, **kw)} AS timestamp))"
            " / 86400.0 + 2440587.5)")


class json_field(FunctionElement):
    """The text of one top-level key of a JSON object stored as text (NULL when absent)."""

    type = String()
    # The key is written into the SQL text, so statements with it are not cached (a
    # cached statement would reuse another key).
    inherit_cache = False
    name = "json_field"

    def __init__(self, document, key: str) -> None:
        assert key.isidentifier(), key  # a constant of this module, never user input
        self.key = key
        super().__init__(document)


def _key(element) -> str:
    return element.key


@compiles(json_field, "sqlite")
def _json_sqlite(element, compiler, **kw):
    doc = compiler.process(element.clauses, **kw)
    return f"CAST(json_extract({doc}, '$.{_key(element)}') AS TEXT)"


@compiles(json_field, "postgresql")
def _json_pg(element, compiler, **kw):
    doc = compiler.process(element.clauses, **kw)
    return f"(CAST({doc} AS json) ->> '{_key(element)}')"


# -- periods ----------------------------------------------------------------------------

def today_pk(now: datetime | None = None) -> date:
    """Today's date in Pakistan."""
    return ((now or datetime.now(UTC)) + PKT).date()


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last :data:`DEFAULT_DAYS` days, today included."""
    end = today or today_pk()
    return end - timedelta(days=DEFAULT_DAYS - 1), end


def utc_bound(day: date) -> str:
    """The stored-timestamp text at which Pakistan date *day* begins."""
    moment = datetime(day.year, day.month, day.day) - PKT
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


# -- the per-request state, as of a moment ----------------------------------------------

def status_at(request_id, before: str):
    """``"<status>|<outcome>"`` of the newest status change before *before* (a scalar
    subquery; NULL when the status never changed: submitted)."""
    e = request_event.alias("st")
    label = (func.coalesce(json_field(e.c.payload, "to"), "") + literal("|")
             + func.coalesce(json_field(e.c.payload, "outcome"), ""))
    return (select(label)
            .where(e.c.request_id == request_id, e.c.kind == "status_changed",
                   e.c.created_at < before)
            .order_by(e.c.hlc.desc(), e.c.id.desc()).limit(1).scalar_subquery())


def is_open_state(state):
    """SQL: the state (see :func:`status_at`) is one where the office still owes something."""
    stopped = [state.like(f"{s.value}|%") for s in sorted(STOPPED_CLOCK)]
    return or_(state.is_(None), not_(or_(*stopped)))


#: One letter per status at the end of :func:`_events_per_request`'s ``last_status`` key.
DONE, RESOLVED, STOPPED, OPEN = "D", "R", "S", "O"


def _events_per_request(before: str):
    """One pass over the events before *before*, grouped by request: the newest status
    change and the newest rating, each found as the maximum of ``hlc id <value>`` (the
    fold's order: HLC, then id; a space sorts below every character of either), and the
    newest change to ``completed`` and to ``closed``."""
    e = request_event
    feedback = e.c.kind == "feedback"
    # MATERIALIZED (PostgreSQL): each payload is parsed once, however often its fields are
    # used below (it would otherwise inline the expressions into every use; SQLite is
    # faster without).
    evs = (select(e.c.request_id, e.c.created_at, feedback.label("is_feedback"),
                  (e.c.hlc + literal(" ") + e.c.id + literal(" ")).label("order_key"),
                  json_field(e.c.payload, "to").label("to"),
                  json_field(e.c.payload, "outcome").label("outcome"),
                  case((feedback, json_field(e.c.payload, "rating"))).label("rating"))
           .where(e.c.kind.in_(["status_changed", "feedback"]), e.c.created_at < before)
           .cte("evs").prefix_with("MATERIALIZED", dialect="postgresql"))
    to = evs.c.to
    letter = case((to == Status.COMPLETED.value, DONE),
                  (and_(to == Status.CLOSED.value, evs.c.outcome == RESOLVED_OUTCOME),
                   RESOLVED),
                  (to.in_([s.value for s in STOPPED_CLOCK]), STOPPED), else_=OPEN)
    changed = not_(evs.c.is_feedback)
    return (select(
        evs.c.request_id,
        func.max(case((changed, evs.c.order_key + letter))).label("last_status"),
        func.max(case((and_(changed, to == Status.COMPLETED.value), evs.c.created_at)))
        .label("completed_at"),
        func.max(case((and_(changed, to == Status.CLOSED.value), evs.c.created_at)))
        .label("closed_at"),
        func.max(case((evs.c.is_feedback,
                       evs.c.order_key + func.coalesce(evs.c.rating, "0"))))
        .label("last_rating"))
        .group_by(evs.c.request_id).subquery("ev"))


def _last_letter(column):
    return func.substr(column, func.length(column))


# -- the KPI query ----------------------------------------------------------------------

@dataclass
class KpiRow:
    """One cell of the KPI table: a place (office, district or province) × service."""

    level: str
    area_code: str
    area_name_en: str
    area_name_ur: str
    service_code: str
    service_name_en: str
    service_name_ur: str
    start: str
    end: str
    received: int
    completed: int
    backlog: int
    overdue: int
    median_turnaround_days: float | None
    within_sla: float | None  # share 0..1 of completed
    within_sla_n: int
    mean_feedback: float | None
    feedback_n: int

    def as_dict(self) -> dict:
        return asdict(self)


def kpi_statement(*, level: str, start: date, end: date, service_codes: tuple[str, ...] = (),
                  area_codes: tuple[str, ...] = ()):
    """The SELECT behind :func:`service_kpis` (exposed for ``EXPLAIN`` and benchmarks)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    lo, hi = utc_bound(start), utc_bound(end + timedelta(days=1))
    r = service_request
    district = area.alias("district")
    key = {"office": r.c.office_code, "district": office.c.district_id,
           "province": district.c.parent_id}[level]
    source = r.join(office, office.c.code == r.c.office_code)
    if level == "province":
        source = source.join(district, district.c.id == office.c.district_id)
    ev = _events_per_request(hi)
    source = source.outerjoin(ev, ev.c.request_id == r.c.id)
    facts = (select(key.label("place"), r.c.service_code, r.c.created_at, r.c.due_date,
                    _last_letter(ev.c.last_status).label("state"),
                    func.coalesce(ev.c.completed_at, ev.c.closed_at).label("done_at"),
                    func.nullif(_last_letter(ev.c.last_rating), "0").label("rating"))
             .select_from(source).where(r.c.created_at < hi))
    if service_codes:
        facts = facts.where(r.c.service_code.in_(service_codes))
    if area_codes:
        facts = facts.where(key.in_(area_codes))
    f = facts.cte("facts").prefix_with("MATERIALIZED", dialect="postgresql")

    done_in = and_(f.c.state.in_([DONE, RESOLVED]), f.c.done_at >= lo)
    open_ = or_(f.c.state.is_(None), f.c.state == OPEN)
    # completed on or before the due date, a Pakistan date: before its end (UTC+5)
    on_time = julian(f.c.done_at) < julian(f.c.due_date) + 19.0 / 24.0
    counts = select(
        f.c.place, f.c.service_code,
        func.sum(case((f.c.created_at >= lo, 1), else_=0)).label("received"),
        func.sum(case((done_in, 1), else_=0)).label("completed"),
        func.sum(case((open_, 1), else_=0)).label("backlog"),
        func.sum(case((and_(open_, f.c.due_date < end.isoformat()), 1), else_=0))
        .label("overdue"),
        func.sum(case((and_(done_in, on_time), 1), else_=0)).label("on_time"),
        func.avg(case((done_in, f.c.rating.cast(Float)))).label("mean_rating"),
        func.count(case((done_in, f.c.rating))).label("rating_n"),
    ).group_by(f.c.place, f.c.service_code).subquery("counts")
    # The median over the completed requests only: number them by turnaround within
    # their cell and average the middle one (odd count) or two (even): 2·rn ∈ [cnt, cnt+2].
    turnaround = (julian(f.c.done_at) - julian(f.c.created_at)).label("turnaround")
    part = (f.c.place, f.c.service_code)
    ranked = select(
        f.c.place, f.c.service_code, turnaround,
        func.row_number().over(partition_by=part, order_by=turnaround).label("rn"),
        func.count().over(partition_by=part).label("cnt"),
    ).where(done_in).subquery("ranked")
    k = ranked.c
    medians = (select(k.place, k.service_code, func.avg(k.turnaround).label("median"))
               .where(2 * k.rn >= k.cnt, 2 * k.rn <= k.cnt + 2)
               .group_by(k.place, k.service_code).subquery("medians"))
    c, m = counts.c, medians.c
    same_place = or_(m.place == c.place, and_(m.place.is_(None), c.place.is_(None)))
    return (select(c.place, c.service_code, c.received, c.completed, c.backlog, c.overdue,
                   m.median, c.on_time, c.mean_rating, c.rating_n)
            .select_from(counts.outerjoin(medians, and_(same_place,
                                                        m.service_code == c.service_code)))
            .order_by(c.place, c.service_code))


def service_kpis(conn: Connection, *, level: str = "district", start: date | None = None,
                 end: date | None = None, service_codes: tuple[str, ...] = (),
                 area_codes: tuple[str, ...] = (), include_empty: bool = False
                 ) -> list[KpiRow]:
    """KPI rows per *level* (``office``, ``district`` or ``province``) × service between
    *start* and *end* (default: the last 90 days). Rows where nothing was received,
    completed or pending are left out unless *include_empty*.

    >>> with engine.connect() as conn:                                # doctest: +SKIP
    ...     rows = service_kpis(conn, level="province", start=date(2026, 11, 1),
    ...                         end=date(2026, 11, 30))
    """
    if start is None or end is None:
        d_start, d_end = default_period()
        start, end = start or d_start, end or d_end
    if end < start:
        raise ValueError("the period ends before it starts")
    stmt = kpi_statement(level=level, start=start, end=end, service_codes=service_codes,
                         area_codes=area_codes)
    names = _place_names(conn, level)
    services = {s.code: (s.name_en, s.name_ur)
                for s in conn.execute(select(service.c.code, service.c.name_en,
                                             service.c.name_ur))}
    rows = []
    for row in conn.execute(stmt):
        received, completed, backlog = int(row.received), int(row.completed), int(row.backlog)
        if not include_empty and not (received or completed or backlog):
            continue
        place_en, place_ur = names.get(row.place, (row.place or "", row.place or ""))
        svc_en, svc_ur = services.get(row.service_code, (row.service_code, row.service_code))
        rows.append(KpiRow(
            level=level, area_code=row.place or "", area_name_en=place_en,
            area_name_ur=place_ur, service_code=row.service_code, service_name_en=svc_en,
            service_name_ur=svc_ur, start=start.isoformat(), end=end.isoformat(),
            received=received, completed=completed, backlog=backlog,
            overdue=int(row.overdue),
            median_turnaround_days=_round(row.median, 2),
            within_sla=_round(int(row.on_time) / completed, 4) if completed else None,
            within_sla_n=int(row.on_time),
            mean_feedback=_round(row.mean_rating, 2), feedback_n=int(row.rating_n)))
    return rows


def _round(value, digits: int) -> float | None:
    return None if value is None else round(float(value), digits)


def _place_names(conn: Connection, level: str) -> dict[str, tuple[str, str]]:
    if level == "office":
        q = select(office.c.code, office.c.name_en, office.c.name_ur)
    else:
        q = select(area.c.id, area.c.name_en, area.c.name_ur).where(
            area.c.level == (2 if level == "district" else 1))
    return {r[0]: (r[1], r[2]) for r in conn.execute(q)}
