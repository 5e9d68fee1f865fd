"""Daftar's look in one place: the palette, the fonts, and the style sheet that uses them.

``resources/style.qss`` is an ordinary Qt style sheet in which ``@name`` stands for a
colour or size defined here (``@accent``, ``@font_title``…), so a colour is chosen once.
``apply()`` may be called more than once (tests build several windows); it only resets.
"""

from __future__ import annotations

import atexit
import re
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QDialog

from store import paths

#: The palette. Text colours keep a contrast of at least 4.5:1 on their background.
COLORS: dict[str, str] = {
    "accent": "#1f6f4a",  # deep green: primary buttons, selection, focus
    "accent_hover": "#185c3d",
    "accent_pressed": "#124a31",
    "accent_soft": "#e2f0e8",  # selected rows, badges
    "window": "#f3f5f4",
    "card": "#ffffff",
    "alt_row": "#f7f9f8",
    "border": "#cfd8d3",
    "text": "#1c2420",
    "muted": "#55605a",
    "sidebar": "#163b2a",
    "sidebar_text": "#e6f1eb",
    "sidebar_selected": "#28604a",
    "sidebar_disabled": "#86a294",
    "warning": "#8a5200",  # text and icons (5.9:1 on warning_bg)
    "warning_bg": "#fff1cc",
    "error": "#b3261e",  # 6.1:1 on white
    "error_bg": "#fdecea",
    "info_bg": "#e8f0fb",
    "info": "#24497a",
}

#: Badge colours per request status (background, text).
STATUS_COLORS: dict[str, tuple[str, str]] = {
    "submitted": ("#e8f0fb", "#24497a"),
    "in_review": ("#fff1cc", "#7a4a00"),
    "approved": ("#e2f0e8", "#1a5c3d"),
    "rejected": ("#fdecea", "#9c2119"),
    "completed": ("#d7eee2", "#14502f"),
    "closed": ("#eceeed", "#3f4944"),
    "reopened": ("#f1e8fb", "#5b2b86"),
}

BASE_POINT_SIZE = 11
URDU_POINT_SIZE = 13
LARGER_TEXT_STEP = 2
URDU_FAMILY = "Noto Nastaliq Urdu"
#: A Naskh face for dense Urdu (tables); Nastaliq needs tall rows.
NASKH_FAMILY = "Noto Naskh Arabic"
MONO_FAMILIES = ("Consolas", "DejaVu Sans Mono", "Liberation Mono", "Courier New")


