"""Data-quality flags on survey responses, and filters on what the analysis includes.

Flags (one boolean column each):

* ``straight_lining`` — every answered Likert item has the same raw answer, and at least
  :data:`STRAIGHT_MIN_ITEMS` are answered. With a reverse-coded item in the instrument an
  attentive respondent rarely gives one answer throughout.
* ``speeding`` — the time spent on the questions is under :data:`SPEED_MS_PER_ITEM`
  (2 seconds) per answered Likert item: reading a statement and choosing an answer takes
  longer. The time is the sum of ``paradata[question]["ms"]``; without paradata it is
  ``finished_at − started_at``; with neither the response is not flagged. Optionally
  (``relative=0.3``) also flag responses faster than that share of the median time.
* ``incomplete`` — at least one Likert item unanswered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd

from analysis._types import (
    DEFAULT_CONSTRUCTS,
    LIKERT_MAX,
    LIKERT_MIN,
    Construct,
    ToDict,
    likert_items,
)

SPEED_MS_PER_ITEM = 2000
STRAIGHT_MIN_ITEMS = 10
FLAGS = ("straight_lining", "speeding", "incomplete")


def response_time_ms(df: pd.DataFrame) -> pd.Series:
    """Seconds spent per response, in ms: paradata total, else the timestamps' difference."""
    total = pd.Series(np.nan, index=df.index, dtype=float)
    if "paradata" in df:
        total = pd.Series([_summed_ms(p) for p in df["paradata"].tolist()], index=df.index,
                          dtype=float)
    if "started_at" in df and "finished_at" in df:
        span = (pd.to_datetime(df["finished_at"], utc=True, errors="coerce")
                - pd.to_datetime(df["started_at"], utc=True, errors="coerce"))
        total = total.fillna(span.dt.total_seconds() * 1000)
    return total


def _summed_ms(paradata) -> float:
    if not isinstance(paradata, dict) or not paradata:
        return np.nan
    return float(sum(v.get("ms") or 0 for v in paradata.values() if isinstance(v, dict)))


def quality_flags(df: pd.DataFrame, constructs: tuple[Construct, ...] = DEFAULT_CONSTRUCTS,
                  *, ms_per_item: float = SPEED_MS_PER_ITEM, relative: float | None = None,
                  straight_min_items: int = STRAIGHT_MIN_ITEMS) -> pd.DataFrame:
    """A frame with the columns of :data:`FLAGS` (booleans) and ``time_ms``, indexed like *df*."""
    items = [i for i in likert_items(constructs) if i in df]
    raw = df[items].apply(pd.to_numeric, errors="coerce")
    raw = raw.where((raw >= LIKERT_MIN) & (raw <= LIKERT_MAX))
    answered = raw.notna().sum(axis=1)
    values = raw.to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        same = np.fmax.reduce(values, axis=1) == np.fmin.reduce(values, axis=1)
    straight = pd.Series(same, index=df.index) & (answered >= straight_min_items)
    incomplete = answered < len(likert_items(constructs))
    time_ms = response_time_ms(df)
    speeding = time_ms < ms_per_item * answered
    if relative is not None and time_ms.notna().any():
        speeding |= time_ms < relative * time_ms.median()
    speeding &= time_ms.notna() & (answered > 0)
    return pd.DataFrame({"straight_lining": straight.astype(bool),
                         "speeding": speeding.astype(bool),
                         "incomplete": incomplete.astype(bool), "time_ms": time_ms},
                        index=df.index)


@dataclass
class QualitySummary(ToDict):
    total: int
    straight_lining: int
    speeding: int
    incomplete: int
    any_flag: int
    excluded: int
    excluded_flags: list[str]


def summarize_flags(flags: pd.DataFrame, exclude: tuple[str, ...] = ()) -> QualitySummary:
    any_flag = flags[list(FLAGS)].any(axis=1)
    excl = flags[list(exclude)].any(axis=1) if exclude else pd.Series(False, index=flags.index)
    return QualitySummary(len(flags), int(flags["straight_lining"].sum()),
                          int(flags["speeding"].sum()), int(flags["incomplete"].sum()),
                          int(any_flag.sum()), int(excl.sum()), list(exclude))


# -- filters ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ResponseFilter(ToDict):
    """Which responses the analysis uses. Empty fields do not filter.

    ``start``/``end`` are inclusive calendar dates compared with the date of
    ``finished_at`` (UTC).
    """

    districts: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    respondent_types: tuple[str, ...] = ()
    genders: tuple[str, ...] = ()
    form_versions: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None

    def apply(self, df: pd.DataFrame) -> pd.DataFrame:
        keep = pd.Series(True, index=df.index)
        for col, allowed in (("district", self.districts), ("area", self.areas),
                             ("respondent_type", self.respondent_types),
                             ("gender", self.genders), ("form_version", self.form_versions)):
            if allowed:
                keep &= df[col].astype(str).isin([str(a) for a in allowed])
        if self.start or self.end:
            when = df["finished_at"] if "finished_at" in df else df["started_at"]
            day = pd.to_datetime(when, utc=True, errors="coerce").dt.date
            if self.start:
                keep &= day >= _as_date(self.start)
            if self.end:
                keep &= day <= _as_date(self.end)
        return df[keep.fillna(False).astype(bool)]


def _as_date(d: date | datetime | str) -> date:
    if isinstance(d, str):
        return date.fromisoformat(d[:10])
    if isinstance(d, datetime):
        return d.date()
    return d
