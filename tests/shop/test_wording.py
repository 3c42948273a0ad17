"""Oscar's Chinese has a few wrong words on the buyer's path; the shop says them right."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_log_in_is_denglu_not_the_misspelt_denglu(client, county):
    page = client.get(reverse("customer:login")).content.decode()
    assert "登录" in page and "登陆" not in page


def test_sorting_by_relevance_says_xiangguandu(client, county):
    from django.utils.translation import gettext, override

    with override("zh-hans"):
        assert gettext("Relevancy") == "相关度"
        assert gettext("Products you recently viewed") == "最近浏览"


def test_the_money_path_speaks_chinese_only(client, county):
    from decimal import Decimal

    from catalog.supply import record_supply
    from tests.helpers import add_to_basket, go_to_preview, log_in, place_order

    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=2,
                  unit_price=Decimal("60.00"))
    log_in(client, county.buyer)
    add_to_basket(client, county.honey, 1)
    preview = go_to_preview(client).content.decode()
    assert "邮政快递" in preview and "县乡客运班车" in preview
    assert "Postal express" not in preview and "County bus" not in preview
    thanks = place_order(client)
    page = thanks.content.decode()
    assert "货到付款：¥" in page
    assert "Cash on delivery" not in page and "从类型" not in page and "分配" not in page
    order = thanks.context["order"]
    detail = client.get(reverse("customer:order", kwargs={"order_number": order.number})).content.decode()
    assert "货到付款: ¥" in detail and "Cash on delivery" not in detail


def test_the_basket_merge_message_is_chinese():
    from django.utils.translation import ngettext, override

    with override("zh-hans"):
        message = ngettext("We have merged %(num_items_merged)d item from a previous session to your basket.",
                           "We have merged %(num_items_merged)d items from a previous session to your basket.",
                           2) % {"num_items_merged": 2}
    assert message == "已把您上次放入购物车的 2 件商品合并进来。"


def test_staff_read_the_shipping_method_and_cash_payment_by_their_chinese_names(staff, county):
    from oscar.core.loading import get_model

    from catalog.supply import record_supply
    from tests.factories import ADDR, place_order

    assert get_model("shipping", "WeightBased").objects.get(code="postal-express").name == "邮政快递"
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=2,
                  unit_price="60.00")
    order = place_order(county.buyer, [(county.honey, 1)], address=ADDR)
    page = staff.get(reverse("dashboard:order-detail", kwargs={"number": order.number})).content.decode()
    assert "货到付款" in page and "Cash on delivery" not in page and "Postal express" not in page


def test_no_page_number_is_left_in_english(client, county):
    from django.utils.translation import gettext, override

    with override("zh-hans"):
        assert gettext("next") == "下一页"
