"""The demo's accounts, whose passwords the README prints, log in only on a laptop (DEBUG on)."""

import pytest
from django.contrib.auth import authenticate, get_user_model

from demo.shopfront import DEMO_PASSWORDS, demo_email


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(DEMO_PASSWORDS))
def test_demo_accounts_log_in_only_when_debug_is_on(settings, role):
    get_user_model().objects.create_user(role, demo_email(role), DEMO_PASSWORDS[role])
    settings.DEBUG = False
    assert authenticate(username=demo_email(role), password=DEMO_PASSWORDS[role]) is None
    assert authenticate(username=role, password=DEMO_PASSWORDS[role]) is None
    settings.DEBUG = True
    assert authenticate(username=demo_email(role), password=DEMO_PASSWORDS[role]) is not None
