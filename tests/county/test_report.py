"""The monthly report of a branch, town or the county: village by village, printable, and
exported as XLSX and CSV whose figures are the ledger's and the order lines' own sums."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Q, Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from oscar.core.loading import get_model

from catalog.supply import record_supply
from households import monitoring
from households.ledger import reverse_entry
from households.models import IncomeEntry, IncomeSource, Visit
from tests.factories import ADDR, place_order
from tests.helpers import deliver, log_in

pytestmark = pytest.mark.django_db
Line = get_model("order", "Line")


@pytest.fixture
def month_of_sales(county):
    """This month in 新青村: two lots brought, two orders (one delivered, partly refunded), a visit."""
    today = timezone.localdate()
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=4,
                  unit_price=Decimal("60.00"), supplied_on=today)
    record_supply(recorded_by=county.coordinator, household=county.bao, product=county.honey, quantity=3,
                  unit_price=Decimal("55.00"), supplied_on=today)
    delivered = place_order(county.buyer, [(county.honey, 5)], address=ADDR)
    deliver(delivered)
    place_order(county.buyer, [(county.honey, 1)], address=ADDR)
    sale = IncomeEntry.objects.filter(source=IncomeSource.ECOMMERCE, reverses__isnull=True).order_by("pk").first()
    reverse_entry(sale, date=today, reference="test:refund", amount=Decimal("60.00"))
    Visit.objects.create(household=county.yu, cadre=county.cadre.cadre, visited_on=today, findings="包装瓶不够")
    monitoring.recompute(today=today)
    return today


def report_url(month, **query):
    url = reverse("county:report", kwargs={"month": f"{month:%Y-%m}"})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def ledger_sums(month, village):
    first = month.replace(day=1)
    after = (first + datetime.timedelta(days=32)).replace(day=1)
    return IncomeEntry.objects.filter(household__village=village, source=IncomeSource.ECOMMERCE, date__gte=first,
                                      date__lt=after).aggregate(
        booked=Sum("amount", filter=Q(reverses__isnull=True)), reversed=Sum("amount", filter=Q(reverses__isnull=False)))


def test_the_report_adds_up_to_the_ledger_and_the_order_lines(client, county, leaders, month_of_sales):
    log_in(client, leaders.town)
    report = client.get(report_url(month_of_sales)).context["report"]
    rows = {r.village: r for r in report.rows}
    xinqing = rows["新青村"]
    sums = ledger_sums(month_of_sales, county.xinqing)
    assert xinqing.income_booked == sums["booked"] == Decimal("295.00")  # 4 × 60 + 1 × 55
    assert xinqing.reversals == sums["reversed"] == Decimal("-60.00")
    assert xinqing.net_income == Decimal("235.00")
    lines = Line.objects.filter(partner__village=county.xinqing).aggregate(units=Sum("quantity"),
                                                                           sales=Sum("line_price_incl_tax"))
    assert (xinqing.units_sold, xinqing.sales) == (lines["units"], lines["sales"]) == (6, Decimal("588.00"))
    assert (xinqing.households, xinqing.supply_lots, xinqing.supplied_units, xinqing.visits) == (2, 2, 7, 1)
    assert xinqing.warnings_opened == 2
    assert rows["东兴村"].income_booked == Decimal("0.00") and rows["东兴村"].households == 1
    assert report.totals.income_booked == Decimal("295.00") and report.totals.households == 3


def test_the_csv_and_xlsx_exports_carry_the_same_figures(client, county, leaders, month_of_sales):
    log_in(client, leaders.county)
    report = client.get(report_url(month_of_sales)).context["report"]

    response = client.get(report_url(month_of_sales, format="csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert f'report-{month_of_sales:%Y-%m}.csv' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, *body, total = rows
    assert len(body) == len(report.rows) == 2
    assert header[:3] == ["乡镇", "村", "农户"]
    assert total[header.index("销售额（元）")] == str(report.totals.sales) == "588.00"
    assert total[header.index("入账电商收入（元）")] == "295.00" and total[header.index("冲销（元）")] == "-60.00"

    response = client.get(report_url(month_of_sales, format="xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(values) == 3
    assert Decimal(str(values[-1][7])) == report.totals.income_booked
    assert values[-1][5] == report.totals.units_sold and values[-1][12] == report.totals.visits


def test_a_wrong_month_gets_a_message(client, county, leaders):
    log_in(client, leaders.county)
    for month in ("2026-13", "1999-12", "20261", "abcdefg", "２０２６-１１"):
        response = client.get(reverse("county:report", kwargs={"month": month}))
        assert response.status_code == 404 and response.context["month_error"], month
        assert 'id="month-error"' in response.content.decode()


def test_the_month_picker_and_the_bare_address_open_a_report(client, county, leaders):
    log_in(client, leaders.county)
    last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    assert client.get(reverse("county:report-home")).url == report_url(last_month)
    assert client.get(reverse("county:report-home"), {"month": "2025-03"}).url == report_url(datetime.date(2025, 3, 1))


def test_an_unknown_export_format_shows_the_page_and_says_so(client, county, leaders):
    log_in(client, leaders.county)
    response = client.get(report_url(timezone.localdate(), format="pdf"))
    assert response.status_code == 200 and response.context["format_error"]


def test_the_report_takes_at_most_ten_queries(client, county, leaders, month_of_sales):
    log_in(client, leaders.town)
    client.get(report_url(month_of_sales))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(report_url(month_of_sales)).status_code == 200
    assert len(queries) <= 10, [q["sql"][:120] for q in queries.captured_queries]


def test_the_branch_report_covers_the_branch_only(client, county, leaders, month_of_sales):
    log_in(client, leaders.secretary)
    report = client.get(report_url(month_of_sales)).context["report"]
    assert [r.village for r in report.rows] == ["新青村"]


def test_money_from_sql_sums_is_kept_to_the_fen():
    from core.money import round_to_fen

    # What SQLite hands back for a sum of decimals stored as floats.
    assert round_to_fen(Decimal("3074961.3000000002")) == Decimal("3074961.30")
    assert str(round_to_fen(Decimal("0.30000000000000004"))) == "0.30"
    assert round_to_fen(None) == Decimal("0.00") and round_to_fen(Decimal("0.005")) == Decimal("0.01")


def test_cancelled_orders_are_no_sales(client, county, leaders, month_of_sales):
    from oscar.core.loading import get_model

    from shop.order.lifecycle import cancel_order

    Order = get_model("order", "Order")
    waiting = Order.objects.exclude(status="Delivered").get()
    cancel_order(waiting, reason="买家取消")
    log_in(client, leaders.town)
    report = client.get(report_url(month_of_sales)).context["report"]
    assert (report.totals.units_sold, report.totals.sales) == (5, Decimal("490.00"))
    overview = client.get(reverse("county:overview")).context["figures"]
    assert sum(g["units"] for g in overview.goods) == 5


def test_an_order_counts_in_the_month_it_was_placed_in_china(client, county, leaders):
    """Placed at 23:30 on the last evening of a month, Beijing time, it is that month's sale,
    though it is still the afternoon of that day in UTC; 00:30 the next morning is the next month's."""
    import zoneinfo

    beijing = zoneinfo.ZoneInfo("Asia/Shanghai")
    first = timezone.localdate().replace(day=1)
    last_evening = datetime.datetime.combine(first - datetime.timedelta(days=1), datetime.time(23, 30), beijing)
    next_morning = datetime.datetime.combine(first, datetime.time(0, 30), beijing)
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=5,
                  unit_price=Decimal("60.00"))
    place_order(county.buyer, [(county.honey, 2)], address=ADDR, placed_at=last_evening)
    place_order(county.buyer, [(county.honey, 3)], address=ADDR, placed_at=next_morning)
    log_in(client, leaders.county)
    this_month = client.get(report_url(first)).context["report"]
    previous = client.get(report_url(first - datetime.timedelta(days=1))).context["report"]
    assert (previous.totals.units_sold, this_month.totals.units_sold) == (2, 3)


