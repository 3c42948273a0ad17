"""E-mails about an order, sent through Oscar's OrderDispatcher (which also records Oscar's
communication event when the event type exists). Works without a request: the hub, the
webhook and management commands send them too."""

import logging
from typing import Any

from django.conf import settings
from django.contrib.sites.models import Site
from django.urls import reverse
from oscar.core.loading import get_class

from core import sms

OrderDispatcher = get_class("order.utils", "OrderDispatcher")
logger = logging.getLogger(__name__)


def status_path(order: Any) -> str:
    """Where the buyer follows the order: their account, or for a guest the lookup by number + mobile."""
    if order.user_id is None:
        return f"{reverse('guest-order-lookup')}?number={order.number}"
    return reverse("customer:order", kwargs={"order_number": order.number})


def message_context(order: Any, **extra: Any) -> dict[str, Any]:
    return {"user": order.user, "order": order, "lines": order.lines.all(), "status_path": status_path(order),
            **extra}


def send_order_message(order: Any, event_code: str, **extra: Any) -> None:
    if order.user_id is None and not order.guest_email:
        # A guest who gave only a mobile number: the thank-you page and the order lookup tell them.
        return
    dispatcher = OrderDispatcher(logger=logger)
    messages = dispatcher.dispatcher.get_messages(event_code, message_context(order, **extra))
    dispatcher.dispatch_order_messages(order, messages, event_code)


def text_order_number(order: Any) -> None:
    """The order number to the guest's verified mobile (core.sms; a provider that is down is logged)."""
    sms.send(mobile=order.guest_mobile, kind="order_placed", params={"number": order.number})


def send_confirmation(order: Any) -> None:
    """Oscar's order confirmation (ORDER_PLACED) through its OrderDispatcher, which also records the
    CommunicationEvent. Needs no request: Stripe's webhook has none."""
    # Oscar's templates link the status page (built from the site's domain and status_path) only
    # when status_url is set, as its checkout view sets it.
    schema = settings.OSCAR_URL_SCHEMA  # type: ignore[misc]  # Oscar's default, star-imported in settings
    status_url = f"{schema}://{Site.objects.get_current().domain}{status_path(order)}"
    send_order_message(order, OrderDispatcher.ORDER_PLACED_EVENT_CODE, status_url=status_url)
