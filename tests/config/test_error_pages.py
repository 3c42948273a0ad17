"""A buyer who meets a missing page, a forbidden one or a server error stays in the shop: a
branded page in Chinese with the search field and a way home, never Django's bare English."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.helpers import log_in

pytestmark = pytest.mark.django_db


def assert_branded(response, status):
    page = response.content.decode()
    assert response.status_code == status
    assert 'action="/search/"' in page and 'name="q"' in page and 'href="/"' in page
    assert "Not Found" not in page and "Forbidden" not in page and "Server Error" not in page


def test_a_missing_page_is_the_shops_own_404(client, county):
    response = client.get("/no-such-page/")
    assert_branded(response, 404)
    assert "这个页面不存在" in response.content.decode()
    assert "oscar/layout.html" in [t.name for t in response.templates]
    assert reverse("basket:summary") in response.content.decode()  # the shop's header, basket included


def test_a_forbidden_page_is_the_shops_own_403(client, county):
    log_in(client, county.buyer)
    response = client.get(reverse("county:overview"))
    assert_branded(response, 403)
    assert "无权" in response.content.decode() or "不是" in response.content.decode()


def test_a_server_error_is_a_plain_page_of_the_shop(staff_user):
    client = Client(raise_request_exception=False)
    log_in(client, staff_user)
    response = client.get("/cms-admin/failwhale/")  # Wagtail's deliberate error page
    assert_branded(response, 500)
    assert "出错" in response.content.decode()
