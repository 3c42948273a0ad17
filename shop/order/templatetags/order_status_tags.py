from django import template

from shop.order.status import label

register = template.Library()


@register.filter
def order_status(status):
    """{{ order.status|order_status }}: the buyer's word for it."""
    return label(status)
