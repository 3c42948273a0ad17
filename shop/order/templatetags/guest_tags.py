from django import template

from core.phones import masked_mobile

register = template.Library()


@register.filter
def buyer_mobile(mobile, user):
    """A guest buyer's mobile as staff may read it: whole for shop staff, masked for coordinators."""
    return mobile if getattr(user, "is_staff", False) else masked_mobile(mobile)
