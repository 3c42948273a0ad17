"""A buyer types what they call the goods — 螃蟹, 柴鸡, fengmi, honey, a village's name — and finds
them; staff teach search new words in the dashboard. Runs on SQLite (FTS5) and, in CI's second
pass, on PostgreSQL (tsvector and GIN), with the same expectations."""

import pytest
from django.db import connection
from django.urls import reverse
from oscar.core.loading import get_model

from catalog import searching
from catalog.models import SearchEntry, SearchSynonym
from tests.factories import make_product, make_user
from tests.helpers import log_in

pytestmark = pytest.mark.django_db
Product = get_model("catalogue", "Product")

CRAB, CHICKEN, GOOSE = "新青村稻田河蟹", "新青村散养笨鸡", "新青村农家大鹅"
HONEY, GRAINS, BERRIES = "新青村椴树蜂蜜", "新青村杂粮礼盒", "沙棘原浆"
WORDS = {
    "蟹": CRAB, "螃蟹": CRAB, "大闸蟹": CRAB, "河蟹": CRAB, "crab": CRAB, "crabs": CRAB,
    "鸡": CHICKEN, "土鸡": CHICKEN, "柴鸡": CHICKEN, "笨鸡": CHICKEN, "chicken": CHICKEN,
    "鹅": GOOSE, "大鹅": GOOSE, "goose": GOOSE,
    "蜂蜜": HONEY, "蜜": HONEY, "椴树蜜": HONEY, "honey": HONEY, "Linden Honey": HONEY, "fengmi": HONEY,
    "小米": GRAINS, "杂粮": GRAINS, "coarse grain": GRAINS, "zaliang": GRAINS,
    "沙棘": BERRIES, "sea buckthorn": BERRIES,
}


def found(client, query):
    response = client.get(reverse("search:search"), {"q": query})
    assert response.status_code == 200
    return [p.title for p in response.context["page_obj"].object_list]


@pytest.mark.parametrize("query,title", WORDS.items())
def test_a_buyer_finds_the_goods_by_the_words_they_use(client, goods, query, title):
    assert title in found(client, query)


@pytest.mark.parametrize("query,titles", [
    ("蟹", [CRAB]), ("鹅", [GOOSE]), ("honey", [HONEY]), ("fengmi", [HONEY]),
])
def test_a_word_finds_only_its_goods(client, goods, query, titles):
    assert found(client, query) == titles


@pytest.mark.parametrize("place", ["新青村", "xinqingcun"])
def test_a_village_finds_all_its_goods(client, goods, place):
    titles = set(found(client, place))
    assert {CRAB, CHICKEN, GOOSE, HONEY, GRAINS} <= titles
    assert BERRIES not in titles  # 东兴村's


def test_a_town_finds_the_goods_of_all_its_villages(client, goods):
    assert {CRAB, HONEY, BERRIES} <= set(found(client, "青山镇"))  # 新青村 and 东兴村


def test_the_countys_name_finds_every_village_good(client, goods):
    assert set(found(client, "林口")) == {p.title for p in Product.objects.browsable()}


def test_the_title_outranks_the_description(client, goods):
    # 玉米 is in the chicken's description (fed on maize) and in the grain box's; neither title has
    # it, so both are found; 笨鸡 in a title comes before 笨鸡 in no description at all.
    assert set(found(client, "玉米")) == {CHICKEN, GRAINS}
    honey_on_toast = make_product("蜂蜜小饼", goods[HONEY].origin_village, goods[HONEY].stockrecords.first().partner,
                                  price="20.00", kg="0.2", product_class=goods[HONEY].product_class)
    honey_on_toast.description = "配新青村椴树蜂蜜的小饼"
    honey_on_toast.save()
    results = found(client, "椴树")
    assert results[0] == HONEY and "蜂蜜小饼" in results


