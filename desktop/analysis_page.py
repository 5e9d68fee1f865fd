"""The Analysis screen: the study's tables and charts from the finished interviews.

Filters (district, area, respondent type, form version, dates) and the data-quality
exclusions (straight-lining, speeding, incomplete — each with its count in the current
selection) choose the responses; "Run analysis" reads them and computes everything in the
background (:func:`load_analysis`: the store, :func:`analysis.analyze` and the three
matplotlib figures, built without pyplot). The GUI thread only fills tables and attaches
the figures to canvases. "Save report (PDF)…" and "Export data…" write files in the
background too.

Tables are journal-style (APA): a bold number, an italic title, rules above and below the
header and under the last row, no vertical lines, numbers right-aligned with two decimals,
no leading zero for values bounded by 1, p as "< .001".
"""

from __future__ import annotations

import html
import logging
import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import theme, ui
from desktop.tasks import run_task

log = logging.getLogger(__name__)

FORM_ID = "daftar_governance"
#: Fewer responses than this give no meaningful regression (five constructs).
MIN_RESPONSES = 10
FILTER_COLUMNS = ("district", "area", "respondent_type", "form_version")
FLAG_NAMES = ("straight_lining", "speeding", "incomplete")
#: Columns that group comparisons may use (``analysis.inference.GROUP_VARIABLES``).
GROUP_COLUMNS = ("respondent_type", "area", "gender", "district", "province")
EXPORT_FORMATS = (("csv", "CSV (.csv)"), ("xlsx", "Excel (.xlsx)"),
                  ("sav", "SPSS (.sav)"), ("dta", "Stata (.dta)"))
ROW_HEIGHT = 30

#: The journal look of a table. Kept beside the widget that needs it: it overrides the
#: list tables' boxed look of ``resources/style.qss`` for these tables only.
APA_STYLE = f"""
QTableWidget {{
    background: {theme.COLORS['card']};
    border: none;
    border-bottom: 2px solid {theme.COLORS['text']};
    border-radius: 0;
}}
QTableWidget::item {{ padding: 0 8px; }}
QHeaderView::section {{
    background: {theme.COLORS['card']};
    border: none;
    border-top: 2px solid {theme.COLORS['text']};
    border-bottom: 1px solid {theme.COLORS['text']};
    font-style: italic;
    font-weight: 400;
    padding: 4px 8px;
}}
"""


# -- reading and computing (background thread) --------------------------------------------
@dataclass
class AnalysisView:
    """What one run computed: the options the filters offer, and the analysis."""

    total: int  # finished interviews on this PC
    options: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # (value, label)
    labels: dict[tuple[str, str], str] = field(default_factory=dict)  # (question, value)
    first_day: date | None = None
    last_day: date | None = None
    selected: int = 0  # after the filters, before exclusions
    result: object | None = None  # analysis.SurveyAnalysis
    figures: tuple = ()
    frame: object | None = None  # the responses analysed (pandas), for "Export data"
    sealed: int = 0  # sealed finished interviews: only the analysts' key opens them


def _label(form, question: str, value: str, language: str) -> str:
    from desktop.surveys_page import choice_label

    return choice_label(form, question, value, language) or value


def load_analysis(store, flt, exclude: tuple[str, ...], language: str = "en") -> AnalysisView:
    """Read the finished interviews and compute the analysis (not on the GUI thread)."""
    from store.surveys import Surveys

    surveys = Surveys(store)
    rows = surveys.list_responses(status="final")
    sealed = sum(1 for r in rows if r.sealed is not None)
    rows = [r for r in rows if r.sealed is None]  # their answers are not on this PC
    if not rows:
        return AnalysisView(total=0, sealed=sealed)
    # The statistics stack takes seconds to import: only when there is something to analyse.
    from analysis import analyze, responses_frame
    from analysis.quality import quality_flags
    from analysis.report import figure_coefficients, figure_heatmap, figure_means
    try:
        form = surveys.form(FORM_ID)
    except Exception:  # labels fall back to the codes
        form = None
    df = responses_frame(rows)
    view = AnalysisView(total=len(df), sealed=sealed)
    for col in FILTER_COLUMNS:
        values = sorted(str(v) for v in df[col].dropna().unique()) if col in df else []
        pairs = [(v, v if col == "form_version" else _label(form, col, v, language))
                 for v in values]
        view.options[col] = sorted(pairs, key=lambda p: p[1].casefold())
    for col in GROUP_COLUMNS:
        if col in df:
            for v in df[col].dropna().astype(str).unique():
                view.labels[(col, v)] = _label(form, col, v, language)
    import pandas as pd

    days = pd.to_datetime(df["finished_at"], utc=True, errors="coerce").dt.date.dropna()
    if len(days):
        view.first_day, view.last_day = days.min(), days.max()
    selected = flt.apply(df)
    view.selected = len(selected)
    kept = selected
    if exclude and len(selected):
        flags = quality_flags(selected)
        kept = selected[~flags[list(exclude)].any(axis=1)]
    if len(kept) < MIN_RESPONSES:
        return view
    result = analyze(df, flt=flt, exclude=exclude)
    view.result = result
    view.frame = kept
    view.figures = tuple(_for_screen(make(result)) for make in (figure_means, figure_heatmap,
                                                                figure_coefficients))
    return view


