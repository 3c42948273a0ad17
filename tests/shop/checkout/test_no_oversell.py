"""The last unit is sold once, however many buyers press "place order" at the same moment."""

import threading

import pytest
from django.db import connection
from django.test import Client
from oscar.core.loading import get_model

from catalog.supply import record_supply
from tests.factories import make_user
from tests.helpers import add_to_basket, go_to_preview, log_in, place_order

Order = get_model("order", "Order")
Basket = get_model("basket", "Basket")
StockRecord = get_model("partner", "StockRecord")

needs_postgres = pytest.mark.skipif(connection.vendor != "postgresql",
                                    reason="row locks need PostgreSQL (CI runs the suite on it too)")


def last_crab(county):
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.chicken, quantity=1,
                  unit_price="120")
    return StockRecord.objects.get(product=county.chicken)


def buyer_at_preview(county, n):
    client = Client()
    log_in(client, make_user(f"racer{n}"))
    add_to_basket(client, county.chicken, 1)
    go_to_preview(client)
    return client


@pytest.mark.django_db
def test_a_buyer_who_comes_second_gets_a_clear_message_and_keeps_the_basket(county):
    last_crab(county)
    first, second = buyer_at_preview(county, 1), buyer_at_preview(county, 2)
    place_order(first)
    response = place_order(second)
    assert Order.objects.count() == 1
    # Oscar's check of the basket before placing tells them (the row lock covers true races below).
    assert response.redirect_chain[-1][0] == "/basket/"
    assert "新青村散养笨鸡不再可以购买" in response.content.decode()
    assert Basket.objects.get(owner__username="racer2", status="Open").num_items == 1


@pytest.mark.django_db
def test_pressing_place_order_twice_makes_one_order(client, county):
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.chicken, quantity=5,
                  unit_price="120")
    log_in(client, county.buyer)
    add_to_basket(client, county.chicken, 1)
    go_to_preview(client)
    place_order(client)
    place_order(client)
    assert Order.objects.filter(user=county.buyer).count() == 1
    assert StockRecord.objects.get(product=county.chicken).num_allocated == 1


def race(clients):
    """Everyone presses "place order" at once; returns the responses."""
    start = threading.Barrier(len(clients))
    responses = [None] * len(clients)

    def press(i, client):
        try:
            start.wait()
            responses[i] = place_order(client)
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(i, c)) for i, c in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return responses


@pytest.mark.postgres
@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("buyers", [2, 20])
def test_concurrent_buyers_of_the_last_unit_make_exactly_one_order(county, buyers):
    stock = last_crab(county)
    clients = [buyer_at_preview(county, n) for n in range(buyers)]
    responses = race(clients)
    assert all(r is not None and r.status_code == 200 for r in responses)
    assert Order.objects.count() == 1
    stock.refresh_from_db()
    assert stock.num_allocated == 1 and stock.num_in_stock == 1 and stock.net_stock_level == 0
    # Every loser still has the crab in an open basket to decide about.
    assert Basket.objects.filter(owner__username__startswith="racer", status="Open", lines__isnull=False).count() \
        == buyers - 1
