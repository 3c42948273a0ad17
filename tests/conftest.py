"""The tests' county and its people; the plumbing (Redis, the fake Stripe, the browser's database
connection, collected static files, skips that fail) lives in tests/plugins/."""

import datetime

import pytest
from django.utils import timezone

from cms.site import install_site
from tests.factories import build_county

pytest_plugins = [
    "tests.plugins.clock",
    "tests.plugins.connections",
    "tests.plugins.outcomes",
    "tests.plugins.redis",
    "tests.plugins.sms",
    "tests.plugins.static",
    "tests.plugins.stripe",
]


@pytest.fixture
def now() -> datetime.datetime:
    """The moment the test runs (never a module's import: CI runs the suite for over an hour)."""
    return timezone.now()


@pytest.fixture
def today(now) -> datetime.date:
    """The county's day when the test runs: Shanghai's, which is not the machine's (UTC) from
    16:00 to midnight."""
    return timezone.localdate(now)


@pytest.fixture
def county(db):
    return build_county()


@pytest.fixture
def stories_index(db):
    _home, index = install_site(home_title="林口乡村优品", stories_title="村庄故事")
    return index


@pytest.fixture
def staff_user(county):
    from tests.factories import make_user

    return make_user("shop-manager", is_staff=True, is_superuser=True, first_name="店长")


@pytest.fixture
def staff(staff_user):
    """A logged-in client of a shop manager (staff, all permissions)."""
    from django.test import Client

    from tests.helpers import log_in

    client = Client()
    log_in(client, staff_user)
    return client


@pytest.fixture
def leaders(county):
    """A branch secretary of 新青村's branch (paired to no household), a leader of 青山镇, a
    county leader and the admin, each a user of the roll-up pages."""
    from types import SimpleNamespace

    from households.models import Cadre, Official, PartyBranch
    from tests.factories import make_user

    secretary = make_user("secretary-xq", first_name="书记", last_name="周")
    Cadre.objects.create(user=secretary, branch=PartyBranch.objects.get(village=county.xinqing), is_secretary=True)
    town_leader = make_user("town-leader", first_name="镇长", last_name="白")
    Official.objects.create(user=town_leader, town=county.xinqing.town)
    county_leader = make_user("county-leader", first_name="县长", last_name="包")
    Official.objects.create(user=county_leader, town=None)
    admin = make_user("admin-1", is_staff=True, is_superuser=True)
    return SimpleNamespace(secretary=secretary, town=town_leader, county=county_leader, admin=admin)


@pytest.fixture
def monitoring_line(county, today):
    """The monitoring line of this year and of last year (a test on 1 January looks at yesterday):
    ¥7,500 per person, above the ¥6,800 poverty line. Returns this year's."""
    from decimal import Decimal

    from households.models import PovertyLine

    for year in (today.year - 1, today.year):
        PovertyLine.objects.update_or_create(
            year=year, defaults={"monitoring_income": Decimal("7500.00")},
            create_defaults={"monitoring_income": Decimal("7500.00"), "per_person_income": Decimal("6800.00")})
    return PovertyLine.objects.get(year=today.year)


@pytest.fixture(autouse=True)
def sms_outbox():
    """The text messages a test sent (core.sms' locmem backend), empty at its start."""
    from core import sms

    sms.outbox.clear()
    return sms.outbox
