"""The Analysis and Dashboard screens (pytest-qt, offscreen) over a real store in tmp_path.

Data comes from the demo generators that ``daftar demo --surveys N --requests M`` runs
(:func:`store.surveys_demo.generate`, :func:`store.demo.generate`). Every number on the
screens is compared with the analysis package called directly. No sleeps: the tests wait
for conditions, and check that the work happens in the background (the page shows its
busy state right after Run; the result arrives later).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from analysis import ResponseFilter, analyze, kpi, responses_frame
from analysis.quality import quality_flags
from desktop import tasks
from desktop.app import build_main_window
from people import SUPERVISOR
from store import demo, surveys_demo
from store.settings import Settings
from store.store import Store
from store.surveys import Surveys

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support ")

N_RESPONSES = 400


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory):
    """One store with 400 demo interviews and 300 demo requests, made once (copied per
    test: the screens only read, but each test gets its own files all the same)."""
    folder = tmp_path_factory.mktemp("demo") / "data"
    s = Store.open(folder)
    surveys_demo.generate(s, N_RESPONSES, seed=1)
    demo.generate(s, 300, seed=1, now=datetime.now(UTC) - timedelta(hours=1))
    s.close()
    return folder


@pytest.fixture
def store(tmp_path, demo_folder):
    import shutil

    shutil.copytree(demo_folder, tmp_path / "data")
    s = Store.open(tmp_path / "data")
    yield s
    assert tasks.wait_for_idle(), "background tasks still running at the end of the test"
    s.close()


@pytest.fixture
def empty_store(tmp_path):
    s = Store.open(tmp_path / "empty")
    yield s
    assert tasks.wait_for_idle()
    s.close()


def open_window(qtbot, store):
    window = build_main_window(store, Settings(store.folder), SUPERVISOR)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


def frame(store):
    return responses_frame(Surveys(store).list_responses(status="final"))


def run_and_wait(qtbot, page):
    """Press Run: the page is busy at once (the work is on the thread pool), the result
    comes later."""
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    assert page.busy and page.busy_bar.isVisible() and not page.run_button.isEnabled()
    qtbot.waitUntil(lambda: not page.busy, timeout=30_000)


def open_analysis(qtbot, store):
    window = open_window(qtbot, store)
    page = window.show_analysis()
    assert page.busy and page.busy_bar.isVisible()  # computing in the background
    assert page.result is None
    qtbot.waitUntil(lambda: not page.busy and page.result is not None, timeout=30_000)
    return window, page


# -- Analysis ------------------------------------------------------------------------------
def test_analysis_table1_matches_direct_analysis(qtbot, store):
    _window, page = open_analysis(qtbot, store)
    direct = analyze(frame(store))
    assert page.result.n_responses == N_RESPONSES
    t1 = page.table1
    assert t1.table.rowCount() == 5
    assert t1.number_label.text() == "Table 1"
    for r, d in enumerate(direct.descriptives.rows):
        assert t1.cell(r, 0) == d.label
        assert t1.cell(r, 1) == str(d.n)
        assert t1.cell(r, 2) == f"{d.mean:.2f}"
        assert t1.cell(r, 3) == f"{d.sd:.2f}"
        assert page.result.descriptives.rows[r].mean == pytest.approx(d.mean)
    alpha = {x.construct: x.alpha for x in direct.reliability}
    assert t1.cell(0, 5) == f"{alpha['transparency']:.2f}".lstrip("0")
    # Numbers right-aligned, the construct left.
    assert t1.table.item(0, 2).textAlignment() & Qt.AlignmentFlag.AlignRight
    assert t1.table.item(0, 0).textAlignment() & Qt.AlignmentFlag.AlignLeft
    assert not t1.table.showGrid()

    t2 = page.table2
    reg = direct.regression
    assert [t2.cell(r, 0) for r in range(len(reg.coefficients))] == [
        "Transparency Improvement", "Service Delivery Efficiency", "Digital Accessibility",
        "Trust in Digital Platforms"]
    for r, c in enumerate(reg.coefficients):
        assert t2.cell(r, 1) == f"{c.beta:.2f}".replace("0.", ".", 1)
        assert t2.cell(r, 2) == f"{c.se:.2f}"
        assert t2.cell(r, 3) == f"{c.t:.2f}"
    assert t2.cell(0, 4) == "< .001"
    k = len(reg.coefficients)
    assert t2.cell(k, 0) == "R²" and t2.cell(k, 1) == f"{reg.r2:.2f}".lstrip("0")
    assert t2.cell(k + 2, 0) == f"F({reg.df_model}, {reg.df_resid})"
    assert t2.cell(k + 3, 1) == str(reg.n)

    assert page.correlation_table.table.rowCount() == 5
    assert page.groups_table.table.rowCount() > 0
    charts = page.charts()
    assert [c.objectName() for c in charts] == ["means_chart", "heatmap_chart",
                                                "coefficients_chart"]
    assert all(c.figure.axes for c in charts)
    page.results.setCurrentIndex(page.results.count() - 1)  # the Charts tab: drawn
    qtbot.waitUntil(lambda: all(c.isVisible() and c.width() >= 400 for c in charts))
    for canvas in charts:
        canvas.draw()  # at the size it has on the screen: no layout warnings
        assert canvas.figure.get_size_inches()[0] * canvas.figure.dpi >= 400
    assert page.report_button.isEnabled() and page.export_button.isEnabled()
    assert "400 interviews analysed" in page.summary_label.text()


def test_filters_change_n(qtbot, store):
    _window, page = open_analysis(qtbot, store)
    df = frame(store)
    combo = page.combos["area"]
    combo.setCurrentIndex(combo.findData("urban"))
    run_and_wait(qtbot, page)
    urban = int((df["area"] == "urban").sum())
    assert 0 < urban < N_RESPONSES
    assert page.result.n_responses == urban
    direct = analyze(df, flt=ResponseFilter(areas=("urban",)))
    assert page.table1.cell(2, 2) == f"{direct.descriptives.rows[2].mean:.2f}"
    assert combo.currentData() == "urban"  # the choice survives the refilled list

    combo = page.combos["respondent_type"]
    combo.setCurrentIndex(combo.findData("citizen"))
    run_and_wait(qtbot, page)
    both = int(((df["area"] == "urban") & (df["respondent_type"] == "citizen")).sum())
    assert page.result.n_responses == both < urban


def test_date_filter_and_too_few(qtbot, store):
    _window, page = open_analysis(qtbot, store)
    df = frame(store)
    page.dates_check.setChecked(True)
    last = page.end_edit.date()
    page.start_edit.setDate(last)
    run_and_wait(qtbot, page)
    expected = len(ResponseFilter(start=last.toPython(), end=last.toPython()).apply(df))
    if expected >= 10:
        assert page.result.n_responses == expected
    else:
        assert page.result is None and "Too few interviews" in page.empty_label.text()
    page.start_edit.setDate(last.addDays(1))
    run_and_wait(qtbot, page)
    assert page.result is None
    assert page.empty_label.isVisible() and "Too few interviews" in page.empty_label.text()
    assert not page.report_button.isEnabled()


def test_excluding_flagged_lowers_n(qtbot, store):
    _window, page = open_analysis(qtbot, store)
    flags = quality_flags(frame(store))
    straight = int(flags["straight_lining"].sum())
    speeding = int(flags["speeding"].sum())
    assert straight > 0 and speeding > 0
    assert page.flag_checks["straight_lining"].text() == \
        f"Same answer throughout ({straight})"
    assert page.flag_checks["speeding"].text() == f"Too fast ({speeding})"
    page.flag_checks["straight_lining"].setChecked(True)
    run_and_wait(qtbot, page)
    assert page.result.n_responses == N_RESPONSES - straight
    assert page.table1.cell(0, 1) == str(N_RESPONSES - straight)
    page.flag_checks["speeding"].setChecked(True)
    run_and_wait(qtbot, page)
    either = int((flags["straight_lining"] | flags["speeding"]).sum())
    assert page.result.n_responses == N_RESPONSES - either
    assert "left out by the checks" in page.summary_label.text()


def test_report_pdf_and_exports(qtbot, store, tmp_path):
    _window, page = open_analysis(qtbot, store)
    # "Save report (PDF)…" asks for the file in the operating system's save dialog, which
    # a test cannot drive; the test hands the path to what the dialog calls.
    pdf = tmp_path / "out" / "report.pdf"
    with qtbot.waitSignal(page.saved, timeout=60_000):
        page.save_report(pdf)
        assert not page.report_button.isEnabled()  # written in the background
    assert pdf.read_bytes()[:4] == b"%PDF"
    assert "report.pdf" in page.message.text()

    # "Export data…": the dialog's format choice; its folder field is typed here instead
    # of the operating system's folder dialog behind "Choose…".
    dialog = page.open_export_dialog()
    assert dialog is not None and dialog.isVisible()
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("sav"))
    dialog.folder_edit.setText(str(tmp_path / "sav"))
    dialog.requests_check.setChecked(True)
    with qtbot.waitSignal(page.saved, timeout=60_000):
        dialog.accept()
    assert (tmp_path / "sav" / "responses.sav").stat().st_size > 0
    assert (tmp_path / "sav" / "requests.sav").stat().st_size > 0
    for fmt in ("csv", "xlsx", "dta"):
        with qtbot.waitSignal(page.saved, timeout=60_000):
            page.export(tmp_path / fmt, fmt)
        assert (tmp_path / fmt / f"responses.{fmt}").stat().st_size > 0
    import pandas as pd

    exported = pd.read_csv(tmp_path / "csv" / "responses.csv")
    assert len(exported) == N_RESPONSES


def test_no_responses_message(qtbot, empty_store):
    window = open_window(qtbot, empty_store)
    page = window.show_analysis()
    qtbot.waitUntil(lambda: not page.busy)
    assert page.result is None
    assert page.empty_label.isVisible()
    assert page.empty_label.text().startswith("No finished interviews yet — ")
    assert not page.results.isVisible()
    assert not page.report_button.isEnabled() and not page.export_button.isEnabled()


# -- Dashboard -----------------------------------------------------------------------------
def open_dashboard(qtbot, store):
    window = open_window(qtbot, store)
    page = window.show_dashboard()
    assert page.busy and page.busy_bar.isVisible()  # read in the background
    qtbot.waitUntil(lambda: not page.busy and page.view is not None, timeout=30_000)
    return window, page


def test_dashboard_tiles_match_kpi(qtbot, store):
    _window, page = open_dashboard(qtbot, store)
    today = page.view.today
    snap = kpi.snapshot(store, today=today)
    assert page.tiles["open"].value() == f"{snap.open:,}"
    assert page.tiles["overdue"].value() == f"{snap.overdue:,}"
    assert page.tiles["received_today"].value() == f"{snap.received_today:,}"
    assert page.tiles["received_30"].value() == f"{snap.received_last_30_days:,}"
    assert snap.open > 0 and snap.overdue > 0
    start = today - timedelta(days=89)  # the default period: the last 90 days
    totals = kpi.service_kpis(store, start=start, end=today, period=None, by=()).rows[0]
    assert page.tiles["within_sla"].value() == f"{totals['within_sla'] * 100:.0f} %"
    per_service = kpi.service_kpis(store, start=start, end=today, period=None,
                                   by=("service_code",)).rows
    assert page.service_table.rowCount() == len(per_service)
    shown = {page.service_table.item(r, 0).data(Qt.ItemDataRole.UserRole):
             int(page.service_table.item(r, 1).text().replace(",", ""))
             for r in range(page.service_table.rowCount())}
    assert shown == {r["service_code"]: r["received"] for r in per_service}
    assert page.overdue_table.rowCount() == min(snap.overdue, 200)
    assert page.tabs.tabText(1) == f"Overdue ({snap.overdue:,})"
    chart = page.chart()
    assert chart is not None and chart.figure.axes[0].patches  # bars drawn

    # Another period: counted again in the background.
    page.period_combo.setCurrentIndex(page.period_combo.findData(30))
    assert page.busy
    qtbot.waitUntil(lambda: not page.busy and page.view.days == 30)
    per_service = kpi.service_kpis(store, start=today - timedelta(days=29), end=today,
                                   period=None, by=("service_code",)).rows
    assert page.service_table.rowCount() == len(per_service)


def test_overdue_row_opens_the_request(qtbot, store):
    window, page = open_dashboard(qtbot, store)
    page.tabs.setCurrentIndex(1)
    first = kpi.overdue_requests(store, today=page.view.today, limit=1)[0]
    assert page.overdue_table.item(0, 0).text() == first.tracking_number
    with qtbot.waitSignal(page.open_request) as signal:
        page.open_overdue_row(0)
    assert signal.args == [first.tracking_number]
    view = window.detail_view
    assert window.stack.currentWidget() is view
    qtbot.waitUntil(lambda: view.detail is not None
                    and view.detail.tracking_number == first.tracking_number)


def test_dashboard_refreshes_when_shown(qtbot, store):
    window, page = open_dashboard(qtbot, store)
    before = page.view.snapshot.received_today
    from conftest import register

    register(store, 1)
    window.show_requests()
    window.show_dashboard()
    qtbot.waitUntil(lambda: not page.busy and page.view.snapshot.received_today == before + 1)
    assert page.tiles["received_today"].value() == f"{before + 1:,}"


def test_work_runs_off_the_gui_thread(qtbot, store, tmp_path, monkeypatch):
    """Statistics, SQL, figures and file writing all happen on the thread pool."""
    import threading

    import desktop.analysis_page as analysis_page
    import desktop.dashboard_page as dashboard_page

    seen: list[tuple[str, bool]] = []

    def watched(module, name):
        real = getattr(module, name)

        def run(*args, **kwargs):
            seen.append((name, threading.current_thread() is threading.main_thread()))
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, run)

    watched(analysis_page, "load_analysis")
    watched(analysis_page, "write_report")
    watched(analysis_page, "export_data")
    watched(dashboard_page, "load_dashboard")
    _window, page = open_analysis(qtbot, store)
    with qtbot.waitSignal(page.saved, timeout=60_000):
        page.save_report(tmp_path / "r.pdf")
    with qtbot.waitSignal(page.saved, timeout=60_000):
        page.export(tmp_path / "x", "csv")
    dashboard = _window.show_dashboard()
    qtbot.waitUntil(lambda: not dashboard.busy and dashboard.view is not None)
    assert sorted(name for name, _ in seen) == ["export_data", "load_analysis",
                                                "load_dashboard", "write_report"]
    assert not any(on_gui for _, on_gui in seen)


def test_analysis_runs_again_when_interviews_were_added(qtbot, store):
    window, page = open_analysis(qtbot, store)
    first = page.result
    window.show_requests()
    window.show_analysis()  # nothing new: the result stays as it is
    assert tasks.wait_for_idle()
    assert page.result is first and not page.busy
    surveys_demo.generate(store, 20, seed=2)
    window.show_requests()
    window.show_analysis()
    qtbot.waitUntil(lambda: not page.busy and page.result is not first, timeout=30_000)
    assert page.result.n_responses == N_RESPONSES + 20


def test_dashboard_on_an_empty_store(qtbot, empty_store):
    window = open_window(qtbot, empty_store)
    page = window.show_dashboard()
    qtbot.waitUntil(lambda: not page.busy and page.view is not None)
    assert [page.tiles[k].value() for k in ("open", "overdue", "received_today",
                                            "received_30", "within_sla", "feedback")] == \
        ["0", "0", "0", "0", "—", "—"]
    assert page.service_table.rowCount() == 0 and page.overdue_table.rowCount() == 0
    assert page.chart() is not None
