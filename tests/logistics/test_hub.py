"""The hub clerk's steps, in the dashboard and by command: in order, once."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from catalog.supply import record_supply
from households.models import IncomeEntry
from logistics import tracking
from logistics.models import Consignment
from tests.factories import ADDR, place_order
from tests.helpers import confirm_step, log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def parcel(county):
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=5,
                  unit_price="68")
    return place_order(county.buyer, [(county.honey, 2)], address=ADDR).consignments.get()


def hub(*args):
    out = io.StringIO()
    call_command("hub", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def test_the_hub_command_moves_a_parcel_to_the_door_and_settles_it(county, parcel):
    assert str(parcel.run.pk) in hub("runs")
    hub("load", parcel.run.pk)
    hub("arrive", parcel.run.pk)
    hub("dispatch", parcel.pk, "9800000000001")
    assert "income booked" in hub("deliver", parcel.pk)
    assert "nothing changed" in hub("deliver", parcel.pk)
    assert parcel.order.sources.get().transactions.count() == 1  # cash collected once
    assert list(IncomeEntry.objects.filter(source="ecommerce").values_list("amount", flat=True)) == [136]


def test_steps_out_of_order_are_refused(county, parcel):
    with pytest.raises(CommandError, match="尚未交邮政快递"):
        hub("deliver", parcel.pk)
    with pytest.raises(CommandError):
        hub("arrive", parcel.run.pk)
    with pytest.raises(CommandError):
        hub("dispatch", parcel.pk, "98")
    parcel.refresh_from_db()
    assert parcel.status == Consignment.Status.BOOKED


def test_marking_a_delivery_twice_in_the_dashboard_books_nothing_twice(client, county, parcel):
    tracking.mark_run_loaded(parcel.run)
    tracking.mark_run_at_hub(parcel.run)
    tracking.dispatch_consignment(parcel, "9800000000002")
    log_in(client, county.clerk)
    url = reverse("logistics-dashboard:consignment-deliver", kwargs={"pk": parcel.pk})
    confirm_step(client, url)
    entries = list(IncomeEntry.objects.values_list("pk", "amount"))
    events = parcel.events.count()
    response = client.post(url, {"confirmed": "1"}, follow=True)
    assert "已送达" in response.content.decode() or "already delivered" in response.content.decode()
    assert list(IncomeEntry.objects.values_list("pk", "amount")) == entries
    assert parcel.events.count() == events


def test_dispatch_needs_a_tracking_number(client, county, parcel):
    tracking.mark_run_loaded(parcel.run)
    tracking.mark_run_at_hub(parcel.run)
    log_in(client, county.clerk)
    response = client.post(reverse("logistics-dashboard:consignment-dispatch", kwargs={"pk": parcel.pk}),
                           {"tracking_number": " "}, follow=True)
    assert "请输入邮政快递单号" in response.content.decode()
    parcel.refresh_from_db()
    assert parcel.status == Consignment.Status.AT_HUB


def test_only_hub_staff_reach_the_hub_pages(client, county, parcel):
    log_in(client, county.coordinator)
    assert client.get(reverse("logistics-dashboard:run-list")).status_code == 403
    assert client.post(reverse("logistics-dashboard:run-transition",
                               kwargs={"pk": parcel.run.pk, "step": "loaded"})).status_code == 403
    parcel.run.refresh_from_db()
    assert parcel.run.status == "planned"


def test_a_bus_cancelled_from_the_shell_sends_its_parcels_on_the_next_one(county, parcel):
    first = parcel.run
    out = hub("cancel", first.pk, "大雪封路")
    assert "1 parcel(s) planned again" in out
    parcel.refresh_from_db()
    assert parcel.run.departs_at > first.departs_at and parcel.status == Consignment.Status.BOOKED
    # Its new bus leaves a day later or more: beyond the packing freeze, so the batch plans it again.
    assert "planned 1 consignment(s): 1 on a run, 0 waiting" in hub("plan")
    with pytest.raises(CommandError, match="停运原因"):
        hub("cancel", parcel.run.pk, " ")
