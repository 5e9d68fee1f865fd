"""The analysis recovers what a known latent model generated (issue 5, "done means").

The generator below is this test's own (independent of ``daftar demo --surveys``): each
construct has a normal latent score with the study's mean and SD, latent scores correlate
as in :data:`LATENT_R`, and each Likert item is the latent score plus normal noise,
rounded and clipped to 1..5 (``tru_4`` stored reverse-coded). The population mean and SD
of each construct score under that model are estimated from 1,000,000 generated rows with
another seed, so the 20,000-row analysis must match them within sampling error.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from analysis import DEFAULT_CONSTRUCTS, analyze, construct_scores

NAMES = ["transparency", "efficiency", "satisfaction", "accessibility", "trust"]
MEANS = np.array([4.28, 4.15, 3.98, 3.72, 3.88])
SDS = np.array([0.62, 0.69, 0.74, 0.83, 0.78])
LATENT_R = np.array([
    [1.00, 0.61, 0.54, 0.35, 0.45],
    [0.61, 1.00, 0.50, 0.35, 0.45],
    [0.54, 0.50, 1.00, 0.40, 0.50],
    [0.35, 0.35, 0.40, 1.00, 0.47],
    [0.45, 0.45, 0.50, 0.47, 1.00],
])
NOISE_SD = 0.45  # per item; gives inter-item r ≈ .6–.75, alpha ≈ .85–.9
PREFIX = {"transparency": "tra", "efficiency": "eff", "satisfaction": "sat",
          "accessibility": "acc", "trust": "tru"}


def synthetic_responses(n: int, seed: int = 1, *, paradata: bool = True) -> pd.DataFrame:
    """*n* final responses from the latent model, with strata and paradata."""
    rng = np.random.default_rng(seed)
    cov = LATENT_R * np.outer(SDS, SDS)
    latent = rng.multivariate_normal(MEANS, cov, size=n)
    cols: dict[str, object] = {}
    for j, name in enumerate(NAMES):
        for i in range(1, 5):
            x = np.clip(np.rint(latent[:, j] + rng.normal(0, NOISE_SD, n)), 1, 5).astype(int)
            if (PREFIX[name], i) == ("tru", 4):
                x = 6 - x  # asked negatively
            cols[f"{PREFIX[name]}_{i}"] = x
    df = pd.DataFrame(cols)
    df["respondent_type"] = rng.choice(["citizen", "government_employee", "service_user"], n,
                                       p=[0.5, 0.2, 0.3])
    df["district"] = rng.choice(["PK617", "PK618", "PK701", "PK402"], n)
    df["area"] = rng.choice(["urban", "rural"], n, p=[0.6, 0.4])
    df["gender"] = rng.choice(["female", "male"], n)
    start = pd.Timestamp("2026-10-01T00:00:00Z") + pd.to_timedelta(
        rng.integers(0, 60 * 86400, n), unit="s")
    secs = rng.integers(90, 900, n)
    df["started_at"] = start.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    df["finished_at"] = (start + pd.to_timedelta(secs, unit="s")).strftime(
        "%Y-%m-%dT%H:%M:%S.000Z")
    df["form_version"] = "2026110101"
    if not paradata:
        return df
    items = list(cols)
    per_item = (secs * 1000 // len(items)).tolist()
    df["paradata"] = [{q: {"ms": int(ms), "changes": 0} for q in items} for ms in per_item]
    return df


@pytest.fixture(scope="module")
def population() -> pd.DataFrame:
    big = synthetic_responses(1_000_000, seed=99, paradata=False)
    s = construct_scores(big, DEFAULT_CONSTRUCTS)
    return pd.DataFrame({"mean": s.mean(), "sd": s.std(ddof=1)})


@pytest.fixture(scope="module")
def result():
    return analyze(synthetic_responses(20_000, seed=1), with_cfa=True)


def test_means_and_sds_recovered_within_sampling_error(result, population):
    for row in result.descriptives.rows:
        pop = population.loc[row.construct]
        se_mean = pop["sd"] / np.sqrt(row.n)
        assert abs(row.mean - pop["mean"]) < 4 * se_mean, row
        se_sd = pop["sd"] / np.sqrt(2 * (row.n - 1))  # normal-theory SE of an SD
        assert abs(row.sd - pop["sd"]) < 6 * se_sd, row
        assert row.n == 20_000
        # and the model was calibrated to the study's figures (rounding shifts them a bit)
        assert abs(row.mean - MEANS[NAMES.index(row.construct)]) < 0.1


def test_alpha_high_for_high_loadings(result):
    for rel in result.reliability:
        assert rel.alpha >= 0.80, rel
        for item in rel.items:
            assert item.corrected_item_total_r > 0.6
            assert item.alpha_if_deleted < rel.alpha  # every item helps


def test_regression_and_correlations_sensible(result):
    r = result.correlations.r_frame()
    assert r.loc["transparency", "efficiency"] > 0.45
    reg = result.regression
    assert reg.n == 20_000 and 0.3 < reg.r2 < 0.8
    assert all(c.p < 0.001 for c in reg.coefficients)


def test_cfa_loadings_high(result):
    if not result.cfa.available:
        pytest.skip(result.cfa.reason)
    assert len(result.cfa.loadings) == 20
    for ld in result.cfa.loadings:
        assert ld.std_estimate > 0.7, ld
    assert result.cfa.fit["RMSEA"] < 0.05


def test_json_serialisable(result):
    import json

    text = json.dumps(result.to_dict())
    assert '"transparency"' in text


def test_analysis_of_20000_is_fast():
    df = synthetic_responses(20_000, seed=3)
    t0 = time.perf_counter()
    analyze(df)
    assert time.perf_counter() - t0 < 10
