"""The change feed: a monotonic sequence of "this record is new or changed", paged by cursor.

Why a plain sequence is not enough
----------------------------------
PostgreSQL hands out sequence numbers when a row is *inserted*, not when its transaction
*commits*. Transaction A takes seq 41, transaction B takes seq 42, B commits first; a
device pulls, sees 42 and moves its cursor to 42; then A commits 41 — and that device never
sees 41. Paging by a plain ``bigserial`` silently skips late committers.

How this feed avoids it
-----------------------
Every writer appends its change rows through :func:`append_changes`, as the **last**
statement of its transaction, right after taking a transaction-level lock
(``pg_advisory_xact_lock``). The lock is held until the transaction ends, and PostgreSQL
releases it only after the commit has become visible. So the writer that takes seq *n+1*
waits until the writer of seq *n* has committed (or rolled back): seqs are allocated in
**commit order**, and whenever a reader's snapshot contains seq *n+1* it also contains
every committed seq below it. A cursor therefore never passes a change that will commit
later. (A rolled-back writer leaves a hole in the numbers; holes are harmless, nothing is
ever committed into them. The sequence must keep PostgreSQL's default ``CACHE 1``: with
per-session caches, numbers would no longer be handed out in the order they are asked
for.) Taking the lock last keeps it short: the slow part of a push
(record inserts, index updates) runs in parallel; only the few change-row inserts and
the commit itself are serialised.

On SQLite, write transactions are serialised by the database itself (``BEGIN IMMEDIATE``)
and a reader sees one snapshot, so the same reasoning holds with no extra lock.

A pull reads in one snapshot (``REPEATABLE READ`` on PostgreSQL): the page of change rows,
the records they name, and the highest seq visible. When the page is not full, the cursor
jumps to that highest seq, so a device whose district is quiet does not rescan other
districts' changes on every pull.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import Connection, and_, func, or_, select, text

from server.db import CHANGE_LOG_LOCK, insert_changes
from server.tables import RECORD_TABLES, change_log

REFERENCE_KINDS = ("area", "office", "service")
#: ``office_code`` of a form change meant for every office (also offices created later).
ALL_OFFICES = "*"
#: Kinds delivered by office rather than by district.
OFFICE_KINDS = ("form", "user_account")


def append_changes(conn: Connection, rows: Iterable[dict]) -> None:
    """Append change rows (``kind, record_id, district_id, office_code, device_id``).

    Call it as the last statement before the commit: it takes the change-log lock
    (PostgreSQL), which is held until the transaction ends; see the module docstring.
    """
    rows = [{"district_id": None, "office_code": None, "device_id": None, **r} for r in rows]
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": CHANGE_LOG_LOCK})
    insert_changes(conn, rows)


def read_conn(engine):
    """A connection for a consistent read: one snapshot for the whole transaction."""
    conn = engine.connect()
    if conn.dialect.name == "postgresql":
        conn = conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
    return conn


def _form_record(row: dict) -> dict:
    """A published form as the feed carries it (see :mod:`models.wire`)."""
    return {"form_id": row["form_id"], "version": row["version"],
            "title": json.loads(row["title"]), "definition": json.loads(row["definition"]),
            "xlsx_sha256": row["xlsx_sha256"], "published_at": row["published_at"]}


def page(conn: Connection, *, device_id: str, district_id: str, cursor: int,
         limit: int, office_code: str | None = None) -> tuple[list[dict], int, bool]:
    """The changes after *cursor* that this device may see and does not already have.

    Returns ``(changes, next_cursor, more)``; each change is ``{"kind", "record"}``.
    Scope: reference data (areas, offices, services) for everyone; citizens, requests and
    events of the device's own district; never the device's own records; published forms
    only to the offices they are published to (*office_code*: the device's office);
    user accounts only to their own office.
    """
    c = change_log.c
    rows = conn.execute(
        select(c.seq, c.kind, c.record_id)
        .where(c.seq > cursor,
               or_(c.district_id.is_(None), c.district_id == district_id),
               or_(c.device_id.is_(None), c.device_id != device_id),
               or_(c.kind.not_in(OFFICE_KINDS),
                   and_(c.kind == "form",
                        c.office_code.in_([ALL_OFFICES, office_code or ALL_OFFICES])),
                   and_(c.kind == "user_account", c.office_code == office_code)))
        .order_by(c.seq)
        .limit(limit + 1)
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    if more:
        next_cursor = rows[-1].seq
    else:
        top = conn.execute(select(func.max(c.seq))).scalar() or 0
        next_cursor = max(cursor, top, rows[-1].seq if rows else 0)
    wanted: dict[str, set[str]] = {}
    for r in rows:
        wanted.setdefault(r.kind, set()).add(r.record_id)
    found: dict[tuple[str, str], dict] = {}
    for kind, ids in wanted.items():
        table, key = RECORD_TABLES[kind]
        id_list = sorted(ids)
        for start in range(0, len(id_list), 900):
            chunk = id_list[start:start + 900]
            for rec in conn.execute(select(table).where(table.c[key].in_(chunk))).mappings():
                found[(kind, rec[key])] = _form_record(rec) if kind == "form" else dict(rec)
    changes = [{"kind": r.kind, "record": found[(r.kind, r.record_id)]}
               for r in rows if (r.kind, r.record_id) in found]
    return changes, next_cursor, more

