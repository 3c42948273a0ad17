"""The monthly report as a spreadsheet (openpyxl) and as CSV, with the same columns as the page.
Each column of the spreadsheet is as wide as its widest cell, heading included, a Chinese
character counting twice, so that nothing shows as ### or cut off when the county office opens it."""

import csv
import io
import unicodedata
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _

from county.report import MonthlyReport, ReportRow

MONEY_FORMAT = '"¥"#,##0.00'
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def columns() -> list[tuple[str, str, bool]]:
    """(attribute, heading, is money) of each column."""
    return [
        ("town", _("Town"), False), ("village", _("Village"), False),
        ("households", _("Households"), False), ("supply_lots", _("Supply lots"), False),
        ("supplied_units", _("Units supplied"), False), ("units_sold", _("Units sold"), False),
        ("sales", _("Sales (CNY)"), True), ("income_booked", _("E-commerce income booked (CNY)"), True),
        ("reversals", _("Reversals (CNY)"), True), ("net_income", _("Net e-commerce income (CNY)"), True),
        ("warnings_opened", _("Warnings opened"), False), ("warnings_closed", _("Warnings closed"), False),
        ("visits", _("Visits"), False),
    ]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    """A name that a spreadsheet would run as a formula (=HYPERLINK(...)) is written as text."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _values(row: ReportRow, total: bool = False) -> list:
    values = [_text(value) if isinstance(value, str) else value
              for value in (getattr(row, name) for name, _heading, _money in columns())]
    if total:
        values[0], values[1] = _("Total"), ""
    return values


def filename(report: MonthlyReport, extension: str) -> str:
    return f"report-{report.slug}.{extension}"


def as_csv(report: MonthlyReport) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so that Excel opens the Chinese as UTF-8
    writer = csv.writer(buffer)
    writer.writerow([heading for _name, heading, _money in columns()])
    for row in report.rows:
        writer.writerow(_values(row))
    writer.writerow(_values(report.totals, total=True))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(report, "csv")}"'
    return response


def display_width(value, *, money: bool = False) -> int:
    """How many of a spreadsheet's character widths `value` takes: a Chinese character two, a
    Latin letter or digit one; money as Excel shows it (¥1,234.56)."""
    if value is None:
        return 0
    text = f"¥{value:,.2f}" if money and isinstance(value, (int, float, Decimal)) else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def as_xlsx(report: MonthlyReport) -> HttpResponse:
    # openpyxl is imported when a report is downloaded, not by every process that loads the URLs.
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = report.slug
    sheet.append([_text(_("Monthly report %(month)s: %(area)s") % {"month": report.slug, "area": report.area})])
    sheet["A1"].font = Font(bold=True, size=13)
    cols = columns()
    sheet.append([heading for _name, heading, _money in cols])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in report.rows:
        sheet.append(_values(row))
    sheet.append(_values(report.totals, total=True))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for index, (_name, _heading, is_money) in enumerate(cols, start=1):
        letter = get_column_letter(index)
        widest = max(display_width(cell.value, money=is_money)
                     for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index))
        sheet.column_dimensions[letter].width = min(48, max(8, widest + 2))
        if is_money:
            for (cell,) in sheet.iter_rows(min_row=3, min_col=index, max_col=index):
                cell.number_format = MONEY_FORMAT
    sheet.freeze_panes = "C3"
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename(report, "xlsx")}"'
    return response
