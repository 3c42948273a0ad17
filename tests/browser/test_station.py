"""The village coordinator at the station, on a phone in Chromium: supply recorded with the network
switched off is booked once when the signal returns (and once again after the queue is replayed);
a product listed from the camera; no station page scrolls sideways."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from catalog.models import SupplyLot
from tests.browser.measures import scroll_width, sign_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def record(page, *, household, product, quantity):
    page.locator("#household-search").fill(household)
    page.get_by_label(product).check()
    page.locator("#id_quantity").fill(str(quantity))
    page.get_by_role("button", name="登记", exact=True).click()


def wait_until(page, expression, seconds=30):
    """Polls `expression` in the page (Playwright's wait_for_function evaluates strings, which the
    page's Content-Security-Policy forbids)."""
    import time

    end = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < end, f"still not {expression}"
        page.wait_for_timeout(100)


def test_supply_recorded_without_signal_is_booked_once_when_it_returns(page, shop):
    sign_in(page, shop, shop.coordinator)
    visit(page, shop, "/station/supply/", "登记供货")
    before = SupplyLot.objects.count()

    page.context.set_offline(True)
    record(page, household="于德福", product="新青村椴树蜂蜜", quantity=3)
    # The price came from 于德福's last lot of honey.
    expect(page.locator("#id_unit_price")).to_have_value("70.00")
    record(page, household="H-XQ-2", product="新青村椴树蜂蜜", quantity=4)
    record(page, household="于", product="新青村散养笨鸡", quantity=2)
    wait_until(page, "Number(document.getElementById('queue-count').textContent) === 3")
    expect(page.locator("#signal")).to_be_visible()
    waiting = page.evaluate("StationQueue.all()")
    assert SupplyLot.objects.count() == before

    page.context.set_offline(False)  # the browser says "online": the queue sends itself
    wait_until(page, "document.getElementById('queue-box').hidden")
    assert SupplyLot.objects.count() == before + 3
    assert sorted(SupplyLot.objects.order_by("-pk")[:3].values_list("quantity", flat=True)) == [2, 3, 4]

    # The same three sent again (an answer lost on the way, a phone restored from a backup): nothing twice.
    page.evaluate("async (records) => { for (const r of records) { await StationQueue.add(r); } "
                  "await StationQueue.flush(); }", waiting)
    wait_until(page, "document.getElementById('queue-box').hidden")
    assert SupplyLot.objects.count() == before + 3


def test_what_the_server_refuses_comes_back_with_the_reason(page, shop):
    sign_in(page, shop, shop.coordinator)
    visit(page, shop, "/station/supply/", "登记供货")
    page.context.set_offline(True)
    record(page, household="于德福", product="新青村椴树蜂蜜", quantity=5000)  # more than any lot of honey
    page.context.set_offline(False)
    refused = page.locator("#refused-list li.st-refused")
    expect(refused).to_contain_text("新青村椴树蜂蜜 × 5000")  # what was sent...
    expect(refused).to_contain_text("被退回数量：")  # ...and the reason, after its field's name
    expect(page.locator("#queue-waiting")).to_be_hidden()  # "send now" would not change the answer

    # Corrected: the record goes back into the form as typed, and is booked once sent again.
    refused.get_by_role("button", name="编辑").click()
    expect(page.locator("#id_quantity")).to_have_value("5000")
    wait_until(page, "document.querySelectorAll('#refused-list li').length === 0")
    page.locator("#id_quantity").fill("5")
    before = SupplyLot.objects.count()
    page.get_by_role("button", name="登记", exact=True).click()
    page.get_by_role("status").filter(has_text="已入账").wait_for()  # the toast once it is booked
    assert SupplyLot.objects.count() == before + 1


def test_an_incomplete_record_is_not_queued(page, shop):
    sign_in(page, shop, shop.coordinator)
    visit(page, shop, "/station/supply/", "登记供货")
    page.locator("#id_quantity").fill("3")
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.locator(".st-error.st-local").nth(1)).to_be_visible()  # two at least: no household, no goods
    assert page.evaluate("StationQueue.all()") == []


def test_a_product_listed_from_the_camera_is_shrunk_on_the_phone(page, shop, tmp_path):
    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    photo = tmp_path / "camera.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (4000, 3000), (200, 120, 40)).save(buffer, "JPEG", quality=95)
    photo.write_bytes(buffer.getvalue())
    sign_in(page, shop, shop.coordinator)
    visit(page, shop, "/station/products/new/", "新商品")
    page.locator("#id_photo").set_input_files(str(photo))
    page.locator("#photo-preview").wait_for()
    page.locator("#id_title").fill("新青村山核桃")
    page.locator("#id_product_class").select_option(label="蜂产品")
    page.locator("#id_price").fill("45.50")
    page.locator("#id_net_weight_kg").fill("0.5")
    page.get_by_role("button", name="上架").click()
    page.locator(".st-alert-success").filter(has_text="已上架").wait_for()  # the server listed it
    expect(page.locator("#queue-box")).to_be_hidden()
    product = Product.objects.get(title="新青村山核桃")
    image = product.images.get().original
    with Image.open(image) as stored:
        assert max(stored.size) == 1600  # shrunk on the phone before it travelled
    assert product.origin_village == shop.xinqing and product.is_public


@pytest.mark.parametrize("width", [360, 390])
def test_no_station_page_scrolls_sideways(page, shop, width):
    from tests.factories import ADDR, place_order

    place_order(shop.buyer, [(shop.honey, 2), (shop.chicken, 1)], address=ADDR)
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, shop, shop.coordinator)
    for path, heading in (("/station/", "今日站务"), ("/station/supply/", "登记供货"),
                          ("/station/products/new/", "新商品"), ("/station/offline/", "无信号")):
        visit(page, shop, path, heading)
        assert scroll_width(page) <= width, path


def test_the_household_picker_is_a_list_of_large_targets_filtered_by_the_search(page, shop):
    sign_in(page, shop, shop.coordinator)
    visit(page, shop, "/station/supply/", "登记供货")
    choices = page.locator("#household-choices label")
    assert choices.count() == 2
    heights = [choices.nth(i).bounding_box()["height"] for i in range(choices.count())]
    assert min(heights) >= 44, heights  # the station's own rule for a finger
    page.locator("#household-search").fill("包")
    expect(page.locator("#household-choices label", has_text="于德福")).to_be_hidden()
    expect(page.locator("#household-choices label", has_text="包长友").locator("input")).to_be_checked()
    page.screenshot(path="var/test-results/station-household-picker.png")
