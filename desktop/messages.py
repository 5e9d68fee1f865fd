"""Turning errors into plain words for the person at the desk.

Errors the person can act on (:class:`store.errors.StoreError`, bad input) are shown with
their own message. Anything else is one of our bugs: it is logged with its traceback and
the person is told that something went wrong and that their data is safe.
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from models.validation import InvalidForm, InvalidInput
from store.errors import StoreError

log = logging.getLogger(__name__)

CTX = "messages"

#: Where the log file is, once the app has set it up (named in the "went wrong" dialog).
log_path: str | None = None

_open_bug_box: QMessageBox | None = None


def tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


def error_text(exc: BaseException) -> str | None:
    """The translated message of an error the user can act on, or ``None`` for a bug."""
    if isinstance(exc, StoreError | InvalidInput | InvalidForm):
        return exc.text(QCoreApplication.translate)
    return None


def _parent(parent) -> QWidget | None:
    if isinstance(parent, QWidget) and shiboken6.isValid(parent):
        return parent.window()
    return QApplication.activeWindow()


def show_message(text: str, *, parent=None, title: str | None = None) -> QMessageBox:
    """A plain, non-blocking message box (it does not stop the rest of the window)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title or tr("Daftar"), text,
                      QMessageBox.StandardButton.Ok, _parent(parent))
    box.setObjectName("error_message")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def show_bug(exc_info=None, *, parent=None) -> None:
    """Log a bug with its traceback and tell the user their data is safe (one box at a time)."""
    global _open_bug_box
    log.error("Something went wrong", exc_info=exc_info or True)
    if QApplication.instance() is None:
        return
    if _open_bug_box is not None and shiboken6.isValid(_open_bug_box) and \
            _open_bug_box.isVisible():
        return
    details = tr("Everything saved before this moment is kept. Close this message and try "
                 "again; if it happens again, tell IT what you were doing.")
    if log_path:
        details += "\n\n" + tr("Details for IT are in {path}.").format(path=log_path)
    box = QMessageBox(QMessageBox.Icon.Warning, tr("Daftar"),
                      tr("Something went wrong; your data is safe."),
                      QMessageBox.StandardButton.Ok, _parent(parent))
    box.setObjectName("bug_message")
    box.setInformativeText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _open_bug_box = box
    box.open()


def report_error(exc: BaseException, *, parent=None) -> None:
    """Tell the user about *exc*: its own words if they can act on it, else "went wrong"."""
    text = error_text(exc)
    if text is None:
        show_bug((type(exc), exc, exc.__traceback__), parent=parent)
    else:
        log.info("Shown to the user: %s", text)
        show_message(text, parent=parent)
