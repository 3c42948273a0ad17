"""Every page of every user — buyer, coordinator, hub clerk, cadre, leader — checked by axe-core
(npm's axe-core, run in Chromium at 390 px): no serious or critical violation of WCAG 2.1 A/AA or
axe's best practices, one <main> landmark, and headings in order.

axe-core comes from node_modules (package.json; `make test` installs it). It is evaluated through
Playwright, which the page's Content-Security-Policy does not apply to."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from catalog.models import SupplyLot
from tests.browser.measures import sign_in, visit
from tests.factories import ADDR, place_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")
# Moderate in axe, but named in the finding: every page has one <main>, and headings do not skip levels.
ALSO = ("landmark-one-main", "heading-order")


def axe_violations(page) -> list[str]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm install --omit=dev` (make test does)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    found = page.evaluate("""async () => (await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
        resultTypes: ['violations']})).violations
        .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => {
            const data = (n.any[0] || {}).data || {};
            const colours = ` (${data.fgColor} on ${data.bgColor}: ${data.contrastRatio})`;
            return n.target.join(' ') + (data.contrastRatio ? colours : '');
        })}))""")
    return [f"{v['id']} ({v['impact']}): {'; '.join(v['nodes'])}" for v in found
            if v["impact"] in SERIOUS or v["id"] in ALSO]


def sweep(page, shop, pages) -> list[str]:
    """axe's findings on each of `pages`: (path, its heading) or (path, its heading, its status)."""
    problems = []
    for path, heading, *status in pages:
        visit(page, shop, path, heading, status=status[0] if status else 200)
        page.wait_for_load_state("networkidle")
        problems += [f"{path}: {problem}" for problem in axe_violations(page)]
    return problems


def test_no_buyer_page_has_a_serious_accessibility_violation(page, shop, stories_index):
    order = place_order(shop.buyer, [(shop.honey, 1)], address=ADDR)
    lot = SupplyLot.objects.filter(product=shop.honey).first()
    page.goto(shop.url + shop.honey.get_absolute_url())
    page.locator(".buy-bar button[type=submit]").click()  # the basket and checkout have a line
    guest = [("/", "林口乡村优品"), ("/catalogue/", "全部商品"), (shop.category.get_absolute_url(), "乡村好物"),
             (shop.honey.get_absolute_url(), "新青村椴树蜂蜜"),
             (shop.chicken.get_absolute_url() + "?to=650000", "新青村散养笨鸡"),
             ("/search/?q=蜂蜜", "匹配“蜂蜜”的商品"), ("/search/?q=没有这种东西", "匹配“没有这种东西”的商品"),
             ("/basket/", "购物车"), ("/checkout/", "结账"),
             ("/orders/find/", "查询订单"), ("/orders/find/by-mobile/", "用手机号查找订单"),
             ("/accounts/login/", "登录或注册"), ("/no-such-page/", "这个页面不存在", 404),
             (stories_index.url, "村庄故事"), (f"/trace/{lot.code}/", "产地溯源")]
    problems = sweep(page, shop, guest)
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": shop.url}])
    problems += sweep(page, shop, [("/", "林口乡村优品"), ("/catalogue/", "All products"),
                                   (shop.honey.get_absolute_url(), "新青村椴树蜂蜜"), ("/basket/", "Cart")])
    assert page.evaluate("document.documentElement.lang") == "en"
    sign_in(page, shop, shop.buyer)
    problems += sweep(page, shop, [
        ("/accounts/", "用户资料"), ("/accounts/orders/", "订单历史"),
        (f"/accounts/orders/{order.number}/", f"订单 #{order.number}"), ("/accounts/addresses/", "地址簿"),
        ("/accounts/profile/", "用户资料"), ("/accounts/notifications/inbox/", "通知"), ("/basket/", "购物车")])
    assert problems == [], "\n".join(problems)


def test_no_station_hub_cadre_or_county_page_has_a_serious_accessibility_violation(page, shop, leaders):
    order = place_order(shop.buyer, [(shop.honey, 2), (shop.chicken, 1)], address=ADDR)
    run = order.consignments.first().run
    problems = []
    sign_in(page, shop, shop.coordinator)
    lot = SupplyLot.objects.filter(product=shop.honey).first()
    problems += sweep(page, shop, [("/station/", "今日站务"), ("/station/supply/", "登记供货"),
                                   ("/station/products/new/", "新商品"), ("/station/offline/", "无信号"),
                                   (f"/station/lots/{lot.pk}/correct/", f"更正批次{lot.code}")])
    page.screenshot(path="var/test-results/lot-correct.png", full_page=True)
    sign_in(page, shop, shop.clerk)
    problems += sweep(page, shop, [("/dashboard/logistics/", "分拣中心工作台"),
                                   ("/dashboard/logistics/scan/", "分拣中心工作台"),
                                   ("/dashboard/logistics/runs/", "揽收班次"),
                                   (f"/dashboard/logistics/runs/{run.pk}/", str(run))])
    sign_in(page, shop, shop.cadre)
    problems += sweep(page, shop, [("/cadre/", "我的帮扶户"), (f"/cadre/households/{shop.yu.pk}/", "于德福"),
                                   (f"/cadre/households/{shop.yu.pk}/visits/new/", "走访 于德福")])
    sign_in(page, shop, leaders.county)
    problems += sweep(page, shop, [("/county/", "全县"), (f"/county/towns/{shop.xinqing.town_id}/", "青山镇"),
                                   (f"/county/villages/{shop.xinqing.pk}/", "青山镇 新青村"),
                                   (f"/county/households/{shop.yu.pk}/", "于某"),
                                   ("/county/report/", re.compile(r"^全县 \d{4}-\d{2} 月度报告$"))])
    page.goto(shop.url + f"/county/towns/{shop.xinqing.town_id}/")
    page.screenshot(path="var/test-results/county-town.png", full_page=True)
    assert problems == [], "\n".join(problems)
