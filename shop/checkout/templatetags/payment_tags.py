from django import template

from shop.checkout.payment_methods import source_label

register = template.Library()


@register.filter
def payment_source(source_type):
    """The source type in the reader's language ("货到付款"), not its stored name."""
    return source_label(source_type)
