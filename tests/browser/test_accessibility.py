"""Every page of every user — buyer, coordinator, hub clerk, cadre, leader — checked by axe-core
(npm's axe-core, run in Chromium at 390 px): no serious or critical violation of WCAG 2.1 A/AA or
axe's best practices, one <main> landmark, and headings in order.

axe-core comes from node_modules (package.json; `make test` installs it). It is evaluated through
Playwright, which the page's Content-Security-Policy does not apply to."""

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


def sweep(page, shop, paths) -> list[str]:
    problems = []
    for path, status in paths:
        visit(page, shop, path, status=status)
        page.wait_for_load_state("networkidle")
        problems += [f"{path}: {problem}" for problem in axe_violations(page)]
    return problems


def test_no_buyer_page_has_a_serious_accessibility_violation(page, shop, stories_index):
    order = place_order(shop.buyer, [(shop.honey, 1)], address=ADDR)
    lot = SupplyLot.objects.filter(product=shop.honey).first()
    page.goto(shop.url + shop.honey.get_absolute_url())
    page.locator(".buy-bar button[type=submit]").click()  # the basket and checkout have a line
    guest = [("/", 200), ("/catalogue/", 200), (shop.category.get_absolute_url(), 200),
             (shop.honey.get_absolute_url(), 200), (shop.chicken.get_absolute_url() + "?to=650000", 200),
             ("/search/?q=蜂蜜", 200), ("/search/?q=没有这种东西", 200), ("/basket/", 200), ("/checkout/", 200),
             ("/orders/find/", 200), ("/orders/find/by-mobile/", 200), ("/accounts/login/", 200),
             ("/no-such-page/", 404), (stories_index.url, 200), (f"/trace/{lot.code}/", 200)]
    problems = sweep(page, shop, guest)
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": shop.url}])
    problems += sweep(page, shop, [("/", 200), ("/catalogue/", 200), (shop.honey.get_absolute_url(), 200),
                                   ("/basket/", 200)])
    assert page.evaluate("document.documentElement.lang") == "en"
    sign_in(page, shop, shop.buyer)
    problems += sweep(page, shop, [
        ("/accounts/", 200), ("/accounts/orders/", 200), (f"/accounts/orders/{order.number}/", 200),
        ("/accounts/addresses/", 200), ("/accounts/profile/", 200), ("/accounts/notifications/inbox/", 200),
        ("/basket/", 200)])
    assert problems == [], "\n".join(problems)


def test_no_station_hub_cadre_or_county_page_has_a_serious_accessibility_violation(page, shop, leaders):
    order = place_order(shop.buyer, [(shop.honey, 2), (shop.chicken, 1)], address=ADDR)
    run = order.consignments.first().run
    problems = []
    sign_in(page, shop, shop.coordinator)
    lot = SupplyLot.objects.filter(product=shop.honey).first()
    problems += sweep(page, shop, [("/station/", 200), ("/station/supply/", 200), ("/station/products/new/", 200),
                                   ("/station/offline/", 200), (f"/station/lots/{lot.pk}/correct/", 200)])
    page.screenshot(path="var/test-results/lot-correct.png", full_page=True)
    sign_in(page, shop, shop.clerk)
    problems += sweep(page, shop, [("/dashboard/logistics/", 200), ("/dashboard/logistics/scan/", 200),
                                   ("/dashboard/logistics/runs/", 200), (f"/dashboard/logistics/runs/{run.pk}/", 200)])
    sign_in(page, shop, shop.cadre)
    problems += sweep(page, shop, [("/cadre/", 200), (f"/cadre/households/{shop.yu.pk}/", 200),
                                   (f"/cadre/households/{shop.yu.pk}/visits/new/", 200)])
    sign_in(page, shop, leaders.county)
    problems += sweep(page, shop, [("/county/", 200), (f"/county/towns/{shop.xinqing.town_id}/", 200),
                                   (f"/county/villages/{shop.xinqing.pk}/", 200),
                                   (f"/county/households/{shop.yu.pk}/", 200), ("/county/report/", 200)])
    page.goto(shop.url + f"/county/towns/{shop.xinqing.town_id}/")
    page.screenshot(path="var/test-results/county-town.png", full_page=True)
    assert problems == [], "\n".join(problems)
