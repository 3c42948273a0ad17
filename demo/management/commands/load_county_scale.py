import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from demo import scale


class Command(BaseCommand):
    help = ("Grow the loaded demo county to the county's size with history (run load_demo first): a sales "
            "point in every village, goods in every village with households, and order lines over the last "
            "years with their supply lots, allocations and income entries. Refuses to run twice.")

    def add_arguments(self, parser):
        parser.add_argument("--lines", type=int, default=500_000, help="Order lines to write (default 500000).")
        parser.add_argument("--years", type=int, default=2, help="Years of history ending today (default 2).")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, lines, years, seed, **options):
        if lines < 1 or years < 1:
            raise CommandError("--lines and --years must be at least 1.")
        try:
            scale.demo_present()
        except DatabaseError as exc:
            raise CommandError(f"The database is not set up ({exc}): run `manage.py migrate` and "
                               "`manage.py load_demo` first.") from exc
        started = time.perf_counter()
        try:
            counts = scale.load(lines=lines, years=years, seed=seed, log=self.stdout.write)
        except scale.AlreadyLoaded as exc:
            self.stdout.write(str(exc))
            return
        except scale.DemoMissing as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(
            f"county-scale history loaded in {elapsed:.0f} s: {counts.orders:,} orders, {counts.lines:,} lines, "
            f"{counts.lots:,} supply lots, {counts.allocations:,} allocations, {counts.entries:,} e-commerce "
            f"entries, {counts.reversals:,} reversals, {counts.other_income:,} other income entries, "
            f"{counts.visits:,} visits"))
        self.stdout.write("now in the database:")
        for name, n in scale.summary().items():
            self.stdout.write(f"  {name:<24} {n:>10,}")
