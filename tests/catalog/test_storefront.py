"""What a buyer sees of a product: its village, its households as 于某, never private data."""

import pytest
from django.urls import reverse

from catalog.supply import record_supply
from cms.models import VillageStoryPage

pytestmark = pytest.mark.django_db


def test_the_product_page_names_the_village_and_households_as_the_article_does(client, county, stories_index):
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=3,
                  unit_price="68")
    record_supply(recorded_by=county.coordinator, household=county.bao, product=county.honey, quantity=3,
                  unit_price="68")
    story = stories_index.add_child(instance=VillageStoryPage(
        title="新青村的故事", slug="xinqing", village=county.xinqing, body="<p>交邮合作</p>"))
    page = client.get(county.honey.get_absolute_url()).content.decode()
    assert "新青村" in page and "于某" in page and "包某" in page
    assert story.url in page
    for private in ("于德福", "包长友", "231025196501010011", "13900000001"):
        assert private not in page


def test_the_storefront_speaks_chinese_unless_english_is_chosen(client, county):
    page = client.get(county.chicken.get_absolute_url())
    assert page["Content-Language"] == "zh-hans"
    assert "林口乡村优品" in page.content.decode() and "购物车" in page.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(county.chicken.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert page["Content-Language"] == "en" and "Linkou Village Goods" in page.content.decode()


def test_a_browser_set_to_english_still_gets_the_chinese_shop(client, county):
    page = client.get(county.chicken.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page["Content-Language"] == "zh-hans"


def test_prices_are_in_yuan(client, county):
    assert "¥168.00" in client.get(county.chicken.get_absolute_url()).content.decode()


def test_the_catalogue_lists_the_villages_products(client, county):
    page = client.get(reverse("catalogue:index")).content.decode()
    assert "新青村散养笨鸡" in page and "新青村椴树蜂蜜" in page


def test_every_storefront_page_has_a_meta_description(client, county):
    import re

    county.honey.description = "<p>椴树花期采的<b>成熟蜜</b>，不加糖。</p>"
    county.honey.save()
    for path in ("/catalogue/", "/search/?q=蜂蜜", "/basket/", county.chicken.get_absolute_url(),
                 county.honey.get_absolute_url()):
        found = re.search(r'<meta name="description" content="([^"]*)"', client.get(path).content.decode())
        assert found and found.group(1).strip(), path
        description = found.group(1)
    assert description == "椴树花期采的成熟蜜，不加糖。"  # the product's own, without its markup
    chicken = client.get(county.chicken.get_absolute_url()).content.decode()
    assert 'content="新青村的新青村散养笨鸡' in chicken
