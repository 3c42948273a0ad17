"""The pages buyers use cost the same number of queries for one card or twenty, one basket line
or five, and a GET writes nothing. (Their speed is measured by `make bench-compare`, not here.)"""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from cms.site import install_site
from tests.factories import make_product
from tests.helpers import add_to_basket, log_in

pytestmark = pytest.mark.django_db
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.I)


def queries(client, url, *, warm_with=None):
    """The queries of `url` rendered anew (its kept page forgotten). With `warm_with`, what every
    page shares (category links, provinces, versions, cards) is warmed by that other page first,
    as in a running shop; without, the cache is empty, so that nothing hides a query per card."""
    client.get(url)  # the process's own caches (content types, compiled templates)
    cache.clear()
    if warm_with:
        client.get(warm_with)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in ctx.captured_queries]


def more_goods(county, n):
    partner = county.chicken.stockrecords.first().partner
    start = Product.objects.filter(title__startswith="新青村山货").count()
    for i in range(start, start + n):
        product = make_product(f"新青村山货{i}", county.xinqing, partner, price=f"{20 + i}.00", kg="0.5",
                               product_class=county.chicken.product_class)
        ProductCategory.objects.create(product=product, category=county.category)
    StockRecord.objects.update(num_in_stock=50)  # as if the households had brought them


@pytest.mark.parametrize("kind", ["catalogue", "product"])  # not "page": Playwright's fixture
def test_a_kept_page_of_goods_reads_nothing_from_the_database(client, county, kind):
    # The product page's product and stock records are kept with its body, under the catalogue's
    # version: a price or stock saved is on the next page (test_kept_pages).
    url = reverse("catalogue:index") if kind == "catalogue" else county.honey.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    assert [q["sql"] for q in ctx.captured_queries] == []


def test_the_catalogue_costs_the_same_for_three_cards_or_twenty(client, county):
    ProductCategory.objects.bulk_create([ProductCategory(product=p, category=county.category)
                                         for p in (county.chicken, county.honey, county.ginseng)])
    few = queries(client, reverse("catalogue:index"))
    more_goods(county, 17)
    many = queries(client, reverse("catalogue:index"))
    assert client.get(reverse("catalogue:index")).content.decode().count("product_pod") == 20
    assert len(many) == len(few)
    index = reverse("catalogue:index")
    assert len(queries(client, index, warm_with=index + "?sort_by=title-asc")) <= 12


def test_a_category_costs_the_same_for_any_page_size(client, county):
    ProductCategory.objects.create(product=county.honey, category=county.category)
    url = county.category.get_absolute_url()
    few = queries(client, url)
    more_goods(county, 19)
    many = queries(client, url)
    assert len(many) == len(few)
    assert len(queries(client, url, warm_with=url + "?sort_by=title-asc")) <= 12


def test_search_costs_the_same_for_one_hit_or_twenty(client, county):
    more_goods(county, 1)
    few = queries(client, reverse("search:search") + "?q=山货")
    more_goods(county, 19)
    many = queries(client, reverse("search:search") + "?q=山货")
    assert len(queries(client, reverse("search:search") + "?q=山货", warm_with="/search/?q=山货&sort_by=newest")) <= 12
    assert len(client.get(reverse("search:search") + "?q=山货").context["page_obj"].object_list) == 20
    assert len(many) == len(few)


def test_the_product_page_costs_at_most_ten_queries(client, county):
    for product in (county.honey, county.chicken):
        ProductCategory.objects.create(product=product, category=county.category)
    assert len(queries(client, county.honey.get_absolute_url(), warm_with=county.chicken.get_absolute_url())) <= 10


def test_the_basket_costs_the_same_for_one_line_or_five(client, county):
    more_goods(county, 4)
    add_to_basket(client, county.honey, 1)
    one = queries(client, reverse("basket:summary"), warm_with=reverse("basket:summary"))
    for product in Product.objects.filter(title__startswith="新青村山货"):
        add_to_basket(client, product, 2)
    five = queries(client, reverse("basket:summary"), warm_with=reverse("basket:summary"))
    assert len(client.get(reverse("basket:summary")).context["formset"].forms) == 5
    assert len(five) == len(one)


