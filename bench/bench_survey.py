"""Benchmarks of survey collection (issue 4). Prints figures; never pass/fail.

A 200-question XLSForm (10 sections of 20: Likert items, integers with constraints,
text, select_one with a choice filter, and a relevance rule per section) is written with
openpyxl, imported into a fresh store, and a draft is filled:

* **render**: the time to build and lay out each section of
  :class:`desktop.survey_form.SurveyFormView` (offscreen Qt), including the form engine's
  evaluation of all 200 questions;
* **evaluate**: the time of :func:`models.forms.evaluate_form` after one answer changes
  (what the GUI thread does per change);
* **save**: :meth:`store.surveys.Surveys.save_answer` — one durable transaction
  (WAL, ``synchronous=FULL``) per change — against a baseline measured in the same run:
  a bare ``sqlite3`` UPDATE of a JSON column + COMMIT with the same pragmas.

Usage: ``python bench/bench_survey.py [--changes 400]``
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # tests/people.py: a signed-in enumerator
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SECTIONS = 10
PER_SECTION = 20


def write_form(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    survey = wb.active
    survey.title = "survey"
    survey.append(["type", "name", "label::English (en)", "label::Urdu (ur)", "required",
                   "constraint", "constraint_message::English (en)", "relevant",
                   "choice_filter"])
    for s in range(SECTIONS):
        relevant = "" if s == 0 else f"${{q0_0}} != '1' or {s} < 5"
        survey.append(["begin_group", f"s{s}", f"Section {s + 1}", f"حصہ {s + 1}", "", "",
                       "", relevant, ""])
        for i in range(PER_SECTION):
            name = f"q{s}_{i}"
            kind = i % 5
            if kind in (0, 1, 2):
                survey.append(["select_one likert", name, f"Statement {s}.{i}",
                               f"بیان {s}.{i}", "yes", "", "", "", ""])
            elif kind == 3:
                survey.append(["integer", name, f"How many times ({s}.{i})?",
                               f"کتنی بار ({s}.{i})؟", "yes", ". >= 0 and . <= 50",
                               "Between 0 and 50", "", ""])
            else:
                survey.append(["select_one district", name, f"District ({s}.{i})",
                               f"ضلع ({s}.{i})", "", "", "", "",
                               f"province = ${{q{s}_{i - 1}}} or true()"])
        survey.append(["end_group", "", "", "", "", "", "", "", ""])
    choices = wb.create_sheet("choices")
    choices.append(["list_name", "name", "label::English (en)", "label::Urdu (ur)",
                    "province"])
    for n, label in enumerate(("Strongly disagree", "Disagree", "Not sure", "Agree",
                               "Strongly agree"), start=1):
        choices.append(["likert", str(n), f"{n} - {label}", f"{n}", ""])
    for n in range(12):
        choices.append(["district", f"D{n}", f"District {n}", f"ضلع {n}", str(n % 3)])
    settings = wb.create_sheet("settings")
    settings.append(["form_id", "version", "form_title", "default_language"])
    settings.append(["bench_200", "1", "Benchmark form (200 questions)", "English (en)"])
    wb.save(path)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def ms(x: float) -> str:
    return f"{x * 1000:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=400)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    import people
    from desktop import theme
    from desktop.survey_form import SurveyFormView
    from models.forms import evaluate_form
    from store.store import Store
    from store.surveys import Surveys

    app = QApplication.instance() or QApplication(sys.argv[:1])
    theme.apply(app)
    folder = Path(tempfile.mkdtemp(prefix="daftar-bench-survey-"))
    form_path = folder / "bench_200.xlsx"
    write_form(form_path)
    store = Store.open(folder / "data")
    people.seed(store)
    surveys = Surveys(store)
    surveys.import_form(form_path)
    form = surveys.form("bench_200")
    questions = [q for q in form.questions if q.asks]
    print(f"form: {len(form.questions)} questions in {SECTIONS} sections; store: {folder}")

    draft = surveys.start_draft("bench_200", "en", people.ENUMERATOR)
    # save: the store's durable per-change transaction
    saves: list[float] = []
    answers: dict[str, object] = {}
    for n in range(args.changes):
        q = questions[n % len(questions)]
        value = {"select_one": "3", "integer": str(n % 40)}[q.type] \
            if not q.list_name or q.list_name == "likert" else "D1"
        answers[q.name] = value
        t0 = time.perf_counter()
        surveys.save_answer(draft, q.name, value, 1000, actor=people.ENUMERATOR)
        saves.append(time.perf_counter() - t0)

    # baseline: bare sqlite3 UPDATE of a JSON text column + COMMIT, same pragmas
    import json

    raw = sqlite3.connect(folder / "baseline.sqlite3", isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=FULL")
    raw.execute("CREATE TABLE r (id TEXT PRIMARY KEY, answers TEXT)")
    raw.execute("INSERT INTO r VALUES ('x', '{}')")
    base: list[float] = []
    for n in range(args.changes):
        blob = json.dumps(dict(answers, changed=n))
        t0 = time.perf_counter()
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("UPDATE r SET answers = ? WHERE id = 'x'", (blob,))
        raw.execute("COMMIT")
        base.append(time.perf_counter() - t0)
    raw.close()

    # evaluate: the engine after one change, with the form fully answered
    evals: list[float] = []
    for n in range(60):
        q = questions[n % len(questions)]
        if q.list_name == "likert":
            answers[q.name] = str(1 + n % 5)
        t0 = time.perf_counter()
        evaluate_form(form, answers, "en")
        evals.append(time.perf_counter() - t0)

    # render: each section of the real view
    t0 = time.perf_counter()
    view = SurveyFormView(surveys, draft, form, answers, "en", actor=people.ENUMERATOR)
    view.resize(1366, 768)
    view.show()
    app.processEvents()
    first_open = time.perf_counter() - t0
    renders: list[float] = []
    for s in range(1, SECTIONS):
        t0 = time.perf_counter()
        view._show_section(s)
        app.processEvents()
        renders.append(time.perf_counter() - t0)
    view.saves.stop()
    view.close()
    store.close()

    print(f"\n{'what':<44} {'n':>5} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    rows = [("save_answer (one durable transaction)", saves),
            ("baseline: bare sqlite3 UPDATE + COMMIT", base),
            ("evaluate_form after a change (200 q)", evals),
            ("render a section (20 q) incl. evaluation", renders)]
    for label, values in rows:
        print(f"{label:<44} {len(values):>5} {ms(statistics.median(values)):>8} "
              f"{ms(pct(values, 99)):>8} {ms(max(values)):>8}")
    print(f"{'open the form (first section, cold)':<44} {1:>5} {ms(first_open):>8}")
    print(f"\nsave_answer / baseline: {statistics.median(saves) / statistics.median(base):.1f}x "
          f"at p50, {pct(saves, 99) / pct(base, 99):.1f}x at p99 (save runs on a background "
          f"thread; the GUI thread only evaluates and renders)")


if __name__ == "__main__":
    main()
