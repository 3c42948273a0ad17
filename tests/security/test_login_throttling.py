"""Five wrong passwords lock an account for 15 minutes from that address, on all three logins."""

import datetime

import axes.attempts
import axes.handlers.proxy
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db
HOME, ELSEWHERE = "127.0.0.1", "10.20.30.40"


def oscar_login(client, user, password, address=HOME, login_name=None):
    return client.post(reverse("customer:login"), {
        "login-username": login_name or user.email, "login-password": password, "login_submit": "1"},
        REMOTE_ADDR=address)


def admin_login(client, user, password, address=HOME, login_name=None):
    return client.post(reverse("admin:login"), {
        "username": login_name or user.username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address)


def wagtail_login(client, user, password, address=HOME, login_name=None):
    return client.post(reverse("wagtailadmin_login"), {
        "username": login_name or user.username, "password": password}, REMOTE_ADDR=address)


LOGINS = [oscar_login, admin_login, wagtail_login]


@pytest.fixture
def boss(db):
    return make_user("boss", is_staff=True, is_superuser=True)


@pytest.fixture
def deputy(db):
    return make_user("deputy", is_staff=True, is_superuser=True)


def logged_in(client):
    return "_auth_user_id" in client.session


def fail(login, client, user, times, address=HOME):
    for _ in range(times):
        response = login(client, user, "not-the-password", address)
        assert not logged_in(client)
    return response


def move_clock(monkeypatch, minutes):
    later = timezone.now() + datetime.timedelta(minutes=minutes)
    for module in (timezone, axes.handlers.proxy, axes.attempts):
        monkeypatch.setattr(module, "now", lambda: later)


@pytest.mark.parametrize("login", LOGINS)
def test_five_wrong_passwords_then_the_right_one_is_refused(client, boss, login):
    fail(login, client, boss, 5)
    response = login(client, boss, PASSWORD)
    assert response.status_code == 429 and not logged_in(client)
    page = response.content.decode()
    assert "登录失败次数过多" in page and "15 分钟" in page  # a page, not a bare 403 text
    assert 'id="locked-out"' in page


@pytest.mark.parametrize("login", LOGINS)
def test_four_wrong_passwords_do_not_lock(client, boss, login):
    fail(login, client, boss, 4)
    login(client, boss, PASSWORD)
    assert logged_in(client)


@pytest.mark.parametrize("login", LOGINS)
def test_another_address_and_another_account_are_not_locked(client, boss, deputy, login):
    fail(login, client, boss, 5)
    login(client, boss, PASSWORD, address=ELSEWHERE)
    assert logged_in(client)
    client.logout()
    login(client, deputy, PASSWORD)
    assert logged_in(client)


@pytest.mark.parametrize("login", LOGINS)
def test_after_fifteen_minutes_the_account_opens_again(client, boss, login, monkeypatch):
    fail(login, client, boss, 5)
    move_clock(monkeypatch, 14)
    assert login(client, boss, PASSWORD).status_code == 429 and not logged_in(client)
    move_clock(monkeypatch, 14 + 16)
    login(client, boss, PASSWORD)
    assert logged_in(client)


def test_the_lockout_page_speaks_english_to_an_english_reader(client, boss):
    client.cookies["django_language"] = "en"
    fail(oscar_login, client, boss, 5)
    page = oscar_login(client, boss, PASSWORD).content.decode()
    assert "Too many failed logins" in page and "15 minutes" in page


def test_capitals_and_spaces_do_not_make_another_account(client, boss):
    for name in ("BOSS@example.com", " boss@example.com", "Boss@Example.COM", "boss@example.com ", "boss@example.com"):
        oscar_login(client, boss, "wrong", login_name=name)
    oscar_login(client, boss, PASSWORD)
    assert not logged_in(client)


def test_a_successful_login_clears_the_failures(client, boss):
    fail(oscar_login, client, boss, 4)
    oscar_login(client, boss, PASSWORD)
    assert logged_in(client)
    client.logout()
    fail(oscar_login, client, boss, 4)
    oscar_login(client, boss, PASSWORD)
    assert logged_in(client)


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(client, boss, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"):
        # A client cannot dodge the lock by sending its own X-Forwarded-For: the proxy appends.
        client.post(reverse("customer:login"), {
            "login-username": boss.email, "login-password": "wrong", "login_submit": "1"},
            REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.7")
    response = client.post(reverse("customer:login"), {
        "login-username": boss.email, "login-password": PASSWORD, "login_submit": "1"},
        REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert response.status_code == 429
    client.post(reverse("customer:login"), {
        "login-username": boss.email, "login-password": PASSWORD, "login_submit": "1"},
        REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert logged_in(client)


def test_registering_still_logs_the_new_buyer_in(client, county):
    # Oscar authenticates the new account without the request; throttling must not break it.
    response = client.post(reverse("customer:login"), {
        "registration-email": "new-buyer@example.com", "registration-password1": "a-long-new-password-42",
        "registration-password2": "a-long-new-password-42", "registration_submit": "1"})
    assert response.status_code == 302
    assert logged_in(client)
    assert get_user_model().objects.filter(email="new-buyer@example.com").exists()


def test_failures_count_per_account_whichever_login_and_name_they_used(client, boss):
    fail(oscar_login, client, boss, 3)  # by e-mail address
    fail(admin_login, client, boss, 2)  # by user name
    wagtail_login(client, boss, PASSWORD)
    assert not logged_in(client)
