"""The shop's price of a village good: yuan and fen, between ¥0.01 and ¥100,000, and never below what a
household with units still in stock was paid for them; each refusal says why, in Chinese and English."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from oscar.core.loading import get_model

from catalog.models import LotAllocation
from catalog.pricing import check_shop_price
from catalog.supply import record_supply
from tests.factories import ADDR, place_order

pytestmark = pytest.mark.django_db
StockRecord = get_model("partner", "StockRecord")


def refusal(price, *, stockrecord=None, language="zh-hans") -> tuple[str, str]:
    with translation.override(language), pytest.raises(ValidationError) as refused:
        check_shop_price(Decimal(price), stockrecord=stockrecord)
    return refused.value.code, refused.value.messages[0]


@pytest.mark.parametrize("price", ["68.505", "0.001", "NaN", "Infinity"])
def test_a_price_is_yuan_and_fen(price):
    assert refusal(price) == ("price_invalid", "请以元为单位填写价格，例如 68.50。")
    assert refusal(price, language="en") == ("price_invalid", "Enter the price as a plain number of yuan, e.g. 68.50.")


@pytest.mark.parametrize("price", ["0.00", "-1.00", "100000.01"])
def test_a_price_is_between_a_fen_and_a_hundred_thousand_yuan(price):
    assert refusal(price) == ("price_range", "价格须在 0.01 元到 100,000 元之间。")
    assert refusal(price, language="en") == ("price_range", "The price must be between ¥0.01 and ¥100,000.")


@pytest.mark.parametrize("price", ["0.01", "100000.00", "68.5", None])
def test_the_ends_of_the_range_and_no_price_are_taken(price):
    check_shop_price(None if price is None else Decimal(price))


def test_the_price_never_goes_below_what_a_household_was_paid_for_a_unit_still_in_stock(county):
    lot = record_supply(recorded_by=county.coordinator, household=county.yu, product=county.chicken, quantity=2,
                        unit_price="120")
    chicken = StockRecord.objects.get(product=county.chicken)
    assert refusal("119.99", stockrecord=chicken) == (
        "price_below_lots", "库存中的批次付给农户的单价最高为 ¥120.00：这些批次卖完之前，售价不能低于这个数。")
    assert refusal("119.99", stockrecord=chicken, language="en") == (
        "price_below_lots", "Households were paid up to ¥120.00 a unit for the lots still in stock: the shop's "
                            "price cannot go below that until they are sold.")
    check_shop_price(Decimal("120.00"), stockrecord=chicken)
    # Another good's dearer lot is not this good's floor.
    StockRecord.objects.filter(product=county.honey).update(price=Decimal("400.00"))
    record_supply(recorded_by=county.coordinator, household=county.bao, product=county.honey, quantity=2,
                  unit_price="300")
    check_shop_price(Decimal("120.00"), stockrecord=chicken)

    # One unit left still holds the floor; none left lets it go.
    order = place_order(county.buyer, [(county.chicken, 1)], address=ADDR)
    LotAllocation.objects.create(lot=lot, order_line=order.lines.get(), quantity=1)
    assert refusal("119.99", stockrecord=chicken)[0] == "price_below_lots"
    second = place_order(county.buyer, [(county.chicken, 1)], address=ADDR)
    LotAllocation.objects.create(lot=lot, order_line=second.lines.get(), quantity=1)
    check_shop_price(Decimal("100.00"), stockrecord=chicken)
