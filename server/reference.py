"""Loading the bundled reference data (districts, offices, services) into the server.

The same files in ``resources/`` that seed a desktop store are loaded into the server at
every start. Only rows that are new or differ from what the server holds are written,
and each of those gets a change-feed entry, so devices pull exactly what changed (a new
device pulls everything). Offices added with ``daftar server create-office`` are kept.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from sqlalchemy import Connection, select

from server.db import insert
from server.feed import append_changes
from server.tables import area, office, service


def resources_dir() -> Path:
    """``resources/`` of a source checkout, or inside a PyInstaller build."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def read_files(folder: Path | None = None) -> dict[str, list[dict]]:
    """The reference rows of each kind, as the tables hold them."""
    folder = folder or resources_dir()
    with open(folder / "districts.csv", encoding="utf-8", newline="") as fh:
        areas = [
            {"id": r["id"], "level": int(r["level"]), "name_en": r["name_en"],
             "name_ur": r["name_ur"], "parent_id": r["parent_id"] or None,
             "lat": float(r["lat"]) if r["lat"] else None,
             "lon": float(r["lon"]) if r["lon"] else None}
            for r in csv.DictReader(fh)
        ]
    offices = [
        {"code": o["code"], "name_en": o["name_en"], "name_ur": o["name_ur"],
         "district_id": o["district_id"], "address": o.get("address", ""),
         "complaint_phone": o.get("complaint_phone", ""),
         "complaint_email": o.get("complaint_email", "")}
        for o in json.loads((folder / "offices.json").read_text(encoding="utf-8"))["offices"]
    ]
    services = [
        {"code": s["code"], "category": s["category"], "department_en": s["department_en"],
         "department_ur": s["department_ur"], "name_en": s["name_en"], "name_ur": s["name_ur"],
         "sla_days": int(s["sla_days"]), "fee_pkr": int(s["fee_pkr"]),
         "documents_en": json.dumps(s["documents_en"], ensure_ascii=False),
         "documents_ur": json.dumps(s["documents_ur"], ensure_ascii=False),
         "active": bool(s.get("active", True))}
        for s in json.loads((folder / "services.json").read_text(encoding="utf-8"))["services"]
    ]
    return {"area": areas, "office": offices, "service": services}


def upsert(conn: Connection, kind: str, rows: list[dict]) -> list[dict]:
    """Write the rows that are new or changed; return the change entries for them."""
    table, key = {"area": (area, "id"), "office": (office, "code"),
                  "service": (service, "code")}[kind]
    held = {r[key]: dict(r) for r in conn.execute(select(table)).mappings()}
    changed = [r for r in rows if held.get(r[key]) != r]
    if not changed:
        return []
    stmt = insert(conn, table)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c[key]],
        set_={c.name: stmt.excluded[c.name] for c in table.columns if c.name != key})
    conn.execute(stmt, changed)
    return [{"kind": kind, "record_id": r[key]} for r in changed]


def load(conn: Connection, folder: Path | None = None) -> int:
    """Load the bundled files; returns how many rows were new or changed."""
    data = read_files(folder)
    changes = []
    for kind in ("area", "office", "service"):  # parents first
        changes += upsert(conn, kind, data[kind])
    append_changes(conn, changes)
    return len(changes)
