"""Construct scores per respondent and the study's Table 1 (n, mean, SD per construct).

Scoring rule: a respondent's construct score is the mean of the construct's answered
items after reverse-coding (``6 − x`` on a 1..5 scale), computed only when at least half
of the items (rounded up; 2 of 4) are answered — the "half-scale" rule of SF-36 and most
psychometric manuals. Otherwise the score is missing. Answers outside 1..5 are treated as
missing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis._types import DEFAULT_CONSTRUCTS, LIKERT_MAX, LIKERT_MIN, Construct, ToDict

#: Share of a construct's items that must be answered for a score.
MIN_ANSWERED_SHARE = 0.5


def item_matrix(df: pd.DataFrame, construct: Construct) -> pd.DataFrame:
    """The construct's items as floats, out-of-range set to NaN, reverse items recoded."""
    cols = {}
    for item in construct.items:
        x = pd.to_numeric(df[item], errors="coerce").astype(float) if item in df \
            else pd.Series(np.nan, index=df.index)
        x = x.where((x >= LIKERT_MIN) & (x <= LIKERT_MAX))
        if item in construct.reverse:
            x = (LIKERT_MIN + LIKERT_MAX) - x
        cols[item] = x
    return pd.DataFrame(cols, index=df.index)


def min_answered(construct: Construct, share: float = MIN_ANSWERED_SHARE) -> int:
    return max(1, math.ceil(share * len(construct.items)))


def construct_scores(df: pd.DataFrame, constructs: tuple[Construct, ...] = DEFAULT_CONSTRUCTS,
                     *, min_share: float = MIN_ANSWERED_SHARE) -> pd.DataFrame:
    """One column per construct (same index as *df*): the respondent's mean item score."""
    out = {}
    for c in constructs:
        m = item_matrix(df, c)
        answered = m.notna().sum(axis=1)
        out[c.name] = m.mean(axis=1).where(answered >= min_answered(c, min_share))
    return pd.DataFrame(out, index=df.index)


@dataclass
class DescriptiveRow(ToDict):
    construct: str
    label: str
    n: int
    mean: float
    sd: float
    se: float
    ci_low: float
    ci_high: float


@dataclass
class Descriptives(ToDict):
    """Table 1: per construct n, mean, SD (n − 1), with the 95 % CI of the mean."""

    rows: list[DescriptiveRow]

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([r.to_dict() for r in self.rows])


def describe(scores: pd.DataFrame, constructs: tuple[Construct, ...] = DEFAULT_CONSTRUCTS
             ) -> Descriptives:
    """n, mean, sample SD and the t-based 95 % confidence interval of each construct."""
    from scipy import stats

    rows = []
    for c in constructs:
        x = scores[c.name].dropna().to_numpy()
        n = len(x)
        mean = float(x.mean()) if n else math.nan
        sd = float(x.std(ddof=1)) if n > 1 else math.nan
        se = sd / math.sqrt(n) if n > 1 else math.nan
        half = float(stats.t.ppf(0.975, n - 1)) * se if n > 1 else math.nan
        rows.append(DescriptiveRow(c.name, c.label, n, mean, sd, se, mean - half, mean + half))
    return Descriptives(rows)