def test_the_pages_of_a_search_follow_relevance_and_count_every_match(client, goods, monkeypatch):
    from shop.search.views import FacetedSearchView

    partner = goods[HONEY].stockrecords.first().partner
    for n, title in enumerate(["蜂蜜小饼", "蜂蜜柚子茶", "蜂蜜蛋糕"]):
        make_product(title, goods[HONEY].origin_village, partner, price=f"{20 + n}.00", kg="0.2",
                     product_class=goods[HONEY].product_class)
    for title in ("新青村黏豆包", "新青村冻梨"):  # 蜂蜜 in the description only: after the titles
        product = make_product(title, goods[HONEY].origin_village, partner, price="30.00", kg="0.5",
                               product_class=goods[GRAINS].product_class)
        product.description = "蘸新青村蜂蜜吃"
        product.save()
    monkeypatch.setattr(FacetedSearchView, "paginate_by", 2)
    pages = [client.get(reverse("search:search"), {"q": "蜂蜜", "page": n}).context for n in (1, 2, 3)]
    titles = [p.title for ctx in pages for p in ctx["page_obj"].object_list]
    assert pages[0]["paginator"].count == len(titles) == len(set(titles)) == 6
    assert set(titles[-2:]) == {"新青村黏豆包", "新青村冻梨"}
    # The buyer's own order wins over relevance.
    cheapest = client.get(reverse("search:search"), {"q": "蜂蜜", "sort_by": "price-asc"}).context
    assert [p.title for p in cheapest["page_obj"].object_list] == ["蜂蜜小饼", "蜂蜜柚子茶"]


def test_filters_narrow_a_search_and_count_within_it(client, goods):
    page = client.get(reverse("search:search"), {"q": "新青村"}).context
    types = {item["name"]: item for item in page["facet_data"]["product_class"]["results"]}
    assert types["禽类"]["count"] == 2 and "沙棘" not in str(types)  # chicken and goose
    narrowed = client.get(reverse("search:search") + types["禽类"]["select_url"]).context
    assert narrowed["paginator"].count == 2
    assert {p.title for p in narrowed["page_obj"].object_list} == {CHICKEN, GOOSE}
    assert sum(b["count"] for b in narrowed["facet_data"]["price_range"]["results"]) == 2


def test_every_word_of_a_query_must_match(client, goods):
    assert found(client, "新青村 蜂蜜") == [HONEY]
    assert found(client, "东兴村 蜂蜜") == []


def test_a_product_saved_is_found_at_once_in_the_same_transaction(client, county):
    partner = county.chicken.stockrecords.first().partner
    product = make_product("新青村黑木耳", county.xinqing, partner, price="45.00", kg="0.25",
                           product_class=county.chicken.product_class)
    assert SearchEntry.objects.filter(product=product).exists()
    assert found(client, "黑木耳") == ["新青村黑木耳"]
    product.title = "新青村榛蘑"
    product.save()
    assert found(client, "黑木耳") == []
    assert found(client, "榛蘑") == ["新青村榛蘑"]


def test_a_renamed_village_is_found_by_its_new_name(client, goods, county):
    county.neighbour.name = "东风村"
    county.neighbour.save()
    assert {BERRIES, "平贝母"} <= set(found(client, "东风村"))
    assert found(client, "东兴村") == ["东兴村林下参"]  # by its title alone now


def test_hidden_and_deleted_goods_are_not_found(client, goods):
    goods[CRAB].is_public = False
    goods[CRAB].save()
    assert found(client, "螃蟹") == []
    goods[GOOSE].delete()
    assert found(client, "大鹅") == []
    assert not SearchEntry.objects.filter(product_id=goods[GOOSE].pk).exists()


