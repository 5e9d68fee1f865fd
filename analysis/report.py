"""The journal-style report: Table 1 (means, SDs, alphas, correlations), Table 2
(regression), item and group tables — as plain text, HTML and a PDF with charts.

Charts are :class:`matplotlib.figure.Figure` objects built without pyplot, so they can be
drawn off the GUI thread and embedded by the desktop (``FigureCanvasQTAgg(figure)``).
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

from analysis.formatting import fmt, format_p, no_leading_zero, stars
from analysis.survey import SurveyAnalysis


@dataclass
class Table:
    """An APA table: number, title, column headers, rows of cells, a note."""

    number: int
    title: str
    header: list[str]
    rows: list[list[str]]
    note: str

    def to_dict(self) -> dict:
        return {"number": self.number, "title": self.title, "header": self.header,
                "rows": self.rows, "note": self.note}


def _labels(result: SurveyAnalysis) -> dict[str, str]:
    return {c.name: c.label for c in result.constructs}


def table1(result: SurveyAnalysis) -> Table:
    """Means, standard deviations, Cronbach's alpha and correlations (lower triangle)."""
    names = result.correlations.names
    labels = _labels(result)
    alpha = {r.construct: r.alpha for r in result.reliability}
    header = ["Variable", "n", "M", "SD", "α"] + [str(i) for i in range(1, len(names))]
    rows = []
    for i, d in enumerate(result.descriptives.rows):
        cells = [f"{i + 1}. {labels.get(d.construct, d.construct)}", str(d.n), fmt(d.mean),
                 fmt(d.sd), no_leading_zero(alpha.get(d.construct))]
        for j in range(len(names) - 1):
            if j < i:
                r, p = result.correlations.r[i][j], result.correlations.p[i][j]
                cells.append(no_leading_zero(r) + stars(p))
            else:
                cells.append("—" if j == i else "")
        rows.append(cells)
    n = result.n_responses
    note = (f"N = {n}. α = Cronbach's alpha. Construct scores are item means on a 1–5 scale "
            f"(reverse-coded items recoded). Correlations are Pearson r, pairwise complete. "
            f"*p < .05. **p < .01. ***p < .001.")
    return Table(1, "Means, Standard Deviations, Reliabilities and Correlations of the "
                    "Study Constructs", header, rows, note)


def table2(result: SurveyAnalysis) -> Table:
    """The regression of the outcome on the other constructs."""
    reg = result.regression
    labels = _labels(result)
    header = ["Predictor", "B", "SE B", "β", "t", "p"]
    rows = [[labels.get(c.predictor, c.predictor), fmt(c.b), fmt(c.b_se),
             no_leading_zero(c.beta), fmt(c.t), format_p(c.p).replace("= ", "")]
            for c in reg.coefficients]
    note = (f"n = {reg.n}. R² = {no_leading_zero(reg.r2)}, adjusted R² = "
            f"{no_leading_zero(reg.adj_r2)}, F({reg.df_model}, {reg.df_resid}) = "
            f"{fmt(reg.f)}, p {format_p(reg.f_p)}. β = standardized coefficient.")
    return Table(2, f"Regression Analysis Predicting {labels.get(reg.outcome, reg.outcome)}",
                 header, rows, note)


def table3(result: SurveyAnalysis) -> Table:
    """Item statistics: corrected item–total r and alpha if the item is deleted."""
    rows = []
    for rel in result.reliability:
        for it in rel.items:
            rows.append([rel.label, it.item + (" (R)" if it.reverse else ""), fmt(it.mean),
                         fmt(it.sd), no_leading_zero(it.corrected_item_total_r),
                         no_leading_zero(it.alpha_if_deleted)])
    return Table(3, "Item Statistics and Reliability", ["Construct", "Item", "M", "SD",
                                                        "r(it)", "α if deleted"], rows,
                 "r(it) = corrected item–total correlation. (R) = reverse-coded item.")


def table4(result: SurveyAnalysis) -> Table:
    """Construct means (SD) per group of each variable, with the test under each block."""
    labels = _labels(result)
    names = [c.name for c in result.constructs]
    header = ["Variable", "Group", "n"] + [labels.get(n, n).split(" ")[0] for n in names]
    by_var: dict[str, dict[str, object]] = {}
    for g in result.groups:
        by_var.setdefault(g.variable, {})[g.construct] = g
    rows = []
    for var, tests in by_var.items():
        first = next(iter(tests.values()))
        for k, grp in enumerate(first.groups):
            cells = [var if k == 0 else "", grp.group, str(grp.n)]
            for n in names:
                t = tests.get(n)
                st = next((s for s in t.groups if s.group == grp.group), None) if t else None
                cells.append(f"{fmt(st.mean)} ({fmt(st.sd)})" if st else "")
            rows.append(cells)
        stat_row, es_row = ["", "test", ""], ["", "effect", ""]
        for n in names:
            t = tests.get(n)
            if t is None or t.test == "none":
                stat_row.append("")
                es_row.append("")
            elif t.test == "welch_t":
                stat_row.append(f"t = {fmt(t.statistic)}{stars(t.p)}")
                es_row.append(f"d = {fmt(t.effect_size)}")
            else:
                stat_row.append(f"F = {fmt(t.statistic)}{stars(t.p)}")
                es_row.append(f"η² = {no_leading_zero(t.effect_size, 3)}")
        rows += [stat_row, es_row]
    return Table(4, "Construct Means (Standard Deviations) by Group", header, rows,
                 "Two groups: Welch's t-test with Cohen's d; more groups: one-way ANOVA with "
                 "η². n is the group's size for the first construct. *p < .05. **p < .01. "
                 "***p < .001.")


