"""Open311 GeoReport v2, read-only: the service catalogue and the status of requests.

Public and unauthenticated, so it publishes **no personal data**: never the citizen (CNIC,
name, phone), the citizen's own words (the request's description), event notes or the
staff who acted. A request is shown by its tracking number, service, office, district,
dates and status only; ``status_notes`` and ``description`` are fixed phrases chosen by
the status and service, never text anybody typed.

Endpoints (https://wiki.open311.org/GeoReport_v2):

* ``GET /open311/v2/services.json`` — the active services of the catalogue;
* ``GET /open311/v2/services/{service_code}.json`` — a service definition (no attributes);
* ``GET /open311/v2/requests.json`` — filters ``service_request_id`` (comma-separated
  tracking numbers; overrides the others, as the specification says), ``service_code``
  (comma-separated), ``start_date`` / ``end_date`` (ISO 8601; without a zone the time is
  Pakistan time; default: the last 90 days), ``status`` (``open``, ``closed`` or both);
  newest first, at most 1000;
* ``GET /open311/v2/requests/{service_request_id}.json`` — one request (a one-element list).

Mapping: ``open`` while the office still owes the citizen something
(:func:`models.workflow.is_open`), ``closed`` once completed, rejected or closed.
``expected_datetime`` is the end of the due date (Pakistan time); ``address`` the
office's district, ``lat``/``long`` the district's centre. Errors are GeoReport error lists
``[{"code": 404, "description": "..."}]``. ``jurisdiction_id`` is accepted and ignored
(one jurisdiction per server). XML is not offered.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy import Connection, func, not_, select

from models.workflow import OUTCOMES, STATUS_LABELS, Status, is_open
from server import kpi
from server.feed import read_conn
from server.tables import area, office, request_event, service, service_request

router = APIRouter(prefix="/open311/v2", tags=["open311"])

MAX_REQUESTS = 1000
DEFAULT_DAYS = 90
FIRST_YEAR, LAST_YEAR = 1900, 2999  # dates a filter may name
FAR_FUTURE = "9999-12-31T23:59:59.999Z"

#: The fixed ``status_notes`` phrase of each status (and of each outcome once closed).
STATUS_NOTES: dict[str, str] = {s.value: str(STATUS_LABELS[s]) for s in Status}


class GeoReportError(Exception):
    """Answered as a GeoReport error list with *status*."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def error_response(status: int, description: str) -> JSONResponse:
    return JSONResponse([{"code": status, "description": description}], status_code=status)


def _public(request: Request, work) -> Any:
    """Run *work(conn)* in a read snapshot off the event loop; GeoReport errors as lists."""
    engine = request.app.state.engine

    def run():
        with read_conn(engine) as conn, conn.begin():
            return work(conn)

    return run


async def _answer(request: Request, work) -> JSONResponse:
    try:
        body = await run_in_threadpool(_public(request, work))
    except GeoReportError as exc:
        return error_response(exc.status, exc.description)
    return JSONResponse(body)


# -- services ---------------------------------------------------------------------------

def _service_entry(s) -> dict:
    return {
        "service_code": s.code,
        "service_name": s.name_en,
        "description": f"{s.name_en} ({s.name_ur}), {s.department_en}. Fee PKR {s.fee_pkr}; "
                       f"usually done within {s.sla_days} working days.",
        "metadata": False,
        "type": "realtime",
        "keywords": ", ".join(dict.fromkeys([s.category, s.code.lower().replace("_", " ")])),
        "group": s.department_en,
    }


def services(conn: Connection) -> list[dict]:
    rows = conn.execute(select(service).where(service.c.active.is_(True))
                        .order_by(service.c.code))
    return [_service_entry(s) for s in rows]


def service_definition(conn: Connection, code: str) -> dict:
    found = conn.execute(select(service.c.code).where(service.c.code == code)).first()
    if found is None:
        raise GeoReportError(404, f"There is no service with the code {code!r}.")
    return {"service_code": found.code, "attributes": []}


# -- requests ---------------------------------------------------------------------------

