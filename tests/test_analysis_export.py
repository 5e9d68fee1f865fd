"""Response exports round-trip with their variable and value labels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyreadstat
import pytest
from test_analysis_stats import ITEMS, fixed_responses

from analysis import LIKERT_LABELS
from analysis.export import FORMATS, export_responses, responses_table


@pytest.fixture
def responses() -> pd.DataFrame:
    df = fixed_responses(40)
    df.loc[2, "sat_3"] = np.nan
    df.loc[5, ITEMS] = 3  # a straight-liner
    return df


@pytest.mark.parametrize("fmt", ["sav", "dta"])
def test_spss_and_stata_round_trip_with_labels(responses, tmp_path, fmt):
    path = export_responses(responses, tmp_path, fmt)
    reader = pyreadstat.read_sav if fmt == "sav" else pyreadstat.read_dta
    back, meta = reader(path)
    assert len(back) == 40
    assert list(back["tra_1"]) == list(responses["tra_1"].astype(float))
    assert np.isnan(back.loc[2, "sat_3"])
    labels = meta.column_names_to_labels
    assert labels["tra_1"] == "Transparency Improvement: item 1"
    assert labels["tru_4"] == "Trust in Digital Platforms: item 4 (reverse-coded)"
    assert labels["score_trust"] == "Trust in Digital Platforms (mean of items)"
    value_labels = meta.variable_value_labels
    assert {int(k): v for k, v in value_labels["eff_2"].items()} == LIKERT_LABELS
    rt = {int(k): v for k, v in value_labels["respondent_type"].items()}
    assert set(rt.values()) == {"Citizen", "Government employee", "Service user"}
    # codes decode back to the original categories
    decoded = back["respondent_type"].map(lambda c: rt[int(c)])
    original = responses["respondent_type"].map(
        {"citizen": "Citizen", "government_employee": "Government employee",
         "service_user": "Service user"})
    assert list(decoded) == list(original)
    assert back.loc[5, "flag_straight_lining"] == 1
    assert back["flag_straight_lining"].sum() == 1
    assert back.loc[0, "time_ms"] == 5000 * 20
    assert "paradata" not in back
    # with labels applied, pyreadstat gives the texts
    labelled, _ = reader(path, apply_value_formats=True)
    assert labelled.loc[0, "area"] in ("Urban", "Rural")


def test_csv_and_xlsx(responses, tmp_path):
    csv = pd.read_csv(export_responses(responses, tmp_path, "csv"))
    assert list(csv["respondent_type"]) == list(responses["respondent_type"])
    assert csv["score_transparency"].notna().all()
    book = pd.read_excel(export_responses(responses, tmp_path, "xlsx"), sheet_name=None)
    assert set(book) == {"data", "variables", "values"}
    assert len(book["data"]) == 40
    values = book["values"]
    assert set(values[values.variable == "tra_1"]["label"]) == set(LIKERT_LABELS.values())


def test_every_format_and_bad_format(responses, tmp_path):
    for fmt in FORMATS:
        assert export_responses(responses, tmp_path, fmt).stat().st_size > 0
    with pytest.raises(ValueError, match="unknown export format"):
        export_responses(responses, tmp_path, "sas")


def test_table_without_paradata(responses):
    t = responses_table(responses.drop(columns="paradata"), with_scores=False)
    assert "score_trust" not in t.frame
    assert t.frame.loc[0, "time_ms"] == 600_000  # from the timestamps
