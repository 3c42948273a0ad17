import pytest

from tests.factories import make_user


@pytest.fixture
def roles(county):
    """Every kind of user the site has, by name (None: not logged in)."""
    return {
        "anonymous": None,
        "buyer": county.buyer,
        "coordinator": county.coordinator,
        "cadre": county.cadre,
        "hub clerk": county.clerk,
        "staff": make_user("shop-admin", is_staff=True, is_superuser=True),
    }