def test_ledger_entries_on_the_first_and_last_day_belong_to_their_month(client, county, leaders):
    from households.ledger import book_income

    first = timezone.localdate().replace(day=1)
    book_income(household=county.yu, date=first, source=IncomeSource.ECOMMERCE, amount=Decimal("10.00"),
                reference="first-day")
    book_income(household=county.yu, date=first - datetime.timedelta(days=1), source=IncomeSource.ECOMMERCE,
                amount=Decimal("7.00"), reference="last-day-before")
    log_in(client, leaders.county)
    assert client.get(report_url(first)).context["report"].totals.income_booked == Decimal("10.00")
    previous = client.get(report_url(first - datetime.timedelta(days=1))).context["report"]
    assert previous.totals.income_booked == Decimal("7.00")


def test_a_village_name_that_looks_like_a_formula_is_exported_as_text(client, county, leaders):
    county.neighbour.name = "=HYPERLINK(\"http://example.com\")"
    county.neighbour.save()
    log_in(client, leaders.county)
    url = report_url(timezone.localdate())
    rows = list(csv.reader(io.StringIO(client.get(url + "?format=csv").content.decode("utf-8-sig"))))
    assert any(row[1] == "'=HYPERLINK(\"http://example.com\")" for row in rows)
    sheet = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content)).active
    cells = [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert "'=HYPERLINK(\"http://example.com\")" in cells


def test_the_month_at_a_glance_comes_before_the_table(client, county, leaders, month_of_sales):
    log_in(client, leaders.town)
    page = client.get(report_url(month_of_sales)).content.decode()
    summary = page[page.index('id="report-summary"'):page.index('id="report"')]
    assert "¥295.00" in summary and "¥235.00" in summary  # income booked, net income: the totals


def test_every_xlsx_column_is_as_wide_as_its_widest_cell(client, county, leaders, month_of_sales):
    log_in(client, leaders.county)
    sheet = load_workbook(io.BytesIO(client.get(report_url(month_of_sales, format="xlsx")).content)).active
    for column in sheet.iter_cols(min_row=2):
        letter = column[0].column_letter
        # A Chinese character takes two of Excel's character widths: 入账电商收入（元） needs 18.
        needed = max(sum(2 if ord(ch) > 0x2E80 else 1 for ch in (
            f"¥{cell.value:,.2f}" if cell.number_format.startswith('"¥"') and cell.value is not None
            else str(cell.value or ""))) for cell in column)
        assert sheet.column_dimensions[letter].width >= needed, (letter, column[0].value)
    assert sheet.column_dimensions["H"].width >= 18  # 入账电商收入（元）
