import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from settlement.reconciliation import reconcile


def parse_month(value: str) -> datetime.date:
    try:
        month = datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise CommandError(f"month must look like 2026-11, not {value!r}") from None
    if not 2000 <= month.year <= 2100:
        raise CommandError("month must be between 2000-01 and 2100-12")
    return month


class Command(BaseCommand):
    help = ("Monthly money reconciliation of the orders placed in a month: what buyers paid against refunds, "
            "household income and the platform's named amounts. Exits with status 1 when they differ.")

    def add_arguments(self, parser):
        parser.add_argument("--month", type=parse_month, help="YYYY-MM; default: last month")

    def handle(self, *args, month=None, **options):
        if month is None:
            month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
        report = reconcile(month=month)
        rows = [("orders placed", report.orders), ("paid by buyers", report.paid), ("refunded", report.refunded),
                ("household income", report.households), ("shipping", report.shipping), ("margin", report.margin),
                ("logistics loss", report.logistics_loss),
                (f"in transit ({report.unsettled_orders} orders)", report.in_transit),
                ("difference (settled orders)", report.difference)]
        self.stdout.write(f"Reconciliation {report.month:%Y-%m}")
        for label, value in rows:
            self.stdout.write(f"  {label:<32} {value:>14}")
        for row in report.mismatched:
            self.stdout.write(self.style.ERROR(
                f"  order {row['number']} ({row['status']}): paid {row['paid']} but difference {row['difference']}"))
        if not report.balanced:
            raise CommandError("the month does not reconcile")
        self.stdout.write(self.style.SUCCESS("  every fen is accounted for"))
