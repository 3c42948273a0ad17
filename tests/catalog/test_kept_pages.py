"""Pages of goods are kept (cached) whole, and never show a buyer what has changed since: a new
price, a new product, a sold-out good or a new synonym is on the next page."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from oscar.core.loading import get_model

from catalog.models import SearchSynonym
from tests.factories import make_product
from tests.helpers import log_in

pytestmark = pytest.mark.django_db
StockRecord = get_model("partner", "StockRecord")


def html(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_price_is_on_every_kept_page(client, county):
    pages = [reverse("catalogue:index"), county.honey.get_absolute_url(), reverse("search:search") + "?q=蜂蜜"]
    for url in pages:
        assert "¥98.00" in html(client, url), url
    record = county.honey.stockrecords.get()
    record.price = "88.00"
    record.save()
    for url in pages:
        page = html(client, url)
        assert "¥88.00" in page and "¥98.00" not in page, url


def test_a_new_product_is_listed_at_once(client, county):
    assert "新青村黑木耳" not in html(client, reverse("catalogue:index"))
    make_product("新青村黑木耳", county.xinqing, county.honey.stockrecords.get().partner, price="45.00", kg="0.25",
                 product_class=county.honey.product_class)
    assert "新青村黑木耳" in html(client, reverse("catalogue:index"))
    assert "新青村黑木耳" in html(client, reverse("search:search"), q="木耳")


def test_goods_sold_out_say_so_at_once(client, county):
    StockRecord.objects.filter(product=county.honey).update(num_in_stock=10)
    record = county.honey.stockrecords.get()
    record.save()
    assert 'id="add_to_basket_form"' in html(client, county.honey.get_absolute_url())
    record.num_in_stock = 0
    record.save()
    page = html(client, county.honey.get_absolute_url())
    assert 'id="add_to_basket_form"' not in page


def test_a_guest_and_a_signed_in_buyer_each_get_their_own_page(client, county, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    guest = html(client, county.honey.get_absolute_url())
    assert "tell the village station" in guest
    log_in(client, county.buyer)
    signed_in = html(client, county.honey.get_absolute_url())
    assert "from your order page" in signed_in and "tell the village station" not in signed_in
    # Each visitor's own CSRF token, never one kept from someone else's page.
    assert client.cookies["csrftoken"].value


def test_a_new_synonym_finds_goods_on_the_next_search(client, county):
    assert "新青村椴树蜂蜜" not in html(client, reverse("search:search"), q="蜂糖")
    SearchSynonym.objects.create(words="蜂蜜 蜂糖")
    assert "新青村椴树蜂蜜" in html(client, reverse("search:search"), q="蜂糖")


def test_a_kept_product_page_costs_four_round_trips(client, goods, shop_on_redis, round_trips):
    honey = goods["新青村椴树蜂蜜"]
    assert client.get(honey.get_absolute_url()).status_code == 200
    round_trips.clear()
    assert client.get(honey.get_absolute_url()).status_code == 200
    # What every page reads, the product with its stock records, then the two kept pieces of the
    # page (breadcrumbs and body).
    assert [command for command, _keys in round_trips] == ["get_many", "get", "get", "get"]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_key_read_at_the_start_of_a_request_is_one_the_pages_read(client, goods, stories_index, shop_on_redis,
                                                                         round_trips, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    pages = ["/", "/catalogue/", "/search/?q=蜂蜜", goods["新青村椴树蜂蜜"].get_absolute_url()]
    with override_settings(CACHE_READ_PER_REQUEST=[]):
        for url in pages:
            assert client.get(url).status_code == 200
    read = {key for command, keys in round_trips if command in ("get", "get_many")
            for key in ([keys] if isinstance(keys, str) else keys)}
    wanted = {cache.make_key(key.format(language=language)) for key in settings.CACHE_READ_PER_REQUEST}
    assert wanted <= read, wanted - read


@pytest.mark.parametrize("changed,version", [
    ("catalog.receivers.listing_changed", "catalog.listing.listing_version"),
    ("logistics.receivers.timetable_changed", "logistics.estimates.timetable_version"),
    ("cms.receivers.pages_changed", "cms.caching.pages_version"),
])
def test_a_change_moves_the_version_again_when_it_commits(django_capture_on_commit_callbacks, changed, version):
    # Another request may keep a page under the new version before this transaction commits,
    # read without the change: the version moves again on commit, so that page is never shown.
    from django.utils.module_loading import import_string

    changed, version = import_string(changed), import_string(version)
    before = version()
    with django_capture_on_commit_callbacks(execute=True):
        changed()
        during = version()
    assert before != during != version()
