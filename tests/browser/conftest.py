"""Browser tests: Playwright driving Debian's Chromium at a phone's size against the live server.

Chromium missing is an error, never a skip (`make test` installs it): CI must not pass without
these tests having run. A failing test leaves a screenshot in var/test-results/ (pytest-playwright's
--screenshot=only-on-failure, set in pytest.ini).
"""

import json
import os
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from catalog.supply import record_supply

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}
STANDIN = Path(__file__).with_name("stripe_standin.js").read_text(encoding="utf-8")


@pytest.fixture(scope="session", autouse=True)
def orm_beside_playwright():
    """Playwright's sync API runs an event loop in the test thread from the first browser test to
    the end of the session (its fixtures are session-scoped); the ORM calls made meanwhile (the
    tests' own, the database flush after each) are ordinary synchronous ones."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `sudo apt-get install chromium fonts-noto-cjk` (make test does)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ["--no-sandbox"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "locale": "zh-CN", "device_scale_factor": 2,
            "is_mobile": True, "has_touch": True}


@pytest.fixture
def shop(county, stories_index, live_server):
    """The test county's shop on the live server, with goods in stock."""
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=20,
                  unit_price="70")
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.chicken, quantity=5,
                  unit_price="120")
    county.url = live_server.url
    return county


@pytest.fixture(autouse=True)
def no_policy_violations(page):
    """No page of a browser test breaks the Content-Security-Policy (an inline script without the
    nonce, an inline handler, a foreign script): Chromium says so on the console."""
    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    yield
    assert not refused, refused


class Hosts:
    """Every host the page asked for anything, so a test can insist on its own."""

    def __init__(self, page, allowed):
        self.allowed, self.foreign = allowed, []
        page.on("request", self.record)

    def record(self, request):
        host = urlsplit(request.url).hostname
        if request.url.startswith(("data:", "blob:")) or host in self.allowed:
            return
        self.foreign.append(request.url)


@pytest.fixture
def hosts(page):
    return Hosts(page, allowed={"127.0.0.1", "localhost"})


@pytest.fixture
def stripe_in_browser(page, fake_stripe):
    """The pay page's stripe.js replaced by the local stand-in; its calls to api.stripe.com answered
    by the fake Stripe server, as Stripe would after the buyer confirmed (or with a decline)."""
    page.route("https://js.stripe.com/v3/**", lambda route: route.fulfill(
        status=200, content_type="application/javascript", body=STANDIN))

    def confirm(route):
        intent_id = urlsplit(route.request.url).path.split("/")[3]
        form = dict(parse_qsl(route.request.post_data or ""))
        if form.get("card", "").endswith("0002"):
            intent = fake_stripe.fail(intent_id)
        else:
            intent = fake_stripe.succeed(intent_id)
        route.fulfill(status=200, content_type="application/json", body=json.dumps(intent),
                      headers={"Access-Control-Allow-Origin": "*"})

    page.route("https://api.stripe.com/v1/payment_intents/*/confirm", confirm)
    return fake_stripe
