"""Authentication backends that refuse the README's demo accounts outside development."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
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
