"""Turning delivered goods into household income."""

from django.db.models import DecimalField, ExpressionWrapper, F, Sum
from django.utils import timezone

from catalog.models import LotAllocation
from households.ledger import book_income
from households.models import Household, IncomeSource

MONEY = DecimalField(max_digits=14, decimal_places=2)


def settlement_reference(line_id, household_id):
    return f"sale:line-{line_id}:household-{household_id}"


def settle_consignment(consignment, *, on=None):
    """Book one e-commerce income entry per household per order line of the consignment.

    The amount is the household's units times its lots' unit prices. Settling again books
    nothing again (each entry's reference is unique). Returns the entries created now.
    """
    on = on or timezone.localdate()
    rows = (LotAllocation.objects
            .filter(order_line__order=consignment.order, lot__household__village=consignment.village)
            .values("order_line", "order_line__order__number", "lot__household")
            .annotate(amount=Sum(ExpressionWrapper(F("quantity") * F("lot__unit_price"), output_field=MONEY)),
                      units=Sum("quantity"))
            .order_by("order_line", "lot__household"))
    households = Household.objects.in_bulk({row["lot__household"] for row in rows})
    created = []
    for row in rows:
        entry, is_new = book_income(
            household=households[row["lot__household"]], date=on, source=IncomeSource.ECOMMERCE,
            amount=row["amount"], reference=settlement_reference(row["order_line"], row["lot__household"]),
            description=f"#{row['order_line__order__number']} × {row['units']}")
        if is_new:
            created.append(entry)
    return created
