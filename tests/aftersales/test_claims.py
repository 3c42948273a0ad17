"""After-sales: within 48 hours of delivery the buyer claims, staff decide, money follows the cause."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model
from PIL import Image

from aftersales.models import Claim, ClaimDecision, ClaimPhoto
from catalog.supply import record_supply
from households.ledger import book_income
from households.models import IncomeEntry
from settlement.models import PlatformEntry
from settlement.reconciliation import reconcile
from shop.payments.models import Refund
from tests.factories import ADDR, make_user, place_order
from tests.helpers import deliver, log_in, messages_of

Order = get_model("order", "Order")
pytestmark = pytest.mark.django_db


def photo(name="crab.jpg", size=(64, 48)):
    data = io.BytesIO()
    Image.new("RGB", size, (180, 60, 40)).save(data, "JPEG")
    return SimpleUploadedFile(name, data.getvalue(), content_type="image/jpeg")


def income(household):
    return IncomeEntry.objects.filter(household=household, source="ecommerce").aggregate(s=Sum("amount"))["s"]


@pytest.fixture
def delivered(county):
    """Two chickens: one from 于某's lot (¥120), one from 包某's (¥125), brought two days ago,
    ordered yesterday, delivered an hour ago (in that order at any hour, 1 January's first included)."""
    brought = timezone.localdate() - datetime.timedelta(days=2)
    record_supply(recorded_by=county.coordinator, household=county.bao, product=county.chicken, quantity=3,
                  unit_price="125", supplied_on=brought, recorded_on=brought)
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.chicken, quantity=1,
                  unit_price="120", supplied_on=brought, recorded_on=brought)
    order = place_order(county.buyer, [(county.chicken, 2)], address=ADDR,
                        placed_at=timezone.now() - datetime.timedelta(days=1))
    loaded = timezone.now() - datetime.timedelta(hours=1)
    # Lots go to the household poorest in the year of loading: 包某 earns more than 于某 in it, even
    # when that is last year (the first hour of 1 January), where the county's wages are not.
    book_income(household=county.bao, date=timezone.localdate(loaded), source="wages", amount="50000.00",
                reference="claims:bao:wages")
    deliver(order, at=loaded)
    return order


@pytest.fixture
def buyer(county):
    client = Client()
    log_in(client, county.buyer)
    return client


def claim_url(order):
    return reverse("aftersales:claim-create", kwargs={"number": order.number, "line_id": order.lines.get().pk})


def test_a_buyer_claims_a_crushed_chicken_and_transit_damage_leaves_the_households_income(
        buyer, staff, county, delivered, django_capture_on_commit_callbacks):
    page = buyer.get(reverse("customer:order", kwargs={"order_number": delivered.number})).content.decode()
    assert claim_url(delivered) in page
    response = buyer.post(claim_url(delivered), {"reason": "damaged", "quantity": 1, "description": "压坏了",
                                                 "photos": [photo(), photo("2.jpg")]}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("customer:order", kwargs={"order_number": delivered.number})
    claim = Claim.objects.get()
    assert (claim.reason, claim.quantity, claim.status, claim.photos.count()) == ("damaged", 1, "open", 2)

    detail = staff.get(reverse("aftersales-dashboard:claim-detail", kwargs={"pk": claim.pk}))
    assert detail.context["form"]["liability"].initial == "transit"
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("aftersales-dashboard:claim-detail", kwargs={"pk": claim.pk}),
                   {"refund_quantity": 1, "liability": "transit", "reason": "运输途中挤压，平台承担"})
    claim.refresh_from_db()
    assert claim.status == "refunded"
    decision = claim.decisions.get()
    assert (decision.outcome, decision.quantity, decision.decided_by.username) == ("refund", 1, "shop-manager")
    assert decision.refund.amount == Decimal("168.00") and decision.reason == "运输途中挤压，平台承担"
    # Transit: both households keep what they earned; the platform books the loss.
    assert (income(county.yu), income(county.bao)) == (Decimal("120.00"), Decimal("125.00"))
    loss = PlatformEntry.objects.get(account="logistics_loss")
    assert loss.amount == Decimal("-168.00")
    assert any(str(delivered.number) in m.subject for m in mail.outbox)
    assert reconcile(month=timezone.localdate()).balanced