def _for_screen(figure, size: float = 9.0):
    """The report's figures are sized for an A4 page; on the screen they share the width,
    so their words are set a little smaller (long construct names must not push a title
    or an axis label off the canvas)."""
    for ax in figure.axes:
        ax.tick_params(labelsize=size)
        ax.xaxis.label.set_fontsize(size)
        ax.yaxis.label.set_fontsize(size)
        ax.title.set_fontsize(size + 1.5)
        for text in ax.texts:
            text.set_fontsize(min(text.get_fontsize(), size - 0.5))
    return figure


def write_report(result, path: str | Path) -> Path:
    from analysis.report import write_pdf

    return write_pdf(result, path, title="Survey analysis — Daftar")


def export_data(store, frame, out_dir: str | Path, fmt: str, *,
                with_requests: bool = False) -> list[Path]:
    """Write the analysed responses (and, if asked, the requests without personal data)."""
    from analysis.export import export_requests, export_responses

    written = [export_responses(frame, out_dir, fmt)]
    if with_requests:
        written.append(export_requests(store, out_dir, fmt, include_pii=False))
    return written


# -- formatting ---------------------------------------------------------------------------
def _num(x: float | None, decimals: int = 2) -> str:
    from analysis.formatting import fmt

    return fmt(x, decimals)


def _bounded(x: float | None) -> str:
    from analysis.formatting import no_leading_zero

    return no_leading_zero(x)


def _p(p: float | None) -> str:
    from analysis.formatting import format_p

    return format_p(p).replace("= ", "")


def _is_number(text: str) -> bool:
    """Whether a cell holds a statistic (right-aligned), not words."""
    t = text.replace("−", "-").replace("*", "").strip()
    if t in ("", "—"):
        return True  # an empty cell or the diagonal does not decide the column
    return t[0].isdigit() or t[0] in ".-<[" or t[:2] in ("F ", "t ", "d ", "η²")


