import os

import pytest
from haystack import connections

from cms.site import install_site
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
    _home, index = install_site(home_title="林口乡村优品", stories_title="村庄故事")
    return index


@pytest.fixture(scope="session")
def stripe_server():
    from tests.fake_stripe import FakeStripe

    server = FakeStripe().start()
    yield server
    server.stop()


WEBHOOK_SECRET = "whsec_test_secret"


@pytest.fixture
def fake_stripe(stripe_server, settings):
    """Stripe switched on, its client pointed at the fake server on loopback."""
    stripe_server.reset()
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_fake"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = stripe_server.base_url
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    return stripe_server


@pytest.fixture
def staff_user(county):
    from tests.county import make_user

    return make_user("shop-manager", is_staff=True, is_superuser=True, first_name="店长")


@pytest.fixture
def staff(staff_user):
    """A logged-in client of a shop manager (staff, all permissions)."""
    from django.test import Client

    from tests.helpers import log_in

    client = Client()
    log_in(client, staff_user)
    return client


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI's PostgreSQL pass (REQUIRE_POSTGRES=1) a skipped PostgreSQL-only test is a failure."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("REQUIRE_POSTGRES") and item.get_closest_marker("postgres") and report.skipped:
        report.outcome = "failed"
        report.longrepr = "REQUIRE_POSTGRES is set, but this PostgreSQL-only test was skipped"
