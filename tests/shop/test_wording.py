"""Oscar's Chinese has a few wrong words on the buyer's path; the shop says them right."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_log_in_is_denglu_not_the_misspelt_denglu(client, county):
    page = client.get(reverse("customer:login")).content.decode()
    assert "登录" in page and "登陆" not in page


def test_sorting_by_relevance_says_xiangguandu(client, county):
    from django.utils.translation import gettext, override

    with override("zh-hans"):
        assert gettext("Relevancy") == "相关度"
        assert gettext("Products you recently viewed") == "最近浏览"
