from django import template

from shop.checkout.payment_methods import source_label

register = template.Library()


@register.filter
def payment_source(source_type):
    """"货到付款" rather than the stored "Cash on delivery / 货到付款"."""
    return source_label(source_type)
