"""A buyer on a phone, clicking as a buyer does (Chromium at 390×844)."""

import re

import pytest
from oscar.core.loading import get_model
from playwright.sync_api import expect

from tests.browser.measures import english_words, scroll_width, sign_in, small_targets, visit

Order = get_model("order", "Order")
# The live server reads what the test writes: real transactions, and the data migrations' rows
# (product classes, postal days, Wagtail's root page) put back after each test.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def fill_address(page):
    form = page.locator("form#new_shipping_address")
    form.locator("#id_first_name").fill("陈晓雨")
    form.locator("#id_state").select_option(label="黑龙江省")
    # The city list is fetched when the province is chosen (static/shop/address.js).
    expect(form.locator("#id_line4 option", has_text="哈尔滨市")).to_have_count(1)
    form.locator("#id_line4").select_option(label="哈尔滨市")
    expect(form.locator("#id_line3 option", has_text="南岗区")).to_have_count(1)
    form.locator("#id_line3").select_option(label="南岗区")
    form.locator("#id_line1").fill("学府路 74 号 3 单元 502")
    if not form.locator("#id_phone_number").input_value():
        form.locator("#id_phone_number").fill("13945100001")
    form.locator("button[type=submit]").click()


def test_a_guest_finds_honey_by_a_chinese_word_and_pays_on_delivery(page, shop, hosts, sms_outbox):
    page.goto(shop.url + "/")
    page.locator(".shop-header input[name=q]").fill("蜂蜜")
    page.locator(".shop-header input[name=q]").press("Enter")
    page.locator(".product-card a", has_text="新青村椴树蜂蜜").first.click()

    expect(page.locator("#delivery-estimate")).to_contain_text("送达")
    page.locator(".buy-bar .stepper-up").click()
    expect(page.locator(".buy-bar input[name=quantity]")).to_have_value("2")
    page.locator(".buy-bar button[type=submit]").click()
    expect(page.locator("#basket-count")).to_have_text("2")

    page.locator(".shop-basket").click()
    expect(page.locator("#delivery-estimate")).to_contain_text("送达")
    page.locator("a.btn-primary[href$='/checkout/']").click()

    page.locator("#id_mobile").fill("139 4510 0001")
    page.locator("#guest-checkout button[type=submit]").click()
    # The code texted to the mobile (the live server's SMS backend keeps it in memory).
    expect(page.locator("#code-sent")).to_contain_text("139****0001")
    page.locator("#id_code").fill(sms_outbox[-1].params[0])
    page.locator("#guest-checkout button[type=submit]").click()
    # The mobile given is the recipient's until they change it.
    expect(page.locator("#id_phone_number")).to_have_value(re.compile("13945100001"))
    fill_address(page)

    page.locator("#view_preview").click()
    expect(page.locator("#delivery-estimate")).to_contain_text("黑龙江省")
    page.locator("#place-order").click()

    expect(page.locator("#guest-order-link")).to_be_visible()
    order = Order.objects.get()
    assert order.user is None and order.guest_mobile == "13945100001"
    assert order.lines.get().quantity == 2
    page.locator("#guest-order-link a").click()
    expect(page.locator("#order-total")).to_have_text(f"¥{order.total_incl_tax}")
    assert hosts.foreign == []


def test_a_signed_in_buyer_pays_online_and_the_pay_pages_script_runs(page, shop, stripe_in_browser):
    sign_in(page, shop, shop.buyer)

    page.goto(shop.url + shop.honey.get_absolute_url())
    page.locator(".buy-bar button[type=submit]").click()
    page.locator(".shop-basket").click()
    page.locator("a.btn-primary[href$='/checkout/']").click()
    fill_address(page)
    page.locator("input[name=method][value=online]").check()
    page.locator("#view_preview").click()
    page.locator("#place-order").click()

    # The pay page's own script mounts the payment form and shows a decline without leaving.
    page.locator("#card-number").fill("4000000000000002")
    page.locator("#pay").click()
    expect(page.locator("#payment-message")).to_contain_text("declined")
    expect(page.locator("#pay")).to_be_enabled()
    assert not Order.objects.exists()

    page.locator("#card-number").fill("4242424242424242")
    page.locator("#pay").click()
    expect(page).to_have_url(re.compile("/checkout/thank-you/"))
    order = Order.objects.get()
    assert order.user == shop.buyer and order.sources.get().source_type.code == "stripe"


def test_without_stripe_js_the_pay_page_says_so_and_offers_cash_on_delivery(page, shop, fake_stripe):
    page.route("https://js.stripe.com/v3/**", lambda route: route.abort())
    sign_in(page, shop, shop.buyer)
    page.goto(shop.url + shop.honey.get_absolute_url())
    page.locator(".buy-bar button[type=submit]").click()
    page.goto(shop.url + "/checkout/")
    fill_address(page)
    page.locator("input[name=method][value=online]").check()
    page.locator("#view_preview").click()
    page.locator("#place-order").click()
    expect(page.locator("#payment-message")).to_contain_text("货到付款")
    expect(page.locator("#pay")).to_be_disabled()


def buyer_pages(shop):
    """Every kind of page a buyer reaches, in the order a first visit meets them, with its heading."""
    return [
        ("/", "林口乡村优品"), ("/catalogue/", "全部商品"), (shop.category.get_absolute_url(), "乡村好物"),
        (shop.honey.get_absolute_url(), "新青村椴树蜂蜜"),
        (shop.chicken.get_absolute_url() + "?to=650000", "新青村散养笨鸡"),
        ("/search/?q=蜂蜜", "匹配“蜂蜜”的商品"), ("/search/?q=没有这种东西", "匹配“没有这种东西”的商品"),
        ("/basket/", "购物车"), ("/checkout/", "结账"), ("/orders/find/", "查询订单"),
        ("/accounts/login/", "登录或注册"), ("/no-such-page/", "这个页面不存在"), (shop.stories_url, "村庄故事"),
    ]


