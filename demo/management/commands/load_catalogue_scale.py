import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from demo.catalogue_scale import grow_catalogue


class Command(BaseCommand):
    help = ("Grow the demo catalogue to --products public products over the county's villages (run "
            "load_demo first), for the benchmarks. Running it again with the same number adds nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, products, seed, **options):
        if products < 1:
            raise CommandError("--products must be at least 1.")
        started = time.perf_counter()
        try:
            grow_catalogue(products=products, seed=seed, log=self.stdout.write)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        # Fresh planner statistics, and on PostgreSQL the GIN index's pending list merged (VACUUM):
        # rows added in bulk wait there, and every search reads that list row by row until
        # autovacuum comes round — as it would have after a day of normal saves.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        self.stdout.write(f"done in {time.perf_counter() - started:.1f} s")
