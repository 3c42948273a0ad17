"""A village coordinator lists a new product in Oscar's dashboard."""

from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests.helpers import form_fields, log_in

Product = get_model("catalogue", "Product")
Partner = get_model("partner", "Partner")
pytestmark = pytest.mark.django_db


def product_form(client, product_class):
    url = reverse("dashboard:catalogue-product-create", kwargs={"product_class_slug": product_class.slug})
    page = client.get(url)
    assert page.status_code == 200
    return url, form_fields(page.content.decode(), "create_update_product_form")


def test_a_new_product_comes_from_the_coordinators_village(client, county):
    log_in(client, county.coordinator)
    url, data = product_form(client, county.honey.product_class)
    assert "stockrecords-0-num_in_stock" not in data  # stock comes from supply lots only
    data.update({"title": "新青村椴树蜂蜜（500克）", "net_weight_kg": "0.5", "shelf_life_days": "720",
                 "stockrecords-0-partner": str(county.xinqing.sales_point.pk),
                 "stockrecords-0-partner_sku": "XQ-HONEY-500", "stockrecords-0-price": "52.00",
                 "productcategory_set-0-category": str(county.category.pk)})
    response = client.post(url, data)
    assert response.status_code == 302
    product = Product.objects.get(title="新青村椴树蜂蜜（500克）")
    assert product.origin_village == county.xinqing
    assert product.net_weight_kg == Decimal("0.500")
    assert product.stockrecords.get().num_in_stock in (None, 0)


def test_another_villages_sales_point_cannot_be_chosen(client, county):
    log_in(client, county.coordinator)
    url, data = product_form(client, county.honey.product_class)
    data.update({"title": "冒名蜂蜜", "net_weight_kg": "1",
                 "stockrecords-0-partner": str(county.neighbour.sales_point.pk),
                 "stockrecords-0-partner_sku": "X-1", "stockrecords-0-price": "50.00",
                 "productcategory_set-0-category": str(county.category.pk)})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "该选择不在可用的选项中" in response.content.decode()  # only the coordinator's own sales point is offered
    assert not Product.objects.filter(title="冒名蜂蜜").exists()
