from django import template
from django.utils.translation import get_language

from catalog import navigation
from catalog.browsing import price_per_jin
from catalog.thumbnails import PrebuiltThumbnailer

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


@register.simple_tag
def sharp_srcset(image, size: str, sharp_size: str, **options) -> str:
    """'a.jpg 440w, b.jpg 800w': an image's thumbnail and its twice-as-large one, for a phone's
    sharp screen; empty while the large one is not made or is no larger (a small original)."""
    from oscar.core.thumbnails import get_thumbnailer

    thumbnailer = get_thumbnailer()
    small = thumbnailer.generate_thumbnail(image, size=size, **options)
    large = thumbnailer.generate_thumbnail(image, size=sharp_size, **options)
    placeholder = PrebuiltThumbnailer.placeholder(sharp_size).url
    if large.url in (placeholder, small.url) or not (small.width and large.width and large.width > small.width):
        return ""
    return f"{small.url} {small.width}w, {large.url} {large.width}w"
