"""The receipt a citizen takes home: painted once, onto a PDF file or a printer.

``write_receipt_pdf`` needs no printer: it paints the page into a PDF document in memory
(``render_receipt_pdf``) and writes the file whole (``save_pdf``, the part that may run in
the background). ``print_receipt`` asks for a printer with the standard print dialog and
paints the same page onto it. Painting stays on the GUI thread (about 50 ms, like any
other widget work); only the file write is disk work for the background.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import segno
from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from desktop import theme, ui
from models.i18n import N_
from models.validation import mask_cnic
from store.errors import KnownError
from store.store import RequestDetail, Store

CTX = "receipt"
RESOLUTION = 300  # dots per inch of the PDF page
MARGIN_MM = 12
MAX_WIDTH_MM = 150  # on A4 paper the receipt keeps its A5 shape


def tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


class ReceiptError(KnownError):
    """The receipt file could not be written (folder missing, read-only, disk full)."""

    def text(self, translate=None) -> str:
        msg = translate(CTX, self.message) if translate else self.message
        return msg.format(**self.args_)


def render_receipt_pdf(detail: RequestDetail, office: dict, language: str = "en") -> bytes:
    """The receipt of *detail* as a one-page A5 PDF document (GUI thread: Qt painting)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A5),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                                     QPageLayout.Unit.Millimeter))
    writer.setTitle(tr("Receipt {number}").format(number=detail.tracking_number))
    writer.setCreator("Daftar")
    painter = QPainter(writer)
    try:
        page = writer.pageLayout().paintRectPixels(RESOLUTION)
        paint_receipt(painter, QRectF(0, 0, page.width(), page.height()), detail, office,
                      language)
    finally:
        painter.end()
    buffer.close()
    return bytes(buffer.data().data())


def save_pdf(data: bytes, path: str | os.PathLike) -> Path:
    """Write *data* to *path*, whole or not at all (any thread: no Qt here)."""
    target = Path(path)
    partial = target.with_name(target.name + ".part")
    try:
        with partial.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ReceiptError(N_(CTX, "The receipt could not be saved in {folder}. Choose "
                                   "another folder."), folder=str(target.parent)) from exc
    return target


def write_receipt_pdf(detail: RequestDetail, office: dict, path: str | os.PathLike,
                      language: str = "en") -> Path:
    """Write the receipt of *detail* as a one-page A5 PDF at *path* (replaced whole).

    Paints on the calling thread, which must be the GUI thread; the detail view paints
    first and writes the file in the background (:func:`save_pdf`).
    """
    return save_pdf(render_receipt_pdf(detail, office, language), path)


