"""Requests too big or too deep to read answer 400 with the shop's page, never a 500."""

import json

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
@pytest.mark.parametrize("path", ["/catalogue/", "/search/", "/basket/", "/accounts/login/", "/station/"])
def test_ten_thousand_query_parameters_answer_400(client, county, path):
    query = "&".join(f"a{i}=1" for i in range(10_000))
    client.raise_request_exception = False
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400, path
    assert 'id="bad-request"' in response.content.decode()
    # One field fewer than Django's limit is an ordinary request.
    fine = client.get(f"{path}?" + "&".join(f"a{i}=1" for i in range(1000)))
    assert fine.status_code in (200, 302), path


@pytest.mark.parametrize("role", ["coordinator", "buyer"])
def test_deeply_nested_json_on_the_api_answers_400(client, county, role):
    client.force_login(getattr(county, role))
    body = "[" * 100_000 + "]" * 100_000
    client.raise_request_exception = False
    response = client.post("/api/lots/", body, content_type="application/json")
    assert response.status_code == (400 if role == "coordinator" else 403)
    assert json.loads(response.content)["detail"]  # DRF's error, as JSON
