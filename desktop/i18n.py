"""The interface language: Qt translators, locale, fonts and reading direction in one place.

``set_language(app, "ur")`` may be called at any time, also while windows are open:

1. the translators of the previous language are removed and those of the new one
   installed — ``resources/translations/daftar_ur.qm`` plus Qt's own ``qtbase_ur.qm``
   when the Qt build has one (PySide6 ships none for Urdu, so the standard buttons
   OK/Cancel/Save/… are translated in ``daftar_ur.ts`` under Qt's contexts
   ``QPlatformTheme``/``QDialogButtonBox``);
2. the default locale becomes Urdu or English (Pakistan): dates and numbers;
3. :func:`desktop.theme.apply` switches the font (Nastaliq for Urdu) and the style sheet;
4. the layout direction comes from the translation itself (its ``QT_LAYOUT_DIRECTION``
   message says ``RTL``), so a translation decides its own direction;
5. :data:`notifier`'s ``language_changed`` signal is emitted. Qt also sends every widget a
   ``LanguageChange`` event when a translator is installed; windows that build their texts
   once react to either (the main window rebuilds its pages, see
   :meth:`desktop.main_window.MainWindow.switch_language`).

English is the source language: it needs no translator.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QObject,
    Qt,
    QTranslator,
    Signal,
)
from PySide6.QtWidgets import QApplication

from desktop import theme
from store import paths

log = logging.getLogger(__name__)

#: The languages of the interface, each named in its own script (for a language switch).
LANGUAGES = {"en": "English", "ur": "اردو"}

#: Qt reads the direction of a translation from this message (see QGuiApplication).
_LAYOUT_CONTEXT = "QGuiApplication"
_LAYOUT_SOURCE = "QT_LAYOUT_DIRECTION"
_LAYOUT_COMMENT = ("Translate this string to the string 'LTR' in left-to-right languages or "
                   "to 'RTL' in right-to-left languages (such as Hebrew and Arabic) to get "
                   "proper widget layout.")


class _Notifier(QObject):
    """Emits ``language_changed(code)`` after :func:`set_language` has switched."""

    language_changed = Signal(str)


notifier = _Notifier()

_translators: list[QTranslator] = []
_state = {"language": "en", "larger_text": False}


def translations_dir() -> Path:
    return paths.resources_dir() / "translations"


def current_language() -> str:
    """The language :func:`set_language` last installed ("en" before any call)."""
    return _state["language"]


def layout_direction(translator: QTranslator | None) -> Qt.LayoutDirection:
    """The reading direction a translation asks for (left to right without one)."""
    if translator is not None and \
            translator.translate(_LAYOUT_CONTEXT, _LAYOUT_SOURCE, _LAYOUT_COMMENT) == "RTL":
        return Qt.LayoutDirection.RightToLeft
    return Qt.LayoutDirection.LeftToRight


def _load(language: str) -> list[QTranslator]:
    """Daftar's translation for *language* first (it decides the direction), then Qt's."""
    if language == "en":
        return []
    loaded: list[QTranslator] = []
    ours = QTranslator()
    if ours.load(f"daftar_{language}", str(translations_dir())):
        loaded.append(ours)
    else:
        log.warning("No translation for %s in %s; showing English", language,
                    translations_dir())
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator()
    if qt.load(f"qtbase_{language}", qt_folder):
        loaded.append(qt)
    return loaded


def install_translator(app: QCoreApplication, language: str) -> bool:
    """Replace the installed translators with those of *language* (no theme, no signal).

    Returns whether Daftar's translation loaded (always true for English)."""
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    loaded = _load(language)
    # Installed last = asked first: Qt's own file must not hide our button words.
    for translator in reversed(loaded):
        app.installTranslator(translator)
    _translators.extend(loaded)
    return language == "en" or bool(loaded)


def set_locale(language: str) -> None:
    """Dates and numbers as written in Pakistan, in the chosen language."""
    lang = QLocale.Language.Urdu if language == "ur" else QLocale.Language.English
    QLocale.setDefault(QLocale(lang, QLocale.Country.Pakistan))


def set_language(app: QApplication, language: str, *, larger_text: bool | None = None,
                 notify: bool = True) -> None:
    """Show the whole application in *language* ("en" or "ur") from now on, open windows
    included; see the module's docstring for the steps."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    if larger_text is not None:
        _state["larger_text"] = larger_text
    _state["language"] = language
    install_translator(app, language)
    set_locale(language)
    theme.apply(app, language=language, larger_text=bool(_state["larger_text"]))
    app.setLayoutDirection(layout_direction(_translators[0] if _translators else None))
    if notify:
        notifier.language_changed.emit(language)