def tables(result: SurveyAnalysis) -> list[Table]:
    out = [table1(result), table2(result), table3(result)]
    if result.groups:
        out.append(table4(result))
    return out


# -- text and HTML ---------------------------------------------------------------------------
def render_text(result: SurveyAnalysis) -> str:
    """All tables as aligned plain text (for the terminal)."""
    parts = []
    for t in tables(result):
        widths = [max(len(r[i]) for r in [t.header, *t.rows]) for i in range(len(t.header))]
        rule = "─" * (sum(widths) + 2 * (len(widths) - 1))

        def line(cells, widths=widths):
            return "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                             for i, (c, w) in enumerate(zip(cells, widths, strict=True)))
        parts += [f"Table {t.number}", t.title, rule, line(t.header), rule,
                  *(line(r) for r in t.rows), rule, "Note. " + t.note, ""]
    q = result.quality
    parts.append(f"Data quality: {q.total} responses; straight-lining {q.straight_lining}, "
                 f"speeding {q.speeding}, incomplete {q.incomplete}; excluded {q.excluded}.")
    return "\n".join(parts)


_CSS = """
table.apa { border-collapse: collapse; margin: 0.5em 0 0.3em; font-family: serif; }
table.apa th, table.apa td { padding: 2px 10px; text-align: right; }
table.apa th:first-child, table.apa td:first-child { text-align: left; }
table.apa thead tr:first-child th { border-top: 1.5px solid black;
                                    border-bottom: 1px solid black; }
table.apa tbody tr:last-child td { border-bottom: 1.5px solid black; }
p.apa-number { font-weight: bold; margin-bottom: 0; }
p.apa-title { font-style: italic; margin-top: 0.2em; }
p.apa-note { font-size: 90%; }
"""


def render_html(result: SurveyAnalysis, *, standalone: bool = True) -> str:
    """All tables as APA-styled HTML (the desktop shows it in a QTextBrowser)."""
    e = html.escape
    body = []
    for t in tables(result):
        head = "".join(f"<th>{e(h)}</th>" for h in t.header)
        rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>"
                       for r in t.rows)
        body.append(f'<p class="apa-number">Table {t.number}</p>'
                    f'<p class="apa-title">{e(t.title)}</p>'
                    f'<table class="apa"><thead><tr>{head}</tr></thead>'
                    f"<tbody>{rows}</tbody></table>"
                    f'<p class="apa-note"><i>Note.</i> {e(t.note)}</p>')
    inner = "\n".join(body)
    if not standalone:
        return f"<style>{_CSS}</style>\n{inner}"
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Survey analysis"
            f"</title><style>{_CSS}</style></head><body>{inner}</body></html>")


# -- charts ----------------------------------------------------------------------------------
def figure_means(result: SurveyAnalysis):
    """Construct means with 95 % confidence intervals."""
    from matplotlib.figure import Figure

    rows = [r for r in result.descriptives.rows if r.n > 0]
    fig = Figure(figsize=(7, 3.6), layout="constrained")
    ax = fig.add_subplot()
    y = np.arange(len(rows))[::-1]
    means = [r.mean for r in rows]
    err = [[r.mean - r.ci_low if not math.isnan(r.ci_low) else 0 for r in rows],
           [r.ci_high - r.mean if not math.isnan(r.ci_high) else 0 for r in rows]]
    ax.errorbar(means, y, xerr=err, fmt="o", color="#1f4e79", capsize=4)
    ax.set_yticks(y, [r.label for r in rows])
    ax.set_xlim(1, 5)
    ax.set_xlabel("Mean (1 = strongly disagree … 5 = strongly agree), 95 % CI")
    ax.grid(axis="x", alpha=0.3)
    ax.set_title("Construct means")
    return fig


