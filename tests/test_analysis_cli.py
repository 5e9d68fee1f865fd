"""``daftar analyze`` and ``daftar export`` on a real store filled by ``daftar demo``.

The construct statistics are checked against a computation written here from the raw
answers with numpy (not through ``analysis``), and the 20,000-response demo against the
generator's published targets (``store.surveys_demo``).
"""

from __future__ import annotations

import json
import math

import numpy as np
import pyreadstat
import pytest

from daftar import main
from people import PASSWORD
from store.store import Store
from store.surveys import Surveys
from store.surveys_demo import TARGET_MEAN, TARGET_SD

CONSTRUCTS = {"transparency": "tra", "efficiency": "eff", "satisfaction": "sat",
              "accessibility": "acc", "trust": "tru"}


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def scores_by_hand(folder) -> dict[str, np.ndarray]:
    """Construct score = mean of its four items (tru_4 reverse-coded), per response."""
    with Store.open(folder) as store:
        rows = Surveys(store).list_responses(status="final")
    out = {}
    for name, prefix in CONSTRUCTS.items():
        values = []
        for r in rows:
            items = []
            for i in range(1, 5):
                raw = r.answers.get(f"{prefix}_{i}")
                if raw is None:
                    continue
                x = int(raw)
                items.append(6 - x if f"{prefix}_{i}" == "tru_4" else x)
            if len(items) >= 2:
                values.append(sum(items) / len(items))
        out[name] = np.array(values)
    return out


def cronbach_by_hand(folder, prefix: str) -> float:
    with Store.open(folder) as store:
        rows = Surveys(store).list_responses(status="final")
    m = np.array([[int(r.answers[f"{prefix}_{i}"]) for i in range(1, 5)] for r in rows
                  if all(r.answers.get(f"{prefix}_{i}") for i in range(1, 5))], float)
    if prefix == "tru":
        m[:, 3] = 6 - m[:, 3]
    k = m.shape[1]
    return k / (k - 1) * (1 - m.var(axis=0, ddof=1).sum() / m.sum(axis=1).var(ddof=1))


@pytest.fixture
def demo(tmp_path, capsys):
    folder = tmp_path / "data"
    code, _out, _err = run(capsys, "--data-dir", str(folder), "demo", "--surveys", "400",
                           "--requests", "150", "--seed", "3")
    assert code == 0
    return folder


def test_analyze_json_matches_a_computation_from_the_raw_answers(demo, capsys, tmp_path):
    code, out, _err = run(capsys, "--data-dir", str(demo), "analyze", "--json")
    assert code == 0
    result = json.loads(out)
    by_hand = scores_by_hand(demo)
    table1 = {row["construct"]: row for row in result["descriptives"]["rows"]}
    for name, values in by_hand.items():
        assert table1[name]["n"] == len(values) == 400
        assert table1[name]["mean"] == pytest.approx(values.mean(), abs=1e-9)
        assert table1[name]["sd"] == pytest.approx(values.std(ddof=1), abs=1e-9)
    alphas = {r["construct"]: r["alpha"] for r in result["reliability"]}
    for name, prefix in CONSTRUCTS.items():
        assert alphas[name] == pytest.approx(cronbach_by_hand(demo, prefix), abs=1e-9)
    names = result["correlations"]["names"]
    matrix = result["correlations"]["r"]
    for a in CONSTRUCTS:
        for b in CONSTRUCTS:
            r = np.corrcoef(by_hand[a], by_hand[b])[0, 1]
            assert matrix[names.index(a)][names.index(b)] == pytest.approx(r, abs=1e-9)
    trust = next(c for c in result["constructs"] if c["name"] == "trust")
    assert trust["reverse"] == ["tru_4"]  # from the form's daftar::reverse column


def test_analyze_prints_the_journal_tables_and_writes_a_pdf(demo, capsys, tmp_path):
    report = tmp_path / "report.pdf"
    code, out, _err = run(capsys, "--data-dir", str(demo), "analyze", "--report", str(report))
    assert code == 0
    assert "Table 1" in out and "Table 2" in out
    assert "Regression Analysis Predicting Citizen Satisfaction" in out
    assert "< .001" in out
    assert report.read_bytes().startswith(b"%PDF")