def print_receipt(detail: RequestDetail, office: dict, *, parent: QWidget | None = None,
                  language: str = "en") -> bool:
    """Ask for a printer and print the receipt. Returns whether it was sent to print."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(tr("Receipt {number}").format(number=detail.tracking_number))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(tr("Print receipt"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    painter = QPainter()
    if not painter.begin(printer):
        raise ReceiptError(N_(CTX, "The printer could not be used. Check that it is "
                                      "switched on, or save the receipt as a PDF."))
    try:
        rect = printer.pageRect(QPrinter.Unit.DevicePixel)
        paint_receipt(painter, QRectF(0, 0, rect.width(), rect.height()), detail, office,
                      language)
    finally:
        painter.end()
    return True


def print_receipt_for(store: Store, ref: str, *, parent: QWidget, language: str = "en",
                      on_error: Callable[[str], None] | None = None) -> None:
    """Load a request in the background, then offer to print its receipt."""
    from desktop.messages import error_text, report_error
    from desktop.tasks import run_task

    def show(answer: tuple[RequestDetail, dict]) -> None:
        try:
            print_receipt(*answer, parent=parent, language=language)
        except ReceiptError as exc:
            failed(exc)

    def failed(exc: BaseException) -> None:
        text = error_text(exc)
        if text is not None and on_error is not None:
            on_error(text)
        else:
            report_error(exc, parent=parent)

    run_task(lambda: (store.get_request(ref), store.office()), show, failed, owner=parent)


# -- painting -------------------------------------------------------------------------
class _Pen:
    """A cursor that writes blocks of text down the page."""

    def __init__(self, painter: QPainter, rect: QRectF, mm: float) -> None:
        self.p = painter
        self.rect = rect
        self.mm = mm
        self.y = rect.top()

    def font(self, points: float, *, bold: bool = False, mono: bool = False) -> QFont:
        if mono:
            return theme.mono_font(points, bold=bold)
        font = QFont(self.p.font())
        font.setPointSizeF(points)
        font.setBold(bold)
        return font

    def text(self, text: str, font: QFont, *, x: float | None = None,
             width: float | None = None, align=Qt.AlignmentFlag.AlignLeading,
             color: str = "#000000", gap_mm: float = 1.5, ltr: bool = False) -> float:
        """Write *text* at the cursor and move down. *ltr*: digits and dashes that must
        read left to right even on a right-to-left page (CNIC, tracking number)."""
        left = self.rect.left() if x is None else x
        w = (self.rect.right() - left) if width is None else width
        self.p.save()
        if ltr and self.p.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            self.p.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
            align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
        self.p.setFont(font)
        self.p.setPen(QColor(color))
        flags = int(align | Qt.TextFlag.TextWordWrap)
        box = self.p.boundingRect(QRectF(left, self.y, w, 10_000), flags, text)
        self.p.drawText(QRectF(left, self.y, w, box.height()), flags, text)
        self.p.restore()
        self.y += box.height() + gap_mm * self.mm
        return box.height()

    def rule(self, gap_mm: float = 3) -> None:
        self.y += gap_mm * self.mm / 2
        self.p.setPen(QPen(QColor("#555555"), max(1.0, 0.25 * self.mm)))
        self.p.drawLine(self.rect.left(), self.y, self.rect.right(), self.y)
        self.y += gap_mm * self.mm / 2


def _fit_mono(pen: _Pen, text: str, width: float, start: float) -> QFont:
    points = start
    while points > 8:
        font = pen.font(points, bold=True, mono=True)
        if QFontMetricsF(font, pen.p.device()).horizontalAdvance(text) <= width:
            return font
        points -= 0.5
    return pen.font(8, bold=True, mono=True)


def paint_qr(painter: QPainter, text: str, rect: QRectF) -> None:
    """The QR code of *text*, with its quiet zone, as black squares inside *rect*."""
    matrix = segno.make(text, error="m", micro=False).matrix
    quiet = 4
    n = len(matrix) + 2 * quiet
    module = min(rect.width(), rect.height()) / n
    painter.fillRect(QRectF(rect.left(), rect.top(), module * n, module * n), Qt.GlobalColor.white)
    black = QColor("#000000")
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                # One rectangle per run of dark modules: no hairline gaps in PDF viewers.
                painter.fillRect(QRectF(rect.left() + (start + quiet) * module,
                                        rect.top() + (r + quiet) * module,
                                        (c - start) * module, module), black)
            else:
                c += 1


def paint_receipt(painter: QPainter, page: QRectF, detail: RequestDetail, office: dict,
                  language: str = "en") -> None:
    """Paint the receipt into *page* (device pixels of a printer or PDF page)."""
    mm = painter.device().logicalDpiX() / 25.4
    rect = QRectF(page.left(), page.top(), min(page.width(), MAX_WIDTH_MM * mm), page.height())
    rtl = language == "ur"
    painter.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl
                               else Qt.LayoutDirection.LeftToRight)
    if rtl:
        base = QFont(theme.URDU_FAMILY)
        painter.setFont(base)
    pen = _Pen(painter, rect, mm)
    center = Qt.AlignmentFlag.AlignHCenter
    office_name = office.get("name_ur") if rtl else office.get("name_en")

    pen.text(office_name or office.get("name_en", ""), pen.font(13, bold=True), align=center,
             gap_mm=1)
    if office.get("address"):
        pen.text(office["address"], pen.font(8.5), align=center, color="#333333", gap_mm=1)
    pen.rule()
    pen.text(tr("Receipt for a service request"), pen.font(11, bold=True), align=center,
             gap_mm=3)

    # Tracking number and QR code side by side.
    qr_size = 30 * mm
    top = pen.y
    text_width = rect.width() - qr_size - 4 * mm
    text_x = rect.left() if not rtl else rect.left() + qr_size + 4 * mm
    qr_x = rect.right() - qr_size if not rtl else rect.left()
    paint_qr(painter, detail.tracking_number, QRectF(qr_x, top, qr_size, qr_size))
    pen.text(tr("Tracking number"), pen.font(9), x=text_x, width=text_width, color="#333333",
             gap_mm=0.5)
    tn_font = _fit_mono(pen, detail.tracking_number, text_width, 17)
    pen.text(detail.tracking_number, tn_font, x=text_x, width=text_width, gap_mm=2, ltr=True)
    created = detail.request.get("created_at", "")
    due = date.fromisoformat(detail.request["due_date"])
    small = pen.font(9.5)
    if created:
        pen.text(tr("Registered: {when}").format(when=ui.format_timestamp(created)), small,
                 x=text_x, width=text_width, gap_mm=0.5)
    pen.text(tr("Due by: {date}").format(date=ui.format_date(due)), pen.font(9.5, bold=True),
             x=text_x, width=text_width, gap_mm=0.5)
    pen.y = max(pen.y, top + qr_size) + 2 * mm
    pen.rule()

    # The facts, as label: value lines.
    label_w = 34 * mm
    fee = detail.request.get("fee_pkr", detail.service.get("fee_pkr", 0))
    facts = [
        (tr("Citizen"), detail.citizen["name"], False),
        # Masked: the citizen has their card, and a lost receipt must not give it away.
        (tr("CNIC"), mask_cnic(detail.citizen["cnic"]), True),
        (tr("Service"), ui.service_name(detail.service, language), False),
        (tr("Official fee"), ui.format_fee(int(fee or 0)), False),
    ]
    label_font, value_font = pen.font(9.5), pen.font(10, bold=True)
    for label, value, ltr in facts:
        y = pen.y
        lx = rect.left() if not rtl else rect.right() - label_w
        vx = rect.left() + label_w if not rtl else rect.left()
        pen.text(label, label_font, x=lx, width=label_w, color="#333333", gap_mm=0)
        h_label = pen.y - y
        pen.y = y
        pen.text(value, value_font, x=vx, width=rect.width() - label_w, gap_mm=0, ltr=ltr)
        pen.y = y + max(h_label, pen.y - y) + 1.5 * mm

    docs = ui.service_documents(detail.service, language)
    if docs:
        pen.y += 1 * mm
        pen.text(tr("Documents to bring"), pen.font(10, bold=True), gap_mm=1.5)
        box = 3.2 * mm
        doc_font = pen.font(9.5)
        for doc in docs:
            y = pen.y
            bx = rect.left() if not rtl else rect.right() - box
            painter.setPen(QPen(QColor("#000000"), max(1.0, 0.3 * mm)))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            first_line = QFontMetricsF(doc_font, painter.device()).height()
            painter.drawRect(QRectF(bx, y + (first_line - box) / 2, box, box))
            tx = rect.left() + box + 2.5 * mm if not rtl else rect.left()
            pen.text(doc, doc_font, x=tx, width=rect.width() - box - 2.5 * mm, gap_mm=1.2)

    # Footer: what to keep, and where to complain.
    pen.rule(4)
    pen.text(tr("Keep this receipt; quote the tracking number when you ask about your "
                "request. Pay only the official fee shown above."),
             pen.font(9.5, bold=True), gap_mm=1.5)
    contact = [c for c in (office.get("complaint_phone"), office.get("complaint_email")) if c]
    if contact:
        pen.text(tr("Complaints: {contact}").format(contact="  ·  ".join(contact)),
                 pen.font(9), color="#333333", gap_mm=0)
