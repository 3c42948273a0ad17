"""A buyer who forgot the password gets a reset mail that links to the real site; a flood of
resets to one address, or from one client, sends nothing more."""

import re

import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def ask_reset(client, email):
    return client.post(reverse("password-reset"), {"email": email}, follow=True)


def test_the_reset_mail_links_to_the_configured_domain(client, county, settings):
    ask_reset(client, county.buyer.email)
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s\"]+", mail.outbox[0].body).group(0)
    assert link.startswith(f"{settings.OSCAR_URL_SCHEMA}://testserver/") and "example.com" not in mail.outbox[0].body
    assert Site.objects.get_current().domain == "testserver"


def test_three_resets_an_hour_reach_one_address(client, county):
    for n in range(5):
        page = ask_reset(type(client)(REMOTE_ADDR=f"10.0.2.{n}"), county.buyer.email)
        assert page.status_code == 200  # the same page each time: it says nothing of the limit
    assert len(mail.outbox) == 3


def test_ten_resets_an_hour_leave_one_client(client, county, django_user_model):
    users = [django_user_model.objects.create_user(f"u{n}", f"u{n}@example.com", "a-long-test-password")
             for n in range(12)]
    for user in users:
        ask_reset(client, user.email)
    assert len(mail.outbox) == 10
    assert {m.to[0] for m in mail.outbox} == {u.email for u in users[:10]}


def test_the_site_refuses_to_start_without_its_domain_when_debug_is_off():
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("SITE_DOMAIN", "DEBUG")}
    env["SECRET_KEY"] = "x" * 50
    run = [sys.executable, "-c", "import config.settings"]
    refused = subprocess.run(run, env=env, capture_output=True, text=True)
    assert refused.returncode != 0 and "SITE_DOMAIN must name the site's host" in refused.stderr
    assert subprocess.run(run, env={**env, "SITE_DOMAIN": "example.com"}, capture_output=True).returncode != 0
    assert subprocess.run(run, env={**env, "SITE_DOMAIN": "shop.linkou.cn"}, capture_output=True).returncode == 0
