"""Every survey statistic checked against an independent computation on fixed data."""

from __future__ import annotations

import json
import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from scipy import stats
from statsmodels.stats.anova import anova_lm
from statsmodels.stats.weightstats import ttest_ind as sm_ttest_ind

from analysis import (
    DEFAULT_CONSTRUCTS,
    Construct,
    ResponseFilter,
    analyze,
    compare_groups,
    construct_scores,
    constructs_from_mapping,
    correlations,
    cronbach_alpha,
    describe,
    format_p,
    no_leading_zero,
    quality_flags,
    regression,
    reliability,
)

ITEMS = [i for c in DEFAULT_CONSTRUCTS for i in c.items]


def fixed_responses(n: int = 300, seed: int = 7) -> pd.DataFrame:
    """A fixed, moderately correlated data set (same numbers on every run)."""
    rng = np.random.default_rng(seed)
    g = rng.normal(0, 1, n)
    cols = {}
    for k, c in enumerate(DEFAULT_CONSTRUCTS):
        latent = 0.6 * g + 0.8 * rng.normal(0, 1, n) + 3.5 + 0.1 * k
        for item in c.items:
            x = np.clip(np.rint(latent + rng.normal(0, 0.7, n)), 1, 5)
            cols[item] = 6 - x if item in c.reverse else x
    df = pd.DataFrame(cols)
    df["respondent_type"] = rng.choice(["citizen", "government_employee", "service_user"], n)
    df["area"] = rng.choice(["urban", "rural"], n)
    df["gender"] = rng.choice(["female", "male"], n)
    df["district"] = rng.choice(["PK617", "PK618"], n)
    df["started_at"] = "2026-11-01T10:00:00.000Z"
    df["finished_at"] = "2026-11-01T10:10:00.000Z"
    df["form_version"] = "1"
    df["paradata"] = [{i: {"ms": 5000, "changes": 0} for i in ITEMS} for _ in range(n)]
    return df


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    return fixed_responses()


@pytest.fixture(scope="module")
def scores(df) -> pd.DataFrame:
    return construct_scores(df)


# -- formatting ------------------------------------------------------------------------------
@pytest.mark.parametrize(("p", "text"), [
    (0.0, "< .001"), (0.000999, "< .001"), (0.001, "< .01"), (0.0099, "< .01"),
    (0.01, "< .05"), (0.049, "< .05"), (0.05, "= .05"), (0.234, "= .23"), (0.9999, "= 1.00"),
    (float("nan"), ""),
])
def test_format_p(p, text):
    assert format_p(p) == text


def test_no_leading_zero():
    assert no_leading_zero(0.421) == ".42"
    assert no_leading_zero(-0.05) == "-.05"
    assert no_leading_zero(1.0) == "1.00"


# -- scores ----------------------------------------------------------------------------------
def test_scores_reverse_coding_and_half_rule():
    c = Construct("trust", "Trust", ("a", "b", "c", "d"), frozenset({"d"}))
    data = pd.DataFrame({"a": [5, 4, np.nan, 7], "b": [5, np.nan, np.nan, 4],
                         "c": [5, np.nan, np.nan, 4], "d": [1, 2, 5, 2]})
    s = construct_scores(data, (c,))["trust"]
    assert s[0] == 5.0  # d = 1 reversed to 5
    assert s[1] == pytest.approx((4 + 4) / 2)  # 2 of 4 answered: enough
    assert math.isnan(s[2])  # 1 of 4 answered: too few
    assert s[3] == pytest.approx((4 + 4 + 4) / 3)  # 7 is out of range → missing


def test_descriptives_match_numpy_and_scipy(scores):
    table = describe(scores)
    for row in table.rows:
        x = scores[row.construct].dropna().to_numpy()
        assert row.n == len(x)
        assert row.mean == pytest.approx(np.mean(x))
        assert row.sd == pytest.approx(np.std(x, ddof=1))
        lo, hi = stats.t.interval(0.95, len(x) - 1, loc=np.mean(x), scale=stats.sem(x))
        assert (row.ci_low, row.ci_high) == pytest.approx((lo, hi))