def test_a_quality_fault_reverses_the_households_income_lot_by_lot(buyer, staff, county, delivered):
    buyer.post(claim_url(delivered), {"reason": "not_as_described", "quantity": 1})
    claim = Claim.objects.get()
    staff.post(reverse("aftersales-dashboard:claim-detail", kwargs={"pk": claim.pk}),
               {"refund_quantity": 1, "liability": "quality", "reason": "不是散养鸡"})
    # 包某's lot was allocated last, so 包某's chicken is the one that comes back.
    assert (income(county.yu), income(county.bao)) == (Decimal("120.00"), Decimal("0.00"))
    assert not PlatformEntry.objects.filter(account="logistics_loss").exists()
    assert reconcile(month=timezone.localdate()).balanced


def test_staff_may_reject_or_refund_part_and_every_decision_is_kept(buyer, staff, county, delivered):
    buyer.post(claim_url(delivered), {"reason": "dead", "quantity": 2})
    claim = Claim.objects.get()
    url = reverse("aftersales-dashboard:claim-detail", kwargs={"pk": claim.pk})
    response = staff.post(url, {"refund_quantity": 1, "liability": "transit", "reason": ""})
    assert response.status_code == 200 and not ClaimDecision.objects.exists()
    assert "请填写处理理由" in response.content.decode()
    staff.post(url, {"refund_quantity": 1, "liability": "transit", "reason": "一只到货时已死亡"})
    assert Refund.objects.get().amount == Decimal("168.00")
    # Deciding again is refused and changes nothing.
    response = staff.post(url, {"refund_quantity": 1, "liability": "transit", "reason": "again"})
    assert "已处理过" in response.content.decode()
    assert ClaimDecision.objects.count() == 1 and Refund.objects.count() == 1


def test_a_rejected_claim_moves_no_money(buyer, staff, delivered):
    buyer.post(claim_url(delivered), {"reason": "not_as_described", "quantity": 1})
    claim = Claim.objects.get()
    staff.post(reverse("aftersales-dashboard:claim-detail", kwargs={"pk": claim.pk}),
               {"refund_quantity": 0, "liability": "quality", "reason": "照片显示商品完好"})
    claim.refresh_from_db()
    assert claim.status == "rejected" and claim.decisions.get().outcome == "reject"
    assert not Refund.objects.exists()


def test_after_48_hours_there_is_no_claim(buyer, county):
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.chicken, quantity=1,
                  unit_price="120")
    order = place_order(county.buyer, [(county.chicken, 1)], address=ADDR)
    deliver(order, at=timezone.now() - datetime.timedelta(hours=49))
    page = buyer.get(reverse("customer:order", kwargs={"order_number": order.number})).content.decode()
    assert claim_url(order) not in page
    response = buyer.post(claim_url(order), {"reason": "damaged", "quantity": 1})
    assert response.status_code == 200 and "48 小时内" in response.content.decode()
    assert not Claim.objects.exists()


