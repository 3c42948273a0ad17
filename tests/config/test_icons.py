"""The platform's own icon, wherever a browser looks for one (not Oscar's, and no 404)."""

import pytest
from django.contrib.staticfiles import finders


@pytest.mark.django_db
def test_every_page_finds_the_platforms_icon(client, county):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response.url.endswith(".ico")
    assert finders.find("shop/img/favicon.ico")
    home = client.get("/", follow=True).content.decode()
    assert "shop/img/favicon" in home and "oscar/favicon" not in home
