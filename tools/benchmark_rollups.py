"""Benchmark the leaders' roll-ups against the bare SQL GROUP BY that computes the same sums.

Run on the county-scale demo (`load_demo`, then `load_county_scale`):

    DEBUG=1 .venv/bin/python tools/benchmark_rollups.py [--runs 5] [--month YYYY-MM] [--show-queries]

For the county overview `/county/` (as the admin, a county-level scope) and the monthly report of
last month `/county/report/YYYY-MM/`, it measures in one run: the queries of a request, the median
time of a request through Django's test client (in-process, after one warm-up), and the median time
of hand-written GROUP BY statements computing the same sums (through `connection.cursor()`, rows
fetched). Targets: at most 10 queries per page, at most 3 times the bare SQL's time. It then checks
that the page's own figures equal the bare SQL's sums. Exit code 1 if a target or a check fails.
Works on SQLite and PostgreSQL (DATABASE_URL).
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

MAX_QUERIES = 10
MAX_RATIO = 3.0
CENT = Decimal("0.01")
ADMIN_EMAIL = "admin@demo.linkou.invalid"
TABLES = ["households_household", "households_village", "households_incomeentry", "households_incomewarning",
          "households_visit", "order_line", "order_order", "partner_partner", "catalogue_supplylot"]


def money(value) -> Decimal:
    """A database sum as the pages show it (SQLite's sums of decimals come back as floats)."""
    return Decimal(str(value or 0)).quantize(CENT)


def at_the_fen(value):
    return value.quantize(CENT) if isinstance(value, Decimal) else value


def month_of(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(MONTH FROM {column}) AS INTEGER)"
    return f"CAST(strftime('%%m', {column}) AS INTEGER)"


def d(value: datetime.date):
    return connection.ops.adapt_datefield_value(value)


def dt(value: datetime.date):
    """Local midnight of the day, as the database compares it with a DateTimeField."""
    aware = datetime.datetime.combine(value, datetime.time(), tzinfo=timezone.get_current_timezone())
    return connection.ops.adapt_datetimefield_value(aware)


# --- the bare SQL -------------------------------------------------------------------------------

def county_sql(year: int) -> list[tuple[str, str, list]]:
    """The county overview's sums: each household's income of the year; e-commerce income by village
    (and town) and month; goods sold by product (and town); open warnings by kind (and town)."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return [
        ("household income", """
            SELECT h.id, h.members, v.town_id, COALESCE(SUM(e.amount), 0)
            FROM households_household h
            JOIN households_village v ON v.id = h.village_id
            LEFT JOIN households_incomeentry e ON e.household_id = h.id AND e.date >= %s AND e.date <= %s
            GROUP BY h.id, h.members, v.town_id""", [d(first), d(last)]),
        ("e-commerce by village and month", f"""
            SELECT v.town_id, h.village_id, {month_of("e.date")}, SUM(e.amount)
            FROM households_incomeentry e
            JOIN households_household h ON h.id = e.household_id
            JOIN households_village v ON v.id = h.village_id
            WHERE e.source = 'ecommerce' AND e.date >= %s AND e.date <= %s
            GROUP BY v.town_id, h.village_id, {month_of("e.date")}""", [d(first), d(last)]),
        ("goods sold by product", """
            SELECT l.product_id, l.title, v.town_id, SUM(l.quantity), SUM(l.line_price_incl_tax)
            FROM order_line l
            JOIN order_order o ON o.id = l.order_id
            JOIN partner_partner p ON p.id = l.partner_id
            JOIN households_village v ON v.id = p.village_id
            WHERE o.date_placed >= %s AND o.date_placed < %s AND o.status <> 'Cancelled'
            GROUP BY l.product_id, l.title, v.town_id""",
         [dt(first), dt(datetime.date(year + 1, 1, 1))]),
        ("open warnings by kind", """
            SELECT w.kind, v.town_id, COUNT(DISTINCT w.household_id)
            FROM households_incomewarning w
            JOIN households_household h ON h.id = w.household_id
            JOIN households_village v ON v.id = h.village_id
            WHERE w.state = 'open'
            GROUP BY w.kind, v.town_id""", []),
    ]


def report_sql(first: datetime.date, after: datetime.date) -> list[tuple[str, str, list]]:
    """The monthly report's sums, village by village."""
    month = [d(first), d(after)]
    return [
        ("households", """
            SELECT v.id, COUNT(h.id)
            FROM households_village v LEFT JOIN households_household h ON h.village_id = v.id
            GROUP BY v.id""", []),
        ("supply", """
            SELECT h.village_id, COUNT(*), SUM(s.quantity)
            FROM catalogue_supplylot s JOIN households_household h ON h.id = s.household_id
            WHERE s.supplied_on >= %s AND s.supplied_on < %s
            GROUP BY h.village_id""", month),
        ("sales", """
            SELECT p.village_id, SUM(l.quantity), SUM(l.line_price_incl_tax)
            FROM order_line l
            JOIN order_order o ON o.id = l.order_id
            JOIN partner_partner p ON p.id = l.partner_id
            WHERE o.date_placed >= %s AND o.date_placed < %s AND o.status <> 'Cancelled'
              AND p.village_id IS NOT NULL
            GROUP BY p.village_id""", [dt(first), dt(after)]),
        ("ledger booked / reversed", """
            SELECT h.village_id,
                   SUM(CASE WHEN e.reverses_id IS NULL THEN e.amount END),
                   SUM(CASE WHEN e.reverses_id IS NOT NULL THEN e.amount END)
            FROM households_incomeentry e JOIN households_household h ON h.id = e.household_id
            WHERE e.source = 'ecommerce' AND e.date >= %s AND e.date < %s
            GROUP BY h.village_id""", month),
        ("warnings opened / closed", """
            SELECT h.village_id,
                   SUM(CASE WHEN w.opened_on >= %s AND w.opened_on < %s THEN 1 ELSE 0 END),
                   SUM(CASE WHEN w.closed_on >= %s AND w.closed_on < %s THEN 1 ELSE 0 END)
            FROM households_incomewarning w JOIN households_household h ON h.id = w.household_id
            WHERE (w.opened_on >= %s AND w.opened_on < %s) OR (w.closed_on >= %s AND w.closed_on < %s)
            GROUP BY h.village_id""", month * 4),
        ("visits", """
            SELECT h.village_id, COUNT(*)
            FROM households_visit vi JOIN households_household h ON h.id = vi.household_id
            WHERE vi.visited_on >= %s AND vi.visited_on < %s
            GROUP BY h.village_id""", month),
    ]


def run_sql(statements, times: dict[str, list[float]] | None = None) -> dict[str, list[tuple]]:
    results = {}
    with connection.cursor() as cursor:
        for name, sql, params in statements:
            start = time.perf_counter()
            cursor.execute(sql, params)
            results[name] = cursor.fetchall()
            if times is not None:
                times[name].append(time.perf_counter() - start)
    return results


def time_sql(statements, runs: int) -> tuple[float, dict[str, list[tuple]], dict[str, float]]:
    """Median time of all the statements, rows fetched; their rows; each statement's median."""
    results = run_sql(statements)  # warm-up
    times, each = [], defaultdict(list)
    for _ in range(runs):
        start = time.perf_counter()
        run_sql(statements, each)
        times.append(time.perf_counter() - start)
    return statistics.median(times), results, {name: statistics.median(t) for name, t in each.items()}


def time_page(client: Client, url: str, runs: int) -> tuple[int, float, list[dict]]:
    response = client.get(url)  # warm-up
    assert response.status_code == 200, (url, response.status_code)
    times, counts, queries = [], [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
        counts.append(len(captured))
        queries = captured.captured_queries
    return max(counts), statistics.median(times), queries


# --- the checks: the page's figures against the bare SQL's sums -----------------------------------

class Checks:
    def __init__(self):
        self.failed = 0
        self.unrounded: list[str] = []

    def equal(self, what: str, page, sql) -> None:
        """Money is compared to the fen; a page sum that is not to the fen is noted apart."""
        if isinstance(page, Decimal):
            if page != page.quantize(CENT):
                self.unrounded.append(f"{what}: {page}")
            page = page.quantize(CENT)
        ok = page == sql
        self.failed += not ok
        shown = f"{page}" if ok else f"page {page} != SQL {sql}"
        print(f"  {'ok  ' if ok else 'FAIL'} {what}: {shown}")


def check_county(checks: Checks, figures, results) -> None:
    households = results["household income"]
    checks.equal("households", figures.households, len(households))
    checks.equal("members", figures.members, sum(r[1] for r in households))
    checks.equal("income of the year", figures.income, sum((money(r[3]) for r in households), Decimal(0)))
    by_town_month: dict[tuple, Decimal] = defaultdict(Decimal)
    by_village: dict[int, Decimal] = defaultdict(Decimal)
    for town, village, month, total in results["e-commerce by village and month"]:
        by_town_month[(town, int(month))] += money(total)
        by_village[village] += money(total)
    page_months = {(p.pk, m): money(v) for p in figures.parts for m, v in p.months.items()}
    checks.equal("e-commerce income", figures.ecommerce, sum(by_town_month.values(), Decimal(0)))
    checks.equal("e-commerce by town and month (cells that differ)",
                 sum(1 for k in set(page_months) | set(by_town_month) if page_months.get(k) != by_town_month.get(k)),
                 0)
    best = getattr(figures, "best_villages", None)
    if best is not None:  # the villages that sold most, by name
        checks.equal("e-commerce of the best-selling villages",
                     sorted(money(total) for _name, total in best),
                     sorted(t for t in sorted(by_village.values(), reverse=True)[:len(best)]))
    goods = defaultdict(lambda: [0, Decimal(0)])
    for product, title, _town, units, sales in results["goods sold by product"]:
        goods[(product, title)][0] += units
        goods[(product, title)][1] += money(sales)
    top = sorted(goods.items(), key=lambda item: -item[1][1])[:len(figures.goods)]
    checks.equal("goods sold: units and sales of the top products",
                 sorted((g["title"], g["units"], g["sales"]) for g in figures.goods),
                 sorted((title, units, sales) for (_p, title), (units, sales) in top))
    checks.equal("units sold, all towns", sum(p.units for p in figures.parts), sum(u for u, _s in goods.values()))
    checks.equal("sales, all towns", sum((p.sales for p in figures.parts), Decimal(0)),
                 sum((s for _u, s in goods.values()), Decimal(0)))
    warnings = defaultdict(int)
    for kind, _town, n in results["open warnings by kind"]:
        warnings[kind] += n
    checks.equal("open warnings by kind", dict(sorted(figures.warnings_by_kind.items())),
                 dict(sorted(warnings.items())))


def check_report(checks: Checks, report, results) -> None:
    sql_rows = defaultdict(dict)
    for village, n in results["households"]:
        sql_rows[village]["households"] = n
    for village, lots, units in results["supply"]:
        sql_rows[village].update(supply_lots=lots, supplied_units=int(units or 0))
    for village, units, sales in results["sales"]:
        sql_rows[village].update(units_sold=int(units or 0), sales=money(sales))
    for village, booked, reversed_ in results["ledger booked / reversed"]:
        sql_rows[village].update(income_booked=money(booked), reversals=money(reversed_))
    for village, opened, closed in results["warnings opened / closed"]:
        sql_rows[village].update(warnings_opened=int(opened or 0), warnings_closed=int(closed or 0))
    for village, n in results["visits"]:
        sql_rows[village]["visits"] = n
    columns = ["households", "supply_lots", "supplied_units", "units_sold", "sales", "income_booked", "reversals",
               "warnings_opened", "warnings_closed", "visits"]
    zero = {c: (Decimal("0.00") if c in ("sales", "income_booked", "reversals") else 0) for c in columns}
    differ = 0
    for row in report.rows:
        expected = {**zero, **sql_rows.get(row.village_id, {})}
        differ += any(at_the_fen(getattr(row, c)) != expected[c] for c in columns)
    checks.equal("villages in the report", len(report.rows), len(sql_rows))
    checks.equal("village rows that differ", differ, 0)
    for c in columns:
        checks.equal(f"total {c}", getattr(report.totals, c),
                     sum((r.get(c, zero[c]) for r in sql_rows.values()), zero[c]))


# --- the run --------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="Timed runs of each page and of its SQL (default 5).")
    parser.add_argument("--month", help="The report's month, YYYY-MM (default: last month).")
    parser.add_argument("--show-queries", action="store_true", help="Print each page's queries with their time.")
    args = parser.parse_args()

    missing = [t for t in TABLES if t not in connection.introspection.table_names()]
    if missing:
        print(f"tables missing: {', '.join(missing)}: migrate and load the demo first")
        return 1
    admin = get_user_model().objects.filter(email=ADMIN_EMAIL, is_superuser=True).first()
    if admin is None:
        print(f"no superuser {ADMIN_EMAIL}: run `manage.py load_demo` (and `load_county_scale`) first")
        return 1

    today = timezone.localdate()
    if args.month:
        month = datetime.datetime.strptime(args.month, "%Y-%m").date()
    else:
        month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    after = (month + datetime.timedelta(days=32)).replace(day=1)
    year = today.year

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM order_line")
        lines = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM households_incomeentry")
        entries = cursor.fetchone()[0]
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']}), {lines:,} order lines, "
          f"{entries:,} income entries; year {year}, report month {month:%Y-%m}; {args.runs} runs after a warm-up\n")

    client = Client()
    client.force_login(admin)
    pages = [
        ("county overview", "/county/", county_sql(year)),
        (f"report {month:%Y-%m}", f"/county/report/{month:%Y-%m}/", report_sql(month, after)),
    ]
    rows, sql_results, failed = [], {}, 0
    for name, url, statements in pages:
        queries, view_time, captured = time_page(client, url, args.runs)
        sql_time, sql_results[url], each = time_sql(statements, args.runs)
        ratio = view_time / sql_time if sql_time else float("inf")
        ok = queries <= MAX_QUERIES and ratio <= MAX_RATIO
        failed += not ok
        rows.append((name, url, queries, view_time, sql_time, ratio, ok))
        if args.show_queries:
            lazy = " (SQLite: until the first row; the rest is fetched later)" if connection.vendor == "sqlite" else ""
            print(f"{url}: {len(captured)} queries{lazy}")
            for q in captured:
                print(f"  {float(q['time']) * 1000:8.1f} ms  {q['sql'][:300]}")
            print("bare SQL, rows fetched:")
            for statement, seconds in each.items():
                print(f"  {seconds * 1000:8.1f} ms  {statement}")
            print()

    print(f"{'page':<18} {'url':<24} {'queries':>7} {'view ms':>9} {'bare SQL ms':>12} {'ratio':>6}  "
          f"target (≤{MAX_QUERIES} queries, ratio ≤{MAX_RATIO:g})")
    for name, url, queries, view_time, sql_time, ratio, ok in rows:
        why = [] if ok else [w for w, bad in (("queries", queries > MAX_QUERIES), ("time", ratio > MAX_RATIO)) if bad]
        print(f"{name:<18} {url:<24} {queries:>7} {view_time * 1000:>9.1f} {sql_time * 1000:>12.1f} {ratio:>6.2f}  "
              f"{'PASS' if ok else 'FAIL (' + ', '.join(why) + ')'}")

    # The figures the pages rendered, read from their template context (one more request each).
    setup_test_environment()
    checks = Checks()
    print("\ncounty overview: the page's figures against the bare SQL")
    response = client.get(pages[0][1])
    check_county(checks, response.context["figures"], sql_results[pages[0][1]])
    print(f"\nreport {month:%Y-%m}: the page's figures against the bare SQL")
    response = client.get(pages[1][1])
    check_report(checks, response.context["report"], sql_results[pages[1][1]])

    if checks.unrounded:
        print(f"\nnote: {len(checks.unrounded)} page sum(s) are not to the fen (the database's SUM came back as a "
              f"float and was not rounded), e.g. {checks.unrounded[0]}")
    print(f"\n{'all targets met' if not failed else f'{failed} page(s) miss a target'}; "
          f"{'all figures equal the bare SQL' if not checks.failed else f'{checks.failed} check(s) failed'}")
    return 1 if failed or checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
