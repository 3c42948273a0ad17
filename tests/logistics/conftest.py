import pytest

from catalog.supply import record_supply


@pytest.fixture
def stocked(county):
    """新青村 with 200 chickens in stock (300 kg: more than the bus line carries in one run)."""
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.chicken, quantity=200,
                  unit_price="120")
    return county
