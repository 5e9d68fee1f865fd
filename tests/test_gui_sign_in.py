"""Signing in, the idle lock, the 12-hour limit and changing person, through real widgets
(pytest-qt, offscreen)."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desktop.app import build_main_window
from desktop.sign_in import FirstAdminDialog, SignInDialog
from people import CLERK, ENUMERATOR, PASSWORD, SUPERVISOR, cheap_hasher
from store.accounts import SESSION_HOURS, Accounts
from store.errors import NotAllowed
from store.settings import Settings

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support ")


@pytest.fixture
def accounts(store):
    return Accounts(store, hasher=cheap_hasher())


def open_window(qtbot, store, actor, accounts):
    window = build_main_window(store, Settings(store.folder), actor, accounts=accounts)
    qtbot.addWidget(window)
    window.resize(1280, 760)
    window.show()
    return window


def type_password(qtbot, panel, password):
    panel.password_edit.clear()
    qtbot.keyClicks(panel.password_edit, password)
    qtbot.keyClick(panel.password_edit, Qt.Key.Key_Return)


def test_sign_in_dialog_says_what_is_wrong_and_keeps_the_user_name(qtbot, accounts):
    dialog = SignInDialog(accounts)
    qtbot.addWidget(dialog)
    dialog.show()
    panel = dialog.panel
    qtbot.keyClicks(panel.username_edit, "sana")
    qtbot.keyClick(panel.username_edit, Qt.Key.Key_Return)  # on to the password
    type_password(qtbot, panel, "not it at all")
    qtbot.waitUntil(lambda: panel.error.isVisible())
    assert "Wrong user name or password" in panel.error.text()
    assert panel.username_edit.text() == "sana" and panel.password_edit.text() == ""
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        type_password(qtbot, panel, PASSWORD)
    assert (dialog.actor.name, dialog.actor.role) == ("Sana Iqbal", "clerk")


@pytest.mark.no_people
def test_a_new_pc_creates_its_office_admin(qtbot, tmp_path):
    from store.store import Store

    with Store.open(tmp_path / "pc") as store:
        accounts = Accounts(store, hasher=cheap_hasher())
        dialog = FirstAdminDialog(accounts)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClicks(dialog.name_edit, "Nadia Khan")
        qtbot.keyClicks(dialog.username_edit, "nadia")
        qtbot.keyClicks(dialog.password_edit, "admin pass phrase 7")
        qtbot.keyClicks(dialog.repeat_edit, "admin pass phrase 8")
        dialog.submit()
        assert "not the same" in dialog.error.text() and not accounts.has_users()
        dialog.repeat_edit.setText("admin pass phrase 7")
        dialog.password_edit.setText("short")
        dialog.repeat_edit.setText("short")
        dialog.submit()
        qtbot.waitUntil(lambda: "at least 10" in dialog.error.text())
        assert dialog.name_edit.text() == "Nadia Khan"  # nothing typed is lost
        dialog.password_edit.setText("admin pass phrase 7")
        dialog.repeat_edit.setText("admin pass phrase 7")
        with qtbot.waitSignal(dialog.accepted, timeout=10_000):
            dialog.submit()
        assert dialog.actor.role == "office_admin"
        assert [u.username for u in accounts.users()] == ["nadia"]


def test_idle_lock_hides_everything_and_keeps_unsaved_typing(qtbot, store, accounts):
    window = open_window(qtbot, store, CLERK, accounts)
    dialog = window.open_new_request()
    qtbot.keyClicks(dialog.name_edit, "Ayesha Khan")
    window.idle_lock_ms = 300
    window._idle_timer.setInterval(50)
    window._last_input = time.monotonic() - 1
    qtbot.waitUntil(lambda: window.locked, timeout=5_000)
    window.idle_lock_ms = 3_600_000  # no second lock while the test types
    assert not dialog.isVisible()  # the form with a citizen's details is hidden too
    assert not window.content.isVisible()
    panel = window.lock_panel
    assert "Sana Iqbal" in panel.explain.text() and not panel.username_edit.isVisible()
    type_password(qtbot, panel, "wrong guess here")
    qtbot.waitUntil(lambda: panel.error.isVisible())
    assert window.locked
    type_password(qtbot, panel, PASSWORD)
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    assert dialog.isVisible() and dialog.name_edit.text() == "Ayesha Khan"
    assert window.actor.token == CLERK.token  # the same session goes on
    events = [r["event"] for r in accounts.sign_in_log(5)]
    assert events[:2] == ["unlocked", "wrong_password"]


def test_sign_in_ends_after_twelve_hours(qtbot, store, accounts):
    window = open_window(qtbot, store, CLERK, accounts)
    window._session_started = time.monotonic() - SESSION_HOURS * 3600 - 1
    window._check_idle()
    assert window.locked and f"{SESSION_HOURS} hours" in window.lock_panel.explain.text()


def test_someone_else_signs_in_at_the_lock_screen(qtbot, store, accounts):
    window = open_window(qtbot, store, CLERK, accounts)
    dialog = window.open_new_request()
    qtbot.keyClicks(dialog.name_edit, "Ayesha Khan")
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    window.lock()
    assert window.locked
    panel = window.lock_panel
    qtbot.mouseClick(panel.other_button, Qt.MouseButton.LeftButton)
    assert panel.username_edit.isVisible() and panel.username_edit.text() == ""
    qtbot.keyClicks(panel.username_edit, "tariq")
    type_password(qtbot, panel, PASSWORD)
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    assert window.actor.name == "Tariq Mahmood"
    assert window.user_label.text() == "Signed in: Tariq Mahmood (Supervisor)"
    assert not dialog.isVisible()  # the clerk's unfinished form does not stay open
    from desktop import tasks

    tasks.wait_for_idle()
    with store._read() as conn:  # the clerk's session was signed out
        from store.accounts import SignInFailed, authorize

        with pytest.raises(SignInFailed):
            authorize(conn, CLERK)
    # The supervisor now reads the requests (the clerk's ended session would be refused).
    assert store.count_requests() == 0


def test_an_enumerator_sees_surveys_not_requests(qtbot, store, accounts):
    window = open_window(qtbot, store, ENUMERATOR, accounts)
    for key in ("requests", "dashboard", "analysis"):
        assert not window.nav_buttons[key].isVisible()
    assert window.nav_buttons["surveys"].isVisible()
    assert not window.new_request_action.isEnabled()
    assert window.stack.currentWidget() is window.surveys_page
    # Below the screens too: the store refuses the enumerator's reads of requests.
    with pytest.raises(NotAllowed, match=r"Your role \(enumerator\) does not handle"):
        store.list_requests()


def test_a_broken_audit_trail_is_shown_at_start(qtbot, store, accounts):
    from conftest import register
    from store.audit import verify

    reg = register(store)
    store.add_note(reg.request_id, "called the citizen", actor=CLERK)
    window = open_window(qtbot, store, CLERK, accounts)
    window.check_audit()
    qtbot.waitUntil(lambda: getattr(window, "audit_report", None) is not None)
    assert window.audit_report.ok and getattr(window, "audit_warning", None) is None
    with store._write() as conn:  # someone edits a saved note outside Daftar
        conn.exec_driver_sql("UPDATE request_event SET payload = replace(payload, 'called', "
                             "'never called') WHERE kind = 'note'")
    window.audit_report = None
    window.check_audit()
    qtbot.waitUntil(lambda: getattr(window, "audit_warning", None) is not None)
    box = window.audit_warning
    assert "audit trail on this PC is broken" in box.text()
    first = verify(store).problems[0]
    assert first.event_id in box.detailedText() and reg.request_id in box.detailedText()


def test_a_refused_step_reaches_the_clerk_in_plain_words_and_keeps_the_form(qtbot, store,
                                                                           accounts):
    """The store refuses, not only the screens: a clerk switched off by the office admin
    while the form was open gets a plain message when saving, and keeps what was typed."""
    from people import ADMIN

    window = open_window(qtbot, store, CLERK, accounts)
    dialog = window.open_new_request()
    qtbot.waitUntil(lambda: dialog.service_combo.count() > 0)
    qtbot.keyClicks(dialog.cnic_edit, "35202-1234567-1")
    qtbot.keyClicks(dialog.name_edit, "Ayesha Khan")
    dialog.service_combo.setCurrentIndex(dialog.service_combo.findData("DOMICILE_CERTIFICATE"))
    accounts.set_active(ADMIN, "sana", False)  # meanwhile, at the admin's PC
    qtbot.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.form_error.isVisible(), timeout=10_000)
    assert "switched off" in dialog.form_error.text()
    assert dialog.cnic_edit.text() == "35202-1234567-1" and dialog.name_edit.text() == \
        "Ayesha Khan"
    from store.accounts import SignInFailed

    with pytest.raises(SignInFailed, match="switched off"):  # nor read the requests now
        store.count_requests()
    store.set_reader(SUPERVISOR)
    assert store.count_requests() == 0


def test_a_supervisor_step_is_refused_for_a_clerk_with_a_message(qtbot, store, accounts):
    """Even if a screen offered it, the store refuses a supervisor's step to a clerk, and
    the detail screen says so in plain words."""
    from conftest import register

    reg = register(store)
    store.change_status(reg.request_id, "in_review", actor=CLERK)
    window = open_window(qtbot, store, CLERK, accounts)
    view = window.open_request(reg.tracking_number)
    qtbot.waitUntil(lambda: view.detail is not None)
    from models.workflow import Status, find_transition

    step = find_transition(Status.IN_REVIEW, Status.APPROVED)
    assert view.findChild(QPushButton, "transition_approved") is None  # not offered...
    view._start_step(step)  # ...and refused by the store if it were
    qtbot.waitUntil(lambda: view.banner.isVisible(), timeout=10_000)
    assert "ask a supervisor" in view.banner.text()
    assert store.get_request(reg.request_id).status == "in_review"
