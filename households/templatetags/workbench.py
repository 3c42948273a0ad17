from decimal import Decimal

from django import template

from households.monitoring import NEAR_LINE

register = template.Library()


@register.filter
def income_band(per_person, lines):
    """"low" under the monitoring line, "near" within 10 % above it, else "ok" (CSS classes)."""
    if per_person is None or lines is None or lines.watch is None:
        return ""
    per_person = Decimal(per_person)
    if per_person < lines.watch:
        return "low"
    if per_person < lines.watch * (1 + NEAR_LINE):
        return "near"
    return "ok"


@register.filter
def yuan(value):
    if value in (None, ""):
        return "—"
    return f"¥{Decimal(value):,.2f}"


@register.filter
def person_name(user):
    """A person's name the Chinese way, family name first (王建国), else the user name."""
    if not user:
        return ""
    return f"{user.last_name}{user.first_name}".strip() or user.get_username()
