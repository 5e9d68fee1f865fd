"""The first-run wizard, the help pages and the About dialog (pytest-qt, offscreen, real
store and a real central server on loopback for enrollment from a provisioning file)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from test_sync_e2e import LiveServer

from desktop import tasks
from desktop.first_run import FirstRunWizard, ProvisioningError, read_provisioning
from desktop.help import TOPICS, AboutDialog, HelpDialog, help_text
from people import CLERK
from store.errors import NotAllowed
from store.settings import Settings
from store.store import Store

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support ")


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "data")
    yield s
    assert tasks.wait_for_idle()
    s.close()


@pytest.fixture
def settings(store):
    return Settings(store.folder)


def test_help_exists_for_every_topic_in_both_languages():
    for topic, _titles in TOPICS:
        en, ur = help_text(topic, "en"), help_text(topic, "ur")
        assert en.startswith("# ") and ur.startswith("# ")
        assert any("\u0600" <= ch <= "\u06ff" for ch in ur)
        assert en != ur


def test_help_dialog_shows_the_asked_topic_and_about(qtbot):
    dialog = HelpDialog("surveys", language="en")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.current_topic() == "surveys"
    assert "Start an interview" in dialog.page.toPlainText()
    dialog.topics.setCurrentRow(2)
    assert "Sync now" in dialog.page.toPlainText()
    about = dialog.open_about()
    assert isinstance(about, AboutDialog)
    text = about.attributions.toPlainText()
    assert "Noto Nastaliq Urdu" in text and "CC-BY-4.0" in text
    urdu = HelpDialog("requests", language="ur")
    qtbot.addWidget(urdu)
    assert urdu.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert "درخواست" in urdu.page.toPlainText()


def test_provisioning_file(tmp_path):
    good = tmp_path / "lhr1.json"
    good.write_text(json.dumps({"server": " https://daftar.example.pk ", "token": "abc123",
                                "office": "lhr1"}), encoding="utf-8")
    assert read_provisioning(good) == {"server": "https://daftar.example.pk",
                                       "token": "abc123", "office": "LHR1"}
    bad = tmp_path / "bad.json"
    bad.write_text("not json", encoding="utf-8")
    with pytest.raises(ProvisioningError, match="not JSON"):
        read_provisioning(bad)
    bad.write_text(json.dumps({"server": "x"}), encoding="utf-8")
    with pytest.raises(ProvisioningError, match="no server address and token"):
        read_provisioning(bad)
    with pytest.raises(ProvisioningError, match="cannot be read"):
        read_provisioning(tmp_path / "missing.json")


def test_choosing_the_office_only_while_nothing_is_written(store):
    store.choose_office("khi1")
    assert store.device().office_code == "KHI1"
    from conftest import register

    register(store, 1)
    with pytest.raises(NotAllowed):
        store.choose_office("LHR1")
    assert store.device().office_code == "KHI1"


def test_the_wizard_with_the_keyboard_saves_each_page(qtbot, store, settings):
    wizard = FirstRunWizard(store, settings)
    qtbot.addWidget(wizard)
    chosen = []
    wizard.language_chosen.connect(chosen.append)
    wizard.show()
    wizard.language_page.buttons["ur"].setChecked(True)
    wizard.next()
    assert settings.get("language") == "ur" and chosen == ["ur"]
    office = wizard.office_page
    assert wizard.currentPage() is office
    qtbot.waitUntil(lambda: office.loaded)
    office.office_combo.setCurrentIndex(office.office_combo.findData("KHI1"))
    wizard.next()
    assert store.device().office_code == "KHI1" and settings.get("office_code") == "KHI1"
    # The PC has accounts already (the test people): no office admin page.
    assert wizard.currentPage() is wizard.server_page
    assert wizard.button(QWizard.WizardButton.FinishButton).isVisible()
    assert not settings.get("setup_done")
    wizard.accept()  # "Start working" without connecting: the PC works offline
    assert settings.get("setup_done")


def test_the_server_page_enrolls_from_a_provisioning_file(qtbot, store, settings, tmp_path,
                                                          memory_keyring):
    from server import admin
    from server.app import create_app

    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    with LiveServer(app) as live:
        token = admin.create_token(app.state.engine, "LHR1")
        file = tmp_path / "provision.json"
        file.write_text(json.dumps({"server": live.url, "token": token, "office": "LHR1"}),
                        encoding="utf-8")
        wizard = FirstRunWizard(store, settings)
        qtbot.addWidget(wizard)
        wizard.show()
        page = wizard.server_page
        assert page.load_file(file)
        assert page.url_edit.text() == live.url and page.token_edit.text() == token
        with qtbot.waitSignal(wizard.enrolled, timeout=20_000):
            page.connect_now()
            dialog = wizard.connect_dialog
            qtbot.waitUntil(lambda: dialog.keyring_ok is not None)
            # http:// is allowed to loopback only, as for every enrollment.
            dialog.submit()
        assert page.connected
        assert "number" in page.status.text()
        assert settings.get("office_code") == "LHR1"
    app.state.engine.dispose()


def test_the_main_window_runs_the_setup_once_and_f1_opens_help(qtbot, store, settings):
    from desktop.app import build_main_window

    window = build_main_window(store, settings, CLERK)
    qtbot.addWidget(window)
    window.show()
    wizard = window.maybe_first_run()
    assert wizard is not None and wizard.isVisible()
    wizard.next()  # English
    qtbot.waitUntil(lambda: wizard.office_page.loaded)
    wizard.next()
    assert wizard.currentPage() is wizard.server_page
    wizard.accept()  # "Start working"
    assert window.maybe_first_run() is None  # done once

    window.show_sync()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.sync_page, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.help_dialog is not None and window.help_dialog.isVisible())
    assert window.help_dialog.current_topic() == "sync"
    window.show_surveys()
    window.help_button.click()
    assert window.help_dialog.current_topic() == "surveys"


def test_settings_screen_larger_text_backup_and_language(qtbot, store, settings):
    from desktop.app import build_main_window

    window = build_main_window(store, settings, CLERK)
    qtbot.addWidget(window)
    window.show()
    page = window.show_settings()
    qtbot.waitUntil(lambda: page.backup_list.count() > 0)
    assert page.backup_list.item(0).text() == "No backup yet"

    before = window.font().pointSize()
    page.larger_check.setChecked(True)
    assert settings.get("larger_text") is True
    qtbot.waitUntil(lambda: window.font().pointSize() > before)

    page.back_up_now()
    qtbot.waitUntil(lambda: page.backup_button.isEnabled(), timeout=20_000)
    assert "Backup made and checked" in page.backup_status.text()
    qtbot.waitUntil(lambda: page.backup_list.count() == 1
                    and "manual" in page.backup_list.item(0).text())

    page.language_combo.setCurrentIndex(page.language_combo.findData("ur"))
    page.language_combo.activated.emit(page.language_combo.currentIndex())
    qtbot.waitUntil(lambda: window.layoutDirection() == Qt.LayoutDirection.RightToLeft)
    assert settings.get("language") == "ur"
    window.switch_language("en")
    qtbot.waitUntil(lambda: window.layoutDirection() == Qt.LayoutDirection.LeftToRight)
