from django import template

from shop.checkout.order_status import label

register = template.Library()


@register.filter
def order_status(status):
    return label(status)
