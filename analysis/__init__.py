"""Survey statistics and service KPIs as plain functions over data frames (no Qt).

Survey analysis: :func:`analyze` (everything), or the parts — :func:`construct_scores`,
:func:`describe`, :func:`reliabilities`, :func:`correlations`, :func:`regression`,
:func:`group_comparisons`, :func:`quality_flags`, :func:`cfa`. Reports in
:mod:`analysis.report`, exports in :mod:`analysis.export`, KPIs in :mod:`analysis.kpi`.

The names below are imported on first use: numpy, pandas, scipy and statsmodels take
seconds to load, and the ``daftar`` command must not pay that when it does not analyse.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "analysis._types": ("DEFAULT_CONSTRUCTS", "LIKERT_LABELS", "Construct",
                        "constructs_from_form", "constructs_from_mapping"),
    "analysis.factor": ("CFAResult", "cfa"),
    "analysis.formatting": ("format_p", "no_leading_zero"),
    "analysis.frame": ("responses_frame",),
    "analysis.inference": ("Correlations", "GroupTest", "Regression", "compare_groups",
                           "correlations", "group_comparisons", "regression"),
    "analysis.quality": ("FLAGS", "ResponseFilter", "quality_flags", "summarize_flags"),
    "analysis.alpha": ("Reliability", "cronbach_alpha", "reliabilities", "reliability"),
    "analysis.scores": ("Descriptives", "construct_scores", "describe"),
    "analysis.survey": ("SurveyAnalysis", "analyze"),
}
_MODULE_OF = {name: module for module, names in _WHERE.items() for name in names}
__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
