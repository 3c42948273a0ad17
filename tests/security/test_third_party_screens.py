"""Oscar's and Wagtail's screens that answered 500 to hostile input (found by the URL walk)."""

import pytest
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils.datastructures import MultiValueDictKeyError
from oscar.core.loading import get_model

from catalog.supply import record_supply
from config.middleware import HostileInputMiddleware
from tests.factories import ADDR, make_user, place_order
from tests.helpers import deliver, log_in

WishList = get_model("wishlists", "WishList")
pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, county):
    client.force_login(make_user("boss", is_staff=True, is_superuser=True))
    return client


# --- the last net: config.middleware.HostileInputMiddleware -------------------------------------------

def test_a_malformed_id_answers_400(staff):
    # Oscar's and Wagtail's URLs take any text as an id and hand it to the database.
    for url in ("/dashboard/pages/update/x/", "/dashboard/catalogue/option/x/update/",
                "/cms-admin/images/chooser/chosen/x/", "/cms-admin/documents/chooser/chosen-multiple/?id=abc"):
        response = staff.get(url)
        assert response.status_code == 400, url
        assert 'id="bad-request"' in response.content.decode()


def test_a_number_too_large_answers_400(staff, county):
    huge = "99999999999999999999"
    # SQLite cannot bind it (PostgreSQL finds nothing): never a 500.
    assert staff.get(f"/catalogue/{huge}_{huge}/reviews/").status_code in (400, 404)
    # Python's own limits (a date hierarchy of the Django admin).
    assert staff.get("/admin/axes/accesslog/", {"attempt_time__year": huge}).status_code in (200, 302, 400)


def test_each_kind_of_hostile_input_has_its_answer():
    from django.core.paginator import EmptyPage
    from django.db import DataError

    middleware = HostileInputMiddleware(lambda request: None)
    request = RequestFactory().get("/cms-admin/pages/")
    request.resolver_match = resolve("/cms-admin/pages/")  # a third-party screen (Wagtail's)
    assert middleware.process_exception(request, OverflowError("too large")).status_code == 400
    assert middleware.process_exception(request, MultiValueDictKeyError("form-0-id")).status_code == 400
    assert middleware.process_exception(request, EmptyPage("no such page")).status_code == 404
    nul = DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes")
    assert middleware.process_exception(request, nul).status_code == 400
    try:
        get_model("catalogue", "Product").objects.filter(pk="x").exists()
    except ValueError as exc:
        assert middleware.process_exception(request, exc).status_code == 400
    # Anything else stays a real error, to be seen and fixed.
    assert middleware.process_exception(request, ValueError("a bug")) is None
    assert middleware.process_exception(request, KeyError("a bug")) is None
    assert middleware.process_exception(request, DataError("value too long for type")) is None


def test_our_own_views_get_no_net(county):
    """An exception escaping one of our views (or one of our forks of Oscar) is a bug: it reaches the
    error log and Sentry as a 500, not a quiet 400."""
    middleware = HostileInputMiddleware(lambda request: None)
    for path in ("/station/", reverse("catalogue:index"), reverse("checkout:index")):  # ours, forks included
        request = RequestFactory().get(path)
        request.resolver_match = resolve(path)
        assert middleware.process_exception(request, OverflowError("too large")) is None, path
        assert middleware.process_exception(request, MultiValueDictKeyError("form-0-id")) is None, path


def test_a_tampered_formset_answers_400(staff):
    response = staff.post("/cms-admin/workflows/add/", {
        "name": "x", "workflow_tasks-TOTAL_FORMS": "2", "workflow_tasks-INITIAL_FORMS": "1",
        "workflow_tasks-MIN_NUM_FORMS": "0", "workflow_tasks-MAX_NUM_FORMS": "1000"})
    assert response.status_code in (200, 400)


# --- Oscar's dashboard (shop/dashboard/…) --------------------------------------------------------------

def test_stock_alerts_with_status_but_no_value(staff):
    assert staff.get(reverse("dashboard:stock-alert-list"), {"status": ""}).status_code == 200


# --- Wagtail's admin (cms/admin_guards.py, cms/wagtail_hooks.py) ----------------------------------------

def test_a_workflow_page_with_a_page_number_that_is_not_one(staff):
    for p in ("", "x", "-1", "1e5"):
        assert staff.get("/cms-admin/workflows/edit/1/", {"p": p}).status_code == 200, p
    assert staff.get("/cms-admin/workflows/edit/1/", {"p": "99999"}).status_code == 404


