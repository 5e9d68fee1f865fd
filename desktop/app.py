"""Starting the desktop application.

``run()`` is what ``daftar`` (without a subcommand) calls: it opens the store, shows the
main window and returns the exit code. Problems opening the store are shown as a plain
message, never a traceback; any later unexpected error is logged and the person is told
that something went wrong and that their data is safe.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import i18n, messages, tasks, theme
from desktop.main_window import MainWindow
from store import backup, paths
from store.backup import DamagedDatabase
from store.diagnostics import LogScrubFilter
from store.errors import StoreError
from store.settings import Settings
from store.store import Store

log = logging.getLogger(__name__)

#: Comfortable on a 1366×768 screen with a taskbar; maximised on anything smaller.
WINDOW_SIZE = (1280, 720)


def _application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv)
    app.setApplicationName("Daftar")
    app.setOrganizationName("Daftar")
    return app  # type: ignore[return-value]


def _setup_logging(folder: Path) -> Path:
    logs = folder / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    path = logs / "daftar.log"
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(LogScrubFilter())  # no CNIC or phone number ever reaches the file
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def install_excepthook() -> None:
    """Log unexpected errors and tell the user, instead of printing a traceback."""

    def hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        messages.show_bug((exc_type, exc, tb))

    sys.excepthook = hook


def _set_locale(language: str) -> None:
    """Dates and numbers as written in Pakistan, in the chosen language."""
    lang = QLocale.Language.Urdu if language == "ur" else QLocale.Language.English
    QLocale.setDefault(QLocale(lang, QLocale.Country.Pakistan))


def _install_translator(app: QApplication, language: str) -> None:
    """Daftar's and Qt's translations for *language* (see :mod:`desktop.i18n`)."""
    i18n.install_translator(app, language)


def style_application(settings: Settings) -> QApplication:
    app = _application()
    language = settings.get("language")
    _set_locale(language)
    theme.apply(app, language=language, larger_text=settings.get("larger_text"))
    # Translator, fonts and reading direction of the language (switchable at runtime).
    i18n.set_language(app, language, larger_text=settings.get("larger_text"), notify=False)
    return app


def build_main_window(store: Store, settings: Settings, actor, *,
                      accounts=None) -> MainWindow:
    """The main window over *store* for the signed-in *actor*, styled for *settings*
    (not shown yet)."""
    style_application(settings)
    return MainWindow(store, settings, actor, accounts=accounts)


def sign_in(store: Store, settings: Settings):
    """Ask who is at the PC: the office admin's new account on a PC with none, else a
    sign-in. The signed-in actor, or ``None`` if the window was closed."""
    from desktop.sign_in import FirstAdminDialog, SignInDialog
    from store.accounts import Accounts

    style_application(settings)
    accounts = Accounts(store)
    dialog = SignInDialog(accounts) if accounts.has_users() else FirstAdminDialog(accounts)
    dialog.exec()
    return dialog.actor


def _fit_to_screen(window: MainWindow) -> None:
    screen = QGuiApplication.primaryScreen()
    width, height = WINDOW_SIZE
    if screen is not None:
        free = screen.availableGeometry()
        if free.width() < width + 40 or free.height() < height + 40:
            window.showMaximized()
            return
    window.resize(width, height)
    window.show()


def _exit_after_shown_if_asked(app: QApplication) -> None:
    """``DAFTAR_EXIT_AFTER_SHOWN=1``: print a line and quit once the main window is shown
    (``bench/bench_startup.py`` times a cold start to it)."""
    import os

    from PySide6.QtCore import QTimer

    if os.environ.get("DAFTAR_EXIT_AFTER_SHOWN") == "1":
        QTimer.singleShot(0, lambda: (print("daftar: main window shown", flush=True),
                                      app.quit()))


def offer_restore(folder: Path, settings: Settings, exc: DamagedDatabase) -> Store | None:
    """The database is damaged: offer its newest good backup; the reopened store, or None."""
    tr = QCoreApplication.translate
    log.error("damaged database; newest good backup: %s", exc.backup and exc.backup.name)
    if exc.backup is None:
        QMessageBox.critical(None, tr("app", "Daftar"), exc.text(tr))
        return None
    answer = QMessageBox.question(None, tr("app", "Daftar"), exc.text(tr) + "\n\n" + tr(
        "app", "Restore this backup now? Work saved after it was made will have to be "
        "entered again."))
    if answer != QMessageBox.StandardButton.Yes:
        return None
    try:
        backup.restore(folder, exc.backup, office_code=settings.get("office_code"))
        return Store.open(folder, office_code=settings.get("office_code"))
    except StoreError as err:
        QMessageBox.critical(None, tr("app", "Daftar"), err.text(tr))
        return None


def open_store(folder: Path, settings: Settings) -> Store:
    """Open the store; when its data is locked, an office admin's password unlocks it
    first (raises :class:`~store.keys.KeyLocked` again if nobody does)."""
    from store import keys

    try:
        return Store.open(folder, office_code=settings.get("office_code"))
    except keys.KeyLocked:
        if not keys.envelope_labels(folder):
            raise  # no admin password protects it: the message says to call IT
        from desktop.unlock_dialog import UnlockDialog

        if UnlockDialog(folder).exec() != UnlockDialog.DialogCode.Accepted:
            raise
    return Store.open(folder, office_code=settings.get("office_code"))


def run(data_dir: str | None = None) -> int:
    """Open the store in *data_dir* (or the default folder) and run the desktop app."""
    app = _application()
    try:
        folder = paths.data_dir(data_dir)
        messages.log_path = str(_setup_logging(folder))
    except OSError as exc:
        QMessageBox.critical(None, "Daftar", QCoreApplication.translate(
            "app", "Daftar cannot use its data folder ({error}). Nothing was changed; "
            "ask IT to check the folder.").format(error=exc.strerror or exc))
        return 1
    settings = Settings(folder)
    _install_translator(app, settings.get("language"))
    try:
        store = open_store(folder, settings)
    except DamagedDatabase as exc:
        store = offer_restore(folder, settings, exc)
        if store is None:
            return 1
    except StoreError as exc:
        log.warning("Could not open the store: %s", exc)
        QMessageBox.critical(None, QCoreApplication.translate("app", "Daftar"),
                             exc.text(QCoreApplication.translate))
        return 1
    except Exception:
        log.exception("Could not open the store in %s", folder)
        QMessageBox.critical(None, QCoreApplication.translate("app", "Daftar"),
                             QCoreApplication.translate(
                                 "app", "Daftar could not open its database in {folder}. "
                                 "Nothing was changed. Call IT; the details are in {log}.")
                             .format(folder=folder, log=messages.log_path))
        return 1
    install_excepthook()
    try:
        actor = sign_in(store, settings)
        if actor is None:
            return 0
        window = build_main_window(store, settings, actor)
        _fit_to_screen(window)
        window.maybe_first_run()  # once per PC: language, office, server
        window.check_audit()  # every event chain, in the background
        _exit_after_shown_if_asked(app)
        tasks.run_task(lambda: backup.daily_backup_if_due(folder), owner=window,
                       on_error=lambda e: log.warning("daily backup failed: %s", e))
        code = app.exec()
    finally:
        tasks.wait_for_idle()
        store.close()
    return code


if __name__ == "__main__":
    sys.exit(run(sys.argv[1] if len(sys.argv) > 1 else None))
