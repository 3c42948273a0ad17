"""The paper the bus and the post office use: a run's manifest (A4) and the parcels' labels (A6).

The bus manifest names parcels by order number, weight, cold box and destination city only — no
buyer's name, phone or street: it travels on a bus and lies on a counter. The label's QR code is a
link to the parcel's page on the hub screen, which a scanner types and a phone camera opens.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from catalog.labels import FONT, draw_paragraph, draw_qr, style
from logistics.models import Consignment, PickupRun
from logistics.timetable import ComingRun


def destination(consignment: Consignment) -> str:
    """Province and city of the buyer's address (what the post sorts by), nothing finer."""
    order = consignment.order
    address = order.shipping_address if order.shipping_address_id else None
    if address is None:
        return ""
    return "".join(part for part in (address.state, address.line4) if part)


def cooler_mark(consignment: Consignment) -> str:
    return _("Cooler") if consignment.cold_chain else "—"


def _para(text: str, paragraph_style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: names typed in the admin are text, not ReportLab markup (which
    could otherwise load an image from the server's disk)."""
    return Paragraph(escape(str(text)), paragraph_style)


def _when(value: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def manifest(run: PickupRun, scheduled: ComingRun, consignments: Sequence[Consignment]) -> bytes:
    """The run's manifest: its stops in order with the parcels each hands over, then at each stop
    with parcels the list to take on (order number, weight, cooler, destination city) and lines
    for the station's and the driver's signatures, then the hub's receipt."""
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=_("Manifest %(run)s") % {"run": run})
    heading, subheading, body = style(16, leading=20), style(12, leading=16), style(10)
    story = [_para(_("Manifest / %(line)s") % {"line": run.line.name}, heading),
             _para(_("Departs %(when)s / %(status)s") % {"when": _when(run.departs_at),
                                                            "status": run.get_status_display()}, body)]
    total = sum(c.weight_kg for c in consignments)
    cold = sum(c.weight_kg for c in consignments if c.cold_chain)
    story.append(_para(_("%(count)s parcels, %(kg)s of %(cap)s kg; cooler %(cold)s of %(cooler)s kg") % {
        "count": len(consignments), "kg": f"{total:.1f}", "cap": f"{run.line.capacity_kg:.0f}",
        "cold": f"{cold:.1f}", "cooler": f"{run.line.cooler_capacity_kg:.0f}"}, body))
    by_station: dict[int, list[Consignment]] = {}
    for consignment in consignments:
        by_station.setdefault(consignment.station_id, []).append(consignment)
    grid = TableStyle([("FONT", (0, 0), (-1, -1), FONT, 10), ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                       ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
    stops = [s for s in scheduled.stations if s.pk in scheduled.stop_after]
    rows = [[_("Time"), _("Station"), _("Parcels"), _("Weight (kg)")]]
    for station in stops:
        parcels = by_station.get(station.pk, [])
        rows.append([timezone.localtime(scheduled.at_station(station.pk)).strftime("%H:%M"), station.name,
                     str(len(parcels)) if parcels else "—",
                     f"{sum(c.weight_kg for c in parcels):.2f}" if parcels else "—"])
    rows.append([timezone.localtime(scheduled.hub_arrival).strftime("%H:%M"), _("county postal hub"),
                 str(len(consignments)), f"{total:.2f}"])
    overview = Table(rows, colWidths=[18 * mm, 102 * mm, 25 * mm, 35 * mm], repeatRows=1)
    overview.setStyle(grid)
    story += [Spacer(1, 4 * mm), _para(_("Stops in order"), subheading), overview]
    for station in stops:
        parcels = by_station.get(station.pk, [])
        if not parcels:
            continue
        story += [Spacer(1, 6 * mm), _para(f"{_when(scheduled.at_station(station.pk))}  {station.name}",
                                               subheading)]
        rows = [[_("Order"), _("Weight (kg)"), _("Cooler"), _("To")]]
        rows += [[c.order.number, f"{c.weight_kg:.2f}", cooler_mark(c), destination(c)] for c in parcels]
        table = Table(rows, colWidths=[40 * mm, 28 * mm, 22 * mm, 90 * mm], repeatRows=1)
        table.setStyle(TableStyle([*grid.getCommands(), ("ALIGN", (1, 1), (1, -1), "RIGHT")]))
        story += [table, Spacer(1, 3 * mm),
                  _para(_("Handed over by the station: ____________   Taken on by the driver: "
                              "____________   Time: ________"), body)]
    story += [Spacer(1, 8 * mm), _para(_("County postal hub, arrives %(when)s") % {
        "when": _when(scheduled.hub_arrival)}, subheading),
        _para(_("Received at the hub (%(count)s parcels): ____________   Time: ________") % {
            "count": len(consignments)}, body)]
    doc.build(story)
    return buffer.getvalue()


def parcel_labels(consignments: Iterable[Consignment], *, parcel_url: Callable[[Consignment], str]) -> bytes:
    """One A6 label a parcel: order number, from which station to the hub on which run, weight, the
    cooler, the destination city, and a QR code of `parcel_url(consignment)`."""
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A6, pageCompression=1)
    pdf.setTitle(_("Parcel labels"))
    width, height = A6
    margin = 8 * mm
    for consignment in consignments:
        y = height - margin
        pdf.setFont(FONT, 9)
        pdf.drawString(margin, y - 9, _("Order"))
        pdf.setFont(FONT, 22)
        pdf.drawString(margin, y - 32, consignment.order.number)
        y -= 40
        y = draw_paragraph(pdf, f"{consignment.station.name} → {_('county postal hub')}", style(11), x=margin,
                           top=y, width=width - 2 * margin)
        if consignment.run is not None:
            y = draw_paragraph(pdf, f"{consignment.run.line.name}  {_when(consignment.run.departs_at)}", style(9),
                               x=margin, top=y - 2, width=width - 2 * margin)
        y = draw_paragraph(pdf, _("To %(place)s") % {"place": destination(consignment) or "—"}, style(14, leading=18),
                           x=margin, top=y - 6, width=width - 2 * margin)
        y = draw_paragraph(pdf, _("%(kg)s kg") % {"kg": f"{consignment.weight_kg:.2f}"}, style(12), x=margin,
                           top=y - 4, width=width - 2 * margin)
        if consignment.cold_chain:
            pdf.setLineWidth(2)
            pdf.rect(margin, y - 34, 48 * mm, 28)
            pdf.setFont(FONT, 20)
            pdf.drawString(margin + 6, y - 27, _("Keep cold"))
        qr = 40 * mm
        draw_qr(pdf, parcel_url(consignment), x=width - margin - qr, y=margin, size=qr)
        pdf.setFont(FONT, 8)
        pdf.drawString(margin, margin, f"P{consignment.pk}  {consignment.village.name}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
