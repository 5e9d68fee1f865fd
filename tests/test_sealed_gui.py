"""The Surveys screen marks sealed finished interviews with a small lock (pytest-qt,
offscreen, real store; the fixtures and helpers are ``tests/test_gui_surveys.py``'s)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from test_gui_surveys import open_surveys, settings, store  # noqa: F401 (fixtures)
from test_sealed import FORM_ID, sealed_form

from models import sealing
from store.surveys import Surveys

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support ")


def _finish(surveys: Surveys, version: str, age: int) -> str:
    draft = surveys.start_draft(FORM_ID, "en", "Kashif", version=version)
    surveys.save_answer(draft, "consent", "yes")
    surveys.save_answer(draft, "age", age)
    surveys.save_answer(draft, "remarks", f"remark {age}")
    return surveys.finalize(draft).id


def test_sealed_finished_interviews_show_a_lock(qtbot, store, settings, tmp_path):  # noqa: F811
    surveys = Surveys(store)
    surveys.import_form(sealed_form(tmp_path / "p.xlsx", None, version="1"))
    surveys.import_form(sealed_form(tmp_path / "s.xlsx", sealing.generate().public_key,
                                    version="2"))
    plain = _finish(surveys, "1", 30)
    sealed = _finish(surveys, "2", 31)
    _window, page = open_surveys(qtbot, store, settings)
    qtbot.waitUntil(lambda: page.finished_table.rowCount() == 2)
    rows = {r.id: i for i, r in enumerate(page.finished)}
    lock = page.finished_table.item(rows[sealed], 0)
    open_ = page.finished_table.item(rows[plain], 0)
    assert not lock.icon().isNull() and "analysts" in lock.toolTip()
    assert "sealed" in lock.data(Qt.ItemDataRole.AccessibleTextRole)
    assert open_.icon().isNull() and open_.toolTip() == ""
    assert page.finished_table.item(rows[sealed], 3).text() == "Kashif"
    assert lock.text()


def test_the_analysis_screen_leaves_sealed_interviews_out(store, tmp_path):  # noqa: F811
    from analysis.quality import ResponseFilter
    from desktop.analysis_page import load_analysis

    surveys = Surveys(store)
    surveys.import_form(sealed_form(tmp_path / "s.xlsx", sealing.generate().public_key,
                                    version="2"))
    _finish(surveys, "2", 31)
    _finish(surveys, "2", 32)
    view = load_analysis(store, ResponseFilter(), ())
    assert (view.total, view.sealed) == (0, 2)
