"""People and passwords in the desktop app, through the real widgets (pytest-qt,
offscreen): the Settings account card, the office admin's People window, "Change my
password", the first-start office admin page, and where a CNIC is shown masked.

Real store files and real argon2 hashing (cheap parameters, tests/people.py); no mocks.
"""

from __future__ import annotations

import io

import pypdf
import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

import people
from conftest import register
from desktop import tasks
from desktop.first_run import FirstRunWizard
from desktop.people_dialog import PeopleDialog
from desktop.receipt import render_receipt_pdf
from desktop.request_detail import RequestDetailView
from desktop.settings_page import SettingsPage
from people import ADMIN, CLERK, SUPERVISOR
from store.accounts import MAX_FAILURES, Accounts, SignInFailed
from store.settings import Settings
from store.store import Store

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support ")

NEW_PASSWORD = "green chillies 42"


@pytest.fixture
def accounts(store):
    yield Accounts(store, hasher=people.cheap_hasher())
    assert tasks.wait_for_idle()


def settings_page(qtbot, store, actor, accounts) -> SettingsPage:
    page = SettingsPage(Settings(store.folder), store.folder, actor=actor, accounts=accounts)
    qtbot.addWidget(page)
    page.show()
    return page


def closed(dialog) -> bool:
    """A dialog closed (and, with WA_DeleteOnClose, deleted)."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def row_of(dialog: PeopleDialog, username: str) -> list[str]:
    for n in range(dialog.table.rowCount()):
        if dialog.table.item(n, 1).text() == username:
            return [dialog.table.item(n, c).text() for c in range(dialog.table.columnCount())]
    raise AssertionError(f"{username} not in the table")


def usernames(dialog: PeopleDialog) -> set[str]:
    return {dialog.table.item(n, 1).text() for n in range(dialog.table.rowCount())}


def log_lines(dialog: PeopleDialog) -> list[tuple[str, str]]:
    return [(dialog.log_table.item(n, 1).text(), dialog.log_table.item(n, 2).text())
            for n in range(dialog.log_table.rowCount())]


def test_office_admin_adds_a_clerk_switches_off_and_unlocks(qtbot, store, accounts):
    page = settings_page(qtbot, store, ADMIN, accounts)
    assert page.account_label.text() == "Signed in as Office Admin (Office admin)"
    assert page.people_button.isVisible() and page.password_button.isVisible()
    page.people_button.click()
    dialog = page.people_dialog
    qtbot.waitUntil(lambda: dialog.table.rowCount() == len(people.PEOPLE))
    assert row_of(dialog, "sana")[2:5] == ["Clerk", "This PC", "Yes"]
    dialog.select("admin")
    assert not dialog.switch_button.isEnabled()  # not one's own account

    # Add a person: a weak password, then a taken user name — each said beside its field,
    # everything typed kept.
    dialog.add_button.click()
    add = dialog.add_dialog
    qtbot.keyClicks(add.name_edit, "Bilal  Ahmed")
    qtbot.keyClicks(add.username_edit, "sana")
    add.role_combo.setCurrentIndex(add.role_combo.findData("clerk"))
    for edit in (add.password_edit, add.repeat_edit):
        qtbot.keyClicks(edit, "1234567890")
    add.ok_button.click()
    qtbot.waitUntil(lambda: add.errors["password"].isVisible())
    assert "too easy to guess" in add.errors["password"].text()
    assert (add.name_edit.text(), add.username_edit.text(), add.password_edit.text(),
            add.repeat_edit.text()) == ("Bilal  Ahmed", "sana", "1234567890", "1234567890")
    assert add.isVisible()
    add.password_edit.setText(NEW_PASSWORD)
    assert not add.errors["password"].isVisible()  # typing clears the message
    add.ok_button.click()  # the repeat no longer matches: said before asking the store
    assert "not the same" in add.errors["repeat"].text()
    add.repeat_edit.setText(NEW_PASSWORD)
    add.ok_button.click()
    qtbot.waitUntil(lambda: add.errors["username"].isVisible())
    assert "already taken" in add.errors["username"].text()
    assert add.password_edit.text() == NEW_PASSWORD
    add.username_edit.setText("bilal")
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        qtbot.keyClick(add.repeat_edit, Qt.Key.Key_Return)
    assert closed(add)
    assert "Bilal Ahmed can now sign in as bilal" in dialog.status.text()
    assert row_of(dialog, "bilal")[:5] == ["Bilal Ahmed", "bilal", "Clerk", "This PC", "Yes"]
    assert dialog.selected_user().username == "bilal"
    assert accounts.sign_in("bilal", NEW_PASSWORD).role == "clerk"

    # Switch off: the person cannot sign in; switch on again.
    assert dialog.switch_button.text() == "Switch off"
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.switch_button.click()
    assert row_of(dialog, "bilal")[4] == "No — switched off"
    with pytest.raises(SignInFailed, match="switched off"):
        accounts.sign_in("bilal", NEW_PASSWORD)
    assert dialog.switch_button.text() == "Switch on"
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.switch_button.click()
    assert row_of(dialog, "bilal")[4] == "Yes"

    # Locked after wrong passwords: the admin unlocks at once.
    for _ in range(MAX_FAILURES):
        with pytest.raises(SignInFailed):
            accounts.sign_in("bilal", "not the password")
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.refresh()
    dialog.select("bilal")
    assert row_of(dialog, "bilal")[5] != "" and dialog.unlock_button.isEnabled()
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.unlock_button.click()
    assert row_of(dialog, "bilal")[5] == "" and not dialog.unlock_button.isEnabled()
    assert accounts.sign_in("bilal", NEW_PASSWORD).username == "bilal"

    # The admin sets someone's password (typed twice).
    dialog.select("sana")
    dialog.password_button.click()
    pw = dialog.password_dialog
    assert pw.current_edit is None  # someone else's: no current password asked
    pw.new_edit.setText("masala chai at five")
    pw.repeat_edit.setText("masala chai at six")
    pw.ok_button.click()
    assert pw.errors["repeat"].isVisible() and pw.isVisible()
    pw.repeat_edit.setText("masala chai at five")
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        pw.ok_button.click()
    assert "password of Sana Iqbal is changed" in dialog.status.text()
    assert accounts.sign_in("sana", "masala chai at five").username == "sana"

    # The second tab: the sign-in log in plain words, newest first.
    lines = log_lines(dialog)
    assert lines[0] == ("sana", "Password changed")
    for line in (("bilal", "Unlocked by the office admin"),
                 ("bilal", "Locked after too many wrong passwords"),
                 ("bilal", "Wrong password"), ("bilal", "Switched off"),
                 ("bilal", "Refused: the account is switched off"),
                 ("bilal", "Account made")):
        assert line in lines


def test_refusals_from_the_store_reach_the_admin_in_plain_words(qtbot, store, accounts):
    """A session that has ended (signed out elsewhere) is refused by the store, not by
    the window: the message is shown, nothing changes."""
    with store._write() as conn:  # an account the central server sent with a sync
        assert Accounts.apply_provisioned(conn, {
            "user_id": "11111111-2222-4333-8444-555555555555", "username": "rabia",
            "display_name": "Rabia Aslam", "role": "enumerator",
            "password_hash": people.cheap_hasher().hash(NEW_PASSWORD),
            "updated_at": "2026-11-01T00:00:00.000Z", "active": True,
            "office_code": store.device().office_code}) == "applied"
    dialog = PeopleDialog(accounts, ADMIN)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == len(people.PEOPLE) + 1)
    assert row_of(dialog, "rabia")[2:5] == ["Enumerator", "Central server", "Yes"]
    assert ("rabia", "Account received from the central server") in log_lines(dialog)
    accounts.sign_out(ADMIN)
    dialog.select("sana")
    dialog.switch_button.click()
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert "signed out" in dialog.error.text()
    assert accounts.sign_in("sana", people.PASSWORD).username == "sana"  # still on


def test_a_clerk_has_no_people_button_and_changes_their_own_password(qtbot, store,
                                                                     accounts):
    page = settings_page(qtbot, store, CLERK, accounts)
    assert page.account_label.text() == "Signed in as Sana Iqbal (Clerk)"
    assert page.password_button.isVisible()
    assert not page.people_button.isVisible() and page.open_people() is None

    page.password_button.click()
    dialog = page.password_dialog
    assert dialog.isVisible()
    dialog.current_edit.setText("not my password")
    dialog.new_edit.setText(NEW_PASSWORD)
    dialog.repeat_edit.setText(NEW_PASSWORD)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.errors["current"].isVisible())
    assert "not your current password" in dialog.errors["current"].text()
    assert f"{MAX_FAILURES - 1} more tries" in dialog.errors["current"].text()
    assert dialog.new_edit.text() == NEW_PASSWORD == dialog.repeat_edit.text()

    dialog.current_edit.setText(people.PASSWORD)
    dialog.new_edit.setText("short")
    dialog.repeat_edit.setText("short")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.errors["new"].isVisible())
    assert "at least 10 characters" in dialog.errors["new"].text()
    assert dialog.current_edit.text() == people.PASSWORD

    dialog.new_edit.setText(NEW_PASSWORD)
    dialog.repeat_edit.setText(NEW_PASSWORD)
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        dialog.ok_button.click()
    assert closed(dialog)
    assert "password is changed" in page.account_status.text()
    with pytest.raises(SignInFailed):
        accounts.sign_in("sana", people.PASSWORD)
    assert accounts.sign_in("sana", NEW_PASSWORD).name == "Sana Iqbal"
    register(store, 1, actor=CLERK)  # the clerk's own session goes on


def test_nobody_signed_in_shows_no_account_buttons(qtbot, store, accounts):
    page = settings_page(qtbot, store, None, accounts)
    assert page.account_label.text() == "Nobody is signed in"
    assert not page.password_button.isVisible() and not page.people_button.isVisible()
    page.set_actor(ADMIN)  # the main window tells the page who signed in
    assert page.people_button.isVisible()
    urdu = SettingsPage(Settings(store.folder), store.folder, language="ur", actor=CLERK,
                        accounts=accounts)
    qtbot.addWidget(urdu)
    assert urdu.people_button.isHidden() and not urdu.password_button.isHidden()


@pytest.mark.no_people
def test_first_start_on_a_pc_without_accounts_makes_the_office_admin(qtbot, tmp_path):
    store = Store.open(tmp_path / "data")
    try:
        accounts = Accounts(store, hasher=people.cheap_hasher())
        settings = Settings(store.folder)
        wizard = FirstRunWizard(store, settings, accounts=accounts)
        qtbot.addWidget(wizard)
        made = []
        wizard.admin_created.connect(made.append)
        wizard.show()
        wizard.next()  # English
        qtbot.waitUntil(lambda: wizard.office_page.loaded)
        wizard.next()
        page = wizard.admin_page
        assert wizard.currentPage() is page
        qtbot.keyClicks(page.name_edit, "Nadia Khan")
        qtbot.keyClicks(page.username_edit, "nadia")
        qtbot.keyClicks(page.password_edit, "short")
        qtbot.keyClicks(page.repeat_edit, "short")
        wizard.next()
        qtbot.waitUntil(lambda: page.errors["password"].isVisible())
        assert "at least 10 characters" in page.errors["password"].text()
        assert wizard.currentPage() is page and page.name_edit.text() == "Nadia Khan"
        assert not accounts.has_users()
        page.password_edit.setText("office keys in the drawer")
        wizard.next()
        assert "not the same" in page.errors["repeat"].text()  # checked before the store
        page.repeat_edit.setText("office keys in the drawer")
        with qtbot.waitSignal(wizard.admin_created, timeout=10_000):
            wizard.next()
        qtbot.waitUntil(lambda: wizard.currentPage() is wizard.server_page)
        [admin] = made
        assert (admin.name, admin.role, admin.username) == ("Nadia Khan", "office_admin",
                                                            "nadia")
        assert [(u.username, u.role) for u in accounts.users()] == [("nadia", "office_admin")]
        accounts.add_user(admin, "sana", "Sana Iqbal", "clerk", "chai at four pm")  # signed in
        wizard.back()  # the page says the account is made and does not make another
        assert wizard.currentPage() is page and "nadia" in page.status.text()
        wizard.next()
        assert wizard.currentPage() is wizard.server_page and len(accounts.users()) == 2
        wizard.button(QWizard.WizardButton.FinishButton).click()
        assert settings.get("setup_done")
        assert tasks.wait_for_idle()
    finally:
        store.close()


def test_cnic_is_masked_on_the_request_screen_unless_a_supervisor_shows_it(qtbot, store):
    reg = register(store, 7)
    full, masked = "35202-0000007-1", "35202-*******-1"
    views = {}
    for actor in (CLERK, SUPERVISOR):
        view = RequestDetailView(store, actor)
        qtbot.addWidget(view)
        view.show()
        with qtbot.waitSignal(view.loaded, timeout=10_000):
            view.load(reg.tracking_number)
        assert masked in view.identity_label.text() and full not in view.identity_label.text()
        views[actor.role] = view
    assert not views["clerk"].show_cnic_button.isVisible()
    view = views["supervisor"]
    view.show_cnic_button.click()
    assert full in view.identity_label.text() and view.show_cnic_button.text() == "Hide CNIC"
    other = register(store, 8)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.load(other.tracking_number)  # another request: masked again
    assert "35202-*******-1" in view.identity_label.text()
    assert not view.show_cnic_button.isChecked()
    view.set_actor(CLERK)  # a clerk signs in on the same screen
    assert not view.show_cnic_button.isVisible()
    assert tasks.wait_for_idle()


@pytest.mark.parametrize("language", ["en", "ur"])
def test_the_printed_receipt_shows_the_cnic_masked(qtbot, store, language):
    reg = register(store, 4321)
    detail = store.get_request(reg.tracking_number)
    text = pypdf.PdfReader(io.BytesIO(render_receipt_pdf(detail, store.office(), language))
                           ).pages[0].extract_text()
    assert reg.tracking_number in text  # the extraction reads the page's text
    assert "35202-*******-1" in text
    assert "0004321" not in text.replace("\t", "").replace("-", "")
