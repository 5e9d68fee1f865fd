"""Correlations, the regression of satisfaction on the other constructs, group tests.

All inference is delegated to scipy (``pearsonr``, ``ttest_ind``, ``f_oneway``) and
statsmodels (``OLS``); this module only arranges inputs and outputs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from analysis._types import DEFAULT_CONSTRUCTS, Construct, ToDict


# -- correlations ---------------------------------------------------------------------------
@dataclass
class Correlations(ToDict):
    """Pearson r and two-sided p for each pair (pairwise complete), with each pair's n."""

    names: list[str]
    r: list[list[float]]
    p: list[list[float]]
    n: list[list[int]]

    def r_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.r, index=self.names, columns=self.names)

    def p_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.p, index=self.names, columns=self.names)


def correlations(scores: pd.DataFrame, names: list[str] | None = None) -> Correlations:
    names = list(names or scores.columns)
    k = len(names)
    r = [[math.nan] * k for _ in range(k)]
    p = [[math.nan] * k for _ in range(k)]
    n = [[0] * k for _ in range(k)]
    for i in range(k):
        for j in range(k):
            pair = scores[[names[i], names[j]]].dropna() if i != j else \
                scores[[names[i]]].dropna()
            n[i][j] = len(pair)
            if i == j:
                r[i][j], p[i][j] = 1.0, 0.0
                continue
            if j < i:
                r[i][j], p[i][j] = r[j][i], p[j][i]
                continue
            a, b = pair.iloc[:, 0].to_numpy(), pair.iloc[:, 1].to_numpy()
            if len(pair) > 2 and a.std() > 0 and b.std() > 0:
                res = stats.pearsonr(a, b)
                r[i][j], p[i][j] = float(res.statistic), float(res.pvalue)
    return Correlations(names, r, p, n)


# -- regression -----------------------------------------------------------------------------
@dataclass
class Coefficient(ToDict):
    predictor: str
    b: float  # unstandardized
    b_se: float
    beta: float  # standardized
    se: float  # of beta
    t: float
    p: float
    ci_low: float  # 95 % CI of beta
    ci_high: float


@dataclass
class Regression(ToDict):
    """Table 2: OLS of *outcome* on *predictors* (listwise complete)."""

    outcome: str
    n: int
    r2: float
    adj_r2: float
    f: float
    df_model: int
    df_resid: int
    f_p: float
    intercept: float
    coefficients: list[Coefficient] = field(default_factory=list)


def regression(scores: pd.DataFrame, outcome: str = "satisfaction",
               predictors: list[str] | None = None) -> Regression:
    """OLS with standardized betas: the model refitted on z-scores (so β's SE, t, p are the
    standardized model's, which equal the raw model's t and p)."""
    from statsmodels.regression.linear_model import OLS
    from statsmodels.tools.tools import add_constant

    predictors = predictors or [c for c in scores.columns if c != outcome]
    data = scores[[outcome, *predictors]].dropna()
    n = len(data)
    if n <= len(predictors) + 1:
        return Regression(outcome, n, math.nan, math.nan, math.nan, len(predictors),
                          max(0, n - len(predictors) - 1), math.nan, math.nan, [])
    raw = OLS(data[outcome], add_constant(data[predictors], has_constant="add")).fit()
    z = (data - data.mean()) / data.std(ddof=1)
    std = OLS(z[outcome], add_constant(z[predictors], has_constant="add")).fit()
    ci = std.conf_int()
    coefs = [Coefficient(p, float(raw.params[p]), float(raw.bse[p]), float(std.params[p]),
                         float(std.bse[p]), float(std.tvalues[p]), float(std.pvalues[p]),
                         float(ci.loc[p, 0]), float(ci.loc[p, 1])) for p in predictors]
    return Regression(outcome, n, float(raw.rsquared), float(raw.rsquared_adj),
                      float(raw.fvalue), int(raw.df_model), int(raw.df_resid),
                      float(raw.f_pvalue), float(raw.params["const"]), coefs)


# -- group comparisons ----------------------------------------------------------------------
@dataclass
class GroupStats(ToDict):
    group: str
    n: int
    mean: float
    sd: float


@dataclass
class GroupTest(ToDict):
    """One construct compared across the groups of one variable.

    Two groups: Welch's t (``test = "welch_t"``) with Cohen's d (pooled SD) as effect size.
    More: one-way ANOVA (``test = "anova"``) with eta squared (SS between / SS total).
    """

    variable: str
    construct: str
    groups: list[GroupStats]
    test: str
    statistic: float
    df1: float
    df2: float
    p: float
    effect_size_name: str
    effect_size: float


def _cohens_d(a: np.ndarray, b: np.ndarray) -> float:
    na, nb = len(a), len(b)
    pooled = math.sqrt(((na - 1) * a.var(ddof=1) + (nb - 1) * b.var(ddof=1)) / (na + nb - 2))
    return float((a.mean() - b.mean()) / pooled) if pooled > 0 else math.nan


def _eta_squared(samples: list[np.ndarray]) -> float:
    allx = np.concatenate(samples)
    grand = allx.mean()
    ss_total = ((allx - grand) ** 2).sum()
    ss_between = sum(len(s) * (s.mean() - grand) ** 2 for s in samples)
    return float(ss_between / ss_total) if ss_total > 0 else math.nan


def compare_groups(scores: pd.DataFrame, groups: pd.Series, construct: str, *,
                   variable: str = "", min_group_n: int = 2) -> GroupTest:
    """Compare *construct* across the values of *groups* (groups smaller than
    *min_group_n* are shown but left out of the test)."""
    data = pd.DataFrame({"x": scores[construct], "g": groups}).dropna()
    table, samples = [], []
    for name, part in sorted(data.groupby("g")["x"], key=lambda kv: str(kv[0])):
        x = part.to_numpy(dtype=float)
        table.append(GroupStats(str(name), len(x), float(x.mean()),
                                float(x.std(ddof=1)) if len(x) > 1 else math.nan))
        if len(x) >= min_group_n:
            samples.append(x)
    nan = math.nan
    if len(samples) == 2:
        a, b = samples
        res = stats.ttest_ind(a, b, equal_var=False)
        # Welch–Satterthwaite degrees of freedom.
        va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
        dof = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1)) \
            if va + vb > 0 else nan
        return GroupTest(variable, construct, table, "welch_t", float(res.statistic), 1.0,
                         float(dof), float(res.pvalue), "cohens_d", _cohens_d(a, b))
    if len(samples) > 2:
        res = stats.f_oneway(*samples)
        n = sum(len(s) for s in samples)
        return GroupTest(variable, construct, table, "anova", float(res.statistic),
                         float(len(samples) - 1), float(n - len(samples)), float(res.pvalue),
                         "eta_squared", _eta_squared(samples))
    return GroupTest(variable, construct, table, "none", nan, nan, nan, nan, "", nan)


#: The variables the study compares by.
GROUP_VARIABLES = ("respondent_type", "area", "gender", "district")


def group_comparisons(df: pd.DataFrame, scores: pd.DataFrame,
                      constructs: tuple[Construct, ...] = DEFAULT_CONSTRUCTS,
                      variables: tuple[str, ...] = GROUP_VARIABLES) -> list[GroupTest]:
    """Every construct by every grouping variable present in *df*."""
    out = []
    for var in variables:
        if var not in df:
            continue
        for c in constructs:
            out.append(compare_groups(scores, df[var], c.name, variable=var))
    return out
