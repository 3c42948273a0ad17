from decimal import Decimal

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from core.money import yuan as _yuan
from households.wording import warning_sentence as _warning_sentence

register = template.Library()


@register.filter
def income_band(per_person, lines):
    """"low" under the monitoring line, "near" within 10 % above it, else "ok" (CSS classes)."""
    if per_person is None or lines is None:
        return ""
    return lines.band(Decimal(per_person))


@register.filter
def warning_sentence(warning):
    """{{ warning|warning_sentence }}: what the warning says, with its figures, in the reader's language."""
    return _warning_sentence(warning)


@register.filter
def yuan(value):
    return "—" if value in (None, "") else _yuan(value)


@register.simple_tag
def rollup_url():
    """Where the leaders' roll-up starts: the project names it (settings.HOUSEHOLDS_ROLLUP_URL, a
    URL name), so that this app knows no app above it."""
    name = getattr(settings, "HOUSEHOLDS_ROLLUP_URL", "")
    try:
        return reverse(name) if name else ""
    except NoReverseMatch:
        return ""


@register.filter
def person_name(user):
    """A person's name the Chinese way, family name first (王建国), else the user name."""
    if not user:
        return ""
    return f"{user.last_name}{user.first_name}".strip() or user.get_username()
