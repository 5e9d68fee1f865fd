"""Loading the bundled reference data (service catalogue, offices, districts) into the store.

Reference data is data, not code: the files in ``resources/`` seed a new store and are
loaded again when they change (their digest is kept in ``meta``). The central server can
later send newer versions through the pull feed; rows are upserted by their code/id.
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

from sqlalchemy import Connection, text

FILES = ("services.json", "offices.json", "districts.csv")


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for name in FILES:
        h.update((folder / name).read_bytes())
    return h.hexdigest()


def load_reference(conn: Connection, folder: Path) -> bool:
    """Upsert the bundled reference data when it changed. Returns whether it loaded."""
    digest = _digest(folder)
    known = conn.execute(text("SELECT value FROM meta WHERE key='reference_digest'")).scalar()
    if known == digest:
        return False
    with open(folder / "districts.csv", encoding="utf-8", newline="") as fh:
        areas = [
            {"id": r["id"], "level": int(r["level"]), "name_en": r["name_en"],
             "name_ur": r["name_ur"], "parent_id": r["parent_id"] or None,
             "lat": float(r["lat"]) if r["lat"] else None,
             "lon": float(r["lon"]) if r["lon"] else None}
            for r in csv.DictReader(fh)
        ]
    conn.execute(text(
        "INSERT INTO area(id, level, name_en, name_ur, parent_id, lat, lon) "
        "VALUES (:id, :level, :name_en, :name_ur, :parent_id, :lat, :lon) "
        "ON CONFLICT(id) DO UPDATE SET level=excluded.level, name_en=excluded.name_en, "
        "name_ur=excluded.name_ur, parent_id=excluded.parent_id, lat=excluded.lat, "
        "lon=excluded.lon"), areas)
    offices = json.loads((folder / "offices.json").read_text(encoding="utf-8"))["offices"]
    conn.execute(text(
        "INSERT INTO office(code, name_en, name_ur, district_id, address, complaint_phone, "
        "complaint_email) VALUES (:code, :name_en, :name_ur, :district_id, :address, "
        ":complaint_phone, :complaint_email) ON CONFLICT(code) DO UPDATE SET "
        "name_en=excluded.name_en, name_ur=excluded.name_ur, "
        "district_id=excluded.district_id, address=excluded.address, "
        "complaint_phone=excluded.complaint_phone, complaint_email=excluded.complaint_email"),
        offices)
    services = json.loads((folder / "services.json").read_text(encoding="utf-8"))["services"]
    rows = [{**s, "documents_en": json.dumps(s["documents_en"], ensure_ascii=False),
             "documents_ur": json.dumps(s["documents_ur"], ensure_ascii=False),
             "active": True} for s in services]
    conn.execute(text(
        "INSERT INTO service(code, category, department_en, department_ur, name_en, name_ur, "
        "sla_days, fee_pkr, documents_en, documents_ur, active) VALUES (:code, :category, "
        ":department_en, :department_ur, :name_en, :name_ur, :sla_days, :fee_pkr, "
        ":documents_en, :documents_ur, :active) ON CONFLICT(code) DO UPDATE SET "
        "category=excluded.category, department_en=excluded.department_en, "
        "department_ur=excluded.department_ur, name_en=excluded.name_en, "
        "name_ur=excluded.name_ur, sla_days=excluded.sla_days, fee_pkr=excluded.fee_pkr, "
        "documents_en=excluded.documents_en, documents_ur=excluded.documents_ur, "
        "active=excluded.active"), rows)
    conn.execute(text("INSERT INTO meta(key, value) VALUES ('reference_digest', :d) "
                      "ON CONFLICT(key) DO UPDATE SET value=excluded.value"), {"d": digest})
    return True