def _query():
    r = service_request
    e = request_event.alias("upd")
    district = area.alias("district")
    state = kpi.status_at(r.c.id, FAR_FUTURE)
    updated = select(func.max(e.c.created_at)).where(e.c.request_id == r.c.id) \
        .scalar_subquery()
    stmt = (select(r.c.tracking_number, r.c.service_code, r.c.created_at, r.c.due_date,
                   state.label("state"), updated.label("updated_at"),
                   service.c.name_en.label("service_name"), service.c.sla_days,
                   service.c.fee_pkr,
                   office.c.name_en.label("office_name"), office.c.district_id,
                   district.c.name_en.label("district_name"), district.c.lat, district.c.lon)
            .select_from(r.join(service, service.c.code == r.c.service_code)
                         .join(office, office.c.code == r.c.office_code)
                         .outerjoin(district, district.c.id == office.c.district_id)))
    return stmt, state


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _instant(value: str, name: str) -> datetime:
    """An ISO 8601 date or date-time; without a zone it is Pakistan time."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise GeoReportError(400, f"{name} must be an ISO 8601 date and time such as "
                                  f"2026-11-01T00:00:00+05:00, not {value!r}.") from None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:  # the arithmetic below cannot overflow
        raise GeoReportError(400, f"{name} must be between the years {FIRST_YEAR} and "
                                  f"{LAST_YEAR}, not {value!r}.")
    if moment.tzinfo is None:
        moment = (moment - kpi.PKT).replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _stored(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _w3c(stored: str | None) -> str | None:
    """A stored UTC timestamp in the W3C form the specification shows."""
    if not stored:
        return None
    return datetime.fromisoformat(stored).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _status(state: str | None) -> tuple[str, str]:
    """(``open``/``closed``, fixed status note) from a ``"<status>|<outcome>"`` state."""
    status, _, outcome = (state or f"{Status.SUBMITTED.value}|").partition("|")
    note = STATUS_NOTES.get(status, "")
    if status == Status.CLOSED.value and outcome in OUTCOMES:
        note = f"{note}. {OUTCOMES[outcome]}"
    try:
        open_ = is_open(status)
    except ValueError:
        open_ = True
    return ("open" if open_ else "closed"), note


def _request_entry(row) -> dict:
    status, note = _status(row.state)
    return {
        "service_request_id": row.tracking_number,
        "status": status,
        "status_notes": note,
        "service_name": row.service_name,
        "service_code": row.service_code,
        "description": f"A request for: {row.service_name}.",
        "agency_responsible": row.office_name,
        "service_notice": f"Fee PKR {row.fee_pkr}; due within {row.sla_days} working days "
                          "(Saturdays, Sundays and public holidays do not count).",
        "requested_datetime": _w3c(row.created_at),
        "updated_datetime": _w3c(row.updated_at or row.created_at),
        "expected_datetime": f"{row.due_date}T23:59:59+05:00",
        "address": row.district_name or "",
        "address_id": row.district_id or "",
        "zipcode": "",
        "lat": row.lat,
        "long": row.lon,
        "media_url": "",
    }


def find_requests(conn: Connection, *, service_request_id: str | None = None,
                  service_code: str | None = None, start_date: str | None = None,
                  end_date: str | None = None, status: str | None = None,
                  now: datetime | None = None) -> list[dict]:
    """The requests that match GeoReport's filters, newest first, at most 1000."""
    stmt, state = _query()
    r = service_request
    ids = _split(service_request_id)
    if ids:
        if len(ids) > MAX_REQUESTS:
            raise GeoReportError(400, f"Ask for at most {MAX_REQUESTS} requests at once.")
        stmt = stmt.where(r.c.tracking_number.in_([i.upper() for i in ids]))
    else:
        end = _instant(end_date, "end_date") if end_date else (now or datetime.now(UTC))
        start = _instant(start_date, "start_date") if start_date else \
            end - timedelta(days=DEFAULT_DAYS)
        if start > end:
            raise GeoReportError(400, "start_date is after end_date.")
        stmt = stmt.where(r.c.created_at >= _stored(start), r.c.created_at <= _stored(end))
        codes = _split(service_code)
        if codes:
            stmt = stmt.where(r.c.service_code.in_(codes))
        wanted = {s.lower() for s in _split(status)}
        if wanted - {"open", "closed"}:
            raise GeoReportError(400, "status must be open, closed or open,closed.")
        if wanted == {"open"}:
            stmt = stmt.where(kpi.is_open_state(state))
        elif wanted == {"closed"}:
            stmt = stmt.where(not_(kpi.is_open_state(state)))
    stmt = stmt.order_by(r.c.created_at.desc(), r.c.tracking_number).limit(MAX_REQUESTS)
    return [_request_entry(row) for row in conn.execute(stmt)]


def one_request(conn: Connection, tracking_number: str) -> list[dict]:
    stmt, _ = _query()
    stmt = stmt.where(service_request.c.tracking_number == tracking_number.strip().upper())
    row = conn.execute(stmt).first()
    if row is None:
        raise GeoReportError(404, f"There is no request with the tracking number "
                                  f"{tracking_number!r}.")
    return [_request_entry(row)]


# -- routes -----------------------------------------------------------------------------

@router.get("/services.json")
async def get_services(request: Request) -> JSONResponse:
    """The service catalogue (GeoReport v2 *GET Service List*)."""
    return await _answer(request, services)


@router.get("/services/{service_code}.json")
async def get_service_definition(request: Request, service_code: str) -> JSONResponse:
    """One service's definition (GeoReport v2 *GET Service Definition*)."""
    return await _answer(request, lambda conn: service_definition(conn, service_code))


@router.get("/requests.json")
async def get_requests(request: Request, service_request_id: str | None = None,
                       service_code: str | None = None, start_date: str | None = None,
                       end_date: str | None = None, status: str | None = None,
                       jurisdiction_id: str | None = None) -> JSONResponse:
    """Requests by GeoReport v2 filters (*GET Service Requests*)."""
    return await _answer(request, lambda conn: find_requests(
        conn, service_request_id=service_request_id, service_code=service_code,
        start_date=start_date, end_date=end_date, status=status))


@router.get("/requests/{service_request_id}.json")
async def get_request(request: Request, service_request_id: str,
                      jurisdiction_id: str | None = None) -> JSONResponse:
    """One request by its tracking number (GeoReport v2 *GET Service Request*)."""
    return await _answer(request, lambda conn: one_request(conn, service_request_id))
