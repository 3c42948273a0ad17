from django.core.management.base import BaseCommand

from households.monitoring import recompute


class Command(BaseCommand):
    help = ("Recompute the monitoring warnings of every household from the ledger and the supply "
            "(run daily, e.g. from cron; bookings also recompute their own households).")

    def handle(self, *args, **options):
        counts = recompute()
        self.stdout.write("warnings: {opened} opened, {updated} updated, {cleared} cleared".format(**counts))
