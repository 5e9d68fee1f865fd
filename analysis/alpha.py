"""Cronbach's alpha per construct, alpha if an item is deleted, corrected item–total r.

alpha = k / (k − 1) · (1 − Σ var(item) / var(total)), on respondents who answered every
item of the construct (listwise), after reverse-coding. The corrected item–total
correlation is the Pearson r of an item with the sum of the *other* items.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis._types import DEFAULT_CONSTRUCTS, Construct, ToDict
from analysis.scores import item_matrix


def cronbach_alpha(items: np.ndarray) -> float:
    """Alpha of an (n respondents × k items) array without missing values."""
    items = np.asarray(items, dtype=float)
    n, k = items.shape
    if k < 2 or n < 2:
        return math.nan
    total_var = items.sum(axis=1).var(ddof=1)
    if total_var == 0:
        return math.nan
    return float(k / (k - 1) * (1 - items.var(axis=0, ddof=1).sum() / total_var))


@dataclass
class ItemStats(ToDict):
    item: str
    reverse: bool
    mean: float
    sd: float
    corrected_item_total_r: float
    alpha_if_deleted: float


@dataclass
class Reliability(ToDict):
    construct: str
    label: str
    n: int
    k: int
    alpha: float
    items: list[ItemStats]


def reliability(df: pd.DataFrame, construct: Construct) -> Reliability:
    """Alpha with item statistics for one construct (listwise complete respondents)."""
    m = item_matrix(df, construct).dropna()
    x = m.to_numpy()
    items = []
    for j, name in enumerate(m.columns):
        rest = np.delete(x, j, axis=1)
        rest_sum = rest.sum(axis=1)
        col = x[:, j]
        r = float(np.corrcoef(col, rest_sum)[0, 1]) \
            if len(col) > 1 and col.std() > 0 and rest_sum.std() > 0 else math.nan
        items.append(ItemStats(name, name in construct.reverse,
                               float(col.mean()) if len(col) else math.nan,
                               float(col.std(ddof=1)) if len(col) > 1 else math.nan,
                               r, cronbach_alpha(rest)))
    return Reliability(construct.name, construct.label, len(x), x.shape[1],
                       cronbach_alpha(x), items)


def reliabilities(df: pd.DataFrame, constructs: tuple[Construct, ...] = DEFAULT_CONSTRUCTS
                  ) -> list[Reliability]:
    return [reliability(df, c) for c in constructs]
