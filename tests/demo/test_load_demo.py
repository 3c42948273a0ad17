"""`load_demo` builds a county shaped like the article, and running it twice is safe."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Sum
from oscar.core.loading import get_model

from households.models import (
    Cadre,
    Household,
    IncomeEntry,
    IncomeWarning,
    MonitoringCategory,
    Official,
    PartyBranch,
    Town,
    Village,
    Visit,
)
from logistics.models import Consignment, Station

Product = get_model("catalogue", "Product")
pytestmark = pytest.mark.django_db(transaction=False)


def just_after_midnight_in_the_county() -> datetime.datetime:
    """00:29 today in Shanghai: yesterday's buses are still on the road, none has left today
    (CI once failed here, the demo stamping a delivery in the future)."""
    today = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date()
    return datetime.datetime.combine(today, datetime.time(0, 29), tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


def test_the_demo_county_has_the_articles_numbers_and_a_working_history(settings):
    settings.DEBUG = True
    out = io.StringIO()
    with time_machine.travel(just_after_midnight_in_the_county(), tick=True):
        call_command("load_demo", "--weeks", "2", stdout=out)
    assert Town.objects.count() == 11
    assert Village.objects.count() == 176
    assert Household.objects.count() == 618
    assert Household.objects.aggregate(s=Sum("members"))["s"] == 1204
    assert PartyBranch.objects.count() == 127
    assert Cadre.objects.count() == 1355
    xinqing = Village.objects.get(name="新青村")
    titles = set(Product.objects.filter(origin_village=xinqing).values_list("title", flat=True))
    assert len(titles) == 6 and all(p.primary_image().original for p in Product.objects.filter(origin_village=xinqing))
    assert IncomeEntry.objects.filter(source="ecommerce").exists()
    assert Consignment.objects.filter(status="delivered").exists()
    # Every household of 新青村 has at least one cadre.
    assert not Household.objects.filter(village=xinqing, pairings__isnull=True).exists()
    # Monitoring: every warning kind and state, every category, a year of visits, the leaders.
    assert set(IncomeWarning.objects.values_list("kind", flat=True)) == set(IncomeWarning.Kind.values)
    assert set(IncomeWarning.objects.values_list("state", flat=True)) == set(IncomeWarning.State.values)
    assert set(Household.objects.exclude(monitoring_category="").values_list("monitoring_category", flat=True)) \
        == set(MonitoringCategory.values)
    assert Visit.objects.dates("visited_on", "month").count() >= 12
    assert Cadre.objects.get(user__username="secretary").is_secretary
    assert Official.objects.get(user__username="town").town.name == "青山镇"
    assert Official.objects.get(user__username="county").town is None
    # The demo buyer's address is in their address book, as a checkout would have put it; stations
    # have a service phone and products an English title.
    buyer_address = get_model("address", "UserAddress").objects.get(user__email="buyer@demo.linkou.invalid")
    assert buyer_address.is_default_for_shipping and buyer_address.line3 == "南岗区"
    assert not Station.objects.filter(village__isnull=False, service_phone="").exists()
    assert not Product.objects.filter(title_en="").exists()

    counts = (Household.objects.count(), IncomeEntry.objects.count(), Consignment.objects.count())
    call_command("load_demo", "--weeks", "2", stdout=out)
    assert (Household.objects.count(), IncomeEntry.objects.count(), Consignment.objects.count()) == counts
    assert "already loaded" in out.getvalue()
