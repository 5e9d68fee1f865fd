"""The journal-style tables say what the statistics say; the PDF and HTML are complete."""

from __future__ import annotations

import re

import pytest
from test_analysis_stats import fixed_responses

from analysis import analyze
from analysis.formatting import format_p, no_leading_zero
from analysis.report import (
    figure_coefficients,
    figure_heatmap,
    figure_means,
    render_html,
    render_text,
    table1,
    table2,
    table3,
    table4,
    write_pdf,
)


@pytest.fixture(scope="module")
def result():
    return analyze(fixed_responses(300))


def test_table1_cells(result):
    t = table1(result)
    assert t.header[:5] == ["Variable", "n", "M", "SD", "α"]
    assert len(t.rows) == 5
    d = result.descriptives.rows[2]
    row = t.rows[2]
    assert row[0] == "3. Citizen Satisfaction"
    assert row[1:4] == [str(d.n), f"{d.mean:.2f}", f"{d.sd:.2f}"]
    assert row[4] == no_leading_zero(result.reliability[2].alpha)
    r = result.correlations.r[2][0]
    assert row[5].startswith(no_leading_zero(r))
    assert row[5].endswith("***") == (result.correlations.p[2][0] < 0.001)
    assert row[7] == "—"
    assert "N = 300" in t.note


def test_table2_cells(result):
    t = table2(result)
    reg = result.regression
    assert [r[0] for r in t.rows] == ["Transparency Improvement", "Service Delivery Efficiency",
                                      "Digital Accessibility", "Trust in Digital Platforms"]
    for row, c in zip(t.rows, reg.coefficients, strict=True):
        assert row[3] == no_leading_zero(c.beta)
        assert row[5] == format_p(c.p).replace("= ", "")
    assert f"F({reg.df_model}, {reg.df_resid}) = {reg.f:.2f}" in t.note
    assert f"R² = {no_leading_zero(reg.r2)}" in t.note


def test_other_tables(result):
    assert len(table3(result).rows) == 20
    assert any(r[1] == "tru_4 (R)" for r in table3(result).rows)
    t4 = table4(result)
    assert {r[0] for r in t4.rows} >= {"respondent_type", "area", "gender", "district"}
    assert any(c.startswith("F = ") for r in t4.rows for c in r)
    assert any(c.startswith("t = ") for r in t4.rows for c in r)


def test_text_and_html(result):
    text = render_text(result)
    assert "Table 1" in text and "Table 2" in text and "Note. " in text
    html = render_html(result)
    assert html.count('<table class="apa">') == 4
    assert "Regression Analysis Predicting Citizen Satisfaction" in html


def test_figures(result):
    assert len(figure_means(result).axes) == 1
    assert len(figure_heatmap(result).axes) == 2  # the map and its colour bar
    assert len(figure_coefficients(result).axes[0].get_yticklabels()) == 4


def test_pdf(result, tmp_path):
    path = write_pdf(result, tmp_path / "report" / "analysis.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    assert pages == 1 + 4 + 3
