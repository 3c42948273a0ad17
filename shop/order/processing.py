"""Oscar's order EventHandler, bound to the platform's order lifecycle.

Every screen of Oscar that changes an order's status (the dashboard's order page and its order
list's bulk action) calls `handle_order_status_change`; here it can only cancel (before loading)
or refund (after delivery), through the same functions the platform's own pages use. Transit
statuses follow the parcels and cannot be asked for.
"""

from typing import Any

from django.core.exceptions import ValidationError
from oscar.apps.order import exceptions
from oscar.apps.order.processing import EventHandler as OscarEventHandler

from shop.order import lifecycle
from shop.order.status import CANCELLED
from shop.payments.refunds import lines_with_refunds, refund_order


class EventHandler(OscarEventHandler):
    def handle_order_status_change(self, order: Any, new_status: str, note_msg: str | None = None) -> None:
        allowed = lifecycle.requestable_statuses(order, self.user) if self.user else []
        if new_status not in allowed:
            raise exceptions.InvalidOrderStatus(lifecycle.refusal_of(order, new_status))
        try:
            if new_status == CANCELLED:
                lifecycle.cancel_order(order, by=self.user, reason=note_msg or "")
            else:
                # The whole remaining delivered order, shipping included; by line from the refund page.
                quantities = {line.pk: line.refundable for line in lines_with_refunds(order) if line.refundable > 0}
                refund_order(order, quantities=quantities, include_shipping=True, reason=note_msg or "", by=self.user)
        except ValidationError as exc:
            raise exceptions.InvalidOrderStatus(" ".join(exc.messages)) from exc
        order.refresh_from_db()
        if note_msg:
            self.create_note(order, note_msg)