# -- reliability -----------------------------------------------------------------------------
def hoyt_alpha(items: pd.DataFrame) -> float:
    """Alpha by Hoyt's method: 1 − MS(residual) / MS(respondents) of the two-way ANOVA."""
    long = items.reset_index(names="person").melt(id_vars="person", var_name="item",
                                                    value_name="y")
    table = anova_lm(smf.ols("y ~ C(person) + C(item)", data=long).fit())
    ms_person = table.loc["C(person)", "mean_sq"]
    return 1 - table.loc["Residual", "mean_sq"] / ms_person


def test_alpha_equals_hoyt_anova(df):
    for c in DEFAULT_CONSTRUCTS[:2] + DEFAULT_CONSTRUCTS[4:]:
        rel = reliability(df.iloc[:120], c)
        items = df.iloc[:120][list(c.items)].astype(float).copy()
        for r in c.reverse:
            items[r] = 6 - items[r]
        assert rel.alpha == pytest.approx(hoyt_alpha(items), abs=1e-9)
        for j, st in enumerate(rel.items):
            others = items.drop(columns=st.item)
            assert st.alpha_if_deleted == pytest.approx(hoyt_alpha(others), abs=1e-9)
            rest = items.drop(columns=items.columns[j]).sum(axis=1)
            r = stats.pearsonr(items.iloc[:, j], rest).statistic
            assert st.corrected_item_total_r == pytest.approx(r)


def test_alpha_textbook_values():
    # Identical items: perfectly reliable. Two items with r = 0 and equal variance: 0.
    x = np.array([1, 2, 3, 4, 5], dtype=float)
    assert cronbach_alpha(np.column_stack([x, x, x])) == pytest.approx(1.0)
    a = np.array([1, -1, 1, -1], dtype=float)
    b = np.array([1, 1, -1, -1], dtype=float)
    assert cronbach_alpha(np.column_stack([a, b])) == pytest.approx(0.0)
    # Spearman–Brown: k parallel items with inter-item r give alpha = k r / (1 + (k−1) r).
    cov = np.full((4, 4), 0.5) + np.eye(4) * 0.5
    rng = np.random.default_rng(3)
    sample = rng.multivariate_normal(np.zeros(4), cov, size=200_000)
    assert cronbach_alpha(sample) == pytest.approx(4 * 0.5 / (1 + 3 * 0.5), abs=0.005)


def test_alpha_uses_listwise_complete(df):
    c = DEFAULT_CONSTRUCTS[0]
    holed = df.copy()
    holed.loc[:9, "tra_1"] = np.nan
    rel = reliability(holed, c)
    assert rel.n == len(df) - 10
    assert rel.alpha == pytest.approx(cronbach_alpha(holed[list(c.items)].dropna().to_numpy()))


# -- correlations ----------------------------------------------------------------------------
def test_correlations_match_pandas_and_t_formula(scores):
    res = correlations(scores)
    assert np.allclose(res.r_frame().to_numpy(), scores.corr().to_numpy())
    n = len(scores.dropna())
    for i in range(5):
        for j in range(5):
            if i == j:
                continue
            r = res.r[i][j]
            t = r * math.sqrt((n - 2) / (1 - r * r))
            assert res.p[i][j] == pytest.approx(2 * stats.t.sf(abs(t), n - 2), rel=1e-6)
            assert res.n[i][j] == n


