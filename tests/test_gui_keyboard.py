"""A clerk without a mouse: "new request → print receipt" with key presses only.

Real widgets over a real store (pytest-qt, offscreen). Only the printer is replaced: the
operating system's print dialog cannot run here, so ``QPrintDialog`` is swapped for one
that "accepts" and points the real ``QPrinter`` at a PDF file — the receipt is still
painted through Qt's printing path.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialog

from desktop import receipt, tasks
from desktop.app import build_main_window
from people import CLERK
from store.settings import Settings
from store.store import Store

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support ")


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "data")
    yield s
    assert tasks.wait_for_idle()
    s.close()


def focused():
    return QApplication.focusWidget()


def type_text(text: str) -> None:
    """Key presses carrying any character (QTest's keyClicks knows only ASCII), sent to
    the focused widget as a keyboard with an Urdu layout would."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(focused(), QKeyEvent(
                kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


def test_new_request_to_printed_receipt_with_keys_only(qtbot, store, tmp_path, monkeypatch):
    printed = tmp_path / "receipt.pdf"

    class PrintDialogThatAccepts:  # stands in for the OS print dialog (no printer here)
        def __init__(self, printer: QPrinter, _parent=None) -> None:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(printed))

        def setWindowTitle(self, _title) -> None:
            pass

        def exec(self) -> int:
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(receipt, "QPrintDialog", PrintDialogThatAccepts)
    window = build_main_window(store, Settings(store.folder), CLERK)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.requests_page.table.setFocus()

    qtbot.keyClick(focused(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # Ctrl+N
    qtbot.waitUntil(lambda: window.new_request_dialog is not None
                    and window.new_request_dialog.isVisible())
    dialog = window.new_request_dialog
    qtbot.waitUntil(lambda: dialog.service_combo.count() > 0)
    qtbot.waitUntil(lambda: focused() is dialog.cnic_edit)  # the form starts at the CNIC
    type_text("۳۵۲۰۲-۱۲۳۴۵۶۷-۱")  # Urdu digits, as many keyboards type
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is dialog.name_edit
    qtbot.keyClicks(focused(), "Ayesha Khan")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is dialog.phone_edit
    qtbot.keyClicks(focused(), "0300-1234567")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() in (dialog.service_combo, dialog.service_combo.lineEdit())
    qtbot.keyClicks(focused(), "Domicile certificate")
    with qtbot.waitSignal(dialog.registered, timeout=10_000) as blocker:
        qtbot.keyClick(focused(), Qt.Key.Key_Return)  # Enter registers
    registered = blocker.args[0]
    assert store.get_request(registered.tracking_number).citizen["cnic"] == "3520212345671"

    qtbot.waitUntil(lambda: focused() is dialog.print_button)  # the next thing to do
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: printed.exists() and printed.stat().st_size > 1000,
                    timeout=10_000)
    assert printed.read_bytes().startswith(b"%PDF")
    assert not dialog.print_error.isVisible()
