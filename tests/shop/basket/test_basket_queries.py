"""A buyer's basket costs a dozen queries however many goods are in it: the lines with what their
prices, pictures and stock need, the offers once, the postal bands once, the buses once (item 19)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.supply import record_supply
from tests.factories import make_product


def basket_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/basket/")
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_one_line_or_five_from_two_villages_cost_at_most_twelve_queries(county, client):
    sales_point = county.honey.stockrecords.get().partner
    goods = [county.honey, county.chicken, county.ginseng] + [
        make_product(f"新青村小米{n}号", county.xinqing, sales_point, price="30.00", kg="1.000",
                     product_class=county.honey.product_class) for n in (1, 2)]
    for product in goods:
        household = county.far if product.origin_village_id == county.neighbour.pk else county.yu
        record_supply(recorded_by=county.coordinator if household == county.yu else county.neighbour_coordinator,
                      household=household, product=product, quantity=10, unit_price="20")
    client.post(f"/basket/add/{goods[0].pk}/", {"quantity": 1})
    client.get("/basket/")  # reference data (the post's table, the menus) cached as in production
    one = basket_queries(client)
    for product in goods[1:]:
        client.post(f"/basket/add/{product.pk}/", {"quantity": 2})
    five = basket_queries(client)
    assert one <= 12
    assert five == one
