"""Small pieces every screen uses: icons, plain-words labels, dates, error labels, cards."""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import lru_cache

import qtawesome
from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QPoint, QSize, Qt, QTime
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QWidget

from desktop import theme
from models.workflow import CTX as WORKFLOW_CTX
from models.workflow import ROLE_LABELS, STATUS_LABELS, Role, Status
from store.records import PKT

DATE_FORMAT = "d MMM yyyy"
DATETIME_FORMAT = "d MMM yyyy, h:mm AP"


@lru_cache(maxsize=64)
def icon(name: str, color: str = "text") -> QIcon:
    """A qtawesome icon in one of the palette's colours (always shown with a text label)."""
    return qtawesome.icon(name, color=theme.COLORS.get(color, color))


def status_text(status: str | Status) -> str:
    """A status in plain words of the current language (``in_review`` → "Being checked")."""
    try:
        label = STATUS_LABELS[Status(status)]
    except ValueError:
        return str(status)
    return QCoreApplication.translate(WORKFLOW_CTX, label)


def role_text(role: str) -> str:
    try:
        return QCoreApplication.translate(WORKFLOW_CTX, ROLE_LABELS[Role(role)])
    except ValueError:
        return role


def service_name(service: dict, language: str) -> str:
    return (service.get("name_ur") if language == "ur" else None) or service["name_en"]


def service_documents(service: dict, language: str) -> list[str]:
    key = "documents_ur" if language == "ur" else "documents_en"
    raw = service.get(key) or service.get("documents_en") or "[]"
    return json.loads(raw) if isinstance(raw, str) else list(raw)


def format_date(day: date) -> str:
    return QLocale().toString(QDate(day.year, day.month, day.day), DATE_FORMAT)


def format_timestamp(iso: str) -> str:
    """A stored UTC timestamp (``2026-11-28T10:15:02.123Z``) as office time (PKT)."""
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(PKT)
    qdt = QDateTime(QDate(moment.year, moment.month, moment.day),
                    QTime(moment.hour, moment.minute, moment.second))
    return QLocale().toString(qdt, DATETIME_FORMAT)


def format_number(n: int) -> str:
    return QLocale().toString(n)


def format_fee(pkr: int) -> str:
    if pkr == 0:
        return QCoreApplication.translate("ui", "No fee")
    return QCoreApplication.translate("ui", "Rs {amount}").format(amount=format_number(pkr))


def ltr(text: str) -> str:
    """Keep a code (tracking number, CNIC) reading left to right on a right-to-left screen.

    A left-to-right isolate (U+2066 … U+2069) around it stops the bidi algorithm from
    moving the dashes, the ``*`` of a masked CNIC or a check character, and keeps the
    Urdu words around it in their place (the translations wrap such placeholders the
    same way). On a left-to-right screen the text is returned unchanged.
    """
    if QGuiApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft:
        return f"\u2066{text}\u2069"
    return text


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property used by a selector changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def make_primary(button: QPushButton) -> QPushButton:
    """Mark the screen's main action (the one strong button)."""
    button.setProperty("primary", True)
    repolish(button)
    return button


def card(parent: QWidget | None = None) -> QFrame:
    frame = QFrame(parent)
    frame.setProperty("card", True)
    return frame


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    if bool(widget.property("error")) != invalid:
        widget.setProperty("error", invalid)
        repolish(widget)


@lru_cache(maxsize=4)
def _error_pixmap(size: int):
    """Drawn once: a long form has hundreds of error labels."""
    return icon("fa5s.exclamation-circle", "error").pixmap(QSize(size, size))


class ErrorLabel(QLabel):
    """A red message under a form field, with a warning icon before it; hidden when empty."""

    ICON_SIZE = 16
    GAP = 6

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setProperty("role", "error")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._pixmap = _error_pixmap(self.ICON_SIZE)
        indent = self.ICON_SIZE + self.GAP
        self.setContentsMargins(indent, 0, 0, 0)
        self.hide()

    def show_error(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def clear_error(self) -> None:
        self.clear()
        self.hide()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.LayoutDirectionChange:
            indent = self.ICON_SIZE + self.GAP
            if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
                self.setContentsMargins(0, 0, indent, 0)
            else:
                self.setContentsMargins(indent, 0, 0, 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.text():
            return
        painter = QPainter(self)
        line = self.fontMetrics().height()
        y = max(0, (line - self.ICON_SIZE) // 2)
        x = 0 if self.layoutDirection() == Qt.LayoutDirection.LeftToRight \
            else self.width() - self.ICON_SIZE
        painter.drawPixmap(QPoint(x, y), self._pixmap)
        painter.end()


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" when there is not room for all of it (a status
    bar on a small screen), instead of being cut off mid-word; the whole text stays in
    :meth:`text` for the tooltip and screen readers. May show an icon before the text."""

    MIN_WIDTH = 120
    ICON_SIZE = 16
    GAP = 6

    def __init__(self, parent: QWidget | None = None, *, min_width: int = MIN_WIDTH) -> None:
        super().__init__(parent)
        self._min_width = min_width
        self._pixmap = None

    def set_icon(self, icon_: QIcon | None) -> None:
        self._pixmap = icon_.pixmap(QSize(self.ICON_SIZE, self.ICON_SIZE)) if icon_ else None
        indent = self.ICON_SIZE + self.GAP if self._pixmap is not None else 0
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            self.setContentsMargins(0, 0, indent, 0)
        else:
            self.setContentsMargins(indent, 0, 0, 0)
        self.update()

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self._min_width), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                              rect.width())
        painter = QPainter(self)
        if self._pixmap is not None:
            y = rect.top() + max(0, (rect.height() - self.ICON_SIZE) // 2)
            x = rect.left() - self.ICON_SIZE - self.GAP \
                if self.layoutDirection() == Qt.LayoutDirection.LeftToRight else \
                rect.right() + 1 + self.GAP
            painter.drawPixmap(QPoint(x, y), self._pixmap)
        self.style().drawItemText(painter, rect, int(Qt.AlignmentFlag.AlignLeading |
                                                     Qt.AlignmentFlag.AlignVCenter),
                                  self.palette(), self.isEnabled(), shown,
                                  QPalette.ColorRole.WindowText)
        painter.end()
