import pytest

from catalog.supply import record_supply


@pytest.fixture
def station(county):
    """新青村's station: households with lots of chicken and honey."""
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=20,
                  unit_price="68")
    record_supply(recorded_by=county.coordinator, household=county.bao, product=county.chicken, quantity=4,
                  unit_price="120")
    return county