@pytest.mark.parametrize("data, message", [
    ({"reason": "damaged", "quantity": 3}, "1 到 2"),
    ({"reason": "damaged", "quantity": 0}, ""),
    ({"reason": "stolen", "quantity": 1}, ""),
    ({"reason": "damaged", "quantity": 1, "photos": [photo("1.jpg"), photo("2.jpg"), photo("3.jpg"), photo("4.jpg")]},
     "最多上传 3 张"),
    ({"reason": "damaged", "quantity": 1,
      "photos": [SimpleUploadedFile("fake.jpg", b"#!/bin/sh\necho not a photo\n", content_type="image/jpeg")]}, ""),
])
def test_a_bad_claim_is_refused_with_a_message_and_writes_nothing(buyer, delivered, data, message):
    response = buyer.post(claim_url(delivered), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert message in response.content.decode()
    assert not Claim.objects.exists() and not ClaimPhoto.objects.exists()


def test_only_the_buyer_claims_on_their_order_and_only_staff_decide(county, delivered):
    stranger = Client()
    log_in(stranger, make_user("stranger"))
    assert stranger.get(claim_url(delivered)).status_code == 404
    coordinator = Client()
    log_in(coordinator, county.coordinator)
    assert coordinator.get(reverse("aftersales-dashboard:claim-list")).status_code == 403


@pytest.mark.parametrize("email, said", [
    ("chen@example.com", "处理结果会显示在本订单页面，并发邮件至chen@example.com。"),
    ("", "处理结果会显示在本订单页面。"),  # a buyer without an e-mail address is promised none
])
def test_the_claim_recorded_message_promises_an_email_only_to_a_buyer_with_one(county, delivered, email, said):
    county.buyer.email = email
    county.buyer.save()
    client = Client()
    client.force_login(county.buyer)
    response = client.post(claim_url(delivered), {"reason": "damaged", "quantity": 1, "description": "压坏了",
                                                  "photos": [photo()]}, follow=True)
    assert any(said in m for m in messages_of(response)), messages_of(response)


def test_a_refund_decided_without_its_cause_is_refused_and_moves_no_money(buyer, staff_user, county, delivered):
    """The web form always sends a cause; the rule holds for any caller: who bears a refund
    (transit: the platform; quality: the households) must be said."""
    from django.core.exceptions import ValidationError

    from aftersales.claims import decide_claim

    buyer.post(claim_url(delivered), {"reason": "damaged", "quantity": 1})
    claim = Claim.objects.get()
    before = (income(county.yu), income(county.bao))
    for liability in ("", "weather"):
        with pytest.raises(ValidationError) as refused:
            decide_claim(claim, by=staff_user, refund_quantity=1, liability=liability, reason="压坏了")
        assert "liability" in refused.value.message_dict
    claim.refresh_from_db()
    assert claim.status == "open" and not claim.decisions.exists() and not Refund.objects.exists()
    assert (income(county.yu), income(county.bao)) == before


@pytest.mark.parametrize("hours_ago, open_", [(47.98, True), (48.02, False)])
def test_the_claim_window_is_48_hours_from_delivery(buyer, county, hours_ago, open_):
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.chicken, quantity=1,
                  unit_price="120")
    order = place_order(county.buyer, [(county.chicken, 1)], address=ADDR,
                        placed_at=timezone.now() - datetime.timedelta(days=3))
    deliver(order, at=timezone.now() - datetime.timedelta(hours=hours_ago))
    buyer.post(claim_url(order), {"reason": "damaged", "quantity": 1})
    assert Claim.objects.exists() is open_


def test_once_the_window_has_closed_the_order_says_since_when_and_which_station_to_call(county):
    from aftersales.claims import closed_windows, delivered_at

    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.chicken, quantity=1,
                  unit_price="120")
    order = place_order(county.buyer, [(county.chicken, 1)], address=ADDR,
                        placed_at=timezone.now() - datetime.timedelta(days=3))
    deliver(order, at=timezone.now() - datetime.timedelta(hours=50))
    consignment = order.consignments.get()
    when = delivered_at(order)[consignment.village_id]
    line = order.lines.get()
    assert closed_windows(order, now=when + datetime.timedelta(hours=48)) == {}  # the 48th hour is still open
    assert closed_windows(order, now=when + datetime.timedelta(hours=48, seconds=1)) == {
        line.pk: {"closed_at": when + datetime.timedelta(hours=48), "station": consignment.station}}
    # A line whose good has left the shop (no stock record) has no station to name, and no error.
    order.lines.update(stockrecord=None)
    assert closed_windows(order) == {}
