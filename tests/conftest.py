import os

import pytest

from cms.site import install_site
from tests.county import build_county

# The Redis server CI runs (127.0.0.1:6379); tests use a database of their own on it.
REDIS_TESTS_URL = os.environ.get("REDIS_TESTS_URL", "redis://127.0.0.1:6379/15")
REDIS_COMMANDS = ("get", "get_many", "set", "set_many", "add", "delete", "delete_many", "incr")


@pytest.fixture
def round_trips(monkeypatch):
    """The commands sent to Redis, as (command, keys)."""
    from shop.cache import ReusedClients

    sent = []
    for name in REDIS_COMMANDS:
        original = getattr(ReusedClients, name)

        def spy(self, *args, _original=original, _name=name, **kwargs):
            sent.append((_name, args[0]))
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(ReusedClients, name, spy)
    return sent


@pytest.fixture
def shop_on_redis(round_trips):
    """The shop's cache on Redis, as in production (the suite's default is this process's memory)."""
    from django.core.cache import cache
    from django.test import override_settings

    with override_settings(CACHES={"default": {"BACKEND": "shop.cache.MemoRedisCache", "LOCATION": REDIS_TESTS_URL}}):
        cache.clear()
        yield
        cache.clear()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the category links, page pieces and provinces)."""
    from django.core.cache import cache

    cache.clear()
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
    if item.get_closest_marker("browser") and report.skipped:
        report.outcome = "failed"
        report.longrepr = "A browser test was skipped: install chromium and fonts-noto-cjk (make test does)"
    elif os.environ.get("REQUIRE_POSTGRES") and item.get_closest_marker("postgres") and report.skipped:
        report.outcome = "failed"
        report.longrepr = "REQUIRE_POSTGRES is set, but this PostgreSQL-only test was skipped"


@pytest.fixture
def leaders(county):
    """A branch secretary of 新青村's branch (paired to no household), a leader of 青山镇, a
    county leader and the admin, each a user of the roll-up pages."""
    from types import SimpleNamespace

    from households.models import Cadre, Official, PartyBranch
    from tests.county import make_user

    secretary = make_user("secretary-xq", first_name="书记", last_name="周")
    Cadre.objects.create(user=secretary, branch=PartyBranch.objects.get(village=county.xinqing), is_secretary=True)
    town_leader = make_user("town-leader", first_name="镇长", last_name="白")
    Official.objects.create(user=town_leader, town=county.xinqing.town)
    county_leader = make_user("county-leader", first_name="县长", last_name="包")
    Official.objects.create(user=county_leader, town=None)
    admin = make_user("admin-1", is_staff=True, is_superuser=True)
    return SimpleNamespace(secretary=secretary, town=town_leader, county=county_leader, admin=admin)


@pytest.fixture
def monitoring_line(county):
    """This year's monitoring line: ¥7,500 per person, above the ¥6,800 poverty line."""
    import datetime
    from decimal import Decimal

    from households.models import PovertyLine

    line = PovertyLine.objects.get(year=datetime.date.today().year)
    line.monitoring_income = Decimal("7500.00")
    line.save()
    return line


_serialized = {}


def pytest_runtest_setup(item):
    _keep_serialized_contents()


def pytest_runtest_teardown(item, nextitem):
    # The flush after a transactional test skips post_migrate only when it sees them.
    _keep_serialized_contents()


def _keep_serialized_contents():
    """Keep the test database's serialized contents (for serialized_rollback) on the connection.

    Django keeps them on the connection object, which lives in a context variable; Playwright's
    sync API runs the browser test's steps in another context, after which Django hands out a fresh
    connection object without them, and the next transactional test would start from an empty
    database (no product classes, postal days or Wagtail root from the data migrations)."""
    from django.db import connections

    for alias in connections:
        connection = connections[alias]
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            _serialized[alias] = contents
        elif alias in _serialized:
            connection._test_serialized_contents = _serialized[alias]


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """`collectstatic` as production runs it (WhiteNoise's hashed, compressed files), once a session."""
    import subprocess
    import sys
    from pathlib import Path

    root = tmp_path_factory.mktemp("static")
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DEBUG")}
    env.update(DEBUG="0", SECRET_KEY="collectstatic-only", STATIC_ROOT=str(root),
               DJANGO_SETTINGS_MODULE="shop.settings", VAR_DIR=str(tmp_path_factory.mktemp("var")))
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], check=True, env=env,
                   cwd=Path(__file__).resolve().parent.parent, timeout=600)
    return root
