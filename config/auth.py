"""Authentication backends that refuse the README's demo accounts outside development."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q
from oscar.apps.customer.auth_backends import EmailBackend


def is_demo_account(user):
    return (user.email or "").lower().endswith("@" + settings.DEMO_EMAIL_DOMAIN)


class DemoAwareMixin:
    def user_can_authenticate(self, user):
        if is_demo_account(user) and not settings.DEBUG:
            return False
        return super().user_can_authenticate(user)


class DemoAwareEmailBackend(DemoAwareMixin, EmailBackend):
    pass


class DemoAwareModelBackend(DemoAwareMixin, ModelBackend):
    pass


# --- Login throttling (django-axes, settings AXES_*) -------------------------------------------

class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' backend (first in AUTHENTICATION_BACKENDS): refuses every login of an
    account that is locked for the client's address; it logs no one in itself.

    Every login form passes the request to authenticate(). Oscar's registration does not: it
    authenticates the account it has just created with the password just chosen, which is no
    guess to throttle, so without a request there is nothing to check (django-axes would raise
    and registration would fail).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def login_name(request, credentials=None):
    """The account a login attempt is for, as django-axes counts it.

    People log in by e-mail address (Oscar) or by user name (Django admin, Wagtail), with any
    capitals and spaces; django-axes itself, clearing the count after a successful login, names
    the account by its user name. So the name given is looked up and the account's user name
    used whenever it names exactly one account: five wrong passwords for one account lock it
    however they were typed, and a success clears them.
    """
    name = None
    if credentials:
        name = credentials.get("username") or credentials.get("email")
    if name is None and request is not None:
        data = getattr(request, "POST", {})
        name = data.get("username") or data.get("login-username")
    if not name:
        return None
    name = str(name).strip()[:254]
    User = get_user_model()
    field = User.USERNAME_FIELD
    accounts = set(User.objects.filter(Q(**{f"{field}__iexact": name}) | Q(email__iexact=name))
                   .values_list(field, flat=True)[:2])
    if len(accounts) == 1:
        name = accounts.pop()
    return name.lower()


def locked_out(request, original_response=None, credentials=None):
    """The page shown instead of a login form while the account is locked for this address."""
    from django.shortcuts import render

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "security/locked_out.html", {
        "failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes,
    }, status=429)
