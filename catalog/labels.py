"""Printed paper: the pieces every printout shares (a Chinese font, QR codes, wrapping text) and the
supply lot's label, stuck on the jar or box at the village station.

PDFs are drawn by ReportLab with Adobe's STSong-Light, a CID font every PDF reader used in China
carries (nothing to install or embed); QR codes by ReportLab's own encoder.
"""

from __future__ import annotations

from io import BytesIO

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

# A supply lot's label: 70 × 50 mm, the size of the station's label rolls.
LOT_LABEL = (70 * mm, 50 * mm)


def style(size: float, *, leading: float | None = None, bold: bool = False, **extra) -> ParagraphStyle:
    """A paragraph style that wraps Chinese anywhere (ReportLab's CJK wrapping) in the print font."""
    return ParagraphStyle(f"cjk{size}", fontName=FONT, fontSize=size, leading=leading or size * 1.3,
                          wordWrap="CJK", **extra)


def draw_qr(pdf: canvas.Canvas, data: str, *, x: float, y: float, size: float) -> None:
    """A QR code of `data`, `size` wide, its lower left corner at (x, y)."""
    widget = QrCodeWidget(data, barLevel="M")
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, pdf, x, y)


def draw_paragraph(pdf: canvas.Canvas, text: str, paragraph_style: ParagraphStyle, *, x: float, top: float,
                   width: float) -> float:
    """`text` (escaped) wrapped into `width` below `top`; returns the y below it."""
    from xml.sax.saxutils import escape

    paragraph = Paragraph(escape(text), paragraph_style)
    _w, height = paragraph.wrap(width, 1000)
    paragraph.drawOn(pdf, x, top - height)
    return top - height


def lot_labels(lots, *, trace_url) -> bytes:
    """One label a lot: the goods, the village, the supply date, the household as the public side
    names it (于某), the lot's code and a QR code of its public trace page (`trace_url(lot)`)."""
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=LOT_LABEL, pageCompression=1)
    pdf.setTitle(_("Supply lot labels"))
    width, height = LOT_LABEL
    margin, qr = 3 * mm, 24 * mm
    for lot in lots:
        text_width = width - 2 * margin - qr - 2 * mm
        y = draw_paragraph(pdf, lot.product.get_title(), style(9, leading=11), x=margin, top=height - margin,
                           width=text_width)
        village = lot.household.village
        y = draw_paragraph(pdf, f"{village.town.name}{village.name}  {lot.household.public_name}", style(7),
                           x=margin, top=y - 1 * mm, width=text_width)
        y = draw_paragraph(pdf, _("Supplied %(date)s") % {"date": formats.date_format(lot.supplied_on)},
                           style(7), x=margin, top=y - 1 * mm, width=text_width)
        draw_qr(pdf, trace_url(lot), x=width - margin - qr, y=height - margin - qr, size=qr)
        pdf.setFont(FONT, 12)
        pdf.drawString(margin, margin + 4 * mm, lot.code)
        pdf.setFont(FONT, 6)
        pdf.drawString(margin, margin, _("Scan to see where it comes from"))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
