"""Exports of survey responses and service requests: CSV, XLSX, SPSS ``.sav``, Stata ``.dta``.

SPSS and Stata files carry variable labels and value labels (pyreadstat): Likert items are
stored as numbers 1..5 labelled "Strongly disagree" … "Strongly agree"; categorical text
columns (respondent type, area, gender, district, …) are stored as integer codes with
their text as value labels, because value labels attach to numbers in both formats.

Requests are exported without personal data unless ``include_pii=True``: the citizen's
name, CNIC, phone and the free-text description (clerks type phone numbers and addresses
into it) and the citizen id (it links a person's requests) are left out by default.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis._types import DEFAULT_CONSTRUCTS, LIKERT_LABELS, Construct, likert_items
from analysis.kpi import connection
from analysis.quality import quality_flags
from analysis.scores import construct_scores

FORMATS = ("csv", "xlsx", "sav", "dta")

#: Text columns exported as labelled integer codes in .sav/.dta.
CATEGORICAL = ("respondent_type", "area", "gender", "district", "age_group", "education",
               "internet_access", "status", "office_code", "service_code", "outcome")

CATEGORY_LABELS: dict[str, dict[str, str]] = {
    "respondent_type": {"citizen": "Citizen", "government_employee": "Government employee",
                        "service_user": "Service user"},
    "area": {"urban": "Urban", "rural": "Rural"},
    "gender": {"female": "Female", "male": "Male", "other": "Other"},
}

#: Columns that identify a person; exported only with ``include_pii=True``.
PII_COLUMNS = ("citizen_id", "citizen_name", "cnic", "phone", "address", "description")


@dataclass
class Labelled:
    """A frame ready to write, with its variable and value labels."""

    frame: pd.DataFrame
    variable_labels: dict[str, str]
    value_labels: dict[str, dict[int, str]]


def responses_table(responses: pd.DataFrame,
                    constructs: tuple[Construct, ...] = DEFAULT_CONSTRUCTS, *,
                    item_labels: dict[str, str] | None = None, with_scores: bool = True,
                    with_flags: bool = True) -> Labelled:
    """The responses flattened for export: paradata becomes ``time_ms`` and
    ``answer_changes``; construct scores and quality flags are appended."""
    df = responses.copy()
    labels: dict[str, str] = {}
    items = likert_items(constructs)
    item_labels = item_labels or {}
    for c in constructs:
        for k, item in enumerate(c.items, 1):
            rev = " (reverse-coded)" if item in c.reverse else ""
            labels[item] = item_labels.get(item, f"{c.label}: item {k}{rev}")
    if "paradata" in df:
        flags = quality_flags(df, constructs)
        df["answer_changes"] = df["paradata"].map(
            lambda p: sum((v or {}).get("changes", 0) or 0 for v in p.values()
                          if isinstance(v, dict)) if isinstance(p, dict) else np.nan)
        df = df.drop(columns="paradata")
    else:
        flags = quality_flags(df, constructs)
    df = df.copy()
    if with_flags:
        df["time_ms"] = flags["time_ms"]
        for f in ("straight_lining", "speeding", "incomplete"):
            df[f"flag_{f}"] = flags[f].astype(int)
            labels[f"flag_{f}"] = f"Quality flag: {f.replace('_', '-')}"
        labels["time_ms"] = "Time spent on the questions (ms)"
    if "answer_changes" in df:
        labels["answer_changes"] = "Answers changed (paradata)"
    if with_scores:
        scores = construct_scores(df, constructs)
        for c in constructs:
            df[f"score_{c.name}"] = scores[c.name]
            labels[f"score_{c.name}"] = f"{c.label} (mean of items)"
    for col in items:
        if col in df:
            df[col] = pd.to_numeric(df[col], errors="coerce")
    value_labels: dict[str, dict[int, str]] = {i: dict(LIKERT_LABELS) for i in items if i in df}
    value_labels.update({f"flag_{f}": {0: "No", 1: "Yes"} for f in
                         ("straight_lining", "speeding", "incomplete") if f"flag_{f}" in df})
    for col, text in (("respondent_type", "Respondent type"), ("district", "District"),
                      ("area", "Urban or rural"), ("gender", "Gender"),
                      ("started_at", "Interview started (UTC)"),
                      ("finished_at", "Interview finished (UTC)"),
                      ("form_version", "Form version")):
        if col in df:
            labels.setdefault(col, text)
    return Labelled(df, labels, value_labels)


def requests_table(source, *, include_pii: bool = False) -> Labelled:
    """Every request with its current state (one row per request), from the store."""
    pii = ("c.id AS citizen_id, c.name AS citizen_name, c.cnic, c.phone, "
           "r.description, ") if include_pii else ""
    sql = (f"SELECT r.tracking_number, r.office_code, o.district_id AS district, "
           f"r.service_code, {pii}r.created_at, r.due_date, r.fee_pkr, s.status, s.is_open, "
           f"s.status_changed_at, s.outcome, s.rating "
           f"FROM service_request r JOIN request_state s ON s.request_id = r.id "
           f"JOIN office o ON o.code = r.office_code "
           f"{'JOIN citizen c ON c.id = r.citizen_id ' if include_pii else ''}"
           f"ORDER BY r.created_at, r.id")
    with connection(source) as conn:
        cur = conn.connection.driver_connection.cursor()
        try:
            cur.execute(sql)
            cols = [d[0] for d in cur.description]
            rows = cur.fetchall()
        finally:
            cur.close()
    df = pd.DataFrame.from_records(rows, columns=cols)
    if df.empty:  # no rows to infer from: numbers stay numbers (Stata refused the labels)
        df = df.astype({"fee_pkr": "float64", "is_open": "float64", "rating": "float64"})
    if not include_pii:
        assert not set(PII_COLUMNS) & set(df.columns)
    labels = {"tracking_number": "Tracking number", "office_code": "Office",
              "district": "District", "service_code": "Service",
              "created_at": "Registered (UTC)", "due_date": "Due date",
              "fee_pkr": "Fee (PKR)", "status": "Current status",
              "is_open": "Still open (1 = yes)", "status_changed_at": "Status since (UTC)",
              "outcome": "Outcome when closed", "rating": "Citizen feedback (1-5)",
              "citizen_id": "Citizen id", "citizen_name": "Citizen name",
              "cnic": "CNIC", "phone": "Phone", "description": "Description"}
    rating = {1: "Very bad", 2: "Bad", 3: "Neither", 4: "Good", 5: "Very good"}
    return Labelled(df, {k: v for k, v in labels.items() if k in df},
                    {"rating": rating, "is_open": {0: "No", 1: "Yes"}})


def _encode_categories(t: Labelled) -> Labelled:
    """Text categories → integer codes with value labels (for .sav/.dta)."""
    df = t.frame.copy()
    value_labels = dict(t.value_labels)
    for col in CATEGORICAL:
        if col not in df or pd.api.types.is_numeric_dtype(df[col]):
            continue
        known = CATEGORY_LABELS.get(col, {})
        values = [v for v in known if v in set(df[col].dropna())]
        values += sorted(str(v) for v in set(df[col].dropna()) - set(values))
        codes = {v: i for i, v in enumerate(values, 1)}
        df[col] = df[col].map(lambda v, codes=codes: codes.get(str(v)) if pd.notna(v)
                              else np.nan).astype(float)
        value_labels[col] = {i: known.get(v, v) for v, i in codes.items()}
    for col in df.columns:
        if df[col].dtype == object or pd.api.types.is_string_dtype(df[col]):
            df[col] = df[col].map(lambda v: "" if v is None or (isinstance(v, float)
                                                                 and np.isnan(v))
                                  else (json.dumps(v) if isinstance(v, dict | list) else str(v)))
        elif pd.api.types.is_bool_dtype(df[col]):
            df[col] = df[col].astype(int)
    return Labelled(df, t.variable_labels, value_labels)


def write(t: Labelled, path: str | Path, fmt: str | None = None) -> Path:
    """Write *t* to *path* in *fmt* (from the suffix when not given)."""
    import pyreadstat

    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        t.frame.to_csv(path, index=False)
    elif fmt == "xlsx":
        if len(t.frame) > 1_048_575:
            raise ValueError("an .xlsx sheet holds at most 1,048,575 rows; use csv, sav or dta")
        with pd.ExcelWriter(path, engine="openpyxl") as xl:
            t.frame.to_excel(xl, sheet_name="data", index=False)
            pd.DataFrame({"variable": list(t.variable_labels),
                          "label": list(t.variable_labels.values())}).to_excel(
                xl, sheet_name="variables", index=False)
            pd.DataFrame([(var, code, text) for var, m in t.value_labels.items()
                          for code, text in m.items()],
                         columns=["variable", "value", "label"]).to_excel(
                xl, sheet_name="values", index=False)
    else:
        enc = _encode_categories(t)
        labels = {c: enc.variable_labels.get(c, "")[:80] for c in enc.frame.columns}
        values = {k: v for k, v in enc.value_labels.items() if k in enc.frame}
        if fmt == "sav":
            pyreadstat.write_sav(enc.frame, path, column_labels=labels,
                                 variable_value_labels=values)
        else:
            pyreadstat.write_dta(enc.frame, path, column_labels=labels,
                                 variable_value_labels=values)
    return path


def export_responses(responses: pd.DataFrame, out_dir: str | Path, fmt: str, *,
                     constructs: tuple[Construct, ...] = DEFAULT_CONSTRUCTS,
                     name: str = "responses", **kw) -> Path:
    """``daftar export`` for survey responses: ``OUT_DIR/responses.FMT``."""
    return write(responses_table(responses, constructs, **kw), Path(out_dir) / f"{name}.{fmt}",
                 fmt)


def export_requests(source, out_dir: str | Path, fmt: str, *, include_pii: bool = False,
                    name: str = "requests") -> Path:
    """``daftar export`` for service requests: ``OUT_DIR/requests.FMT`` (no PII unless
    *include_pii*)."""
    return write(requests_table(source, include_pii=include_pii),
                 Path(out_dir) / f"{name}.{fmt}", fmt)
