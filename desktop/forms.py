"""Form pieces the dialogs share: line edits and password fields, a field's error said
beside it, rows of label, field and error, and the office admin's account fields.

:class:`FieldErrors` keeps each field with its :class:`desktop.ui.ErrorLabel`: showing an
error marks the field and tells screen readers; typing in the field clears it.
:class:`FormFields` also lays the rows out on a grid (label, field, error below it).
:class:`OfficeAdminFields` is the office admin's name, user name and password twice, on
the first-start wizard and in the dialog of a PC with no accounts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from desktop import ui


def line_edit(parent: QWidget, object_name: str = "", *, max_length: int | None = None,
              ltr: bool = False, placeholder: str = "") -> QLineEdit:
    """A one-line field; ``ltr`` for a user name, an address or a key, which read left to
    right on an Urdu screen too."""
    edit = QLineEdit(parent)
    if object_name:
        edit.setObjectName(object_name)
    if max_length is not None:
        edit.setMaxLength(max_length)
    if ltr:
        edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def password_field(parent: QWidget, object_name: str = "", *, max_length: int = 256,
                   ltr: bool = True, placeholder: str = "") -> QLineEdit:
    """A field that shows dots for what is typed (a password, a device key)."""
    edit = line_edit(parent, object_name, max_length=max_length, ltr=ltr,
                     placeholder=placeholder)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class FieldErrors:
    """Fields by key, each with its error label. ``on_submit``: what Enter in a line
    edit does (nothing special when ``None``)."""

    def __init__(self, *, on_submit: Callable[[], None] | None = None) -> None:
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, ui.ErrorLabel] = {}
        self._on_submit = on_submit

    def watch(self, key: str, field: QWidget, error: ui.ErrorLabel) -> None:
        self.fields[key] = field
        self.errors[key] = error
        if isinstance(field, QLineEdit):
            field.textChanged.connect(lambda _t, k=key: self.clear_error(k))
            if self._on_submit is not None:
                field.returnPressed.connect(self._on_submit)
        elif isinstance(field, QComboBox):
            field.currentIndexChanged.connect(lambda _i, k=key: self.clear_error(k))

    def show_error(self, key: str, text: str) -> None:
        self.errors[key].show_error(text)
        ui.mark_invalid(self.fields[key], True)
        self.fields[key].setAccessibleDescription(text)

    def clear_error(self, key: str) -> None:
        self.errors[key].clear_error()
        ui.mark_invalid(self.fields[key], False)
        self.fields[key].setAccessibleDescription("")

    def clear_errors(self) -> None:
        for key in self.fields:
            self.clear_error(key)

    def error_text(self, key: str) -> str:
        """The error shown beside the field (``""`` when none)."""
        label = self.errors[key]
        return label.text() if label.isVisibleTo(label.parentWidget()) else ""


class FormFields(FieldErrors):
    """Rows on :attr:`grid`: a label, the field (named ``{prefix}{key}_edit`` or
    ``_combo`` when it has no name), and its error below it, hidden until there is one."""

    def __init__(self, parent: QWidget, *, prefix: str = "",
                 on_submit: Callable[[], None] | None = None) -> None:
        super().__init__(on_submit=on_submit)
        self._parent = parent
        self._prefix = prefix
        self.labels: dict[str, QLabel] = {}
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(1, 1)
        self.row = 0

    def add(self, key: str, label: str, field: QWidget, *, beside: QWidget | None = None,
            below: QWidget | None = None):
        """Add a row; ``beside``: a button right of the field, ``below``: a hint under its
        error. Returns *field*."""
        if not field.objectName():
            kind = "edit" if isinstance(field, QLineEdit) else "combo"
            field.setObjectName(f"{self._prefix}{key}_{kind}")
        text = QLabel(label, self._parent)
        text.setBuddy(field)
        text.setContentsMargins(0, 8, 0, 0)
        self.grid.addWidget(text, self.row, 0, Qt.AlignmentFlag.AlignTop)
        if beside is None:
            self.grid.addWidget(field, self.row, 1)
        else:
            row = QHBoxLayout()
            row.addWidget(field, 1)
            row.addWidget(beside)
            self.grid.addLayout(row, self.row, 1)
        error = ui.ErrorLabel(f"{self._prefix}{key}_error", self._parent)
        self.grid.addWidget(error, self.row + 1, 1)
        self.row += 2
        if below is not None:
            self.grid.addWidget(below, self.row, 1)
            self.row += 1
        self.labels[key] = text
        self.watch(key, field, error)
        return field

    def add_space(self, height: int) -> None:
        """An empty row of *height* pixels between two fields."""
        self.grid.setRowMinimumHeight(self.row, height)
        self.row += 1


class OfficeAdminFields(QWidget):
    """The office admin's account: name, user name and the password twice. ``labels``
    replaces some of the row labels; ``prefix`` goes before the object names."""

    #: The store's field names (InvalidInput.field) → these fields.
    FIELD_OF: ClassVar[dict[str, str]] = {"display_name": "name", "username": "username",
                                          "password": "password"}

    def __init__(self, parent: QWidget | None = None, *, prefix: str = "",
                 labels: dict[str, str] | None = None) -> None:
        super().__init__(parent)
        labels = {"name": self.tr("Your name"), "username": self.tr("User name"),
                  "password": self.tr("Password"), "repeat": self.tr("Password again"),
                  **(labels or {})}
        self.form = FormFields(self, prefix=prefix)
        self.form.grid.setContentsMargins(0, 0, 0, 0)
        self.setLayout(self.form.grid)
        self.fields, self.errors = self.form.fields, self.form.errors
        self.name_edit = self.form.add("name", labels["name"], line_edit(self, max_length=100))
        self.username_edit = self.form.add("username", labels["username"], line_edit(
            self, max_length=32, ltr=True, placeholder=self.tr("e.g. nadia.khan")))
        self.password_edit = self.form.add("password", labels["password"],
                                           password_field(self))
        self.repeat_edit = self.form.add("repeat", labels["repeat"], password_field(self))

    def values(self) -> tuple[str, str, str]:
        """The name (spaces tidied), the user name and the password."""
        return (" ".join(self.name_edit.text().split()), self.username_edit.text().strip(),
                self.password_edit.text())

    def problems(self) -> dict[str, str]:
        """What is missing or does not match, by field, before asking the store."""
        name, username, password = self.values()
        found = {}
        if len(name) < 2:
            found["name"] = self.tr("Please write your name.")
        if not username:
            found["username"] = self.tr("Please choose a user name, e.g. nadia.khan.")
        if not password:
            found["password"] = self.tr("Please type a password.")
        elif self.repeat_edit.text() != password:
            found["repeat"] = self.tr("The two passwords are not the same. Type the "
                                      "password again.")
        return found

    def show_error(self, key: str, text: str) -> None:
        self.form.show_error(key, text)

    def set_read_only(self, read_only: bool) -> None:
        for edit in self.fields.values():
            edit.setReadOnly(read_only)