def test_the_home_page_costs_at_most_twelve_queries(client, county):
    home, _index = install_site(home_title="林口乡村优品", stories_title="村庄故事")
    home.body = [("featured_products", {"heading": "好货", "products": [
        {"product": str(p.pk), "note": ""} for p in (county.chicken, county.honey, county.ginseng)]}),
        ("latest_stories", {"heading": "最新", "count": 4})]
    home.save_revision().publish()
    assert len(queries(client, "/", warm_with="/")) <= 12


@pytest.mark.parametrize("signed_in", [False, True], ids=["guest", "signed-in buyer"])
def test_no_page_a_buyer_opens_writes_to_the_database(county, signed_in):
    install_site(home_title="林口乡村优品", stories_title="村庄故事")
    ProductCategory.objects.create(product=county.honey, category=county.category)
    client = Client()
    if signed_in:
        log_in(client, county.buyer)
    pages = ["/", reverse("catalogue:index"), county.category.get_absolute_url(), county.honey.get_absolute_url(),
             county.chicken.get_absolute_url(), reverse("search:search") + "?q=蜂蜜", reverse("basket:summary")]
    for url in pages:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        assert [q["sql"] for q in ctx.captured_queries if WRITE.match(q["sql"])] == [], url
    # Nor does a product page set a cookie (Oscar's recently-viewed list), so caches may share it.
    assert "oscar_history" not in client.get(county.honey.get_absolute_url()).cookies


def test_a_signed_in_buyers_basket_is_saved_with_the_first_product(county):
    Basket = get_model("basket", "Basket")
    StockRecord.objects.update(num_in_stock=50)
    client = log_in(Client(), county.buyer)
    client.get(reverse("catalogue:index"))
    assert not Basket.objects.filter(owner=county.buyer).exists()
    add_to_basket(client, county.honey, 2)
    basket = Basket.objects.get(owner=county.buyer)
    assert basket.lines.get().quantity == 2
    assert client.get(reverse("basket:summary")).context["basket"].pk == basket.pk


def test_filters_count_in_sql_and_narrow_the_list(client, goods):
    page = client.get(reverse("catalogue:index"))
    types = {item["name"]: item for item in page.context["facet_data"]["product_class"]["results"]}
    assert types["禽类"]["count"] == 2  # chicken and goose
    bands = page.context["facet_data"]["price_range"]["results"]
    assert [b["count"] for b in bands] == [0, 4, 3, 2]  # ¥58 68 78 98 · 128 158 168 · 268 288
    narrowed = client.get(reverse("catalogue:index") + types["禽类"]["select_url"])
    assert {p.title for p in narrowed.context["products"]} == {"新青村散养笨鸡", "新青村农家大鹅"}
    over_200 = narrowed.context["facet_data"]["price_range"]["results"][3]
    both = client.get(reverse("catalogue:index") + over_200["select_url"])
    assert [p.title for p in both.context["products"]] == ["新青村农家大鹅"]
    # A filter of another kind counts with this one applied; its own kind is counted without it.
    assert [b["count"] for b in narrowed.context["facet_data"]["price_range"]["results"]] == [0, 0, 1, 1]


@pytest.mark.parametrize("value", ["price_range:99", "price_range:-1", "product_class:", "nonsense", "price_range:x"])
def test_a_filter_that_does_not_exist_is_ignored(client, goods, value):
    response = client.get(reverse("catalogue:index"), {"selected_facets": value})
    assert response.status_code == 200
    assert len(response.context["products"]) == Product.objects.browsable().count()


def test_goods_sort_by_price(client, goods):
    def prices(sort):
        return [p.card_price for p in client.get(reverse("catalogue:index"), {"sort_by": sort}).context["products"]]

    assert prices("price-asc") == sorted(prices("price-asc"))
    assert len(prices("price-asc")) == Product.objects.browsable().count()
    assert prices("price-desc") == sorted(prices("price-asc"), reverse=True)
