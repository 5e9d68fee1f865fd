"""Survey responses as the analysis's input frame, from whatever the store returns.

The analysis does not know how responses are stored. :func:`responses_frame` takes any
iterable of records (objects with attributes or mappings) that carry an ``answers`` dict,
a ``paradata`` dict and metadata fields, e.g. ``store.surveys`` ``ResponseRow``s:

>>> df = responses_frame(surveys.list_responses(status="final"))   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from analysis._types import DEFAULT_CONSTRUCTS, Construct, likert_items

META = ("id", "form_id", "form_version", "enumerator", "started_at", "finished_at",
        "status", "district", "area", "respondent_type")


def _get(record: Any, key: str, default: Any = None) -> Any:
    if isinstance(record, Mapping):
        return record.get(key, default)
    return getattr(record, key, default)


def responses_frame(records: Iterable[Any],
                    constructs: tuple[Construct, ...] = DEFAULT_CONSTRUCTS) -> pd.DataFrame:
    """One row per record: every answer as a column, the metadata of :data:`META`
    (metadata wins over an answer of the same name only when it is set), ``paradata``.
    Likert items become numbers (NaN when unanswered or not a number)."""
    rows = []
    for rec in records:
        row = dict(_get(rec, "answers") or {})
        for key in META:
            value = _get(rec, key)
            if value is not None or key not in row:
                row[key] = value
        row["paradata"] = dict(_get(rec, "paradata") or {})
        rows.append(row)
    df = pd.DataFrame(rows)
    for item in likert_items(constructs):
        df[item] = pd.to_numeric(df[item], errors="coerce") if item in df else float("nan")
    if "paradata" not in df:
        df["paradata"] = pd.Series(dtype=object)
    return df