@pytest.mark.parametrize("width", [360, 390])
def test_no_buyer_page_scrolls_sideways_waits_on_another_host_or_has_small_targets(page, shop, hosts, width,
                                                                                   stories_index):
    page.set_viewport_size({"width": width, "height": 800})
    shop.stories_url = stories_index.url
    page.goto(shop.url + shop.honey.get_absolute_url())
    page.locator(".buy-bar button[type=submit]").click()  # so the basket and checkout have something
    problems = []
    for path, heading in buyer_pages(shop):
        visit(page, shop, path, heading, status=404 if path == "/no-such-page/" else 200)
        if scroll_width(page) > width:
            problems.append(f"{path}: {scroll_width(page)} px wide")
        problems += [f"{path}: {target}" for target in small_targets(page)]
        problems += [f"{path}: English left in Chinese: {word}" for word in english_words(page)]
    assert problems == [], "\n".join(problems)
    assert hosts.foreign == []


def test_a_signed_in_buyers_pages_fit_the_phone_and_speak_chinese(page, shop, hosts):
    from tests.factories import ADDR, place_order

    order = place_order(shop.buyer, [(shop.honey, 1)], address=ADDR)
    sign_in(page, shop, shop.buyer)
    problems = []
    for path, heading in [("/accounts/", "用户资料"), ("/accounts/orders/", "订单历史"),
                          (f"/accounts/orders/{order.number}/", f"订单 #{order.number}"),
                          ("/accounts/addresses/", "地址簿"), ("/accounts/profile/", "用户资料"),
                          ("/accounts/notifications/inbox/", "通知"), ("/basket/", "购物车")]:
        visit(page, shop, path, heading)
        if scroll_width(page) > 390:
            problems.append(f"{path}: {scroll_width(page)} px wide")
        # The buyer's own e-mail address is theirs to read.
        problems += [f"{path}: English left in Chinese: {word}" for word in english_words(page)
                     if word not in shop.buyer.email]
    assert problems == [], "\n".join(problems)
    assert hosts.foreign == []


def test_a_shanghai_buyer_says_so_once_and_the_crab_says_it_cannot_arrive_fresh(page, shop, hosts):
    shop.chicken.shelf_life_days = 3  # a live crab's days: 4 in the post to 上海市 is too long
    shop.chicken.save()
    response = page.goto(shop.url + shop.honey.get_absolute_url())
    assert response.status == 200
    page.locator("#id_to").select_option(label="上海市")  # the page reloads for the province
    expect(page.locator("#delivery-estimate")).to_contain_text("上海市")
    page.goto(shop.url + shop.chicken.get_absolute_url())
    expect(page.locator("#id_to")).to_have_value("310000")
    expect(page.locator(".buy-bar")).to_contain_text("无法新鲜送达上海市")
    expect(page.locator("#add_to_basket_form")).to_have_count(0)
    page.screenshot(path="var/test-results/crab-to-shanghai.png", full_page=True)


def test_the_storefront_works_without_oscars_scripts(page, shop, django_capture_on_commit_callbacks):
    """Home, catalogue, product and basket load neither jQuery nor Bootstrap's scripts (a phone's
    first visit is half as heavy): the filters, the pictures and the messages work without them,
    and no script fails."""
    from django.core.files.base import ContentFile

    from tests.factories import jpeg

    ProductImage = get_model("catalogue", "ProductImage")
    with django_capture_on_commit_callbacks(execute=True):
        for n, colour in enumerate([(200, 150, 40), (40, 120, 200)]):
            picture = ProductImage(product=shop.honey, display_order=n)
            picture.original.save(f"honey-{n}.jpg", ContentFile(jpeg(size=(800, 800), colour=colour)), save=True)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    visit(page, shop, "/catalogue/", "全部商品")
    assert page.evaluate("typeof window.jQuery") == "undefined"
    page.locator("#filter-sheet summary").click()
    page.locator(".facet_checkbox").first.check()  # what Oscar's search script did
    expect(page).to_have_url(re.compile(r"selected_facets="))

    visit(page, shop, shop.honey.get_absolute_url(), "新青村椴树蜂蜜")
    assert page.evaluate("typeof window.jQuery") == "undefined"
    expect(page.locator(".gallery-item img")).to_have_count(2)
    page.locator(".gallery-thumbs a").nth(1).click()  # the second picture slides into view
    expect(page.locator("#picture-2 img")).to_be_in_viewport()
    # ...and its top is not hidden under the sticky header.
    header = page.locator(".shop-header").bounding_box()
    header_bottom = header["y"] + header["height"]
    assert page.locator("#picture-2").bounding_box()["y"] >= header_bottom - 1
    page.locator(".buy-bar button[type=submit]").click()

    expect(page.locator("#messages .alert").first).to_be_visible()  # "added to your basket"
    messages = page.locator("#messages .alert").count()
    page.locator("#messages .alert [data-dismiss=alert]").first.click()
    expect(page.locator("#messages .alert")).to_have_count(messages - 1)
    assert page.evaluate("typeof window.jQuery") == "undefined"
    assert errors == []

    sign_in(page, shop, shop.buyer)  # an account page still has Oscar's scripts
    visit(page, shop, "/accounts/profile/", "用户资料")
    assert page.evaluate("typeof window.jQuery") == "function"
    assert errors == []
