import random

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from demo import county, history, monitoring, shopfront, story
from households.models import Village


class Command(BaseCommand):
    help = "Build the demo county (safe to run twice: a county that is already there is left alone)."

    def add_arguments(self, parser):
        parser.add_argument("--weeks", type=int, default=52, help="Weeks of past orders to simulate (default 52).")
        parser.add_argument("--seed", type=int, default=2019)

    def handle(self, *args, weeks, seed, **options):
        if Village.objects.filter(name=county.XINQING).exists():
            self.stdout.write("The demo county is already loaded; nothing to do.")
        else:
            self.build(random.Random(seed), weeks)
        # Thumbnails are made as each image is saved; this fills any an earlier run left out.
        call_command("make_thumbnails", verbosity=0)
        # Fresh planner statistics: without them SQLite reads the order lines partner by partner.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    @transaction.atomic
    def build(self, rng, weeks):
        now = timezone.now()
        today = timezone.localdate(now)
        xinqing, villages, households, cadres = county.build_county(rng, today=today)
        county.book_other_income(rng, households, today=today)
        self.stdout.write(f"county: {len(villages)} villages, {len(households)} households, {len(cadres)} cadres")
        other = next(v for v in villages if v.name != county.XINQING and v.households.exists())
        products = shopfront.build_catalogue(xinqing, other)
        shopfront.build_transport(villages, xinqing)
        buyer, coordinator, cadre, clerk, admin = shopfront.build_accounts(xinqing, cadres[0])
        story.build_stories(xinqing, products, coordinator)
        other_products = [p for p in products if p[0].origin_village_id != xinqing.pk]
        buyers = history.make_buyers(buyer)
        history.run_history(rng, weeks=weeks, products=products, coordinator=coordinator, admin=admin,
                            buyers=buyers, now=now, resting={monitoring.resting_household(other_products).pk})
        history.open_orders(rng, products=products, coordinator=coordinator, buyers=buyers, now=now)
        # 新青村's branch is the first; its second cadre is the branch secretary.
        shopfront.build_leader_accounts(xinqing, next(c for c in cadres[1:] if c.branch_id == cadres[0].branch_id))
        states = monitoring.build_monitoring(rng, today=today, xinqing=xinqing, admin=admin, cadre=cadre,
                                             other_products=other_products)
        self.stdout.write("warnings: " + ", ".join(f"{n} {state}" for state, n in states.items()))
        self.stdout.write(self.style.SUCCESS(
            f"demo county loaded; e-commerce income booked: ¥{history.sales_total(products)}"))
