import pytest

from tests.factories import stock_goods


@pytest.fixture
def goods(county):
    """The county's goods (titles, English names, descriptions, types) in 新青村 and 东兴村:
    {title: product}."""
    return stock_goods(county)
