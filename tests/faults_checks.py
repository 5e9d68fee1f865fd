"""What must hold after a worker of ``tests/faults_worker.py`` was SIGKILLed.

Each ``check_*`` reopens the data through :class:`store.store.Store` (so it keeps working
when the file is encrypted), compares it with what the worker acknowledged and returns a
:class:`Found`: records lost (acknowledged, missing), duplicated (acknowledged, present
more than once), corrupt (integrity check, half-written records, a broken audit chain),
each with a line saying what. The tests assert they are all zero; ``bench/bench_crash.py``
adds them up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from faults_harness import integrity_check
from sqlalchemy import text

from store import audit, backup
from store.store import Store


@dataclass
class Found:
    acknowledged: int = 0
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    corrupt: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.corrupt)

    def describe(self) -> str:
        return (f"lost {self.lost[:5]} duplicated {self.duplicated[:5]} "
                f"corrupt {self.corrupt[:5]}")

    def count(self, what: str, n: int) -> None:
        """An acknowledged record found *n* times."""
        self.acknowledged += 1
        if n == 0:
            self.lost.append(what)
        elif n > 1:
            self.duplicated.append(f"{what} x{n}")


def _open(folder: Path) -> Store:
    import people

    store = Store.open(folder)
    people.seed(store)
    return store


def store_invariants(store: Store, found: Found, *, synced: bool = False) -> None:
    """Integrity of the file, no half-written request, the audit trail verifies."""
    result = integrity_check(Path(store.folder) / "daftar.sqlite3")
    if result != "ok":
        found.corrupt.append(f"integrity_check: {result}")
    with store._read() as conn:
        half = conn.execute(text("""
            SELECT r.tracking_number FROM service_request r
            WHERE NOT EXISTS (SELECT 1 FROM request_event e
                              WHERE e.request_id = r.id AND e.kind = 'created')
               OR NOT EXISTS (SELECT 1 FROM request_state s WHERE s.request_id = r.id)
               OR NOT EXISTS (SELECT 1 FROM citizen c WHERE c.id = r.citizen_id)""")).all()
        found.corrupt += [f"half-written request {r[0]}" for r in half]
        if not synced:  # every record of this PC waits in the outbox (nothing was sent)
            unqueued = conn.execute(text("""
                SELECT (SELECT count(*) FROM request_event e WHERE NOT EXISTS
                          (SELECT 1 FROM outbox o WHERE o.record_id = e.id))
                     + (SELECT count(*) FROM service_request r WHERE NOT EXISTS
                          (SELECT 1 FROM outbox o WHERE o.record_id = r.id))""")).scalar_one()
            if unqueued:
                found.corrupt.append(f"{unqueued} records without their outbox entry")
        fts = conn.execute(text("SELECT count(*) FROM request_fts")).scalar_one()
        reqs = conn.execute(text("SELECT count(*) FROM service_request")).scalar_one()
        if fts != reqs:
            found.corrupt.append(f"search index has {fts} rows for {reqs} requests")
    report = audit.verify(store)
    found.corrupt += [p.describe() for p in report.problems]


def _count_tn(conn, tn: str) -> int:
    return conn.execute(text("SELECT count(*) FROM service_request WHERE tracking_number = :t"),
                        {"t": tn}).scalar_one()


def _count_token(conn, tn: str, token: str) -> int:
    return conn.execute(text(
        "SELECT count(*) FROM request_event e JOIN service_request r ON r.id = e.request_id "
        "WHERE r.tracking_number = :t AND (e.payload LIKE :p OR e.payload LIKE :q)"),
        {"t": tn, "p": f'%"{token}"%', "q": f'%"{token} %'}).scalar_one()  # "tok" or "tok …"


def check_requests(folder: Path, lines: list[list[str]], found: Found | None = None, *,
                   synced: bool = False) -> Found:
    """``R``/``S``/``N``/``F`` acknowledgements (requests, sync, migrate, backup workers)."""
    found = found or Found()
    with _open(folder) as store:
        store_invariants(store, found, synced=synced)
        with store._read() as conn:
            for words in lines:
                if words[0] == "R":
                    found.count(f"request {words[1]}", _count_tn(conn, words[1]))
                elif words[0] in ("S", "N", "F"):
                    found.count(f"{words[0]} {words[1]} {words[2]}",
                                _count_token(conn, words[1], words[2]))
    return found


def check_surveys(folder: Path, lines: list[list[str]], found: Found | None = None, *,
                  synced: bool = False) -> Found:
    """``D``/``A``/``F``/``X`` acknowledgements of the surveys worker."""
    found = found or Found()
    with _open(folder) as store:
        if (result := integrity_check(Path(folder) / "daftar.sqlite3")) != "ok":
            found.corrupt.append(f"integrity_check: {result}")
        with store._read() as conn:
            rows = {r.id: r for r in conn.execute(text(
                "SELECT id, status, answers, paradata FROM survey_response"))}
            outbox = dict(conn.execute(text(
                "SELECT record_id, count(*) FROM outbox WHERE record_kind = 'survey_response' "
                "GROUP BY record_id")).all())
        for rid, row in rows.items():  # a final response is queued once, a draft never
            want = {0} if row.status != "final" else {0, 1} if synced else {1}
            if outbox.get(rid, 0) not in want:
                found.corrupt.append(f"{row.status} response {rid} has "
                                     f"{outbox.get(rid, 0)} outbox entries")
        discarded = {w[1] for w in lines if w[0] == "X"}
        for words in lines:
            kind, rid = words[0], words[1]
            row = rows.get(rid)
            if kind == "X":
                if row is not None:
                    found.corrupt.append(f"discarded draft {rid} is still there")
                continue
            if rid in discarded:
                continue
            if kind == "D":
                found.count(f"draft {rid}", int(row is not None))
            elif kind == "A":
                answers = json.loads(row.answers) if row else {}
                paradata = json.loads(row.paradata) if row else {}
                ok = row is not None and str(answers.get(words[2])) == words[3]
                found.count(f"answer {rid} {words[2]}={words[3]}", int(ok))
                if ok and paradata.get(words[2], {}).get("changes") != 1:
                    found.duplicated.append(f"answer {rid} {words[2]} counted "
                                            f"{paradata.get(words[2])}")
            elif kind == "F":
                ok = row is not None and row.status == "final"
                found.count(f"final {rid}", int(ok) if synced else
                            outbox.get(rid, 0) if ok else 0)
    return found


def check_backups(folder: Path, lines: list[list[str]], found: Found,
                  checked: set[str] | None = None) -> Found:
    """Every listed backup verifies and is restorable, a partial one is never listed nor
    offered (the newest good backup is a listed one), every acknowledged one is listed."""
    listed = backup.list_backups(folder)
    names = {b.path.name for b in listed}
    checked = set() if checked is None else checked  # backups verified by earlier calls
    for b in listed:
        if ".partial" in b.path.name:
            found.corrupt.append(f"partial backup listed: {b.path.name}")
        if b.path.name in checked:
            continue
        checked.add(b.path.name)
        try:
            backup.check_restorable(b.path)
        except backup.RestoreRefused as exc:
            found.corrupt.append(f"listed backup {b.path.name} refused: {exc}")
    for words in lines:
        if words[0] == "B":
            found.count(f"backup {words[1]}", int(words[1] in names))
    good = backup.newest_good_backup(folder)
    if good is not None and good.name not in names:
        found.corrupt.append(f"newest good backup {good.name} is not a listed one")
    return found