# -- regression ------------------------------------------------------------------------------
def test_regression_matches_statsmodels_formula(scores):
    reg = regression(scores, "satisfaction")
    fit = smf.ols("satisfaction ~ transparency + efficiency + accessibility + trust",
                  data=scores).fit()
    assert reg.n == int(fit.nobs)
    assert reg.r2 == pytest.approx(fit.rsquared)
    assert reg.adj_r2 == pytest.approx(fit.rsquared_adj)
    assert reg.f == pytest.approx(fit.fvalue)
    assert reg.f_p == pytest.approx(fit.f_pvalue)
    assert (reg.df_model, reg.df_resid) == (4, reg.n - 5)
    sd_y = scores["satisfaction"].std()
    for c in reg.coefficients:
        assert c.b == pytest.approx(fit.params[c.predictor])
        assert c.b_se == pytest.approx(fit.bse[c.predictor])
        # standardized beta = b · sd(x) / sd(y); its t and p equal the raw model's
        assert c.beta == pytest.approx(fit.params[c.predictor] * scores[c.predictor].std() / sd_y)
        assert c.t == pytest.approx(fit.tvalues[c.predictor])
        assert c.p == pytest.approx(fit.pvalues[c.predictor])
        assert c.se == pytest.approx(c.beta / c.t)


# -- groups ----------------------------------------------------------------------------------
def test_welch_t_and_cohens_d(df, scores):
    res = compare_groups(scores, df["area"], "trust", variable="area")
    a = scores["trust"][df["area"] == "rural"].dropna()
    b = scores["trust"][df["area"] == "urban"].dropna()
    ref = stats.ttest_ind(a, b, equal_var=False)
    assert res.test == "welch_t"
    assert res.statistic == pytest.approx(ref.statistic)
    assert res.p == pytest.approx(ref.pvalue)
    t2, p2, dof = sm_ttest_ind(a, b, usevar="unequal")
    assert (t2, p2) == pytest.approx((ref.statistic, ref.pvalue))
    assert res.df2 == pytest.approx(dof)
    pooled = math.sqrt(((len(a) - 1) * a.var() + (len(b) - 1) * b.var()) / (len(a) + len(b) - 2))
    assert res.effect_size == pytest.approx((a.mean() - b.mean()) / pooled)
    assert [g.group for g in res.groups] == ["rural", "urban"]
    assert res.groups[0].mean == pytest.approx(a.mean())
    assert res.groups[0].sd == pytest.approx(a.std())


def test_anova_and_eta_squared(df, scores):
    res = compare_groups(scores, df["respondent_type"], "satisfaction")
    data = pd.DataFrame({"y": scores["satisfaction"], "g": df["respondent_type"]}).dropna()
    table = anova_lm(smf.ols("y ~ C(g)", data=data).fit())
    assert res.test == "anova"
    assert res.statistic == pytest.approx(table.loc["C(g)", "F"])
    assert res.p == pytest.approx(table.loc["C(g)", "PR(>F)"])
    assert (res.df1, res.df2) == (2, len(data) - 3)
    assert res.effect_size == pytest.approx(table.loc["C(g)", "sum_sq"] / table["sum_sq"].sum())


# -- data quality ----------------------------------------------------------------------------
def test_flags_catch_planted_straight_liners_speeders_and_gaps(df):
    planted = df.copy()
    planted.loc[[3, 17], ITEMS] = 4  # straight-liners
    planted.loc[[5, 17], "paradata"] = pd.Series(
        [{i: {"ms": 900, "changes": 0} for i in ITEMS}] * 2, index=[5, 17])  # speeders
    planted.loc[[8], "sat_2"] = np.nan  # incomplete
    flags = quality_flags(planted)
    assert set(flags.index[flags["straight_lining"]]) == {3, 17}
    assert set(flags.index[flags["speeding"]]) == {5, 17}
    assert set(flags.index[flags["incomplete"]]) == {8}
    assert flags.loc[5, "time_ms"] == 900 * 20

    result = analyze(planted, exclude=("straight_lining", "speeding"), with_groups=False)
    q = result.quality
    assert (q.straight_lining, q.speeding, q.incomplete, q.any_flag, q.excluded) == \
        (2, 2, 1, 4, 3)
    assert result.n_responses == len(df) - 3
    assert result.descriptives.rows[0].n == len(df) - 3


