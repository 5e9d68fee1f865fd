"""Shared types of the analysis package: construct definitions and JSON helpers."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

#: Likert answer labels (1 = strongly disagree … 5 = strongly agree).
LIKERT_LABELS: dict[int, str] = {
    1: "Strongly disagree", 2: "Disagree", 3: "Neither agree nor disagree", 4: "Agree",
    5: "Strongly agree",
}
LIKERT_MIN, LIKERT_MAX = 1, 5


@dataclass(frozen=True)
class Construct:
    """One scale: its items and which of them are reverse-coded (scored 6 − x)."""

    name: str
    label: str
    items: tuple[str, ...]
    reverse: frozenset[str] = field(default_factory=frozenset)


#: The study's five constructs with Daftar's default instrument (``tru_4`` reverse-coded).
#: A form can define its own through ``daftar::construct`` / ``daftar::reverse``.
DEFAULT_CONSTRUCTS: tuple[Construct, ...] = (
    Construct("transparency", "Transparency Improvement", ("tra_1", "tra_2", "tra_3", "tra_4")),
    Construct("efficiency", "Service Delivery Efficiency", ("eff_1", "eff_2", "eff_3", "eff_4")),
    Construct("satisfaction", "Citizen Satisfaction", ("sat_1", "sat_2", "sat_3", "sat_4")),
    Construct("accessibility", "Digital Accessibility", ("acc_1", "acc_2", "acc_3", "acc_4")),
    Construct("trust", "Trust in Digital Platforms", ("tru_1", "tru_2", "tru_3", "tru_4"),
              frozenset({"tru_4"})),
)


def constructs_from_mapping(items: dict[str, list[str]], reverse: set[str] | None = None,
                            labels: dict[str, str] | None = None) -> tuple[Construct, ...]:
    """Build construct definitions from ``{name: [item, …]}`` and a set of reverse items.

    >>> constructs_from_mapping({"trust": ["tru_1", "tru_2"]}, {"tru_2"})[0].reverse
    frozenset({'tru_2'})
    """
    reverse = reverse or set()
    labels = labels or {}
    return tuple(Construct(name, labels.get(name, name.title()), tuple(its),
                           frozenset(i for i in its if i in reverse))
                 for name, its in items.items())


def constructs_from_form(form) -> tuple[Construct, ...]:
    """The constructs a form defines with its ``daftar::construct`` column (and
    ``daftar::reverse`` = yes for reverse-coded items), in the form's order; labels from
    :data:`DEFAULT_CONSTRUCTS` for the study's five. Empty when the form defines none.

    *form* is a :class:`models.forms.FormDefinition`.
    """
    known = {c.name: c.label for c in DEFAULT_CONSTRUCTS}
    items: dict[str, list[str]] = {}
    reverse: set[str] = set()
    for q in form.questions:
        name = (q.extra or {}).get("construct", "").strip()
        if not name:
            continue
        items.setdefault(name, []).append(q.name)
        if (q.extra or {}).get("reverse", "").strip().lower() in ("yes", "true", "1"):
            reverse.add(q.name)
    return constructs_from_mapping(items, reverse, known)


def likert_items(constructs: tuple[Construct, ...]) -> list[str]:
    return [i for c in constructs for i in c.items]


def jsonable(value: Any) -> Any:
    """Turn dataclasses, DataFrames, numpy scalars and NaN into plain JSON values."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, pd.DataFrame):
        return [jsonable(r) for r in value.reset_index().to_dict(orient="records")] \
            if not isinstance(value.index, pd.RangeIndex) else \
            [jsonable(r) for r in value.to_dict(orient="records")]
    if isinstance(value, pd.Series):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return [jsonable(v) for v in value.tolist()]
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float):
        v = float(value)
        return None if math.isnan(v) or math.isinf(v) else v
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, pd.Timestamp | date | datetime):
        return value.isoformat()
    if value is pd.NA or value is pd.NaT:
        return None
    return value


class ToDict:
    """Mixin: ``to_dict()`` gives a JSON-serialisable dict of the dataclass."""

    def to_dict(self) -> dict:
        return jsonable(self)
