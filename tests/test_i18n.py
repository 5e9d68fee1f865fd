"""The Urdu translation: complete, consistent with the code, compiled, and switchable at
runtime (pytest-qt, offscreen, the real main window)."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from desktop import i18n, tasks
from desktop.app import build_main_window
from desktop.main_window import SECTIONS
from people import CLERK
from store.settings import Settings
from store.store import Store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "resources" / "tools"))
import update_translations  # noqa: E402

TS = update_translations.TS_PATH
QM = update_translations.QM_PATH
PLACEHOLDER = re.compile(r"\{(\w*)(?:[:!][^}]*)?\}")
LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"
ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support ")


def ts_messages() -> list[tuple[str, str, ET.Element]]:
    out = []
    for ctx in ET.parse(TS).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            out.append((name, msg.findtext("source") or "", msg))
    return out


def test_ts_declares_urdu_and_right_to_left():
    root = ET.parse(TS).getroot()
    assert root.get("language") == "ur_PK"
    layout = [m for ctx, src, m in ts_messages()
              if ctx == "QGuiApplication" and src == "QT_LAYOUT_DIRECTION"]
    assert len(layout) == 1
    assert layout[0].findtext("translation") == "RTL"
    assert layout[0].findtext("comment") == update_translations.LAYOUT_COMMENT


def test_every_message_is_translated():
    untranslated = []
    for ctx, src, msg in ts_messages():
        node = msg.find("translation")
        if node is None or node.get("type") in ("unfinished", "vanished", "obsolete") \
                or not (node.text or "").strip():
            untranslated.append(f"{ctx}: {src!r}")
    assert not untranslated, "untranslated:\n" + "\n".join(untranslated)


def test_every_string_in_the_code_is_in_the_ts():
    """A string added to the code without running update_translations.py fails here, and
    so does a message still used in the code but marked obsolete in the .ts."""
    messages, problems = update_translations.collect()
    assert not problems
    in_ts = {(ctx, src): msg for ctx, src, msg in ts_messages()}
    missing = [f"{m.context}: {m.source!r}" for m in messages
               if (m.context, m.source) not in in_ts]
    assert not missing, "run resources/tools/update_translations.py:\n" + "\n".join(missing)
    obsolete_but_used = [f"{m.context}: {m.source!r}" for m in messages
                         if in_ts[(m.context, m.source)].find("translation").get("type")
                         in ("obsolete", "vanished")]
    assert not obsolete_but_used
    assert update_translations.main(["--check"]) == 0


def test_placeholders_match():
    wrong = []
    for ctx, src, msg in ts_messages():
        text = msg.findtext("translation") or ""
        if sorted(PLACEHOLDER.findall(src)) != sorted(PLACEHOLDER.findall(text)) and \
                set(PLACEHOLDER.findall(src)) != set(PLACEHOLDER.findall(text)):
            wrong.append(f"{ctx}: {src!r} → {text!r}")
    assert not wrong, "\n".join(wrong)


def test_translations_are_urdu_and_keep_codes_left_to_right():
    for ctx, src, msg in ts_messages():
        text = msg.findtext("translation") or ""
        if ARABIC_LETTER.search(src) is None and ctx != "QGuiApplication" and \
                any(c.isalpha() for c in PLACEHOLDER.sub("", src)) and \
                src not in ("R²", "95 % CI", "Page Up", "Page Down", "{problem} — {wait}"):
            assert ARABIC_LETTER.search(text), f"{ctx}: {src!r} is not in Urdu: {text!r}"
        for key in ("number", "cnic", "phone", "ref"):
            if "{" + key + "}" in text:
                assert LRI + "{" + key + "}" + PDI in text, f"{src!r}: isolate {{{key}}}"
        assert text.count(LRI) + text.count(FSI) == text.count(PDI), src
    # The same word in the same meaning everywhere (a clerk learns one word).
    terms = {"Tracking number": "ٹریکنگ نمبر", "CNIC number": "شناختی کارڈ نمبر",
             "New request": "نئی درخواست", "Surveys": "سروے"}
    found = {src: msg.findtext("translation") for ctx, src, msg in ts_messages()}
    for src, word in terms.items():
        assert found[src] == word


def test_qm_is_compiled_from_the_ts(tmp_path):
    fresh = tmp_path / "daftar_ur.qm"
    update_translations.lrelease(TS, fresh)
    assert hashlib.sha256(fresh.read_bytes()).hexdigest() == \
        hashlib.sha256(QM.read_bytes()).hexdigest(), \
        "daftar_ur.qm is older than daftar_ur.ts: run resources/tools/update_translations.py"


def test_the_qm_loads_and_says_right_to_left(qapp):
    translator = QTranslator()
    assert translator.load(str(QM))
    assert translator.language() == "ur_PK"
    assert i18n.layout_direction(translator) == Qt.LayoutDirection.RightToLeft
    assert translator.translate("MainWindow", "Requests") == "درخواستیں"


def test_update_tool_runs_from_the_command_line():
    done = subprocess.run([sys.executable, str(ROOT / "resources/tools/update_translations.py"),
                           "--check"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr


# -- at runtime ---------------------------------------------------------------------------
@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "data")
    yield s
    assert tasks.wait_for_idle(), "background tasks still running at the end of the test"
    s.close()


@pytest.fixture
def english(qapp):
    """Whatever a test switches to, the next test starts in English."""
    yield
    i18n.set_language(qapp, "en", larger_text=False)


def open_window(qtbot, store, language="en"):
    settings = Settings(store.folder)
    settings.set("language", language)
    window = build_main_window(store, settings, CLERK)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.requests_page.model.loaded, timeout=10_000):
        window.resize(1366, 768)
        window.show()
    return window


def nav_texts(window) -> dict[str, str]:
    return {key: window.nav_buttons[key].text() for key, _icon in SECTIONS}


def test_switching_to_urdu_and_back_at_runtime(qtbot, store, english):
    window = open_window(qtbot, store)
    english_texts = nav_texts(window)
    assert english_texts["requests"] == "Requests"
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    page_before = window.requests_page
    window.requests_page.search_edit.setText("35202")

    with qtbot.waitSignal(i18n.notifier.language_changed, timeout=5_000):
        window.switch_language("ur")
    assert window.settings.get("language") == "ur"
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.requests_page.layoutDirection() == Qt.LayoutDirection.RightToLeft
    urdu = nav_texts(window)
    assert urdu["requests"] == "درخواستیں"
    assert urdu["surveys"] == "سروے"
    assert all(ARABIC_LETTER.search(text) for text in urdu.values()), urdu
    assert window.new_request_action.text() == "نئی درخواست"
    assert ARABIC_LETTER.search(window.user_label.text())
    assert window.language_button.text() == "English"
    # The screens were built again in Urdu; what was typed is still there.
    assert window.requests_page is not page_before
    assert window.requests_page.new_request_button.text() == "نئی درخواست"
    assert window.requests_page.search_edit.text() == "35202"
    assert QLocale().language() == QLocale.Language.Urdu
    assert QApplication.font().family() == "Noto Nastaliq Urdu"
    # Qt's own buttons in Urdu (PySide6 ships no qtbase_ur).
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                           QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Ok).text() == "ٹھیک ہے"
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "منسوخ"
    message = QMessageBox(QMessageBox.Icon.Question, "t", "t",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    assert message.button(QMessageBox.StandardButton.Yes).text() == "ہاں"
    message.deleteLater()
    box.deleteLater()
    tasks.wait_for_idle()

    with qtbot.waitSignal(i18n.notifier.language_changed, timeout=5_000):
        window.language_button.click()  # the way back, named in English
    assert window.settings.get("language") == "en"
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert nav_texts(window) == english_texts
    assert window.requests_page.new_request_button.text() == "New request"
    assert QCoreApplication.translate("QPlatformTheme", "OK") == "OK"
    assert QApplication.font().family() != "Noto Nastaliq Urdu"
    assert QLocale().language() == QLocale.Language.English
    qtbot.waitUntil(lambda: not window.requests_page.model.is_loading(), timeout=10_000)


def test_open_request_stays_open_across_a_switch(qtbot, store, english):
    from conftest import register

    request = register(store, 1)
    window = open_window(qtbot, store)
    view = window.open_request(request.tracking_number)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        pass
    window.switch_language("ur")
    assert window.detail_view is not None and window.detail_view is not view
    assert window.stack.currentWidget() is window.detail_view
    with qtbot.waitSignal(window.detail_view.loaded, timeout=10_000):
        pass
    assert window.detail_view.detail.tracking_number == request.tracking_number
    window.switch_language("en")
    with qtbot.waitSignal(window.detail_view.loaded, timeout=10_000):
        pass


def test_window_built_in_urdu_starts_right_to_left(qtbot, store, english):
    window = open_window(qtbot, store, language="ur")
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert nav_texts(window)["sync"] == "سرور کو بھیجیں"
    assert i18n.current_language() == "ur"
    # Rows and buttons are tall enough for Nastaliq: nothing is cut at the bottom.
    page = window.surveys_page
    for table in (page.drafts_table, page.finished_table, page.quota_table):
        line = table.fontMetrics().height()
        assert table.verticalHeader().defaultSectionSize() >= line + 12
    for button in (page.start_button, page.resume_button):
        # The style sheet's min-height is the least a crowded layout gives a button.
        least = button.minimumSize().height() or button.minimumSizeHint().height()
        assert least >= button.fontMetrics().height() + 8


def test_an_open_interview_comes_back_after_a_switch(qtbot, store, english):
    from store.surveys import Surveys

    Surveys(store).import_form(ROOT / "resources" / "forms" / "daftar_governance.xlsx")
    window = open_window(qtbot, store)
    page = window.show_surveys()
    qtbot.waitUntil(lambda: page.form_combo.currentData() == "daftar_governance"
                    and page.language_combo.count() == 2)
    page.language_combo.setCurrentIndex(page.language_combo.findData("en"))
    page.start_interview()
    qtbot.waitUntil(lambda: page.form_view is not None and page.form_view.isVisible())
    draft = page.form_view.draft_id

    window.switch_language("ur")
    page = window.surveys_page
    assert window.stack.currentWidget() is page
    assert window.nav_buttons["surveys"].isChecked()
    qtbot.waitUntil(lambda: page.form_view is not None and page.form_view.isVisible())
    assert page.form_view.draft_id == draft
    # The interview stays in its own language (English, left to right) ...
    assert page.form_view.layoutDirection() == Qt.LayoutDirection.LeftToRight
    # ... the screen around it speaks Urdu.
    assert page.layoutDirection() == Qt.LayoutDirection.RightToLeft
    page.shutdown()


@pytest.mark.no_people
def test_urdu_dialogs_are_tall_enough_for_their_text(qtbot, qapp, english, tmp_path):
    """Nastaliq wraps to more, taller lines than English: the office admin's first dialog
    was shown at its English height, the fields overlapped and the button's text was cut;
    a form dialog squeezed its buttons when an error appeared under a field."""
    from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

    from desktop.people_dialog import AddPersonDialog
    from desktop.sign_in import FirstAdminDialog
    from people import ADMIN, cheap_hasher, seed
    from store.accounts import Accounts

    i18n.set_language(qapp, "ur")

    def fits(dialog):
        qtbot.waitUntil(lambda: dialog.isVisible())
        qapp.processEvents()
        layout = dialog.layout()
        assert dialog.height() >= layout.totalHeightForWidth(dialog.width())
        for widget in dialog.findChildren(QPushButton) + dialog.findChildren(QLineEdit):
            if widget.isVisible():
                assert widget.height() >= widget.minimumSizeHint().height(), widget.text()
        for label in dialog.findChildren(QLabel):
            if label.isVisible() and label.wordWrap():
                assert label.height() >= label.heightForWidth(label.width()), label.text()

    with Store.open(tmp_path / "new") as empty:
        first = FirstAdminDialog(Accounts(empty, hasher=cheap_hasher()))
        qtbot.addWidget(first)
        first.show()
        fits(first)
    with Store.open(tmp_path / "office") as office:
        seed(office)
        add = AddPersonDialog(Accounts(office, hasher=cheap_hasher()), ADMIN)
        qtbot.addWidget(add)
        add.show()
        fits(add)
        add.form.fields["name"].setText("Bilal Ahmed")
        add.submit()  # no password: an error appears under the field
        qtbot.waitUntil(lambda: add.form.error_text("password") != "")
        fits(add)
