"""Book what orders delivered before this app existed would have booked at delivery.

Household income entries of those sales and refunds are linked to their order lines, and the
platform's margin and shipping amounts (and their reversals on refunds) are booked, with the same
references the booking code uses, so the monthly reconciliation covers the old orders too and a
later settlement books nothing twice.
"""

import re
from decimal import Decimal

from django.db import migrations
from django.db.models import Sum
from django.utils import timezone

LINE_OF_ENTRY = re.compile(r"^(?:sale|refund:[0-9a-f-]+):line-(\d+):household-\d+$")


def backfill(apps, schema_editor):
    IncomeEntry = apps.get_model("households", "IncomeEntry")
    Line = apps.get_model("order", "Line")
    LineIncome = apps.get_model("settlement", "LineIncome")
    PlatformEntry = apps.get_model("settlement", "PlatformEntry")
    Consignment = apps.get_model("logistics", "Consignment")
    Refund = apps.get_model("online_payments", "Refund")

    linked = set(LineIncome.objects.values_list("entry_id", flat=True))
    order_of_line = dict(Line.objects.values_list("pk", "order_id"))
    for entry_id, reference in IncomeEntry.objects.filter(reference__contains=":line-").values_list("pk", "reference"):
        match = LINE_OF_ENTRY.match(reference)
        if match and entry_id not in linked and int(match.group(1)) in order_of_line:
            line_id = int(match.group(1))
            LineIncome.objects.create(entry_id=entry_id, line_id=line_id, order_id=order_of_line[line_id])

    def book(order_id, line_id, account, amount, on, reference):
        if amount:
            PlatformEntry.objects.get_or_create(reference=reference, defaults={
                "order_id": order_id, "line_id": line_id, "account": account, "amount": amount, "date": on})

    def household_total(prefix):
        return IncomeEntry.objects.filter(reference__startswith=prefix).aggregate(s=Sum("amount"))["s"] or Decimal("0")

    for consignment in Consignment.objects.filter(status="delivered").select_related("order"):
        event = consignment.events.filter(kind="delivered").order_by("happened_at").first()
        on = timezone.localtime(event.happened_at).date() if event else timezone.localdate()
        lines = Line.objects.filter(order_id=consignment.order_id,
                                    stockrecord__partner__village_id=consignment.village_id)
        for line in lines:
            book(line.order_id, line.pk, "margin", line.line_price_incl_tax - household_total(f"sale:line-{line.pk}:"),
                 on, f"margin:line-{line.pk}")
        order = consignment.order
        if not Consignment.objects.filter(order_id=order.pk).exclude(status="delivered").exists():
            book(order.pk, None, "shipping", order.shipping_incl_tax, on, f"shipping:order-{order.pk}")

    for refund in Refund.objects.prefetch_related("lines__line"):
        on = timezone.localtime(refund.created_at).date()
        for refund_line in refund.lines.all():
            line = refund_line.line
            amount = line.unit_price_incl_tax * refund_line.quantity
            back = -household_total(f"refund:{refund.key}:line-{line.pk}:household-")
            book(line.order_id, line.pk, "margin", -(amount - back), on, f"refund:{refund.key}:line-{line.pk}:margin")
        if refund.shipping:
            book(refund.order_id, None, "shipping", -refund.shipping, on, f"refund:{refund.key}:shipping")


class Migration(migrations.Migration):
    dependencies = [
        ("settlement", "0001_initial"),
        ("households", "0001_initial"),
        ("logistics", "0002_alter_consignment_status_alter_trackingevent_kind"),
        ("online_payments", "0002_refunds"),
    ]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
