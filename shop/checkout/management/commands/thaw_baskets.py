from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from shop.checkout.abandoned import thaw_abandoned_baskets


def positive_minutes(value: str) -> int:
    try:
        minutes = int(value)
    except ValueError:
        raise CommandError(f"minutes must be a whole number, not {value!r}") from None
    if minutes < 1:
        raise CommandError("minutes must be at least 1")
    return minutes


class Command(BaseCommand):
    help = ("Give buyers back the goods of checkouts abandoned with the basket frozen (no order, no payment "
            "through or under way) for longer than CHECKOUT_FROZEN_BASKET_MINUTES. Run it periodically, e.g. "
            "every 10 minutes from cron.")

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=positive_minutes,
                            help=f"frozen for longer than this; default {settings.CHECKOUT_FROZEN_BASKET_MINUTES}")

    def handle(self, *args, minutes=None, **options):
        minutes = minutes or settings.CHECKOUT_FROZEN_BASKET_MINUTES
        report = thaw_abandoned_baskets(older_than=timedelta(minutes=minutes))
        for basket_id, why in sorted(report.kept.items()):
            self.stdout.write(f"basket {basket_id} stays frozen: {why}")
        self.stdout.write(f"{len(report.thawed)} basket(s) frozen for more than {minutes} minutes thawed"
                          + (f": {', '.join(map(str, report.thawed))}" if report.thawed else ""))
