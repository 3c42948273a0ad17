"""Monthly money reconciliation: every fen a buyer paid ends in exactly one place.

For the orders placed in a month, what buyers paid (online payments debited, cash on delivery
collected) must equal, order by order, what was refunded to them, plus the households' income
booked for the goods, plus the platform's named amounts (shipping, margin, logistics losses).
Payments and refunds are read from Oscar's payment sources (debited and refunded amounts), which
every payment and every refund moves, whoever made it — a refund made in Stripe's own dashboard
included, so money that went back without the households' entries reversed shows as a difference.
That holds once an order is settled: cancelled, or every parcel delivered (and, for cash on
delivery, the cash collected). Orders still travelling hold their money "in transit" and are shown
apart. Any settled order whose sides differ is listed. Every figure is summed in SQL.
"""

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from oscar.core.loading import get_model

from core.money import MONEY, ZERO, round_to_fen
from households.models import IncomeEntry
from logistics.models import Consignment
from settlement.models import PlatformAccount, PlatformEntry

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
SETTLED_CONSIGNMENT = [Consignment.Status.DELIVERED, Consignment.Status.CANCELLED]


def _sum(queryset: Any, column: str) -> Coalesce:
    """A correlated subquery: the sum of `column` over `queryset` rows of the outer order."""
    rows = queryset.filter(order=OuterRef("pk")).order_by().values("order").annotate(s=Sum(column)).values("s")
    return Coalesce(Subquery(rows, output_field=MONEY), Value(ZERO), output_field=MONEY)


def orders_with_money(orders: Any) -> Any:
    """Annotate orders with each place their money went, and whether they are settled."""
    platform = PlatformEntry.objects.all()
    open_parcels = Consignment.objects.filter(order=OuterRef("pk")).exclude(status__in=SETTLED_CONSIGNMENT)
    uncollected_cash = Source.objects.filter(order=OuterRef("pk"), source_type__code="cash-on-delivery",
                                             amount_debited__lt=F("amount_allocated"))
    household = (IncomeEntry.objects.filter(sale__order=OuterRef("pk")).order_by().values("sale__order")
                 .annotate(s=Sum("amount")).values("s"))
    annotated = orders.annotate(
        paid=_sum(Source.objects.all(), "amount_debited"),
        refunded=_sum(Source.objects.all(), "amount_refunded"),
        households=Coalesce(Subquery(household, output_field=MONEY), Value(ZERO), output_field=MONEY),
        shipping=_sum(platform.filter(account=PlatformAccount.SHIPPING), "amount"),
        margin=_sum(platform.filter(account=PlatformAccount.MARGIN), "amount"),
        logistics_loss=_sum(platform.filter(account=PlatformAccount.LOGISTICS_LOSS), "amount"),
        travelling=Exists(open_parcels),
        cash_due=Exists(uncollected_cash),
    ).annotate(
        difference=ExpressionWrapper(
            F("paid") - F("refunded") - F("households") - F("shipping") - F("margin") - F("logistics_loss"),
            output_field=MONEY),
    )
    return annotated.annotate(settled_flag=ExpressionWrapper(
        Q(status="Cancelled") | (Q(travelling=False) & Q(cash_due=False)), output_field=BooleanField()))


@dataclass
class Reconciliation:
    month: datetime.date
    orders: int = 0
    paid: Decimal = ZERO
    refunded: Decimal = ZERO
    households: Decimal = ZERO
    shipping: Decimal = ZERO
    margin: Decimal = ZERO
    logistics_loss: Decimal = ZERO
    in_transit: Decimal = ZERO
    unsettled_orders: int = 0
    difference: Decimal = ZERO
    mismatched: list[Any] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return self.difference == ZERO and not self.mismatched


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime(month.year, month.month, 1, tzinfo=tz)
    days = calendar.monthrange(month.year, month.month)[1]
    return start, start + datetime.timedelta(days=days)


def reconcile(*, month: datetime.date) -> Reconciliation:
    """The reconciliation of the orders placed in `month` (any day of it)."""
    start, end = month_bounds(month)
    orders = orders_with_money(Order.objects.filter(date_placed__gte=start, date_placed__lt=end))
    names = ["paid", "refunded", "households", "shipping", "margin", "logistics_loss"]
    settled = orders.filter(settled_flag=True)
    # Aggregate aliases must differ from the annotations they add up (Django would replace them).
    totals = orders.aggregate(**{f"total_{name}": Coalesce(Sum(name), Value(ZERO), output_field=MONEY)
                                 for name in names})
    amounts = {name: round_to_fen(totals[f"total_{name}"]) for name in names}
    report = Reconciliation(month=start.date(), orders=orders.count(), paid=amounts["paid"],
                            refunded=amounts["refunded"], households=amounts["households"],
                            shipping=amounts["shipping"], margin=amounts["margin"],
                            logistics_loss=amounts["logistics_loss"])
    unsettled = orders.filter(settled_flag=False).aggregate(
        n=Coalesce(Sum(Value(1)), Value(0)), held=Coalesce(Sum("difference"), Value(ZERO), output_field=MONEY))
    report.unsettled_orders, report.in_transit = unsettled["n"], round_to_fen(unsettled["held"])
    report.difference = round_to_fen(
        settled.aggregate(d=Coalesce(Sum("difference"), Value(ZERO), output_field=MONEY))["d"])
    report.mismatched = list(settled.exclude(difference=ZERO).order_by("date_placed", "pk")
                             .values("number", "status", "paid", "refunded", "households", "shipping", "margin",
                                     "logistics_loss", "difference"))
    return report