@pytest.mark.parametrize("url", ["/cms-admin/images/", "/cms-admin/documents/", "/cms-admin/images/results/"])
def test_searching_images_and_documents_with_the_usage_filter(staff, url):
    assert staff.get(url, {"q": "honey", "usage_count_min": "1", "usage_count_max": "5"}).status_code == 200


def test_the_root_page_cannot_be_moved(staff, stories_index):
    # Refused (Wagtail's admin sends the editor home with a message), never a 500; the root stays.
    for destination in (1, stories_index.pk):
        response = staff.post(f"/cms-admin/pages/1/move/{destination}/confirm/")
        assert response.status_code == 302 and response["Location"] == "/cms-admin/", destination
    root = get_model("wagtailcore", "Page").objects.get(pk=1)
    assert root.depth == 1 and root.get_children().filter(pk=stories_index.get_parent().pk).exists()


# --- Oscar's shop (shop/customer/wishlists/views.py, catalog/reviews/forms.py) -----------------------

def test_a_review_form_shown_again_with_its_errors(client, county):
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=2,
                  unit_price="60")
    deliver(place_order(county.buyer, [(county.honey, 1)], address=ADDR))  # only buyers who received it review
    log_in(client, county.buyer)
    url = reverse("catalogue:reviews-add", kwargs={"product_slug": county.honey.slug, "product_pk": county.honey.pk})
    for score in ("3", "99999999999999999999", "x", ""):
        response = client.post(url, {"title": "", "score": score, "body": "", "name": "", "email": ""})
        assert response.status_code == 200, score


def test_a_wishlist_for_a_product_that_does_not_exist(client, county):
    log_in(client, county.buyer)
    response = client.get("/accounts/wishlists/create/with-product/999999/")
    assert response.status_code == 302 and response["Location"] == reverse("customer:wishlists-create")


def test_a_wishlist_whose_ticked_for_deletion_share_is_not_an_address(client, county):
    log_in(client, county.buyer)
    response = client.post(reverse("customer:wishlists-create"), {
        "name": "年货", "visibility": "Private",
        "shared_emails-TOTAL_FORMS": "3", "shared_emails-INITIAL_FORMS": "0",
        "shared_emails-MIN_NUM_FORMS": "0", "shared_emails-MAX_NUM_FORMS": "1000",
        "shared_emails-0-email": "not-an-address", "shared_emails-0-DELETE": "on"})
    assert response.status_code == 302
    wishlist = WishList.objects.get(owner=county.buyer)
    assert not wishlist.shared_emails.exists()


def test_django_admin_add_pages_for_rows_the_shop_makes_are_gone(staff):
    for model in ("voucher/voucherapplication", "reviews/vote", "address/useraddress", "basket/line",
                  "catalogue/lotallocation", "logistics/consignment"):
        assert staff.get(f"/admin/{model}/add/").status_code == 403, model


def test_a_product_form_claiming_endless_forms_builds_at_most_fifty(client, county):
    # Django would build 2000 forms per formset (half a minute for one post).
    from tests.helpers import form_fields

    log_in(client, county.coordinator)
    url = reverse("dashboard:catalogue-product", kwargs={"pk": county.honey.pk})
    data = form_fields(client.get(url).content.decode(), "create_update_product_form")
    management = [name for name in data if name.endswith("-TOTAL_FORMS")]
    assert len(management) == 4
    data.update(dict.fromkeys(management, "99999999999999999999"))
    response = client.post(url, data)
    assert response.status_code == 200
    for name in ("image_formset", "recommended_formset", "stockrecord_formset", "category_formset"):
        formset = response.context_data[name]
        assert len(formset.forms) <= 50 and formset.non_form_errors(), name


def test_a_wishlist_claiming_endless_shared_addresses_builds_at_most_twenty(client, county):
    log_in(client, county.buyer)
    response = client.post(reverse("customer:wishlists-create"), {
        "name": "年货", "visibility": "Private", "shared_emails-TOTAL_FORMS": "99999999999999999999",
        "shared_emails-INITIAL_FORMS": "0"})
    assert response.status_code == 200
    formset = response.context["shared_emails_formset"]
    assert len(formset.forms) <= 20 and formset.non_form_errors()
    assert not WishList.objects.exists()
