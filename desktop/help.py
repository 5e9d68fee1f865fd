"""In-app help (F1) and the About dialog.

Help pages are Markdown files in ``resources/help/<language>/<topic>.md`` (English and
Urdu), shown in a :class:`QTextBrowser`; F1 opens the page of the screen in front. The
About dialog shows the version and the attributions of the data and fonts Daftar ships.
"""

from __future__ import annotations

from importlib import metadata

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop import theme
from store import paths

#: Help topics in the order listed, with their titles per language.
TOPICS = (
    ("requests", {"en": "Requests", "ur": "درخواستیں"}),
    ("surveys", {"en": "Surveys", "ur": "سروے"}),
    ("sync", {"en": "Sync", "ur": "سرور سے رابطہ"}),
    ("analysis", {"en": "Analysis and Dashboard", "ur": "تجزیہ اور ڈیش بورڈ"}),
)


def help_text(topic: str, language: str) -> str:
    """The Markdown of *topic* in *language* (English when there is no translation)."""
    folder = paths.resources_dir() / "help"
    for lang in (language, "en"):
        path = folder / lang / f"{topic}.md"
        if path.exists():
            return path.read_text(encoding="utf-8")
    raise KeyError(topic)


def version() -> str:
    try:
        return metadata.version("daftar")
    except metadata.PackageNotFoundError:
        return "development"


class HelpDialog(QDialog):
    """The help pages; opens on *topic*. Not modal: it can stay open beside the work."""

    def __init__(self, topic: str = "requests", *, language: str = "en",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("help_dialog")
        self.setWindowTitle(self.tr("Help"))
        self.resize(860, 560)
        self.language = language
        if language == "ur":
            self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.topics = QListWidget(self)
        self.topics.setObjectName("help_topics")
        self.topics.setMaximumWidth(230)
        for key, titles in TOPICS:
            item = QListWidgetItem(titles.get(language) or titles["en"])
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.topics.addItem(item)
        self.page = QTextBrowser(self)
        self.page.setObjectName("help_page")
        self.page.setOpenExternalLinks(False)
        if language == "ur":
            self.page.setFont(theme.urdu_font(self.page.font(), scale=1.1))
        row.addWidget(self.topics)
        row.addWidget(self.page, 1)
        layout.addLayout(row, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.about_button = buttons.addButton(self.tr("About Daftar"),
                                              QDialogButtonBox.ButtonRole.ActionRole)
        self.about_button.setObjectName("about_button")
        self.about_button.clicked.connect(self.open_about)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.topics.currentItemChanged.connect(self._show_item)
        self.show_topic(topic)

    def show_topic(self, topic: str) -> None:
        for i in range(self.topics.count()):
            if self.topics.item(i).data(Qt.ItemDataRole.UserRole) == topic:
                self.topics.setCurrentRow(i)
                return
        self.topics.setCurrentRow(0)

    def current_topic(self) -> str:
        item = self.topics.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else ""

    def _show_item(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is not None:
            self.page.setMarkdown(help_text(item.data(Qt.ItemDataRole.UserRole),
                                            self.language))

    def open_about(self) -> AboutDialog:
        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog


class AboutDialog(QDialog):
    """Version, what Daftar is, and the attributions of its data and fonts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle(self.tr("About Daftar"))
        self.resize(640, 520)
        layout = QVBoxLayout(self)
        title = QLabel(f"Daftar — دفتر  {version()}", self)
        title.setObjectName("page_title")
        title.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        intro = QLabel(self.tr("Service requests with an audit trail, surveys and sync for "
                               "district offices. Everything is saved on this PC first."),
                       self)
        intro.setWordWrap(True)
        self.attributions = QTextBrowser(self)
        self.attributions.setObjectName("attributions")
        text = (paths.resources_dir() / "ATTRIBUTION.md").read_text(encoding="utf-8")
        self.attributions.setMarkdown(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.attributions, 1)
        layout.addWidget(buttons)