# -- widgets ------------------------------------------------------------------------------
class ApaTable(QFrame):
    """A table as a journal prints it: "Table 1", an italic title, the rules, a note."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.number_label = QLabel(self)
        bold = self.number_label.font()
        bold.setBold(True)
        self.number_label.setFont(bold)
        self.title_label = QLabel(self)
        italic = self.title_label.font()
        italic.setItalic(True)
        self.title_label.setFont(italic)
        self.title_label.setWordWrap(True)
        self.table = QTableWidget(0, 0, self)
        self.table.setObjectName(f"{object_name}_table")
        self.table.setStyleSheet(APA_STYLE)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.horizontalHeader().setHighlightSections(False)
        self.note_label = QLabel(self)
        self.note_label.setWordWrap(True)
        self.note_label.setProperty("muted", True)
        self.note_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.number_label)
        layout.addWidget(self.title_label)
        layout.addSpacing(4)
        layout.addWidget(self.table)
        layout.addWidget(self.note_label)
        layout.addStretch(1)

    def set_table(self, number: int | str, title: str, header: list[str],
                  rows: list[list[str]], note: str = "") -> None:
        self.number_label.setText(self.tr("Table {n}").format(n=number))
        self.title_label.setText(title)
        t = self.table
        t.clear()
        t.setColumnCount(len(header))
        t.setRowCount(len(rows))
        numeric = [c > 0 and all(_is_number(r[c]) for r in rows) for c in range(len(header))]
        for c, text in enumerate(header):
            item = QTableWidgetItem(ui.ltr(text) if numeric[c] else text)
            item.setTextAlignment((Qt.AlignmentFlag.AlignRight if numeric[c]
                                   else Qt.AlignmentFlag.AlignLeft) |
                                  Qt.AlignmentFlag.AlignVCenter)
            t.setHorizontalHeaderItem(c, item)
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                # Statistics read left to right on a right-to-left screen too (".84").
                item = QTableWidgetItem(ui.ltr(text) if numeric[c] and text else text)
                item.setData(Qt.ItemDataRole.UserRole, text)
                item.setTextAlignment((Qt.AlignmentFlag.AlignRight if numeric[c]
                                       else Qt.AlignmentFlag.AlignLeft) |
                                      Qt.AlignmentFlag.AlignVCenter)
                t.setItem(r, c, item)
        header_view = t.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        t.resizeColumnsToContents()
        # As wide as its columns, like a printed table: the rules end where the table does.
        width = sum(header_view.sectionSize(c) for c in range(len(header))) + 4
        t.setFixedWidth(width)
        height = header_view.sizeHint().height() + ROW_HEIGHT * len(rows) + 6
        t.setFixedHeight(height)
        # The number, title and note line up with the table and wrap at its width.
        self.setMaximumWidth(max(width, 360))
        self.note_label.setText(f"<i>{self.tr('Note.')}</i> {html.escape(note)}" if note
                                else "")
        self.note_label.setVisible(bool(note))

    def cell(self, row: int, column: int) -> str:
        """The text of a cell (without the marks that keep numbers left to right)."""
        item = self.table.item(row, column)
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else ""


class _SideBySide(QWidget):
    """Tables 1 and 2 side by side when they fit (1366 pixels, English), one under the
    other when they do not (larger text, Urdu) — never a sideways scroll."""

    GAP = 32

    def __init__(self) -> None:
        super().__init__()
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(8, 12, 8, 8)
        self.box.setSpacing(self.GAP)
        self.parts: list[QWidget] = []

    def add(self, *widgets: QWidget) -> None:
        for w in widgets:
            self.box.addWidget(w, 0, Qt.AlignmentFlag.AlignTop)
            self.parts.append(w)
        self.box.addStretch(1)

    def needed(self) -> int:
        return sum(w.table.width() for w in self.parts) + self.GAP * (len(self.parts) - 1) + 16

    def minimumSizeHint(self) -> QSize:
        # Narrower than both tables together: then they go one under the other.
        hint = super().minimumSizeHint()
        return QSize(max((w.table.width() for w in self.parts), default=0) + 16,
                     hint.height())

    def fit(self) -> None:
        wanted = QBoxLayout.Direction.LeftToRight if self.width() >= self.needed() \
            else QBoxLayout.Direction.TopToBottom
        if self.box.direction() != wanted:
            self.box.setDirection(wanted)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit()


class AnalysisPage(QWidget):
    """Filters, the run, Tables 1–4, the correlation matrix and the three charts."""

    computed = Signal()  # a run finished (tests, screenshots)
    saved = Signal(str)  # a report or export was written

    def __init__(self, store, *, language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("analysis_page")
        self.store = store
        self.language = language
        self.view: AnalysisView | None = None
        self.result = None
        self.busy = False
        self.loaded_once = False
        self._again = False
        self._canvases: list[QWidget] = []
        self.export_dialog: ExportDialog | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 12)
        layout.setSpacing(10)

        head = QHBoxLayout()
        title = QLabel(self.tr("Analysis"), self)
        title.setObjectName("page_title")
        head.addWidget(title)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("summary_label")
        self.summary_label.setProperty("muted", True)
        head.addWidget(self.summary_label, 1)
        self.report_button = QPushButton(ui.icon("fa5s.file-pdf"),
                                         self.tr("Save report (PDF)…"), self)
        self.report_button.setObjectName("report_button")
        self.report_button.setToolTip(self.tr("Save the tables and charts as a PDF file"))
        self.report_button.clicked.connect(self.choose_report_file)
        head.addWidget(self.report_button)
        self.export_button = QPushButton(ui.icon("fa5s.file-export"), self.tr("Export data…"),
                                         self)
        self.export_button.setObjectName("export_button")
        self.export_button.setToolTip(self.tr(
            "Save the analysed interviews for SPSS, Stata, Excel or as CSV"))
        self.export_button.clicked.connect(self.open_export_dialog)
        head.addWidget(self.export_button)
        layout.addLayout(head)

        layout.addWidget(self._build_filters())

        self.message = QLabel(self)
        self.message.setObjectName("banner")
        self.message.setProperty("level", "info")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)

        self.results = QTabWidget(self)
        self.results.setObjectName("analysis_tabs")
        self.results.setDocumentMode(True)
        self._build_results()
        layout.addWidget(self.results, 1)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("empty_label")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()
        layout.addWidget(self.empty_label, 1)
        self._set_actions()

    # -- building ---------------------------------------------------------------------
    def _build_filters(self) -> QWidget:
        box = ui.card(self)
        box.setObjectName("filters_card")
        grid = QGridLayout(box)
        grid.setContentsMargins(16, 10, 16, 10)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(8)
        self.combos: dict[str, QComboBox] = {}
        self.captions: dict[str, QLabel] = {}
        names = {"district": (self.tr("District"), self.tr("All districts")),
                 "area": (self.tr("Area"), self.tr("Urban and rural")),
                 "respondent_type": (self.tr("Respondent"), self.tr("All respondents")),
                 "form_version": (self.tr("Form version"), self.tr("All versions"))}
        row = QHBoxLayout()
        for col in FILTER_COLUMNS:
            label, everything = names[col]
            combo = QComboBox(box)
            combo.setObjectName(f"{col}_combo")
            combo.addItem(everything, None)
            # Long district names must not widen the screen past 1366 pixels.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
            combo.setProperty("everything", everything)
            caption = QLabel(label, box)
            caption.setBuddy(combo)
            self.combos[col] = combo
            self.captions[col] = caption
            if col != "form_version":  # that one goes on the second line, with the dates
                row.addWidget(caption)
                row.addWidget(combo, 1)
        grid.addLayout(row, 0, 0, 1, 2)

        second = QHBoxLayout()
        second.addWidget(self.captions["form_version"])
        second.addWidget(self.combos["form_version"])
        second.addSpacing(16)
        self.dates_check = QCheckBox(self.tr("Finished between"), box)
        self.dates_check.setObjectName("dates_check")
        self.start_edit = QDateEdit(box)
        self.end_edit = QDateEdit(box)
        for edit, name in ((self.start_edit, "start_edit"), (self.end_edit, "end_edit")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(ui.DATE_FORMAT)
            edit.setEnabled(False)
            edit.setDate(QDate.currentDate())
        self.dates_check.toggled.connect(self.start_edit.setEnabled)
        self.dates_check.toggled.connect(self.end_edit.setEnabled)
        second.addWidget(self.dates_check)
        second.addWidget(self.start_edit)
        second.addWidget(QLabel(self.tr("and"), box))
        second.addWidget(self.end_edit)
        second.addStretch(1)
        grid.addLayout(second, 1, 0, 1, 2)

        third = QHBoxLayout()
        third.addWidget(QLabel(self.tr("Leave out:"), box))
        self.flag_checks: dict[str, QCheckBox] = {}
        for flag in FLAG_NAMES:
            check = QCheckBox(self._flag_words(flag, None), box)
            check.setObjectName(f"exclude_{flag}")
            check.setToolTip(self._flag_tip(flag))
            self.flag_checks[flag] = check
            third.addWidget(check)
        third.addStretch(1)
        self.busy_bar = QProgressBar(box)
        self.busy_bar.setObjectName("busy_bar")
        self.busy_bar.setRange(0, 0)  # "working", no percentage
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setFixedWidth(90)
        self.busy_bar.hide()
        third.addWidget(self.busy_bar)
        self.run_button = QPushButton(ui.icon("fa5s.play", "#ffffff"),
                                      self.tr("Run analysis"), box)
        self.run_button.setObjectName("run_button")
        self.run_button.setToolTip(self.tr("Compute the tables and charts for the chosen "
                                           "interviews (F5)"))
        self.run_button.setShortcut("F5")
        ui.make_primary(self.run_button)
        self.run_button.clicked.connect(self.run)
        third.addWidget(self.run_button)
        grid.addLayout(third, 2, 0, 1, 2)
        return box

    def _flag_words(self, flag: str, count: int | None) -> str:
        words = {"straight_lining": self.tr("Same answer throughout"),
                 "speeding": self.tr("Too fast"),
                 "incomplete": self.tr("Incomplete")}[flag]
        return words if count is None else f"{words} ({ui.format_number(count)})"

    def _flag_tip(self, flag: str) -> str:
        return {"straight_lining": self.tr("Straight-lining: the same answer to every "
                                           "agree/disagree statement"),
                "speeding": self.tr("Speeding: less than 2 seconds per statement"),
                "incomplete": self.tr("At least one statement not answered")}[flag]

    def _build_results(self) -> None:
        tables = _SideBySide()
        self.table1 = ApaTable("table1", tables)
        self.table2 = ApaTable("table2", tables)
        tables.add(self.table1, self.table2)
        self.results.addTab(self._scrolled(tables), self.tr("Tables 1 and 2"))

        self.correlation_table = ApaTable("correlations")
        self.results.addTab(self._scrolled(self.correlation_table, margins=True),
                            self.tr("Correlations"))
        self.items_table = ApaTable("items")
        self.results.addTab(self._scrolled(self.items_table, margins=True),
                            self.tr("Items and reliability"))
        self.groups_table = ApaTable("groups")
        self._groups_tab = self.results.addTab(
            self._scrolled(self.groups_table, margins=True), self.tr("Group comparisons"))

        charts = QWidget()
        self.charts_grid = QGridLayout(charts)
        self.charts_grid.setContentsMargins(4, 8, 4, 4)
        self.charts_grid.setSpacing(12)
        self.charts_grid.setColumnStretch(0, 11)
        self.charts_grid.setColumnStretch(1, 9)
        self.results.addTab(self._scrolled(charts), self.tr("Charts"))

    def _scrolled(self, inner: QWidget, *, margins: bool = False) -> QScrollArea:
        if margins:
            holder = QWidget()
            lay = QVBoxLayout(holder)
            lay.setContentsMargins(8, 12, 8, 8)
            lay.addWidget(inner)
            inner = holder
        area = QScrollArea(self.results)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(inner)
        return area

    # -- running ----------------------------------------------------------------------
    def current_filter(self):
        from analysis.quality import ResponseFilter

        chosen = {col: combo.currentData() for col, combo in self.combos.items()}
        start = end = None
        if self.dates_check.isChecked():
            start = self.start_edit.date().toPython()
            end = self.end_edit.date().toPython()
        return ResponseFilter(
            districts=(chosen["district"],) if chosen["district"] else (),
            areas=(chosen["area"],) if chosen["area"] else (),
            respondent_types=(chosen["respondent_type"],) if chosen["respondent_type"] else (),
            form_versions=(chosen["form_version"],) if chosen["form_version"] else (),
            start=start, end=end)

    def excluded_flags(self) -> tuple[str, ...]:
        return tuple(f for f in FLAG_NAMES if self.flag_checks[f].isChecked())

    def refresh(self) -> None:
        """When the screen is shown: compute the first time, and again when interviews
        were finished (or arrived by sync) since the last run; otherwise runs are the
        user's ("Run analysis"), so a chosen tab and scroll position stay."""
        if not self.loaded_once:
            self.run()
            return
        if self.busy or self.view is None:
            return
        from store.surveys import Surveys

        store, known = self.store, self.view.total

        def counted(n: int) -> None:
            if n != known and not self.busy:
                self.run()

        run_task(lambda: Surveys(store).count_responses(status="final"), counted,
                 lambda exc: log.warning("Counting the interviews failed: %s", exc),
                 owner=self)

    def run(self) -> None:
        """Read the interviews and compute the analysis in the background."""
        if self.busy:
            self._again = True
            return
        self.loaded_once = True
        self.busy = True
        self._set_actions()
        store, flt, exclude, language = (self.store, self.current_filter(),
                                         self.excluded_flags(), self.language)
        run_task(lambda: load_analysis(store, flt, exclude, language), self._show,
                 self._failed, owner=self)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self._set_actions()
        log.error("The analysis failed", exc_info=exc)
        self._say(self.tr("The analysis could not be computed. The interviews are safe; "
                          "try other filters, or tell the district IT officer."), "error")
        self.computed.emit()

    def _show(self, view: AnalysisView) -> None:
        self.busy = False
        self.view = view
        self.result = view.result
        self._fill_options(view)
        if view.total == 0 and view.sealed:
            self._show_empty(self.tr(
                "The {n} finished interviews on this PC are sealed: only the central "
                "analysts can read their answers, so there is nothing to analyse here."
            ).format(n=ui.format_number(view.sealed)))
        elif view.total == 0:
            self._show_empty(self.tr(
                "No finished interviews yet — the tables and charts appear here once "
                "interviews have been finished on the Surveys screen (or received by sync)."))
        elif view.result is None:
            self._show_empty(self.tr(
                "Too few interviews for an analysis with these choices: {n} (at least {min} "
                "are needed). Choose wider filters or leave out fewer.").format(
                n=ui.format_number(view.selected), min=MIN_RESPONSES))
        else:
            self._show_result(view)
        self._set_actions()
        self.computed.emit()
        if self._again:
            self._again = False
            self.run()

    def _show_empty(self, words: str) -> None:
        self.results.hide()
        self.message.hide()
        self.empty_label.setText(words)
        self.empty_label.show()
        self.summary_label.setText(
            self.tr("{n} finished interviews on this PC").format(
                n=ui.format_number(self.view.total)) if self.view else "")
        self._clear_charts()

    def _say(self, words: str, level: str = "info") -> None:
        self.message.setText(words)
        self.message.setProperty("level", level)
        ui.repolish(self.message)
        self.message.setVisible(bool(words))

    def _fill_options(self, view: AnalysisView) -> None:
        for col, combo in self.combos.items():
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(combo.property("everything"), None)
            for value, label in view.options.get(col, []):
                combo.addItem(label, value)
            index = combo.findData(chosen) if chosen is not None else 0
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        if view.first_day and not self.dates_check.isChecked():
            self.start_edit.setDate(QDate(view.first_day))
            self.end_edit.setDate(QDate(view.last_day))
        result = view.result
        for flag, check in self.flag_checks.items():
            count = getattr(result.quality, flag) if result is not None else None
            check.setText(self._flag_words(flag, count))

    def _set_actions(self) -> None:
        self.busy_bar.setVisible(self.busy)
        self.run_button.setEnabled(not self.busy)
        self.run_button.setText(self.tr("Computing…") if self.busy else self.tr("Run analysis"))
        has = self.result is not None and not self.busy
        self.report_button.setEnabled(has)
        self.export_button.setEnabled(has)

    # -- showing ------------------------------------------------------------------------
    def _show_result(self, view: AnalysisView) -> None:
        from analysis.report import table3, table4

        result = view.result
        self.empty_label.hide()
        self.results.show()
        self.message.hide()
        q = result.quality
        words = self.tr("{n} interviews analysed of {total} finished").format(
            n=ui.format_number(result.n_responses), total=ui.format_number(view.total))
        if q.excluded:
            words += self.tr(" ({n} left out by the checks)").format(
                n=ui.format_number(q.excluded))
        self.summary_label.setText(words)
        self._fill_table1(result)
        self._fill_table2(result)
        self.table1.parentWidget().fit()
        self._fill_correlations(result)
        t3 = table3(result)
        rows, last = [], None
        for row in t3.rows:  # the construct once, at its first item
            rows.append(["" if row[0] == last else row[0], *row[1:]])
            last = row[0]
        self.items_table.set_table(3, t3.title, t3.header, rows, t3.note)
        t4 = table4(result) if result.groups else None
        self.results.setTabVisible(self._groups_tab, t4 is not None)
        if t4 is not None:
            self.groups_table.set_table(4, t4.title, t4.header,
                                        self._group_rows(t4.rows, view.labels), t4.note)
        self._show_charts(view.figures)

    def _group_rows(self, rows: list[list[str]], labels: dict) -> list[list[str]]:
        """Table 4 in words: variable and group names instead of codes."""
        names = {"respondent_type": self.tr("Respondent type"), "area": self.tr("Area"),
                 "gender": self.tr("Gender"), "district": self.tr("District"),
                 "province": self.tr("Province"), "test": self.tr("Test"),
                 "effect": self.tr("Effect size")}
        out, variable = [], ""
        for row in rows:
            var, group, *rest = row
            variable = var or variable
            group = names[group] if not row[2] and group in ("test", "effect") else \
                labels.get((variable, group), group)
            out.append([names.get(var, var), group, *(c.replace(" ()", "") for c in rest)])
        return out

    def _fill_table1(self, result) -> None:
        alpha = {r.construct: r.alpha for r in result.reliability}
        rows = []
        for d in result.descriptives.rows:
            ci = (f"[{_num(d.ci_low)}, {_num(d.ci_high)}]"
                  if not (math.isnan(d.ci_low) or math.isnan(d.ci_high)) else "")
            rows.append([d.label, ui.format_number(d.n), _num(d.mean), _num(d.sd), ci,
                         _bounded(alpha.get(d.construct))])
        self.table1.set_table(
            1, self.tr("Descriptive Statistics and Reliability of the Study Constructs"),
            [self.tr("Construct"), "n", "M", "SD", self.tr("95 % CI"), "α"], rows,
            self.tr("N = {n}. Construct scores are item means on a 1–5 scale "
                    "(reverse-worded items recoded). α = Cronbach's alpha. CI = confidence "
                    "interval of the mean.").format(n=ui.format_number(result.n_responses)))

    def _fill_table2(self, result) -> None:
        reg = result.regression
        labels = {c.name: c.label for c in result.constructs}
        rows = [[labels.get(c.predictor, c.predictor), _bounded(c.beta), _num(c.se),
                 _num(c.t), _p(c.p)] for c in reg.coefficients]
        outcome = labels.get(reg.outcome, reg.outcome)
        rows += [[self.tr("R²"), _bounded(reg.r2), "", "", ""],
                 [self.tr("Adjusted R²"), _bounded(reg.adj_r2), "", "", ""],
                 [f"F({reg.df_model}, {reg.df_resid})", _num(reg.f), "", "", _p(reg.f_p)],
                 ["n", ui.format_number(reg.n), "", "", ""]]
        self.table2.set_table(
            2, self.tr("Regression Predicting {outcome}").format(outcome=outcome),
            [self.tr("Predictor"), "β", "SE", "t", "p"], rows,
            self.tr("β = standardized coefficient; SE = its standard error. Ordinary "
                    "least squares."))
        # The model's fit rows sit under a rule of their own, as journals print them.
        top = len(reg.coefficients)
        for r in range(top, top + 4):
            for c in range(5):
                item = self.table2.table.item(r, c)
                if item is not None:
                    item.setForeground(theme.color("muted"))

    def _fill_correlations(self, result) -> None:
        from analysis.formatting import stars

        labels = {c.name: c.label for c in result.constructs}
        names = result.correlations.names
        header = [self.tr("Construct")] + [str(i + 1) for i in range(len(names))]
        rows = []
        for i, name in enumerate(names):
            cells = [f"{i + 1}. {labels.get(name, name)}"]
            for j in range(len(names)):
                if j < i:
                    cells.append(_bounded(result.correlations.r[i][j])
                                 + stars(result.correlations.p[i][j]))
                else:
                    cells.append("—" if j == i else "")
            rows.append(cells)
        self.correlation_table.set_table(
            self.tr("1 (continued)"), self.tr("Correlations between the Constructs"), header, rows,
            self.tr("Pearson r, pairwise complete. *p < .05. **p < .01. ***p < .001."))

    def _clear_charts(self) -> None:
        for canvas in self._canvases:
            self.charts_grid.removeWidget(canvas)
            canvas.deleteLater()
        self._canvases = []

    def _show_charts(self, figures: tuple) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        self._clear_charts()
        # Means above coefficients on the left, the heatmap (square) beside them.
        places = ((0, 0, 1, 1), (0, 1, 2, 1), (1, 0, 1, 1))  # means, heatmap, coefficients
        names = ("means_chart", "heatmap_chart", "coefficients_chart")
        for figure, place, name in zip(figures, places, names, strict=False):
            canvas = FigureCanvasQTAgg(figure)
            canvas.setObjectName(name)
            # Never narrower than a readable chart, even in a hidden tab (a figure of size
            # zero makes matplotlib's constrained layout give up with a warning).
            canvas.setMinimumSize(420 if name == "heatmap_chart" else 480,
                                  460 if name == "heatmap_chart" else 225)
            canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            self.charts_grid.addWidget(canvas, *place)
            self._canvases.append(canvas)

    def charts(self) -> list[QWidget]:
        return list(self._canvases)

    # -- files --------------------------------------------------------------------------
    def choose_report_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save report"), str(Path.home() / "daftar-analysis.pdf"),
            self.tr("PDF files (*.pdf)"))
        if path:
            self.save_report(path)

    def save_report(self, path: str | Path) -> None:
        """Write the PDF report of the current analysis (in the background)."""
        if self.result is None:
            return
        result = self.result
        self.report_button.setEnabled(False)
        self._say(self.tr("Saving the report…"))
        run_task(lambda: write_report(result, path), self._saved, self._file_failed,
                 owner=self)

    def open_export_dialog(self) -> ExportDialog | None:
        if self.view is None or self.view.frame is None:
            return None
        dialog = ExportDialog(len(self.view.frame), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(self.export)
        self.export_dialog = dialog
        dialog.open()
        return dialog

    def export(self, out_dir: str | Path, fmt: str, with_requests: bool = False) -> None:
        """Write the analysed interviews as *fmt* into *out_dir* (in the background)."""
        if self.view is None or self.view.frame is None:
            return
        store, frame = self.store, self.view.frame
        self.export_button.setEnabled(False)
        self._say(self.tr("Exporting…"))
        run_task(lambda: export_data(store, frame, out_dir, fmt, with_requests=with_requests),
                 self._saved, self._file_failed, owner=self)

    def _saved(self, written) -> None:
        paths = written if isinstance(written, list) else [written]
        self._set_actions()
        self._say(self.tr("Saved: {files}").format(files=", ".join(str(p) for p in paths)))
        self.saved.emit(str(paths[0]))

    def _file_failed(self, exc: BaseException) -> None:
        self._set_actions()
        log.warning("Writing a file failed: %s", exc)
        if isinstance(exc, OSError):
            words = self.tr("The file could not be written ({reason}). Choose another "
                            "folder, e.g. Documents, and try again.").format(
                reason=exc.strerror or exc)
        else:
            words = self.tr("The file could not be written. The interviews are safe; try "
                            "again or tell the district IT officer.")
        self._say(words, "error")


class ExportDialog(QDialog):
    """Choose a format and a folder for "Export data"."""

    chosen = Signal(str, str, bool)  # folder, format, with requests

    def __init__(self, n: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.setWindowTitle(self.tr("Export data"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Saves the {n} interviews of this analysis, with their "
                               "construct scores and quality flags.").format(
            n=ui.format_number(n)), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.format_combo = QComboBox(self)
        self.format_combo.setObjectName("format_combo")
        for code, label in EXPORT_FORMATS:
            self.format_combo.addItem(label, code)
        form.addRow(self.tr("Format"), self.format_combo)
        folder_row = QHBoxLayout()
        self.folder_edit = QLineEdit(str(Path.home()), self)
        self.folder_edit.setObjectName("folder_edit")
        browse = QPushButton(self.tr("Choose…"), self)
        browse.clicked.connect(self._browse)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        form.addRow(self.tr("Folder"), folder_row)
        layout.addLayout(form)
        self.requests_check = QCheckBox(self.tr("Also export the service requests (without "
                                                "names, CNICs or phone numbers)"), self)
        self.requests_check.setObjectName("requests_check")
        layout.addWidget(self.requests_check)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        ok = buttons.addButton(self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        ui.make_primary(ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export to folder"),
                                                  self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def accept(self) -> None:
        folder = self.folder_edit.text().strip()
        if not folder:
            self.folder_edit.setFocus()
            return
        self.chosen.emit(folder, self.format_combo.currentData(),
                         self.requests_check.isChecked())
        super().accept()


__all__ = ["AnalysisPage", "AnalysisView", "ApaTable", "ExportDialog", "load_analysis"]