def figure_heatmap(result: SurveyAnalysis):
    """The correlation matrix as a heatmap, r printed in each cell."""
    from matplotlib.figure import Figure

    labels = _labels(result)
    names = result.correlations.names
    r = np.array(result.correlations.r, dtype=float)
    fig = Figure(figsize=(6.5, 5.2), layout="constrained")
    ax = fig.add_subplot()
    im = ax.imshow(r, vmin=-1, vmax=1, cmap="RdBu_r")
    short = [labels.get(n, n).split(" ")[0] for n in names]
    ax.set_xticks(range(len(names)), short, rotation=30, ha="right")
    ax.set_yticks(range(len(names)), short)
    for i in range(len(names)):
        for j in range(len(names)):
            if not math.isnan(r[i, j]):
                ax.text(j, i, no_leading_zero(r[i, j]) + (stars(result.correlations.p[i][j])
                                                          if i != j else ""),
                        ha="center", va="center", fontsize=9,
                        color="white" if abs(r[i, j]) > 0.6 else "black")
    fig.colorbar(im, ax=ax, shrink=0.8, label="Pearson r")
    ax.set_title("Correlations between constructs")
    return fig


def figure_coefficients(result: SurveyAnalysis):
    """Standardized regression coefficients with 95 % confidence intervals."""
    from matplotlib.figure import Figure

    labels = _labels(result)
    coefs = result.regression.coefficients
    fig = Figure(figsize=(7, 3.2), layout="constrained")
    ax = fig.add_subplot()
    y = np.arange(len(coefs))[::-1]
    ax.errorbar([c.beta for c in coefs], y,
                xerr=[[c.beta - c.ci_low for c in coefs], [c.ci_high - c.beta for c in coefs]],
                fmt="s", color="#7f3f00", capsize=4)
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_yticks(y, [f"{labels.get(c.predictor, c.predictor)} ({format_p(c.p)})"
                      .replace("(= ", "(p = ").replace("(< ", "(p < ") for c in coefs])
    ax.set_xlabel("Standardized β, 95 % CI")
    ax.set_title(f"Predicting {labels.get(result.regression.outcome, result.regression.outcome)}"
                 f" (R² = {no_leading_zero(result.regression.r2)})")
    ax.grid(axis="x", alpha=0.3)
    return fig


def _table_page(t: Table):
    """One A4 page with an APA table drawn as text between rules."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8.27, 11.69))
    left, right, top = 0.07, 0.95, 0.93
    fig.text(left, top, f"Table {t.number}", weight="bold", fontsize=11, family="serif")
    fig.text(left, top - 0.022, t.title, style="italic", fontsize=11, family="serif",
             wrap=True)
    ncol = len(t.header)
    widths = np.array([max(len(r[i]) for r in [t.header, *t.rows]) + 2 for i in range(ncol)],
                      dtype=float)
    xs = left + np.concatenate([[0], np.cumsum(widths)[:-1]]) / widths.sum() * (right - left)
    size = min(9.0, 9.0 * 100 / widths.sum())
    line_h = 0.018 * size / 9
    y = top - 0.05
    fig.add_artist(_rule(fig, left, right, y + 0.01, 1.2))
    for i, h in enumerate(t.header):
        fig.text(xs[i], y, h, fontsize=size, family="serif", style="italic", va="top")
    y -= line_h
    fig.add_artist(_rule(fig, left, right, y + 0.004, 0.8))
    y -= 0.004
    for row in t.rows:
        if y < 0.1:
            break
        for i, c in enumerate(row):
            fig.text(xs[i], y, c, fontsize=size, family="serif", va="top")
        y -= line_h
    fig.add_artist(_rule(fig, left, right, y + 0.004, 1.2))
    fig.text(left, y - 0.015, "Note. " + t.note, fontsize=8, family="serif", va="top",
             wrap=True)
    return fig


def _rule(fig, x0: float, x1: float, y: float, lw: float):
    from matplotlib.lines import Line2D

    return Line2D([x0, x1], [y, y], transform=fig.transFigure, color="black", lw=lw)


def write_pdf(result: SurveyAnalysis, path: str | Path, *, title: str = "Survey analysis"
              ) -> Path:
    """The report as a PDF: a cover line, Tables 1–4 and the three charts."""
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with PdfPages(path, metadata={"Title": title, "Creator": "Daftar"}) as pdf:
        cover = Figure(figsize=(8.27, 11.69))
        q = result.quality
        lines = [title, f"Generated {datetime.now():%Y-%m-%d %H:%M}",
                 f"Responses analysed: {result.n_responses} (of {q.total} selected; "
                 f"{q.excluded} excluded by quality flags {', '.join(q.excluded_flags) or '—'})",
                 f"Flags: straight-lining {q.straight_lining}, speeding {q.speeding}, "
                 f"incomplete {q.incomplete}"]
        for i, text in enumerate(lines):
            cover.text(0.07, 0.9 - i * 0.03, text, fontsize=14 if i == 0 else 10,
                       family="serif", weight="bold" if i == 0 else "normal")
        pdf.savefig(cover)
        for t in tables(result):
            pdf.savefig(_table_page(t))
        for make in (figure_means, figure_heatmap, figure_coefficients):
            pdf.savefig(make(result))
    return path
