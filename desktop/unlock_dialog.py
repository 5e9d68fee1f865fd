"""The dialog at start when this PC's data is locked: the database key is not in the
keyring (it was lost, or the PC has none), and an office admin's password unlocks it
from the key file (:func:`store.keys.unlock_with_password`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from store import keys
from store.errors import StoreError

CTX = "unlock"


def tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


class UnlockDialog(QDialog):
    """Asks an office admin's password until it unlocks the data or the person gives up."""

    def __init__(self, folder: Path, parent=None) -> None:
        super().__init__(parent)
        self.folder = Path(folder)
        self.setWindowTitle(tr("Daftar is locked"))
        layout = QVBoxLayout(self)
        intro = QLabel(tr("This PC's data is locked: its key is not in this PC's keyring "
                          "(a new Windows profile, a repaired PC, or a PC without one). "
                          "An office admin can unlock it with their password."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(tr("Office admin password"))
        layout.addWidget(self.password_edit)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("fieldError")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Unlock"))
        buttons.accepted.connect(self.try_unlock)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def try_unlock(self) -> None:
        try:
            keys.unlock_with_password(self.folder, self.password_edit.text())
        except StoreError as exc:
            self.message.setText(exc.text(QCoreApplication.translate))
            self.password_edit.selectAll()
            self.password_edit.setFocus()
            return
        self.accept()
