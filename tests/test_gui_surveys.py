"""The Surveys screen, driven from the keyboard like an enumerator would (pytest-qt, offscreen).

Real widgets over a real store in ``tmp_path`` with the default instrument imported
(``resources/forms/daftar_governance.xlsx``). No sleeps: the tests wait for conditions.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from desktop import tasks
from desktop.app import build_main_window
from desktop.survey_form import ChoiceBox, LikertBox, MultiBox, SurveyFormView, TextBox
from people import CLERK, ENUMERATOR, PASSWORD, SUPERVISOR, cheap_hasher
from store.accounts import SESSION_HOURS, Accounts, token_hash
from store.settings import Settings
from store.store import Store
from store.surveys import Surveys

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support ")

FORM = Path(__file__).resolve().parent.parent / "resources" / "forms" / \
    "daftar_governance.xlsx"


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "data")
    Surveys(s).import_form(FORM)
    yield s
    assert tasks.wait_for_idle(), "background tasks still running at the end of the test"
    s.close()


@pytest.fixture
def settings(store):
    return Settings(store.folder)


def open_surveys(qtbot, store, settings, actor=ENUMERATOR, accounts=None):
    window = build_main_window(store, settings, actor, accounts=accounts)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    page = window.show_surveys()
    qtbot.waitUntil(lambda: page.form_combo.currentData() == "daftar_governance"
                    and page.language_combo.count() == 2)
    return window, page


def start(qtbot, page, language: str = "en") -> SurveyFormView:
    page.language_combo.setFocus()
    page.language_combo.setCurrentIndex(page.language_combo.findData(language))
    page.start_button.setFocus()
    qtbot.keyClick(page.start_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.form_view is not None and page.form_view.isVisible())
    return page.form_view


def visible_boxes(view: SurveyFormView):
    return [b for b in view.boxes.values() if not b.isHidden() and b.input is not None]


def answer_section_by_keyboard(qtbot, view: SurveyFormView, likert_key: str = "4") -> None:
    """Answer every visible question of the section with keys only."""
    done: set[str] = set()
    while True:
        todo = [b for b in visible_boxes(view) if b.question.name not in done]
        if not todo:
            return
        box = todo[0]
        done.add(box.question.name)
        box.focus_input()
        target = view.focusWidget()
        if isinstance(box, LikertBox):
            qtbot.keyClick(target, likert_key)
        elif isinstance(box, ChoiceBox) and box.combo is None:
            qtbot.keyClick(target, "1")
        elif isinstance(box, ChoiceBox):
            qtbot.keyClick(target, Qt.Key.Key_Down)
        elif isinstance(box, MultiBox):
            qtbot.keyClick(target, "1")
        elif isinstance(box, TextBox):
            qtbot.keyClicks(target, "12" if box.question.type in ("integer", "decimal")
                            else "Fine")


def saved_draft(store, draft_id: str) -> dict:
    with store._read() as conn:
        row = conn.execute(text("SELECT answers, paradata, status FROM survey_response "
                                "WHERE id = :id"), {"id": draft_id}).one()
    return {"answers": json.loads(row.answers), "paradata": json.loads(row.paradata),
            "status": row.status}


def test_fill_the_whole_default_survey_with_the_keyboard_and_finalize(qtbot, store, settings):
    _window, page = open_surveys(qtbot, store, settings)
    view = start(qtbot, page)
    assert view.section_label.text().startswith("Section 1 of")
    sections_seen = 0
    while True:
        answer_section_by_keyboard(qtbot, view)
        sections_seen += 1
        if not view.next_button.isEnabled():
            break
        before = view.index
        qtbot.keyClick(view.focusWidget() or view, Qt.Key.Key_PageDown)
        assert view.index > before, view.state.errors
    assert sections_seen == 9  # consent, about, digital skills, five constructs, the end
    done, total = view.progress.value(), view.progress.maximum()
    assert done == total and total >= 30
    draft_id = view.draft_id
    qtbot.keyClick(view.focusWidget() or view, Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.form_view is None, timeout=10_000)

    surveys = Surveys(store)
    final = surveys.get_response(draft_id)
    assert final.status == "final"
    for construct in ("tra", "eff", "sat", "acc", "tru"):
        for i in range(1, 5):
            assert final.answers[f"{construct}_{i}"] == "4"
    assert final.answers["consent"] == "yes"
    assert final.paradata["tra_1"]["changes"] == 1
    with store._read() as conn:
        kinds = [r[0] for r in conn.execute(text(
            "SELECT record_kind FROM outbox WHERE record_id = :id"), {"id": draft_id})]
    assert kinds == ["survey_response"]
    qtbot.waitUntil(lambda: "1 finished interview" in page.totals_label.text()
                    or "1 finished interviews" in page.totals_label.text())
    assert page.drafts_table.rowCount() == 0


def test_likert_number_key_answers_and_moves_on(qtbot, store, settings):
    _window, page = open_surveys(qtbot, store, settings)
    view = start(qtbot, page)
    answer_section_by_keyboard(qtbot, view)  # consent: yes
    view.next_section()
    answer_section_by_keyboard(qtbot, view)
    view.next_section()
    likerts = [b for b in visible_boxes(view) if isinstance(b, LikertBox)]
    assert len(likerts) == 3  # the three digital-skills items
    likerts[0].focus_input()
    qtbot.keyClick(view.focusWidget(), "2")
    assert [b.isChecked() for b in likerts[0].buttons] == [False, True, False, False, False]
    # The focus went on to the next question: "5" answers it, not the first one again.
    qtbot.keyClick(view.focusWidget(), "5")
    assert likerts[1].buttons[4].isChecked() and likerts[0].buttons[1].isChecked()
    assert view.saves.flush()
    saved = saved_draft(store, view.draft_id)["answers"]
    assert saved["dig_1"] == "2" and saved["dig_2"] == "5"


def test_no_consent_skips_everything_and_clears_answers(qtbot, store, settings):
    _window, page = open_surveys(qtbot, store, settings)
    view = start(qtbot, page)
    consent = view.boxes["consent"]
    consent.focus_input()
    qtbot.keyClick(view.focusWidget(), "1")  # yes
    view.next_section()
    answer_section_by_keyboard(qtbot, view)
    assert view.saves.flush()
    assert "respondent_type" in saved_draft(store, view.draft_id)["answers"]
    view.previous_section()
    consent = view.boxes["consent"]
    consent.focus_input()
    qtbot.keyClick(view.focusWidget(), "2")  # no
    assert not view.next_button.isEnabled()  # nothing else is asked
    assert not view.boxes["no_consent"].isHidden()  # the goodbye note shows
    assert view.saves.flush()
    saved = saved_draft(store, view.draft_id)["answers"]
    assert saved.get("consent") == "no" and "respondent_type" not in saved
    view.finish()
    qtbot.waitUntil(lambda: page.form_view is None, timeout=10_000)
    assert Surveys(store).get_response(view.draft_id).status == "final"


def test_finishing_too_early_shows_what_is_missing_and_keeps_answers(qtbot, store, settings):
    _window, page = open_surveys(qtbot, store, settings)
    view = start(qtbot, page)
    view.boxes["consent"].focus_input()
    qtbot.keyClick(view.focusWidget(), "1")
    view.next_section()
    # Next is refused while required questions of this section are empty.
    assert not view.next_section()
    assert view.boxes["respondent_type"].error.text() != ""
    view.finish()
    qtbot.waitUntil(lambda: view.finish_button.isEnabled(), timeout=10_000)
    assert page.form_view is view  # still open
    assert view.saved_label.text() == "Some answers need attention"
    assert saved_draft(store, view.draft_id)["status"] == "draft"
    assert saved_draft(store, view.draft_id)["answers"]["consent"] == "yes"


def test_leave_and_resume_a_draft_with_every_answer(qtbot, store, settings):
    _window, page = open_surveys(qtbot, store, settings)
    view = start(qtbot, page)
    answer_section_by_keyboard(qtbot, view)
    view.next_section()
    answer_section_by_keyboard(qtbot, view)
    answers = dict(view.answers)
    draft_id = view.draft_id
    qtbot.keyClick(view.focusWidget() or view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.form_view is None and page.drafts_table.rowCount() == 1)
    assert saved_draft(store, draft_id)["answers"] == answers
    page.drafts_table.setFocus()
    page.resume_selected()
    qtbot.waitUntil(lambda: page.form_view is not None)
    resumed = page.form_view
    assert resumed.draft_id == draft_id and resumed.answers == answers
    assert resumed.boxes["consent"].value() == "yes"


def test_urdu_interview_is_right_to_left_with_urdu_labels(qtbot, store, settings):
    _window, page = open_surveys(qtbot, store, settings)
    view = start(qtbot, page, language="ur")
    assert view.layoutDirection() == Qt.LayoutDirection.RightToLeft
    label = view.boxes["consent"].label.text()
    assert any("\u0600" <= ch <= "\u06ff" for ch in label), label


def test_a_supervisor_sets_a_target_and_sees_progress(qtbot, store, settings):
    _window, page = open_surveys(qtbot, store, settings, SUPERVISOR)
    qtbot.waitUntil(lambda: page.quota_button.isEnabled())
    assert page.quota_button.isVisible()
    dialog = page.open_quota_dialog()
    dialog.combos["district"].setCurrentIndex(dialog.combos["district"].findData("PK617"))
    dialog.combos["area"].setCurrentIndex(dialog.combos["area"].findData("urban"))
    dialog.combos["respondent_type"].setCurrentIndex(
        dialog.combos["respondent_type"].findData("citizen"))
    dialog.target.setValue(12)
    dialog.save()
    qtbot.waitUntil(lambda: page.quota_table.rowCount() == 1)
    cells = [page.quota_table.item(0, c).text() for c in range(7)]
    assert cells[:6] == ["Lahore", "City or town", "Citizen", "12", "0", "12"]
    assert cells[6].startswith("set by Tariq Mahmood (Supervisor) on ")
    (change,) = Surveys(store).quota_log()
    assert (change.actor_name, change.previous, change.target) == ("Tariq Mahmood", None, 12)


def test_a_clerk_does_not_see_the_target_button(qtbot, store, settings):
    _window, page = open_surveys(qtbot, store, settings, CLERK)
    assert not page.quota_button.isVisible()


def shown_messages() -> list[str]:
    return [w.text() for w in QApplication.topLevelWidgets()
            if w.objectName() == "error_message" and w.isVisible()]


def resume_kashifs_interview(qtbot, store, settings, actor):
    """The enumerator Kashif's unfinished interview, chosen by *actor* on the Surveys
    screen; returns its id and the page."""
    draft = Surveys(store).start_draft("daftar_governance", "en", ENUMERATOR)
    _window, page = open_surveys(qtbot, store, settings, actor)
    qtbot.waitUntil(lambda: page.drafts_table.rowCount() == 1)
    page.drafts_table.setFocus()
    page.resume_selected()
    return draft, page


def test_another_persons_interview_is_not_opened(qtbot, store, settings):
    draft, page = resume_kashifs_interview(qtbot, store, settings, CLERK)
    qtbot.waitUntil(lambda: shown_messages() != [])
    assert shown_messages() == ["This interview was started by Kashif; only they (or a "
                                "supervisor) can change it."]
    assert page.form_view is None and page.start_button.isEnabled()
    assert saved_draft(store, draft)["status"] == "draft"


def test_a_supervisor_opens_and_saves_an_enumerators_interview(qtbot, store, settings):
    draft, page = resume_kashifs_interview(qtbot, store, settings, SUPERVISOR)
    qtbot.waitUntil(lambda: page.form_view is not None)
    view = page.form_view
    view.boxes["consent"].focus_input()
    qtbot.keyClick(view.focusWidget(), "1")
    assert view.saves.flush()
    assert view.save_errors == {}
    assert saved_draft(store, draft)["answers"]["consent"] == "yes"


def test_an_interview_goes_on_after_signing_in_again_at_twelve_hours(qtbot, store, settings):
    window, page = open_surveys(qtbot, store, settings,
                                accounts=Accounts(store, hasher=cheap_hasher()))
    view = start(qtbot, page)
    with store._write() as conn:  # the session has run out
        conn.execute(text("UPDATE user_session SET expires_at = '2000-01-01T00:00:00.000Z' "
                          "WHERE token_hash = :h"), {"h": token_hash(ENUMERATOR.token)})
    window._session_started = time.monotonic() - SESSION_HOURS * 3600 - 1
    window._check_idle()
    assert window.locked
    window.lock_panel.password_edit.setText(PASSWORD)
    qtbot.keyClick(window.lock_panel.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    assert window.actor.token != ENUMERATOR.token  # a new session…
    assert page.form_view is view  # …and the same interview, saved with it
    view.boxes["consent"].focus_input()
    qtbot.keyClick(view.focusWidget(), "1")
    assert view.saves.flush()
    assert view.save_errors == {}
    assert saved_draft(store, view.draft_id)["answers"]["consent"] == "yes"
