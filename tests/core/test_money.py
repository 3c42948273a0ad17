"""Two ways of counting the fen that must never be mixed up: a Decimal kept to the fen, and the
integer number of fen a payment service wants."""

from decimal import Decimal

import pytest

from core.money import ZERO, fen_to_yuan, round_to_fen, yuan, yuan_to_fen


@pytest.mark.parametrize(("value", "kept"), [
    (Decimal("12.345"), Decimal("12.35")),  # half up (四舍五入), not to even
    (Decimal("12.344"), Decimal("12.34")),
    (Decimal("-0.005"), Decimal("-0.01")),
    (0.1 + 0.2, Decimal("0.30")),  # SQLite's sum of decimals comes back as a float
    (None, ZERO),  # the sum of no rows
    ("88.5", Decimal("88.50")),
])
def test_an_amount_is_kept_as_money_to_the_fen(value, kept):
    result = round_to_fen(value)
    assert result == kept and isinstance(result, Decimal) and result.as_tuple().exponent == -2


@pytest.mark.parametrize(("amount", "fen"),
                         [("88.50", 8850), (Decimal("0.01"), 1), (Decimal("12.345"), 1235), (3, 300)])
def test_yuan_become_an_integer_count_of_fen_and_back(amount, fen):
    assert yuan_to_fen(amount) == fen and isinstance(yuan_to_fen(amount), int)
    assert fen_to_yuan(fen) == round_to_fen(amount)


def test_the_two_are_not_the_same_thing():
    # ¥88.50 kept to the fen is 88.50 yuan; counted in fen it is 8850: a mix-up is off by 100 times.
    assert round_to_fen("88.50") == Decimal("88.50") and yuan_to_fen("88.50") == 8850


def test_a_reversal_reads_as_the_county_writes_it():
    assert yuan(Decimal("-420")) == "-¥420.00" and yuan(Decimal("12345.5")) == "¥12,345.50"
