"""Import the Pakistan districts reference table into ``resources/districts.csv``.

Usage::

    python resources/tools/import_districts.py SRC DEST

SRC is the upstream ``pakistan-districts.csv`` (trimmed copy of ``data/all-flat.csv`` from
open-admin-data/pakistan-administrative-divisions, CC-BY-4.0; see resources/ATTRIBUTION.md).
DEST is overwritten. Pure standard library, deterministic: running it twice on the same
input gives byte-identical output (UTF-8 without BOM, ``\\n`` line endings, source row order).

Columns are kept as they are: ``id,level,name_ur,name_en,parent_id,lat,lon``. The ids are
the dataset's own ids (not census or OCHA P-codes) and are never changed.

What is cleaned (Urdu names only, every row, not only the rows named below):

* a leading "ضلع" ("district") followed by whitespace is removed, e.g. "ضلع بھمبر" -> "بھمبر"
  (upstream prefixes some names and not others);
* a parenthesised "since <year>" note such as "(2019ء سے)" is removed (upstream PK304,
  "ضلع غذر (2019ء سے)" -> "غذر");
* a trailing country suffix "، پاکستان" is removed (upstream PK234,
  "ضلع دوکی، پاکستان" -> "دوکی");
* leading/trailing whitespace is stripped from every field, runs of inner whitespace in
  names are collapsed to one space.

One documented correction (``CORRECTIONS``): upstream PK513 "Khyber" carries the Urdu name
of its tehsil Landi Kotal ("لنڈی کوتل"); it is replaced by the district's name "خیبر".

Nothing else is changed: English names, parent ids and coordinates are copied verbatim.
The script refuses input with unexpected columns, duplicate ids, an unknown level, a
district whose parent is not a level-1 row, or a name that is empty after cleaning.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

COLUMNS = ["id", "level", "name_ur", "name_en", "parent_id", "lat", "lon"]

_DISTRICT_PREFIX = re.compile(r"^ضلع\s+")
_SINCE_NOTE = re.compile(r"\s*\(\s*\d{4}\s*ء?\s*سے\s*\)")
_COUNTRY_SUFFIX = re.compile(r"\s*[،,]\s*پاکستان\s*$")
_SPACES = re.compile(r"\s+")

#: Wrong upstream values, corrected by id: {id: {column: (upstream value, corrected)}}.
#: The value found is checked, so a changed upstream makes the correction fail loudly.
CORRECTIONS = {"PK513": {"name_ur": ("لنڈی کوتل", "خیبر")}}


def clean_name_ur(name: str) -> str:
    """Return the Urdu name without the "ضلع" prefix, year note and country suffix."""
    name = _SPACES.sub(" ", name).strip()
    name = _SINCE_NOTE.sub("", name)
    name = _COUNTRY_SUFFIX.sub("", name)
    name = _DISTRICT_PREFIX.sub("", name)
    return name.strip()


def clean_rows(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        clean = {key: (row.get(key) or "").strip() for key in COLUMNS}
        clean["name_ur"] = clean_name_ur(clean["name_ur"])
        clean["name_en"] = _SPACES.sub(" ", clean["name_en"])
        for column, (upstream, corrected) in CORRECTIONS.get(clean["id"], {}).items():
            if clean[column] not in (upstream, corrected):
                raise ValueError(f"{clean['id']}: expected upstream {column} {upstream!r} "
                                 f"to correct, found {clean[column]!r}")
            clean[column] = corrected
        if not clean["id"] or clean["id"] in seen:
            raise ValueError(f"line {line}: missing or duplicate id {clean['id']!r}")
        if clean["level"] not in {"1", "2"}:
            raise ValueError(f"line {line}: unknown level {clean['level']!r}")
        if not clean["name_ur"] or not clean["name_en"]:
            raise ValueError(f"line {line}: empty name for {clean['id']}")
        seen.add(clean["id"])
        out.append(clean)
    level1 = {row["id"] for row in out if row["level"] == "1"}
    for row in out:
        if row["level"] == "1" and row["parent_id"]:
            raise ValueError(f"{row['id']}: a level-1 row must not have a parent")
        if row["level"] == "2" and row["parent_id"] not in level1:
            raise ValueError(f"{row['id']}: parent {row['parent_id']!r} is not a level-1 id")
    return out


def import_districts(src: Path, dest: Path) -> int:
    with src.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != COLUMNS:
            raise ValueError(f"unexpected columns {reader.fieldnames!r}, want {COLUMNS!r}")
        rows = clean_rows(list(reader))
    dest.parent.mkdir(parents=True, exist_ok=True)
    with dest.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python resources/tools/import_districts.py SRC DEST", file=sys.stderr)
        return 2
    count = import_districts(Path(args[0]), Path(args[1]))
    print(f"wrote {count} rows to {args[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
