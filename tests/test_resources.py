"""Checks for the reference data shipped in ``resources/`` (no Qt needed)."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

RESOURCES = Path(__file__).parent.parent / "resources"
# The upstream CSV is not part of the repository; point DAFTAR_DISTRICTS_SRC at it elsewhere.
SOURCE_CSV = Path(
    os.environ.get("DAFTAR_DISTRICTS_SRC", "/work/shared/data/pakistan-districts.csv")
)
IMPORT_SCRIPT = RESOURCES / "tools" / "import_districts.py"

CATEGORIES = {"certificate", "registration", "licence", "land", "tax", "permit", "complaint"}
SERVICE_KEYS = {
    "code": str,
    "category": str,
    "department_en": str,
    "department_ur": str,
    "name_en": str,
    "name_ur": str,
    "sla_days": int,
    "fee_pkr": int,
    "documents_en": list,
    "documents_ur": list,
}
OFFICE_KEYS = {
    "code",
    "name_en",
    "name_ur",
    "district_id",
    "address",
    "complaint_phone",
    "complaint_email",
}
DISTRICT_COLUMNS = ["id", "level", "name_ur", "name_en", "parent_id", "lat", "lon"]
ARABIC = re.compile(r"[\u0600-\u06FF]")
LATIN = re.compile(r"[A-Za-z]")


def load_json(name: str) -> dict:
    with (RESOURCES / name).open(encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def services() -> list[dict]:
    data = load_json("services.json")
    assert data["version"] == 1
    assert set(data) == {"version", "services"}
    return data["services"]


@pytest.fixture(scope="module")
def offices() -> list[dict]:
    data = load_json("offices.json")
    assert data["version"] == 1
    assert set(data) == {"version", "offices"}
    return data["offices"]


@pytest.fixture(scope="module")
def districts() -> list[dict[str, str]]:
    with (RESOURCES / "districts.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == DISTRICT_COLUMNS
        return list(reader)


# --- services ---------------------------------------------------------------------------


def test_services_schema(services):
    assert len(services) >= 15
    for svc in services:
        assert set(svc) == set(SERVICE_KEYS), svc.get("code")
        for key, typ in SERVICE_KEYS.items():
            assert isinstance(svc[key], typ), (svc["code"], key)
            assert not isinstance(svc[key], bool), (svc["code"], key)
        assert re.fullmatch(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*", svc["code"]), svc["code"]
        assert len(svc["code"]) <= 32, svc["code"]
        assert svc["category"] in CATEGORIES, svc["code"]
        assert svc["sla_days"] > 0, svc["code"]
        assert svc["fee_pkr"] >= 0, svc["code"]
        if svc["category"] == "complaint":
            assert svc["fee_pkr"] == 0, svc["code"]
        for key in ("department_en", "department_ur", "name_en", "name_ur"):
            assert svc[key].strip() == svc[key] and svc[key], (svc["code"], key)


def test_service_codes_unique(services):
    codes = [svc["code"] for svc in services]
    assert len(codes) == len(set(codes))


def test_service_documents_match(services):
    for svc in services:
        en, ur = svc["documents_en"], svc["documents_ur"]
        assert en, svc["code"]
        assert len(en) == len(ur), svc["code"]
        assert all(isinstance(d, str) and d.strip() for d in en + ur), svc["code"]
        assert len(set(en)) == len(en), svc["code"]
        for doc in ur:
            assert ARABIC.search(doc), (svc["code"], doc)


def test_service_urdu_is_urdu(services):
    for svc in services:
        for key in ("name_ur", "department_ur"):
            assert ARABIC.search(svc[key]), (svc["code"], key)
            assert not LATIN.search(svc[key]), (svc["code"], key)
        for doc in svc["documents_ur"]:
            assert not LATIN.search(doc), (svc["code"], doc)


def test_required_services_present(services):
    codes = {svc["code"] for svc in services}
    required = {
        "DOMICILE_CERTIFICATE",
        "BIRTH_REGISTRATION",
        "DEATH_REGISTRATION",
        "MARRIAGE_REGISTRATION",
        "DIVORCE_REGISTRATION",
        "DRIVING_LICENCE_RENEWAL",
        "LEARNER_DRIVING_PERMIT",
        "ARMS_LICENCE_RENEWAL",
        "POLICE_CHARACTER_CERTIFICATE",
        "FARD_COPY",
        "PROPERTY_TAX_ASSESSMENT",
        "ROUTE_PERMIT",
        "COMPLAINT_WATER_SUPPLY",
        "COMPLAINT_SANITATION",
        "COMPLAINT_STREET_LIGHTS",
        "COMPLAINT_HEALTH_FACILITY",
        "COMPLAINT_SCHOOL",
    }
    assert required <= codes, required - codes


# --- offices ----------------------------------------------------------------------------


def test_offices_schema(offices):
    assert offices
    for office in offices:
        assert set(office) == OFFICE_KEYS, office.get("code")
        assert all(isinstance(v, str) and v.strip() == v and v for v in office.values())
        assert re.fullmatch(r"[A-Z0-9]{2,8}", office["code"]), office["code"]
        assert ARABIC.search(office["name_ur"]), office["code"]
        assert re.fullmatch(r"0\d{2,3}-\d{7,8}", office["complaint_phone"]), office["code"]
        assert re.fullmatch(r"[a-z0-9._-]+@[a-z0-9.-]+\.gov\.pk", office["complaint_email"])


def test_office_codes_unique_and_default_present(offices):
    codes = [office["code"] for office in offices]
    assert len(codes) == len(set(codes))
    assert "LHR1" in codes


def test_office_districts_exist(offices, districts):
    by_id = {row["id"]: row for row in districts}
    for office in offices:
        row = by_id.get(office["district_id"])
        assert row is not None, office["code"]
        assert row["level"] == "2", office["code"]
    lahore = next(o for o in offices if o["code"] == "LHR1")
    assert by_id[lahore["district_id"]]["name_en"] == "Lahore"


def test_office_phones_are_valid_pk_numbers(offices):
    phonenumbers = pytest.importorskip("phonenumbers")
    for office in offices:
        number = phonenumbers.parse(office["complaint_phone"], "PK")
        assert phonenumbers.is_valid_number(number), office["code"]


# --- districts --------------------------------------------------------------------------


def test_district_ids_unique(districts):
    ids = [row["id"] for row in districts]
    assert len(ids) == len(set(ids))


def test_district_levels_and_parents(districts):
    level1 = {row["id"] for row in districts if row["level"] == "1"}
    assert len(level1) == 7
    assert {row["level"] for row in districts} == {"1", "2"}
    for row in districts:
        if row["level"] == "1":
            assert row["parent_id"] == "", row["id"]
        else:
            assert row["parent_id"] in level1, row["id"]


def test_district_urdu_names_clean(districts):
    for row in districts:
        name = row["name_ur"]
        assert ARABIC.search(name), row["id"]
        assert name == name.strip(), row["id"]
        assert not name.startswith("ضلع"), row["id"]
        assert "2019ء" not in name, row["id"]
        assert "(" not in name and ")" not in name, row["id"]
        assert not name.endswith("پاکستان") or row["level"] == "1", row["id"]
        assert "، پاکستان" not in name, row["id"]


def test_district_coordinates_inside_pakistan(districts):
    for row in districts:
        assert 23.5 <= float(row["lat"]) <= 37.2, row["id"]
        assert 60.8 <= float(row["lon"]) <= 77.9, row["id"]


@pytest.mark.skipif(not SOURCE_CSV.exists(), reason="upstream source CSV not available")
def test_import_script_reproduces_committed_csv(tmp_path):
    dest = tmp_path / "districts.csv"
    subprocess.run(
        [sys.executable, str(IMPORT_SCRIPT), str(SOURCE_CSV), str(dest)],
        check=True,
        capture_output=True,
    )
    assert dest.read_bytes() == (RESOURCES / "districts.csv").read_bytes()


def test_import_script_is_idempotent(tmp_path):
    """Cleaning the committed CSV again changes nothing (runs even without the source)."""
    dest = tmp_path / "districts.csv"
    subprocess.run(
        [sys.executable, str(IMPORT_SCRIPT), str(RESOURCES / "districts.csv"), str(dest)],
        check=True,
        capture_output=True,
    )
    assert dest.read_bytes() == (RESOURCES / "districts.csv").read_bytes()
