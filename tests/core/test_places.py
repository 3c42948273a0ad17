"""Places keep their registered Chinese names on Chinese pages and read in English on English ones:
official names for provinces, pinyin and the kind of place for villages, towns and counties."""

import pytest
from django.conf import settings
from django.utils import translation

from core.places import in_english, localised


@pytest.mark.parametrize(("chinese", "english"), [
    ("新青村", "Xinqing Village"), ("青山镇", "Qingshan Town"), ("林口县", "Linkou County"),
    ("黑龙江省", "Heilongjiang"), ("陕西省", "Shaanxi"), ("山西省", "Shanxi"), ("内蒙古自治区", "Inner Mongolia"),
    ("新疆维吾尔自治区", "Xinjiang Uygur Autonomous Region"), ("上海市", "Shanghai"), ("Harbin", "Harbin"), ("", ""),
])
def test_a_place_reads_in_english(chinese, english):
    assert in_english(chinese) == english


def test_chinese_pages_keep_the_registered_name():
    with translation.override("zh-hans"):
        assert localised("新青村") == "新青村"
    with translation.override("en"):
        assert localised("新青村") == "Xinqing Village"


@pytest.mark.django_db
def test_the_english_catalogue_names_villages_provinces_and_chips_in_english(client, county):
    county.category.name_en = "Village goods"
    county.category.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/catalogue/").content.decode()
    assert "Xinqing Village" in page and ">新青村<" not in page
    assert ">Village goods</a>" in page and ">乡村好物</a>" not in page
    product = client.get(county.honey.get_absolute_url() + "?to=230000").content.decode()
    assert "From Xinqing Village, Qingshan Town" in product
    assert ">Heilongjiang</option>" in product
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert ">乡村好物</a>" in client.get("/catalogue/").content.decode()
