"""A supply lot goes into a household's income: implausible lots are refused, all reasons at once."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.models import SupplyLot
from catalog.supply import record_supply
from tests.helpers import log_in

ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")
pytestmark = pytest.mark.django_db


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def post(client, county, **overrides):
    data = {"household": county.yu.pk, "product": county.chicken.pk, "quantity": "3", "unit_price": "120.00",
            "supplied_on": days_ago(1).isoformat(), **overrides}
    return client.post(reverse("catalog-supply:lot-create"), data)


def page_of(response):
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def coordinator(client, county):
    client.cookies["django_language"] = "en"
    log_in(client, county.coordinator)
    return client


def nothing_recorded(county):
    return SupplyLot.objects.count() == 0 and StockRecord.objects.get(product=county.chicken).num_in_stock == 0


def test_the_article_s_goods_have_limits_from_the_migration():
    limits = dict(ProductClass.objects.values_list("slug", "lot_max_quantity"))
    soft = dict(ProductClass.objects.values_list("slug", "lot_confirm_above"))
    assert (soft["poultry"], limits["poultry"]) == (200, 1000)
    assert (soft["honey"], limits["honey"]) == (100, 500)
    assert (soft["aquatic"], limits["aquatic"]) == (100, 500)
    assert (soft["grains"], limits["grains"]) == (200, 1000)
    assert (soft["vegetables"], limits["vegetables"]) == (100, 500)
    assert (soft["forest"], limits["forest"]) == (100, 500)


def test_the_limits_migration_sets_them(county):
    ProductClass.objects.update(lot_confirm_above=7, lot_max_quantity=8)
    importlib.import_module("catalog.migrations.0036_sanitise_descriptions_and_set_lot_limits").forwards(apps, None)
    assert ProductClass.objects.get(slug="honey").lot_max_quantity == 500


@pytest.mark.parametrize("quantity", [str(2**31), str(10**12), "1001", "99999999"])
def test_a_lot_above_the_largest_is_refused_without_a_500(coordinator, county, quantity):
    page = page_of(post(coordinator, county, quantity=quantity, confirm_large="on"))
    assert "can be at most 1000 units" in page
    assert nothing_recorded(county)


def test_the_largest_lot_itself_is_accepted_once_confirmed(coordinator, county):
    StockRecord.objects.filter(product=county.chicken).update(price=Decimal("168.00"))
    assert post(coordinator, county, quantity="1000", confirm_large="on").status_code == 302
    assert SupplyLot.objects.get().quantity == 1000


def test_a_large_lot_needs_confirming_and_the_box_appears_only_then(coordinator, county):
    form = coordinator.get(reverse("catalog-supply:lot-create")).content.decode()
    assert 'name="confirm_large"' not in form
    assert 'name="confirm_large"' not in page_of(post(coordinator, county, quantity="abc"))

    page = page_of(post(coordinator, county, quantity="201"))
    assert "unusually large lot" in page and 'name="confirm_large"' in page
    assert nothing_recorded(county)

    assert post(coordinator, county, quantity="201", confirm_large="on").status_code == 302
    assert SupplyLot.objects.get().quantity == 201


def test_up_to_the_confirming_limit_needs_no_box(coordinator, county):
    assert post(coordinator, county, quantity="200").status_code == 302


def test_the_household_is_paid_no_more_than_the_shop_s_price(coordinator, county):
    page = page_of(post(coordinator, county, unit_price="168.01"))
    assert "than the shop&#x27;s price of ¥168.00" in page or "than the shop's price of ¥168.00" in page
    assert nothing_recorded(county)
    assert post(coordinator, county, unit_price="168.00").status_code == 302


@pytest.mark.parametrize("price,message", [
    ("1e5", "plain number of yuan"), ("1E2", "plain number of yuan"), ("NaN", "plain number of yuan"),
    ("Infinity", "plain number of yuan"), ("-inf", "plain number of yuan"), ("68.505", "at most 2 decimal places"),
    ("99999999.99", "shop"), ("１２０", "plain number of yuan"), ("-5", "plain number of yuan"),
    ("0", "more than ¥0"), ("0.00", "more than ¥0"), ("12,5", "plain number of yuan"),
])
def test_odd_prices_are_refused_cleanly(coordinator, county, price, message):
    page = page_of(post(coordinator, county, unit_price=price))
    assert message in page
    assert nothing_recorded(county)


def test_a_price_with_one_decimal_is_fine(coordinator, county):
    assert post(coordinator, county, unit_price="68.5").status_code == 302
    assert SupplyLot.objects.get().unit_price == Decimal("68.50")


@pytest.mark.parametrize("supplied_on,message", [
    (1, "cannot be in the future"),  # days from the county's today, when the test runs
    (-31, "within 30 days"),
    ("0001-01-01", "within 30 days"),
    ("99999-01-01", "valid date"),
])
def test_the_supply_date_is_recent_and_not_in_the_future(coordinator, county, supplied_on, message, today):
    if isinstance(supplied_on, int):
        supplied_on = (today + datetime.timedelta(days=supplied_on)).isoformat()
    page = page_of(post(coordinator, county, supplied_on=supplied_on))
    assert message in page
    assert nothing_recorded(county)


def test_thirty_days_ago_and_today_are_fine(coordinator, county):
    assert post(coordinator, county, supplied_on=days_ago(30).isoformat()).status_code == 302
    assert post(coordinator, county, supplied_on=days_ago(0).isoformat()).status_code == 302


def test_every_broken_rule_is_shown_at_once(coordinator, county):
    page = page_of(post(coordinator, county, quantity=str(10**12), unit_price="1e5", supplied_on="0001-01-01"))
    assert "can be at most 1000 units" in page
    assert "plain number of yuan" in page
    assert "within 30 days" in page
    assert nothing_recorded(county)


def test_the_service_reports_every_field_too(county):
    with pytest.raises(ValidationError) as caught:
        record_supply(recorded_by=county.coordinator, household=county.yu, product=county.chicken,
                      quantity=99_999_999, unit_price="99999999.99", supplied_on=datetime.date(1, 1, 1))
    assert set(caught.value.message_dict) == {"quantity", "unit_price", "supplied_on"}
    assert nothing_recorded(county)


def test_the_demo_replays_history_on_the_day_each_lot_was_brought(county):
    long_ago = days_ago(300)
    with pytest.raises(ValidationError):
        record_supply(recorded_by=county.coordinator, household=county.yu, product=county.chicken,
                      quantity=3, unit_price="120", supplied_on=long_ago)
    lot = record_supply(recorded_by=county.coordinator, household=county.yu, product=county.chicken,
                        quantity=3, unit_price="120", supplied_on=long_ago, recorded_on=long_ago)
    assert lot.supplied_on == long_ago


def test_a_product_class_cannot_confirm_above_its_largest_lot(county):
    poultry = ProductClass.objects.get(slug="poultry")
    poultry.lot_confirm_above, poultry.lot_max_quantity = 50, 40
    with pytest.raises(ValidationError):
        poultry.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        poultry.save()


def test_staff_set_the_limits_in_the_dashboard(client, county):
    from tests.factories import make_user

    client.force_login(make_user("boss", is_staff=True, is_superuser=True))
    poultry = ProductClass.objects.get(slug="poultry")
    url = reverse("dashboard:catalogue-class-update", kwargs={"pk": poultry.pk})
    page = client.get(url).content.decode()
    assert 'name="lot_confirm_above"' in page and 'name="lot_max_quantity"' in page
