import pytest
from haystack import connections
from wagtail.models import Locale, Page

from tests.county import build_county


@pytest.fixture(autouse=True)
def empty_search_index(settings):
    """Each test starts with an empty (temporary) search index."""
    backend = connections["default"].get_backend()
    backend.clear()
    backend.setup_complete = False
    yield


@pytest.fixture
def county(db):
    return build_county()


@pytest.fixture
def wagtail_root(db):
    Locale.objects.get_or_create(language_code="zh-hans")
    return Page.get_first_root_node()
