"""Redis away: the shop keeps serving — pages, signing in, the basket, checkout — with the cache
degraded to none and the sessions in the database, and it is back on Redis by itself."""

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from catalog.supply import record_supply
from config import cache as platform_cache
from tests.factories import PASSWORD
from tests.helpers import add_to_basket, give_mobile

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_own_redis(own_redis, county, stories_index, monkeypatch):
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=5,
                  unit_price="60")
    options = {"socket_connect_timeout": 0.5, "socket_timeout": 1}
    monkeypatch.setattr(platform_cache, "RETRY_SECONDS", 0)  # try Redis again at once (the test restarts it)
    with override_settings(
            CACHES={"default": {"BACKEND": "config.cache.MemoRedisCache", "LOCATION": own_redis.url,
                                "OPTIONS": options},
                    "sessions": {"BACKEND": "config.cache.DegradingRedisCache", "LOCATION": own_redis.url,
                                 "KEY_PREFIX": "session", "OPTIONS": options}},
            SESSION_ENGINE="django.contrib.sessions.backends.cached_db", SESSION_CACHE_ALIAS="sessions"):
        yield county, own_redis
        for alias in ("default", "sessions"):
            caches[alias].close()


def sign_in(client, user):
    return client.post(reverse("customer:login"), {"login-username": user.email, "login-password": PASSWORD,
                                                    "login_submit": "1"}, follow=True)


def test_with_redis_stopped_pages_sign_in_and_the_basket_still_work(client, on_own_redis):
    county, server = on_own_redis
    assert client.get("/").status_code == 200
    server.stop()
    for url in ("/", reverse("catalogue:index"), county.honey.get_absolute_url(), reverse("customer:login")):
        assert client.get(url).status_code == 200, url
    response = sign_in(client, county.buyer)
    assert response.status_code == 200 and response.context["user"] == county.buyer
    add_to_basket(client, county.honey, 1)
    page = client.get(reverse("basket:summary"))
    assert page.status_code == 200 and page.context["basket"].num_items == 1
    assert client.get(reverse("checkout:shipping-address")).status_code == 200


def test_with_redis_stopped_a_guest_gets_a_code_and_checks_out(client, on_own_redis, sms_outbox):
    """The one-time codes live in the database (households.onetime), not the cache."""
    county, server = on_own_redis
    server.stop()
    add_to_basket(client, county.honey, 1)
    response = give_mobile(client, "13945100001")
    assert response.redirect_chain[-1][0] == reverse("checkout:shipping-address")
    assert len(sms_outbox) == 1


def test_the_shop_is_back_on_redis_by_itself_and_reads_nothing_stale(client, on_own_redis):
    county, server = on_own_redis
    sign_in(client, county.buyer)
    server.stop()
    add_to_basket(client, county.honey, 1)  # the session is saved to the database only
    server.start()
    page = client.get(reverse("basket:summary"))
    assert page.status_code == 200 and page.context["user"] == county.buyer
    assert page.context["basket"].num_items == 1
    assert redis.Redis.from_url(server.url).dbsize() > 0  # the cache is written to again