def test_speeding_falls_back_to_timestamps():
    data = fixed_responses(3).drop(columns="paradata")
    data.loc[1, "finished_at"] = "2026-11-01T10:00:20.000Z"  # 20 s for 20 items
    flags = quality_flags(data)
    assert list(flags["speeding"]) == [False, True, False]


# -- filters ---------------------------------------------------------------------------------
def test_filters(df):
    data = df.copy()
    data.loc[:49, "finished_at"] = "2026-10-15T10:00:00.000Z"
    data.loc[:9, "form_version"] = "2"
    f = ResponseFilter(districts=("PK617",), areas=("rural",))
    out = f.apply(data)
    assert len(out) == ((data.district == "PK617") & (data.area == "rural")).sum()
    assert len(ResponseFilter(end="2026-10-31").apply(data)) == 50
    assert len(ResponseFilter(start="2026-11-01").apply(data)) == len(data) - 50
    assert len(ResponseFilter(form_versions=("2",)).apply(data)) == 10
    assert len(ResponseFilter(respondent_types=("citizen",)).apply(data)) == \
        (data.respondent_type == "citizen").sum()
    res = analyze(data, flt=ResponseFilter(form_versions=("2",), start=date(2026, 10, 1)),
                  with_groups=False)
    assert res.n_responses == 10
    assert json.loads(json.dumps(res.to_dict()))["filter"]["start"] == "2026-10-01"


def test_constructs_from_mapping_and_to_dict(df):
    cs = constructs_from_mapping({"trust": ["tru_1", "tru_2", "tru_3", "tru_4"],
                                  "satisfaction": ["sat_1", "sat_2", "sat_3"]}, {"tru_4"})
    res = analyze(df, cs, outcome="satisfaction")
    assert [c.predictor for c in res.regression.coefficients] == ["trust"]
    payload = json.loads(json.dumps(res.to_dict()))
    assert payload["reliability"][0]["construct"] == "trust"
    assert payload["reliability"][0]["items"][3]["reverse"] is True


def test_responses_frame_from_records():
    from dataclasses import dataclass as dc

    from analysis.frame import responses_frame

    @dc
    class Row:  # the shape of store.surveys.ResponseRow
        id: str
        form_version: str
        started_at: str
        finished_at: str
        status: str
        answers: dict
        paradata: dict
        district: str | None
        area: str | None
        respondent_type: str | None

    answers = {i: "4" for i in ITEMS} | {"gender": "female", "area": "rural"}
    rows = [Row("r1", "1", "2026-11-01T10:00:00.000Z", "2026-11-01T10:09:00.000Z", "final",
                answers, {"tra_1": {"ms": 3000, "changes": 1}}, "PK617", None, "citizen"),
            {"id": "r2", "answers": {"tra_1": 2, "sat_1": ""}, "paradata": {}}]
    df = responses_frame(rows)
    assert list(df["id"]) == ["r1", "r2"]
    assert df.loc[0, "tra_1"] == 4 and df.loc[1, "tra_1"] == 2
    assert math.isnan(df.loc[1, "sat_1"]) and math.isnan(df.loc[1, "eff_1"])
    assert df.loc[0, "area"] == "rural"  # the answer kept when the metadata is empty
    assert df.loc[0, "district"] == "PK617"
    assert df.loc[0, "paradata"] == {"tra_1": {"ms": 3000, "changes": 1}}
    res = analyze(df, with_groups=False)
    assert res.descriptives.rows[0].n == 1


def test_cfa_without_semopy_is_skipped_not_failed(df, monkeypatch):
    import sys

    from analysis import cfa

    monkeypatch.setitem(sys.modules, "semopy", None)  # import semopy → ImportError
    res = cfa(df)
    assert not res.available and "semopy" in res.reason
    assert analyze(df, with_cfa=True, with_groups=False).cfa.available is False
