import pytest
from haystack import connections

from cms.site import install_stories_index
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
def stories_index(db):
    return install_stories_index(title="村庄故事")
