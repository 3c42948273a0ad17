"""Oscar's own product screens keep the platform's rules: the price a household was paid, the
bounds of weight and shelf life, the households' lots behind a stock record, stock that is counted."""

from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from catalog.models import SupplyLot
from catalog.supply import record_supply
from tests.helpers import form_fields, log_in, messages_of

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")
pytestmark = pytest.mark.django_db


@pytest.fixture
def chicken_in_stock(county):
    """于某 brought three chickens, paid ¥120 each; the shop sells them at ¥168."""
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.chicken, quantity=3,
                  unit_price="120")
    return county.chicken


def edit_form(client, product, category):
    url = reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})
    page = client.get(url)
    assert page.status_code == 200
    data = form_fields(page.content.decode(), "create_update_product_form")
    data.setdefault("productcategory_set-0-category", "") or data.update(
        {"productcategory_set-0-category": str(category.pk)})  # Oscar wants one
    return url, data


@pytest.mark.parametrize("price, message", [
    ("0.00", "价格须在 0.01 元到 100,000 元之间"),
    ("100000.01", "价格须在 0.01 元到 100,000 元之间"),
    ("119.99", "¥120.00"),  # below what 于某 was paid for the chickens still in stock
])
def test_the_coordinator_cannot_price_goods_below_what_households_were_paid(client, county, chicken_in_stock,
                                                                              price, message):
    log_in(client, county.coordinator)
    url, data = edit_form(client, chicken_in_stock, county.category)
    data["stockrecords-0-price"] = price
    response = client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert StockRecord.objects.get(product=chicken_in_stock).price == Decimal("168.00")


def test_a_price_at_or_above_what_households_were_paid_is_taken(client, county, chicken_in_stock):
    log_in(client, county.coordinator)
    url, data = edit_form(client, chicken_in_stock, county.category)
    data["stockrecords-0-price"] = "120.00"
    assert client.post(url, data).status_code == 302
    assert StockRecord.objects.get(product=chicken_in_stock).price == Decimal("120.00")


@pytest.mark.parametrize("field, value", [("shelf_life_days", "0"), ("shelf_life_days", "3651"),
                                          ("net_weight_kg", "9999.999"), ("net_weight_kg", "0")])
def test_weight_and_shelf_life_keep_their_bounds_on_oscars_form(staff, county, chicken_in_stock, field, value):
    url, data = edit_form(staff, chicken_in_stock, county.category)
    data[field] = value
    response = staff.post(url, data)
    assert response.status_code == 200 and field in response.context["form"].errors
    chicken = Product.objects.get(pk=chicken_in_stock.pk)
    assert (chicken.shelf_life_days, chicken.net_weight_kg) == (5, Decimal("1.500"))


def test_a_stock_record_holding_households_lots_is_not_deleted(client, county, chicken_in_stock):
    log_in(client, county.coordinator)
    url, data = edit_form(client, chicken_in_stock, county.category)
    data["stockrecords-0-DELETE"] = "on"
    data["title"] = "改了名字的笨鸡"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "不能删除" in response.content.decode()
    assert StockRecord.objects.filter(product=chicken_in_stock).count() == 1
    assert Product.objects.get(pk=chicken_in_stock.pk).title == "新青村散养笨鸡"  # nothing half-saved


def test_a_product_households_supplied_is_kept_with_the_reason(client, county, chicken_in_stock):
    log_in(client, county.coordinator)
    url = reverse("dashboard:catalogue-product-delete", kwargs={"pk": chicken_in_stock.pk})
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert any("已有供货批次" in m for m in messages_of(response))
    assert Product.objects.filter(pk=chicken_in_stock.pk).exists()
    assert SupplyLot.objects.filter(product=chicken_in_stock).count() == 1


def test_a_product_nobody_supplied_can_still_be_deleted(staff, county):
    url = reverse("dashboard:catalogue-product-delete", kwargs={"pk": county.honey.pk})
    assert staff.post(url).status_code == 302
    assert not Product.objects.filter(pk=county.honey.pk).exists()


def test_a_kind_of_goods_always_tracks_its_stock(staff, county):
    kind = county.chicken.product_class
    url = reverse("dashboard:catalogue-class-update", kwargs={"pk": kind.pk})
    data = form_fields(staff.get(url).content.decode(), "create_update_product_class_form") or {}
    assert "track_stock" not in data and "requires_shipping" not in data
    data.update({"name": kind.name, "lot_confirm_above": "50", "lot_max_quantity": "500"})
    data.pop("options", None)
    response = staff.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    kind.refresh_from_db()
    assert kind.track_stock and kind.requires_shipping
