"""Synthetic final responses to the default instrument, for demonstrations and analysis.

``daftar demo --surveys N --seed S`` writes N final responses to ``daftar_governance``
(importing ``resources/forms/daftar_governance.xlsx`` first if needed), each with its
outbox entry, in transactions of :data:`BATCH` responses (bulk ``executemany``; 20,000
responses take about 6 s). Same seed, same answers.

How the answers are made
------------------------
*Constructs.* Each respondent gets five latent construct scores ``z`` (transparency,
efficiency, satisfaction, accessibility, trust), multivariate normal with mean 0, SD 1 and
correlation matrix :data:`LATENT_R`. Satisfaction is *driven by the others*: it is
``0.268 tra + 0.236 eff + 0.179 acc + 0.211 tru + e`` (the study's standardized betas
0.42 / 0.37 / 0.28 / 0.33 scaled by 0.639 so that r(tra, sat) = 0.54; the predictors
correlate tra–eff 0.61, acc–tru 0.47, the other pairs 0.30–0.35). Because items carry
measurement error (and are rounded and clipped), the latent correlations are larger than
the targets (:data:`TARGET_R`); they were calibrated together with ``MU`` and ``SIGMA``
so that the *observed* construct scores (mean of the items) correlate as the study
reports.

*Items.* Item ``j`` of construct ``c`` is
``round(clip(MU[c] + SIGMA[c] * (LOADING z_c + sqrt(1 - LOADING²) e_j), 1, 5))`` with
``LOADING`` = :data:`LOADING` and independent standard normal ``e_j``. ``MU`` and ``SIGMA``
(:data:`ITEM_MU`, :data:`ITEM_SIGMA`) were calibrated (12 fixed-point steps on 200,000
draws) so that after rounding and clipping the construct scores have the study's means
4.28 / 4.15 / 3.98 / 3.72 / 3.88 and SDs 0.62 / 0.69 / 0.74 / 0.83 / 0.78; measured on
200,000 fresh draws: means 4.279 / 4.151 / 3.977 / 3.719 / 3.877, SDs 0.619 / 0.687 /
0.739 / 0.828 / 0.781, r(tra, eff) 0.611, r(tra, sat) 0.539, r(acc, tru) 0.471, and
Cronbach's alpha 0.84 / 0.85 / 0.85 / 0.86 / 0.86. (Straight-liners and speeders, below,
move these a little.) The reverse-worded item ``tru_4`` is stored as 6 − value, so it scores
correctly once the analysis reverses it. Digital-skills items ``dig_1..3`` share one
latent factor correlated 0.45 with accessibility and raised by education.

*Strata and background.* Province by population share (Punjab 53 %, Sindh 23 %, Khyber
Pakhtunkhwa 15 %, Balochistan 6 %, Azad Kashmir 1.5 %, Islamabad 1 %, Gilgit-Baltistan
0.5 %), then a district of it uniformly; rural 63 % / urban 37 %; citizen 50 %, service
user 30 %, government employee 20 %. Gender, age group, education and internet access
from the weights in :data:`BACKGROUND` (internet: rural respondents half as often at
home). Language Urdu 70 %, English 30 %; six enumerators; interviews over the last 60
days.

*Paradata and data-quality cases.* Time per question is log-normal (median 6 s for an
item read aloud, 4 s for background questions); 8 % of answers were changed once.
:data:`STRAIGHT_LINER_SHARE` (2 %) of respondents give the same answer to every Likert
item, and :data:`SPEEDER_SHARE` (3 %) answer every question in about 1 s — so that
data-quality flags have something to find.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import numpy as np
from sqlalchemy import text

from models.ids import new_id
from store.records import iso_utc
from store.schema_surveys import SurveyResponse
from store.store import Store
from store.surveys import Surveys

FORM_ID = "daftar_governance"
BATCH = 5000
CONSTRUCTS = ("transparency", "efficiency", "satisfaction", "accessibility", "trust")
PREFIX = {"transparency": "tra", "efficiency": "eff", "satisfaction": "sat",
          "accessibility": "acc", "trust": "tru"}
ITEMS_PER_CONSTRUCT = 4
REVERSED = ("tru_4",)
#: Published construct means and SDs (SURVEY_FACTS.md), the calibration's targets.
TARGET_MEAN = (4.28, 4.15, 3.98, 3.72, 3.88)
TARGET_SD = (0.62, 0.69, 0.74, 0.83, 0.78)
#: Correlations of the *observed* construct scores aimed for (order of CONSTRUCTS).
TARGET_R = np.array([
    [1.000, 0.610, 0.540, 0.300, 0.350],
    [0.610, 1.000, 0.528, 0.300, 0.350],
    [0.540, 0.528, 1.000, 0.429, 0.472],
    [0.300, 0.300, 0.429, 1.000, 0.470],
    [0.350, 0.350, 0.472, 0.470, 1.000],
])
#: Latent correlations: TARGET_R disattenuated for the items' measurement error
#: (calibrated, see the module docstring).
LATENT_R = np.array([
    [1.000, 0.736, 0.649, 0.364, 0.427],
    [0.736, 1.000, 0.633, 0.359, 0.423],
    [0.649, 0.633, 1.000, 0.506, 0.563],
    [0.364, 0.359, 0.506, 1.000, 0.556],
    [0.427, 0.423, 0.563, 0.556, 1.000],
])
LOADING = 0.82
ITEM_MU = (4.385, 4.252, 4.052, 3.773, 3.944)
ITEM_SIGMA = (0.864, 0.943, 0.964, 1.048, 1.008)
STRAIGHT_LINER_SHARE = 0.02
SPEEDER_SHARE = 0.03
CHANGED_SHARE = 0.08

PROVINCE_SHARE = {"PK6": 0.53, "PK7": 0.23, "PK5": 0.15, "PK2": 0.06, "PK1": 0.015,
                  "PK4": 0.01, "PK3": 0.005}
BACKGROUND = {
    "area": (("rural", "urban"), (0.63, 0.37)),
    "respondent_type": (("citizen", "service_user", "government_employee"), (0.5, 0.3, 0.2)),
    "gender": (("male", "female", "transgender", "no_answer"), (0.55, 0.43, 0.005, 0.015)),
    "age_group": (("18_24", "25_34", "35_44", "45_54", "55_plus"),
                  (0.22, 0.30, 0.22, 0.15, 0.11)),
    "education": (("none", "primary", "middle", "matric", "intermediate", "graduate"),
                  (0.18, 0.14, 0.12, 0.24, 0.16, 0.16)),
    "internet_access": (("none", "mobile", "home", "both"), (0.22, 0.50, 0.06, 0.22)),
}
ENUMERATORS = ("Kashif Raza", "Samina Bibi", "Adeel Ahmed", "Rukhsana Parveen",
               "Faisal Mehmood", "Nazia Gul")
BACKGROUND_QUESTIONS = ("consent", "respondent_type", "province", "district", "area",
                        "gender", "age_group", "education", "internet_access")


def likert_items() -> list[str]:
    """The construct items in instrument order (``tra_1`` … ``tru_4``)."""
    return [f"{PREFIX[c]}_{j}" for c in CONSTRUCTS for j in range(1, ITEMS_PER_CONSTRUCT + 1)]


def construct_items(rng: np.random.Generator, n: int, *, mu=ITEM_MU, sigma=ITEM_SIGMA,
                    latent_r=LATENT_R, loading: float = LOADING
                    ) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """(item name → n answers 1..5 as scored, i.e. before reversing; latent z (n × 5))."""
    z = rng.multivariate_normal(np.zeros(5), latent_r, size=n, method="cholesky")
    items: dict[str, np.ndarray] = {}
    unique = np.sqrt(1 - loading ** 2)
    for c, construct in enumerate(CONSTRUCTS):
        for j in range(1, ITEMS_PER_CONSTRUCT + 1):
            raw = mu[c] + sigma[c] * (loading * z[:, c] + unique * rng.standard_normal(n))
            items[f"{PREFIX[construct]}_{j}"] = np.clip(np.rint(raw), 1, 5).astype(int)
    return items, z


def _districts(store: Store) -> dict[str, list[str]]:
    with store._read() as conn:
        rows = conn.execute(text("SELECT id, parent_id FROM area WHERE level = 2")).all()
    out: dict[str, list[str]] = {}
    for r in rows:
        out.setdefault(r.parent_id, []).append(r.id)
    for ids in out.values():
        ids.sort()
    return out


def generate(store: Store, n: int, *, seed: int = 1, now: datetime | None = None,
             progress: Callable[[int, int], None] | None = None) -> int:
    """Write *n* final demo responses (with their outbox entries); returns *n*."""
    surveys = Surveys(store)
    surveys.ensure_default_form()
    form = surveys.form(FORM_ID)
    rng = np.random.default_rng(seed)
    now = now or datetime.now(UTC)
    by_province = _districts(store)
    provinces = [p for p in PROVINCE_SHARE if by_province.get(p)]
    weights = np.array([PROVINCE_SHARE[p] for p in provinces])

    items, z = construct_items(rng, n)
    items["tru_4"] = 6 - items["tru_4"]
    dig_latent = 0.45 * z[:, 3] + np.sqrt(1 - 0.45 ** 2) * rng.standard_normal(n)
    pick = {q: rng.choice(len(names), size=n, p=np.array(w) / sum(w))
            for q, (names, w) in BACKGROUND.items()}
    edu_level = pick["education"]  # 0 = none … 5 = graduate
    dig_latent = dig_latent + 0.25 * (edu_level - 2.5)
    dig = {f"dig_{j}": np.clip(np.rint(3.1 + 1.0 * (0.8 * dig_latent + 0.6 *
                                                   rng.standard_normal(n))), 1, 5).astype(int)
           for j in (1, 2, 3)}
    # Rural respondents have home internet half as often (moved to mobile only).
    rural = pick["area"] == 0
    home = np.isin(pick["internet_access"], (2, 3)) & rural & (rng.random(n) < 0.5)
    pick["internet_access"] = np.where(home, 1, pick["internet_access"])
    province_ix = rng.choice(len(provinces), size=n, p=weights / weights.sum())
    district_u = rng.random(n)
    language_ur = rng.random(n) < 0.7
    straight = rng.random(n) < STRAIGHT_LINER_SHARE
    speeder = (rng.random(n) < SPEEDER_SHARE) & ~straight
    straight_value = rng.choice([3, 4, 5], size=n, p=[0.2, 0.4, 0.4])
    enumerator_ix = rng.integers(0, len(ENUMERATORS), size=n)
    start_offset = rng.uniform(0, 60 * 86400, size=n)

    likert = likert_items()
    dig_names = list(dig)
    timed = list(BACKGROUND_QUESTIONS) + dig_names + likert
    n_bg = len(BACKGROUND_QUESTIONS)
    median = np.array([4000.0] * n_bg + [6000.0] * (len(timed) - n_bg))
    times = np.exp(np.log(median)[None, :] + 0.45 * rng.standard_normal((n, len(timed))))
    times[speeder] = rng.uniform(600, 1500, size=(int(speeder.sum()), len(timed)))
    times = times.astype(int)
    changes = 1 + (rng.random((n, len(timed))) < CHANGED_SHARE).astype(int)

    names = {q: BACKGROUND[q][0] for q in BACKGROUND}
    times_l, changes_l = times.tolist(), changes.tolist()
    totals = times.sum(axis=1).tolist()
    device = store.device()
    written = 0
    for lo in range(0, n, BATCH):
        hi = min(lo + BATCH, n)
        rows = []
        ids = []
        for i in range(lo, hi):
            province = provinces[province_ix[i]]
            options = by_province[province]
            district = options[int(district_u[i] * len(options))]
            answers: dict[str, object] = {"consent": "yes"}
            for q in ("respondent_type",):
                answers[q] = names[q][pick[q][i]]
            answers["province"] = province
            answers["district"] = district
            for q in ("area", "gender", "age_group", "education", "internet_access"):
                answers[q] = names[q][pick[q][i]]
            for q in dig_names:
                answers[q] = str(straight_value[i] if straight[i] else dig[q][i])
            for q in likert:
                if straight[i]:
                    answers[q] = str(straight_value[i])
                else:
                    answers[q] = str(items[q][i])
            answers["likert_answered"] = str(len(likert))
            t_row, c_row = times_l[i], changes_l[i]
            paradata = {q: {"ms": t_row[k], "changes": c_row[k]}
                        for k, q in enumerate(timed)}
            started = now - timedelta(seconds=float(start_offset[i]))
            finished = started + timedelta(milliseconds=totals[i] + 30_000)
            response_id = new_id()
            ids.append((response_id, finished))
            rows.append({
                "id": response_id, "form_id": form.form_id, "form_version": form.version,
                "enumerator": ENUMERATORS[enumerator_ix[i]], "device_id": device.device_id,
                "language": "ur" if language_ur[i] else "en",
                "started_at": iso_utc(started), "updated_at": iso_utc(finished),
                "finished_at": iso_utc(finished),
                "answers": json.dumps(answers, ensure_ascii=False, separators=(",", ":")),
                "paradata": json.dumps(paradata, separators=(",", ":")),
                "status": "final", "district": district, "area": answers["area"],
                "respondent_type": answers["respondent_type"]})
        with store._write() as conn:
            device = store._device(conn)
            conn.execute(SurveyResponse.__table__.insert(), rows)
            for response_id, finished in ids:
                device.outbox("survey_response", response_id, finished)
            store._flush(conn, device)
        written = hi
        if progress:
            progress(written, n)
    return written
