"""Buyers and staff are in mainland China: no page loads anything from another host (Google's
CDNs hang there until they time out; Gravatar and Wagtail's release server are abroad). The one
exception is Stripe's own script on the pay page, which says so when it cannot load."""

from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalog.supply import record_supply
from households import monitoring
from tests.cms.test_site import site  # noqa: F401 (fixture)
from tests.factories import ADDR
from tests.helpers import log_in

pytestmark = pytest.mark.django_db
# Attributes by which a page makes the browser fetch something (an <a href> is a link to follow,
# not a load, and is checked separately).
LOADING = {"src", "srcset", "poster", "data", "action"}


class ForeignReferences(HTMLParser):
    def __init__(self):
        super().__init__()
        self.loads, self.links = [], []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if not value:
                continue
            urls = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
            for url in urls:
                host = urlsplit(url.strip()).netloc
                if not host or host == "testserver":
                    continue
                if name in LOADING or (name == "href" and tag == "link"):
                    self.loads.append(f"<{tag} {name}={url}>")
                elif name == "href":
                    self.links.append(url)


def foreign(response):
    parser = ForeignReferences()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def journeys(county, site, leaders, staff_user):  # noqa: F811 (site is a fixture)
    """A buyer with an order, the pages of every role."""
    from tests.factories import place_order

    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=4,
                  unit_price=Decimal("60.00"))
    order = place_order(county.buyer, [(county.honey, 1)], address=ADDR)
    monitoring.recompute(today=timezone.localdate())
    month = f"{timezone.localdate():%Y-%m}"
    _home, _index, story, _neighbour = site
    anonymous = [reverse("home-page"), reverse("catalogue:index"), county.honey.get_absolute_url(),
                 county.category.get_absolute_url(), reverse("search:search") + "?q=蜂蜜", reverse("basket:summary"),
                 reverse("customer:login"), story.url, "/no-such-page/"]
    return {
        None: anonymous,
        county.buyer: [reverse("customer:summary"), reverse("customer:order-list"),
                       reverse("customer:order", kwargs={"order_number": order.number})],
        county.cadre: [reverse("cadre:household-list"), reverse("cadre:household-detail", kwargs={"pk": county.yu.pk}),
                       reverse("cadre:visit-create", kwargs={"pk": county.yu.pk})],
        leaders.county: [reverse("county:overview"), reverse("county:village", kwargs={"pk": county.xinqing.pk}),
                         reverse("county:household", kwargs={"pk": county.yu.pk}),
                         reverse("county:report", kwargs={"month": month})],
        county.coordinator: [reverse("dashboard:index"), reverse("dashboard:catalogue-product-list"),
                             reverse("dashboard:order-list"), reverse("station:home"), reverse("station:supply"),
                             reverse("station:product-new"), reverse("station:service-worker")],
        county.clerk: ["/dashboard/logistics/runs/"],
        staff_user: [reverse("dashboard:index"), reverse("dashboard:order-detail", kwargs={"number": order.number}),
                     reverse("admin:index"), "/cms-admin/", "/cms-admin/pages/"],
    }


def test_no_page_loads_anything_from_another_host(journeys):
    found = {}
    for user, urls in journeys.items():
        client = Client()
        if user is not None:
            log_in(client, user)
        for url in urls:
            response = client.get(url, follow=True)
            assert response.status_code in (200, 404), (user, url, response.status_code)
            loads = foreign(response).loads
            if loads:
                found[(str(user), url)] = loads
    assert found == {}


def test_the_shop_and_the_workbench_link_to_no_other_host(journeys):
    """Buyer, cadre and leader pages do not even link abroad (Oscar's admin screens may link to
    their own documentation)."""
    found = {}
    for user, urls in journeys.items():
        if user is not None and getattr(user, "is_staff", False):
            continue
        client = Client()
        if user is not None:
            log_in(client, user)
        for url in urls:
            links = foreign(client.get(url, follow=True)).links
            if links:
                found[(str(user), url)] = links
    assert found == {}


def test_wagtail_asks_no_foreign_server(settings):
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False


def test_the_pay_page_is_the_one_exception_and_only_for_stripe(county, fake_stripe):
    from pathlib import Path

    template = Path(__file__).resolve().parents[2] / "templates" / "payments" / "pay.html"
    hosts = {urlsplit(ref).netloc for ref in template.read_text(encoding="utf-8").split('"') if "://" in ref}
    assert hosts <= {"js.stripe.com"}