@pytest.mark.parametrize("query", [
    '"', "'", "\\", '蟹" OR "鸡', "蟹 OR 鸡", "*", "蜂*", ":*", "a:* | b", "!蟹", "(蟹", "NEAR(蟹 鸡)",
    "title_terms:蟹", "蟹\x00", "🦀", " ", "蟹" * 500, "-", "' OR 1=1 --", "&", "|",
])
def test_any_query_gets_a_page_and_never_an_error(client, goods, query):
    response = client.get(reverse("search:search"), {"q": query})
    assert response.status_code == 200
    assert SearchEntry.objects.count() == Product.objects.count()


def test_synonyms_widen_a_word_and_removing_them_narrows_it_again(client, goods):
    assert CHICKEN in found(client, "柴鸡")  # the seeded group 鸡 土鸡 柴鸡 笨鸡 …
    SearchSynonym.objects.filter(words__contains="柴鸡").delete()
    assert CHICKEN not in found(client, "柴鸡")


def test_the_query_is_cut_into_words_with_the_synonyms_as_a_dictionary():
    groups = searching.query_groups("柴鸡", synonyms=[["柴鸡", "笨鸡"]])
    assert groups == [[("柴鸡",), ("笨鸡",)]]
    assert searching.query_groups("", synonyms=[]) == []
    assert len(searching.query_groups(" ".join(f"词{i}" for i in range(30)), synonyms=[])) == searching.MAX_QUERY_WORDS


@pytest.fixture
def manager(county):
    from django.test import Client

    return log_in(Client(), make_user("search-manager", is_staff=True, is_superuser=True))


def test_staff_teach_search_a_new_word_in_the_dashboard(client, goods, manager):
    assert found(client, "酸刺") == []
    page = manager.get(reverse("catalog-search:synonym-list"))
    assert "蟹 螃蟹 大闸蟹 河蟹" in page.content.decode()
    response = manager.post(reverse("catalog-search:synonym-create"), {"words": "沙棘，酸刺、醋柳 沙棘"})
    assert response.status_code == 302
    assert SearchSynonym.objects.filter(words="沙棘 酸刺 醋柳").exists()  # cleaned: no repeats, spaces
    assert found(client, "酸刺") == [BERRIES]
    tried = manager.get(reverse("catalog-search:synonym-list"), {"try": "醋柳"}).content.decode()
    assert "沙棘" in tried and "酸刺" in tried


@pytest.mark.parametrize("words", ["", "蟹", "  ，、 ", "!!! ???"])
def test_a_synonym_needs_two_words(manager, words):
    before = SearchSynonym.objects.count()
    response = manager.post(reverse("catalog-search:synonym-create"), {"words": words})
    assert response.status_code == 200
    assert response.context["form"].errors["words"]
    assert SearchSynonym.objects.count() == before


def test_only_staff_allowed_to_edit_synonyms_reach_them(client, county):
    url = reverse("catalog-search:synonym-list")
    assert client.get(url).status_code == 302  # to sign in
    log_in(client, county.coordinator)
    assert client.get(url).status_code == 403
    assert client.post(reverse("catalog-search:synonym-create"), {"words": "蟹 蟹子"}).status_code == 403
    assert not SearchSynonym.objects.filter(words="蟹 蟹子").exists()


def test_the_index_is_the_databases_own(county):
    # One index every app server shares: a GIN-indexed tsvector on PostgreSQL, FTS5 on SQLite.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'catalogue_searchentry'")
            assert any("gin (document)" in row[0] for row in cursor.fetchall())
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'catalogue_searchentry_fts'")
            assert "fts5" in cursor.fetchone()[0]


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (CI runs the suite on it too)")
def test_a_search_inside_a_transaction_leaves_the_planner_as_it_found_it(goods):
    # The match tells PostgreSQL to use the GIN index for that one statement; a search made inside
    # a longer transaction (a savepoint) must not leave every later query without table scans.
    from django.db import transaction

    with transaction.atomic(), connection.cursor() as cursor:
        assert HONEY in [p.title for p in Product.objects.filter(pk__in=searching.ranked_ids("蜂蜜"))]
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
