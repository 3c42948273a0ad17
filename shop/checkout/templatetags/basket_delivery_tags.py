from django import template

from shop.checkout.delivery import basket_delivery as delivery_of

register = template.Library()


@register.simple_tag(name="basket_delivery")
def basket_delivery(basket, transit):
    """The basket's estimate to the province the buyer is shown (logistics' buyer_province)."""
    return delivery_of(basket, transit=transit)
