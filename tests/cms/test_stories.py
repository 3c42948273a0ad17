import pytest

from catalog.supply import record_supply
from cms.models import VillageStoryPage

pytestmark = pytest.mark.django_db


def test_a_village_story_lists_the_villages_products_with_live_prices(client, county, stories_index):
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=3,
                  unit_price="68")
    story = stories_index.add_child(instance=VillageStoryPage(
        title="新青村的故事", slug="xinqing", village=county.xinqing, body="<p>客车捎来的电商路</p>"))
    page = client.get(story.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "客车捎来的电商路" in html and "新青村椴树蜂蜜" in html and "¥98.00" in html
    assert "东兴村林下参" not in html
    assert "新青村的故事" in client.get(stories_index.url).content.decode()
