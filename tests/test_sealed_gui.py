"""The Surveys screen marks sealed finished interviews with a small lock (pytest-qt,
offscreen, real store; the fixtures and helpers are ``tests/test_gui_surveys.py``'s)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from test_gui_surveys import (  # noqa: F401 (fixtures)
    answer_section_by_keyboard,
    open_surveys,
    settings,
    start,
    store,
)
from test_sealed import FORM_ID, sealed_form

from models import sealing
from people import ENUMERATOR
from store.surveys import Surveys

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support ")


def _finish(surveys: Surveys, version: str, age: int) -> str:
    draft = surveys.start_draft(FORM_ID, "en", ENUMERATOR, version=version)
    surveys.save_answer(draft, "consent", "yes", actor=ENUMERATOR)
    surveys.save_answer(draft, "age", age, actor=ENUMERATOR)
    surveys.save_answer(draft, "remarks", f"remark {age}", actor=ENUMERATOR)
    return surveys.finalize(draft, actor=ENUMERATOR).id


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


def test_an_interview_finished_on_the_screen_is_sealed_and_locked(qtbot, store, settings,  # noqa: F811
                                                                  tmp_path):
    key = sealing.generate()
    surveys = Surveys(store)
    surveys.import_form(sealed_form(tmp_path / "p.xlsx", None, version="1"))
    plain = _finish(surveys, "1", 30)  # an unsealed form's interview: no lock
    surveys.import_form(sealed_form(tmp_path / "s.xlsx", key.public_key, version="2"))
    _window, page = open_surveys(qtbot, store, settings)
    page.form_combo.setCurrentIndex(page.form_combo.findData(FORM_ID))
    qtbot.waitUntil(lambda: page.language_combo.count() == 2)
    view = start(qtbot, page)
    answer_section_by_keyboard(qtbot, view)
    draft_id = view.draft_id
    qtbot.keyClick(view.focusWidget() or view, Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.form_view is None, timeout=10_000)
    qtbot.waitUntil(lambda: page.finished_table.rowCount() == 2)
    rows = {r.id: i for i, r in enumerate(page.finished)}
    lock = page.finished_table.item(rows[draft_id], 0)
    no_lock = page.finished_table.item(rows[plain], 0)
    assert not lock.icon().isNull() and "analysts" in lock.toolTip()
    assert "sealed" in lock.data(Qt.ItemDataRole.AccessibleTextRole) and lock.text()
    assert no_lock.icon().isNull() and "analysts" not in no_lock.toolTip()
    assert page.finished_table.item(rows[plain], 3).text() == "Kashif"
    sealed = page.finished[rows[draft_id]]
    assert sealed.sealed is not None and sealed.answers == {}
    opened = sealing.open_record({**vars(sealed), "answers": {}, "paradata": {}}, key)
    assert opened["answers"]["remarks"] == "Fine" and opened["answers"]["consent"] == "yes"
