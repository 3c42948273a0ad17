"""Taking stock for an order without selling the same unit twice.

Oscar allocates stock without a row lock, so two buyers of the last unit could both succeed.
Placing an order therefore first locks the stock records it takes, always in primary-key
order (two orders locking in the same order cannot deadlock), and refuses when any is short.
The locks are held until the order's transaction commits. Lots that expired since the hourly
check are written off under the same locks first (catalog.expiry), so stale goods are never sold.
"""

import datetime
from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.apps.order.exceptions import UnableToPlaceOrder
from oscar.core.loading import get_model

from catalog.expiry import write_off_expired

StockRecord = get_model("partner", "StockRecord")


class StockShortage(UnableToPlaceOrder):
    pass


def lock_stock_for(lines, *, on: datetime.date | None = None):
    """lines: (stockrecord_id, quantity) pairs. Locks the records; raises StockShortage if short.

    Must run inside the transaction that then allocates the stock, on the day `on` (today unless
    the demo's history places an order in the past): lots expired by then are written off first.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_stock_for() must run inside the order's transaction")
    wanted = Counter()
    for stockrecord_id, quantity in lines:
        wanted[stockrecord_id] += quantity
    locked = StockRecord.objects.select_for_update().filter(pk__in=wanted).select_related("product").order_by("pk")
    list(locked)  # the locks, in primary-key order, before the write-off reads them
    if write_off_expired(on=on or timezone.localdate(), stockrecord_ids=wanted):
        locked = locked.all()  # read again: the stock dropped
    records = list(locked)
    for record in records:
        if record.product.get_product_class().track_stock and record.net_stock_level < wanted[record.pk]:
            raise StockShortage(
                _("Sorry, only %(left)s × %(product)s left; someone else has just bought the rest. "
                  "Your basket is as it was and nothing was charged.")
                % {"left": max(record.net_stock_level, 0), "product": record.product.get_title()})
    return records


def lock_basket_stock(basket, *, on: datetime.date | None = None):
    return lock_stock_for(((line.stockrecord_id, line.quantity) for line in basket.all_lines()), on=on)