def test_filters_and_exclusions_change_n(demo, capsys):
    code, out, _err = run(capsys, "--data-dir", str(demo), "analyze", "--json",
                          "--area", "urban")
    urban = json.loads(out)
    code2, out2, _err = run(capsys, "--data-dir", str(demo), "analyze", "--json",
                            "--exclude", "straight_lining", "--exclude", "speeding")
    cleaned = json.loads(out2)
    assert code == code2 == 0
    n_urban = urban["descriptives"]["rows"][0]["n"]
    with Store.open(demo) as store:
        rows = Surveys(store).list_responses(status="final")
    assert n_urban == sum(1 for r in rows if r.area == "urban")
    flags = cleaned["quality"]
    n_clean = cleaned["descriptives"]["rows"][0]["n"]
    assert flags["excluded"] > 0 and n_clean == 400 - flags["excluded"]


def test_export_writes_labelled_spss_and_keeps_pii_out_unless_asked(demo, capsys, tmp_path,
                                                                     monkeypatch):
    out_dir = tmp_path / "export"
    code, _out, _err = run(capsys, "--data-dir", str(demo), "export", "--format", "sav",
                          "--out", str(out_dir))
    assert code == 0
    df, meta = pyreadstat.read_sav(str(out_dir / "responses.sav"))
    assert len(df) == 400
    assert meta.column_names_to_labels["tra_1"]
    assert meta.variable_value_labels["tra_1"][5.0].lower().startswith("strongly agree")
    requests, _meta = pyreadstat.read_sav(str(out_dir / "requests.sav"))
    assert len(requests) == 150
    assert not {"cnic", "name", "phone"} & {c.lower() for c in requests.columns}
    pii = ("export", "--format", "csv", "--out", str(out_dir), "--what", "requests",
           "--include-pii")
    # Citizens' personal data only for staff signed in for the command.
    monkeypatch.delenv("DAFTAR_USER", raising=False)
    code, _out, err = run(capsys, "--data-dir", str(demo), *pii)
    assert code == 2 and "Sign in first" in err
    monkeypatch.setenv("DAFTAR_PASSWORD", PASSWORD)
    code, _out, err = run(capsys, "--data-dir", str(demo), "--user", "kashif", *pii)
    assert code == 2 and "Your role (enumerator) does not handle service requests." in err
    assert not (out_dir / "requests.csv").exists()
    code, _out, err = run(capsys, "--data-dir", str(demo), "--user", "sana", *pii)
    assert code == 0 and "personal data" in err
    header = (out_dir / "requests.csv").read_text(encoding="utf-8").splitlines()[0].lower()
    assert "cnic" in header


def test_analyze_without_interviews_says_so(tmp_path, capsys):
    code, _out, err = run(capsys, "--data-dir", str(tmp_path / "empty"), "analyze")
    assert code == 2
    assert "no finished interviews" in err


@pytest.mark.slow
def test_the_20000_response_demo_recovers_the_generators_parameters(tmp_path, capsys):
    folder = tmp_path / "big"
    assert run(capsys, "--data-dir", str(folder), "demo", "--surveys", "20000",
               "--seed", "1")[0] == 0
    code, out, _err = run(capsys, "--data-dir", str(folder), "analyze", "--json",
                          "--exclude", "straight_lining", "--exclude", "speeding")
    assert code == 0
    result = json.loads(out)
    table1 = {row["construct"]: row for row in result["descriptives"]["rows"]}
    for i, name in enumerate(CONSTRUCTS):
        row = table1[name]
        se = TARGET_SD[i] / math.sqrt(row["n"])
        # 4 standard errors of sampling plus the calibration's documented 0.005.
        assert abs(row["mean"] - TARGET_MEAN[i]) < 4 * se + 0.005, (name, row)
        assert abs(row["sd"] - TARGET_SD[i]) < 0.02, (name, row)
    alphas = {r["construct"]: r["alpha"] for r in result["reliability"]}
    assert all(a >= 0.80 for a in alphas.values()), alphas
