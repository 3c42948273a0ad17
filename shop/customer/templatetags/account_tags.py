from django import template

from core.names import full_name

register = template.Library()


@register.filter
def person_name(user) -> str:
    """The user's name in the order their language writes it (core.names)."""
    return full_name(given=getattr(user, "first_name", ""), family=getattr(user, "last_name", ""))