@lru_cache(maxsize=1)
def load_fonts() -> list[str]:
    """Register the bundled fonts (``resources/fonts``, SIL OFL) with Qt; returns the
    families that loaded. The PCs need not have any Urdu font installed."""
    families: list[str] = []
    for path in sorted((paths.resources_dir() / "fonts").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return sorted(set(families))


def urdu_font(base: QFont, *, scale: float = 1.0, naskh: bool = False) -> QFont:
    """*base* in the Nastaliq face — or the Naskh face for dense controls — with other
    scripts falling back to *base*'s family."""
    load_fonts()
    font = QFont(base)
    font.setFamilies([NASKH_FAMILY if naskh else URDU_FAMILY, *base.families()])
    if scale != 1.0:
        font.setPointSizeF(base.pointSizeF() * scale)
    return font


def color(name: str) -> QColor:
    return QColor(COLORS[name])


def point_size(*, language: str = "en", larger_text: bool = False) -> int:
    base = URDU_POINT_SIZE if language == "ur" else BASE_POINT_SIZE
    return base + (LARGER_TEXT_STEP if larger_text else 0)


@lru_cache(maxsize=1)
def mono_family() -> str:
    """A monospace family that exists here (tracking numbers must not mix up 0/O, 1/I)."""
    families = set(QFontDatabase.families())
    for name in MONO_FAMILIES:
        if name in families:
            return name
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()


def mono_font(points: float, *, bold: bool = False) -> QFont:
    font = QFont(mono_family())
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def palette() -> QPalette:
    pal = QPalette()
    c = color
    pal.setColor(QPalette.ColorRole.Window, c("window"))
    pal.setColor(QPalette.ColorRole.WindowText, c("text"))
    pal.setColor(QPalette.ColorRole.Base, c("card"))
    pal.setColor(QPalette.ColorRole.AlternateBase, c("alt_row"))
    pal.setColor(QPalette.ColorRole.Text, c("text"))
    pal.setColor(QPalette.ColorRole.PlaceholderText, c("muted"))
    pal.setColor(QPalette.ColorRole.Button, c("card"))
    pal.setColor(QPalette.ColorRole.ButtonText, c("text"))
    pal.setColor(QPalette.ColorRole.Highlight, c("accent"))
    pal.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    pal.setColor(QPalette.ColorRole.ToolTipBase, QColor("#ffffff"))
    pal.setColor(QPalette.ColorRole.ToolTipText, c("text"))
    pal.setColor(QPalette.ColorRole.Link, c("accent"))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7b8680"))
    return pal


@lru_cache(maxsize=1)
def _arrow_image() -> str:
    """A drop-down arrow for combo boxes, drawn once per run (a styled combo box loses
    the style's own arrow, and a style sheet can only show one from a file)."""
    folder = Path(tempfile.mkdtemp(prefix="daftar-theme-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    scale = 2
    image = QImage(12 * scale, 8 * scale, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(COLORS["muted"]), 2 * scale)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.drawPolyline([QPointF(2 * scale, 2 * scale), QPointF(6 * scale, 6 * scale),
                          QPointF(10 * scale, 2 * scale)])
    painter.end()
    path = folder / "arrow-down.png"
    image.save(str(path))  # drawn twice as large: the style sheet scales it down sharply
    return path.as_posix()


def stylesheet(*, language: str = "en", larger_text: bool = False) -> str:
    """The style sheet from ``resources/style.qss`` with its ``@names`` filled in."""
    size = point_size(language=language, larger_text=larger_text)
    values = dict(COLORS)
    values.update({
        "font_small": f"{size - 1}pt",
        "font_base": f"{size}pt",
        "font_title": f"{size + 6}pt",
        "font_heading": f"{size + 2}pt",
        "font_huge": f"{size + 13}pt",
        "mono": f'"{mono_family()}"',
        "arrow_down": _arrow_image(),
        # Sides that mirror in right-to-left layouts (style sheets do not mirror them).
        # Nastaliq's final swashes reach past a word's advance width: buttons get more
        # room at the sides in Urdu, or the end of their last word is cut off.
        "button_pad": "7px 26px" if language == "ur" else "7px 14px",
        "button_pad_focus": "6px 25px" if language == "ur" else "6px 13px",
        # Nastaliq's lines are about twice as tall: a button squeezed to its minimum
        # (a crowded or scrolled page) would cut its text at the bottom.
        "button_min": f"{round(size * 3.2)}px" if language == "ur" else "22px",
        "start": "right" if language == "ur" else "left",
        "end": "left" if language == "ur" else "right",
    })
    for status, (bg, fg) in STATUS_COLORS.items():
        values[f"status_{status}_bg"] = bg
        values[f"status_{status}_fg"] = fg
    text = (paths.resources_dir() / "style.qss").read_text(encoding="utf-8")
    return re.sub(r"@(\w+)", lambda m: values.get(m.group(1), m.group(0)), text)


class _DialogsFitTheirText(QObject):
    """Grows a dialog, as it is shown and as its content grows, to the height its
    wrapped text needs at its width.

    Qt sizes a window from its size hint, which does not follow word wrap: a paragraph
    in Nastaliq wraps to more, taller lines, and the fields and buttons below were
    squeezed until their text was cut (the office admin's first dialog in Urdu)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Show, QEvent.Type.LayoutRequest) \
                and isinstance(watched, QDialog) and watched.isVisible() \
                and watched.isWindow() and watched.layout() is not None:
            fit_height(watched)  # also when an error message appears under a field
        return False


def fit_height(window) -> None:
    """Make *window* at least as tall as its layout needs at its present width (within
    the screen)."""
    layout = window.layout()
    layout.activate()
    width = window.width()
    needed = (layout.totalHeightForWidth(width) if layout.hasHeightForWidth()
              else layout.totalMinimumSize().height())
    screen = window.screen()
    if screen is not None:
        needed = min(needed, screen.availableGeometry().height() - 40)
    if needed > window.height():
        window.resize(width, needed)


_fitter: list[_DialogsFitTheirText] = []


def apply(app: QApplication, *, language: str = "en", larger_text: bool = False) -> None:
    """Give *app* Daftar's style, palette, font and reading direction."""
    if not _fitter:
        _fitter.append(_DialogsFitTheirText(app))
        app.installEventFilter(_fitter[0])
    app.setStyle("Fusion")
    app.setPalette(palette())
    load_fonts()
    # From the system's font each time: switching back from Urdu drops the Nastaliq face.
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    if language == "ur" and URDU_FAMILY in QFontDatabase.families():
        font.setFamily(URDU_FAMILY)
    font.setPointSize(point_size(language=language, larger_text=larger_text))
    app.setFont(font)
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if language == "ur"
                           else Qt.LayoutDirection.LeftToRight)
    app.setStyleSheet(stylesheet(language=language, larger_text=larger_text))
