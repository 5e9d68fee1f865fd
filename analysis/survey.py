"""The whole survey analysis in one call: what ``daftar analyze`` and the Analysis screen show.

>>> result = analyze(responses)                                   # doctest: +SKIP
>>> result.descriptives.rows[0].mean, result.regression.r2        # doctest: +SKIP
>>> json.dumps(result.to_dict())                                  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis._types import DEFAULT_CONSTRUCTS, Construct, ToDict
from analysis.alpha import Reliability, reliabilities
from analysis.factor import CFAResult, cfa
from analysis.inference import (
    Correlations,
    GroupTest,
    Regression,
    correlations,
    group_comparisons,
    regression,
)
from analysis.quality import QualitySummary, ResponseFilter, quality_flags, summarize_flags
from analysis.scores import Descriptives, construct_scores, describe


@dataclass
class SurveyAnalysis(ToDict):
    """Every table of the report, for one selection of responses."""

    constructs: list[Construct]
    filter: ResponseFilter
    quality: QualitySummary
    n_responses: int  # after filtering and exclusions
    descriptives: Descriptives
    reliability: list[Reliability]
    correlations: Correlations
    regression: Regression
    groups: list[GroupTest]
    cfa: CFAResult = field(default_factory=lambda: CFAResult(False, "not requested"))


def analyze(responses: pd.DataFrame, constructs: tuple[Construct, ...] = DEFAULT_CONSTRUCTS,
            *, flt: ResponseFilter | None = None, exclude: tuple[str, ...] = (),
            outcome: str = "satisfaction", with_groups: bool = True,
            with_cfa: bool = False) -> SurveyAnalysis:
    """Filter, flag, optionally drop flagged responses (*exclude* names flags from
    :data:`analysis.quality.FLAGS`), then compute every table.

    The regression predicts *outcome* from the other constructs.
    """
    flt = flt or ResponseFilter()
    df = flt.apply(responses)
    flags = quality_flags(df, constructs)
    summary = summarize_flags(flags, exclude)
    if exclude:
        df = df[~flags[list(exclude)].any(axis=1)]
    scores = construct_scores(df, constructs)
    names = [c.name for c in constructs]
    return SurveyAnalysis(
        constructs=list(constructs), filter=flt, quality=summary, n_responses=len(df),
        descriptives=describe(scores, constructs),
        reliability=reliabilities(df, constructs),
        correlations=correlations(scores, names),
        regression=regression(scores, outcome, [n for n in names if n != outcome]),
        groups=group_comparisons(df, scores, constructs) if with_groups else [],
        cfa=cfa(df, constructs) if with_cfa else CFAResult(False, "not requested"),
    )
