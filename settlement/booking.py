"""Booking a sale's money when its goods are delivered, and taking it back on refunds and claims.

At delivery each order line's price is split, to the fen, between the households whose supply lots
the units came from (their lots' unit prices, in their income ledgers) and the platform's margin
(the rest); the order's shipping charge is booked to the platform when its last parcel arrives.
A refund takes back exactly what the refunded units booked. Who bears it depends on the cause:
for a quality fault the households' entries are reversed lot by lot; for goods broken or lost in
transit the households keep their income and the refund is the platform's logistics loss.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import ExpressionWrapper, F, Sum
from oscar.core.loading import get_model

from catalog.models import LotAllocation
from core.money import MONEY, ZERO, round_to_fen
from households.ledger import book_income, reverse_entry
from households.models import Household, IncomeEntry, IncomeSource
from logistics.models import Consignment
from settlement.models import Liability, LineIncome, PlatformAccount, PlatformEntry

Line = get_model("order", "Line")


def settlement_reference(line_id: int, household_id: int) -> str:
    return f"sale:line-{line_id}:household-{household_id}"


def _book_platform(*, order_id: int, line_id: int | None, account: str, amount: Decimal, on: datetime.date,
                   reference: str, description: str = "") -> PlatformEntry | None:
    if not amount:
        return None
    entry, _created = PlatformEntry.objects.get_or_create(
        reference=reference,
        defaults={"order_id": order_id, "line_id": line_id, "account": account, "date": on,
                  "amount": round_to_fen(amount), "description": description})
    return entry


def _link(entry: IncomeEntry, line: Any) -> None:
    LineIncome.objects.get_or_create(entry=entry, defaults={"order_id": line.order_id, "line": line})


@transaction.atomic
def settle_consignment(consignment: Consignment, *, on: datetime.date) -> list[IncomeEntry]:
    """Book a delivered consignment's money; settling again books nothing again.

    Returns the household income entries created now.
    """
    lines = list(Line.objects.filter(order_id=consignment.order_id,
                                     stockrecord__partner__village_id=consignment.village_id).order_by("pk"))
    rows = (LotAllocation.objects.filter(order_line__in=lines)
            .values("order_line", "lot__household")
            .annotate(amount=Sum(ExpressionWrapper(F("quantity") * F("lot__unit_price"), output_field=MONEY)),
                      units=Sum("quantity"))
            .order_by("order_line", "lot__household"))
    households = Household.objects.in_bulk({row["lot__household"] for row in rows})
    by_line = {line.pk: line for line in lines}
    to_households = dict.fromkeys(by_line, ZERO)
    created = []
    number = consignment.order.number
    for row in rows:
        line = by_line[row["order_line"]]
        entry, is_new = book_income(
            household=households[row["lot__household"]], date=on, source=IncomeSource.ECOMMERCE,
            amount=row["amount"], reference=settlement_reference(line.pk, row["lot__household"]),
            description=f"#{number} × {row['units']}")
        _link(entry, line)
        to_households[line.pk] += entry.amount
        if is_new:
            created.append(entry)
    for line in lines:
        _book_platform(order_id=line.order_id, line_id=line.pk, account=PlatformAccount.MARGIN,
                       amount=line.line_price_incl_tax - to_households[line.pk], on=on,
                       reference=f"margin:line-{line.pk}", description=f"#{number}")
    order = consignment.order
    if not order.consignments.exclude(status=Consignment.Status.DELIVERED).exists():
        _book_platform(order_id=order.pk, line_id=None, account=PlatformAccount.SHIPPING,
                       amount=order.shipping_incl_tax, on=on, reference=f"shipping:order-{order.pk}",
                       description=f"#{number}")
    return created


def household_shares(line: Any, *, skip: int, take: int) -> dict[int, Decimal]:
    """{household_id: amount} for units skip..skip+take of the line, the last-allocated lot first.

    Refunds of a line take its units back in this fixed order, so repeated partial refunds never
    take the same unit twice.
    """
    shares: dict[int, Decimal] = {}
    position = 0
    for allocation in line.lot_allocations.select_related("lot").order_by("-allocated_at", "-pk"):
        start, end = position, position + allocation.quantity
        position = end
        units = max(0, min(end, skip + take) - max(start, skip))
        if units:
            household = allocation.lot.household_id
            shares[household] = shares.get(household, ZERO) + units * allocation.lot.unit_price
    return shares


@transaction.atomic
def reverse_refunded_units(line: Any, *, skip: int, take: int, amount: Decimal, liability: str, key: str,
                           on: datetime.date, order_number: str) -> None:
    """Take back what `take` refunded units of a delivered line booked (units skip..skip+take).

    `amount` is what the buyer gets back for them. For a quality fault the households' entries
    are reversed lot by lot and the margin bears the rest; for transit damage or loss the
    households keep their income and the whole amount is the platform's logistics loss.
    """
    if liability == Liability.TRANSIT:
        _book_platform(order_id=line.order_id, line_id=line.pk, account=PlatformAccount.LOGISTICS_LOSS,
                       amount=-amount, on=on, reference=f"refund:{key}:line-{line.pk}:loss",
                       description=f"#{order_number} −{take}")
        return
    back_from_households = ZERO
    for household_id, share in household_shares(line, skip=skip, take=take).items():
        entry = IncomeEntry.objects.get(reference=settlement_reference(line.pk, household_id))
        reversal, _created = reverse_entry(
            entry, date=on, amount=share, reference=f"refund:{key}:line-{line.pk}:household-{household_id}",
            description=f"#{order_number} −{take}")
        _link(reversal, line)
        back_from_households += share
    _book_platform(order_id=line.order_id, line_id=line.pk, account=PlatformAccount.MARGIN,
                   amount=-(amount - back_from_households), on=on, reference=f"refund:{key}:line-{line.pk}:margin",
                   description=f"#{order_number} −{take}")


def reverse_refunded_shipping(order: Any, *, amount: Decimal, key: str, on: datetime.date) -> None:
    _book_platform(order_id=order.pk, line_id=None, account=PlatformAccount.SHIPPING, amount=-amount, on=on,
                   reference=f"refund:{key}:shipping", description=f"#{order.number}")
