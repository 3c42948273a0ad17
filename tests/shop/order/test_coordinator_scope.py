"""A village coordinator works on their village's part of an order, and only that."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from catalog.supply import record_supply
from tests.factories import ADDR, place_order
from tests.helpers import log_in

Order = get_model("order", "Order")
pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed_order(county):
    """A buyer orders 新青村's chicken and 东兴村's ginseng together."""
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.chicken, quantity=3,
                  unit_price="120")
    record_supply(recorded_by=county.neighbour_coordinator, household=county.far, product=county.ginseng,
                  quantity=3, unit_price="200")
    return place_order(county.buyer, [(county.chicken, 1), (county.ginseng, 2)], address=ADDR)


@pytest.fixture
def coordinator(county):
    client = Client()
    log_in(client, county.coordinator)
    return client


def test_the_coordinator_sees_only_their_villages_lines_and_amounts(coordinator, county, mixed_order):
    page = coordinator.get(reverse("dashboard:order-detail", kwargs={"number": mixed_order.number}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "新青村散养笨鸡" in html
    assert "东兴村林下参" not in html
    assert "¥168.00" in html  # their chicken
    assert "¥536.00" not in html  # the ginseng line
    assert f"¥{mixed_order.total_incl_tax:,}" not in html  # the whole order's total
    assert list(page.context["lines"].values_list("title", flat=True)) == ["新青村散养笨鸡"]

    listing = coordinator.get(reverse("dashboard:order-list")).content.decode()
    assert str(mixed_order.number) in listing and "¥168.00" in listing
    assert f"¥{mixed_order.total_incl_tax:,}" not in listing

    csv = coordinator.post(reverse("dashboard:order-list"), {
        "action": "download_selected_orders", "selected_order": [mixed_order.pk]}).content.decode()
    assert "168.00" in csv and str(mixed_order.total_incl_tax) not in csv


def test_the_other_villages_line_is_not_there_for_them(coordinator, mixed_order):
    ginseng = mixed_order.lines.get(title="东兴村林下参")
    response = coordinator.get(reverse("dashboard:order-line-detail",
                                       kwargs={"number": mixed_order.number, "line_id": ginseng.pk}))
    assert response.status_code == 404


def test_the_coordinator_cannot_change_an_orders_status(coordinator, mixed_order):
    page = coordinator.get(reverse("dashboard:order-detail", kwargs={"number": mixed_order.number}))
    assert not page.context["order_status_form"].has_choices
    assert 'name="new_status"' not in page.content.decode()
    for status in ("Cancelled", "Shipped", "Delivered"):
        coordinator.post(reverse("dashboard:order-detail", kwargs={"number": mixed_order.number}),
                         {"order_action": "change_order_status", "new_status": status})
        coordinator.post(reverse("dashboard:order-list"), {
            "action": "change_order_statuses", "selected_order": [mixed_order.pk], "new_status": status})
    mixed_order.refresh_from_db()
    assert mixed_order.status == "Pending"
    assert mixed_order.consignments.filter(status="cancelled").count() == 0


def test_no_dashboard_link_a_coordinator_is_shown_leads_to_a_403(coordinator, mixed_order):
    pages = [reverse("dashboard:index"), reverse("dashboard:order-list"),
             reverse("dashboard:order-detail", kwargs={"number": mixed_order.number}),
             reverse("dashboard:catalogue-product-list"), reverse("catalog-supply:lot-list")]
    seen, refused = set(), []
    for page in pages:
        html = coordinator.get(page).content.decode()
        for href in re.findall(r'href="(/dashboard/[^"#?]*)', html):
            if href in seen:
                continue
            seen.add(href)
            status = coordinator.get(href).status_code
            if status == 403:
                refused.append((page, href))
    assert seen and not refused, refused


def test_the_buyers_e_mail_and_names_stay_out_of_the_coordinators_lists(coordinator, county, mixed_order):
    listing = coordinator.get(reverse("dashboard:order-list")).content.decode()
    address = mixed_order.shipping_address
    csv = coordinator.get(reverse("dashboard:order-list") + "?response_format=csv").content.decode()
    selected = coordinator.post(reverse("dashboard:order-list"), {
        "action": "download_selected_orders", "selected_order": [mixed_order.pk]}).content.decode()
    for text in (listing, csv, selected):
        assert county.buyer.email not in text
        assert address.first_name not in text
    assert "139****" in listing and str(mixed_order.number) in csv


def test_the_coordinators_figures_count_only_their_villages_lines(coordinator, mixed_order):
    stats = coordinator.get(reverse("dashboard:order-stats")).context
    assert stats["total_revenue"] == mixed_order.lines.get(title="新青村散养笨鸡").line_price_incl_tax
    assert stats["total_lines"] == 1
