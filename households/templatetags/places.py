"""{{ name|place }}: a place's name in the page's language (core.places)."""

from django import template

from core.places import localised

register = template.Library()


@register.filter
def place(name):
    return localised(str(name or ""))
