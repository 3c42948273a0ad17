from django import template
from django.utils.translation import get_language

from catalog import navigation
from catalog.browsing import price_per_jin

register = template.Library()


@register.filter
def per_jin(price, product):
    """Price per 斤 of goods sold by weight; None for goods of half a kilo or less."""
    if product is None or not product.net_weight_kg or product.net_weight_kg <= 0.5:
        return None
    return price_per_jin(price, product.net_weight_kg)


@register.filter
def category_name(category):
    """A category's name in the page's language (Category.name_en on the English pages); takes a
    category or an item of Oscar's category tree (its CheapCategoryInfo)."""
    node = getattr(category, "category", None) or category
    return node.name_in(get_language()) if hasattr(node, "name_in") else category.name


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (None when absent or when there is no mapping)."""
    return mapping.get(key) if mapping else None


@register.simple_tag
def category_chips():
    return navigation.category_chips()


@register.simple_tag
def category_tree():
    return navigation.category_tree()


@register.simple_tag
def product_breadcrumbs(product):
    return navigation.product_breadcrumbs(product)
