"""Confirmatory factor analysis of the construct model with semopy, when installed.

semopy is optional (it pulls scikit-learn, sympy and numdifftools); without it
:func:`cfa` returns ``available=False`` and a reason, and the rest of the analysis runs.
Each construct is a latent factor measured by its items (reverse items recoded first);
factors correlate freely. Estimation: maximum likelihood (semopy's default ``MLW``) on
listwise complete responses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from analysis._types import DEFAULT_CONSTRUCTS, Construct, ToDict
from analysis.scores import item_matrix


@dataclass
class Loading(ToDict):
    construct: str
    item: str
    estimate: float
    std_estimate: float
    se: float
    p: float


@dataclass
class CFAResult(ToDict):
    available: bool
    reason: str = ""
    n: int = 0
    loadings: list[Loading] = field(default_factory=list)
    fit: dict[str, float] = field(default_factory=dict)  # chi2, dof, CFI, TLI, RMSEA, …


def model_description(constructs: tuple[Construct, ...]) -> str:
    """The lavaan-style model: ``transparency =~ tra_1 + tra_2 + …`` per construct."""
    return "\n".join(f"{c.name} =~ {' + '.join(c.items)}" for c in constructs)


def cfa(df: pd.DataFrame, constructs: tuple[Construct, ...] = DEFAULT_CONSTRUCTS,
        *, max_rows: int | None = 20_000, seed: int = 1) -> CFAResult:
    """Fit the model. Above *max_rows* complete responses a random sample of that size is
    used (the estimates are stable long before; the fit time grows with n)."""
    try:
        import semopy
    except ImportError:
        return CFAResult(False, "semopy is not installed; CFA skipped")
    data = pd.concat([item_matrix(df, c) for c in constructs], axis=1).dropna()
    if max_rows and len(data) > max_rows:
        data = data.sample(max_rows, random_state=seed)
    if len(data) < 10 * len(constructs):
        return CFAResult(False, f"too few complete responses ({len(data)}) for CFA", len(data))
    model = semopy.Model(model_description(constructs))
    try:
        model.fit(data)
        est = model.inspect(std_est=True)
        fit = semopy.calc_stats(model).T.iloc[:, 0].to_dict()
    except Exception as exc:  # the optimiser can fail on degenerate data
        return CFAResult(False, f"CFA did not converge: {exc}", len(data))
    names = {c.name for c in constructs}
    loadings = []
    for _, row in est[(est["op"] == "~") & est["rval"].isin(names)].iterrows():
        loadings.append(Loading(str(row["rval"]), str(row["lval"]), _f(row["Estimate"]),
                                _f(row["Est. Std"]), _f(row["Std. Err"]), _f(row["p-value"])))
    return CFAResult(True, "", len(data), loadings, {str(k): _f(v) for k, v in fit.items()})


def _f(v) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan
