"""The production settings as the README documents them: check --deploy is clean, headers and
cookies are hardened, every inline script carries the response's nonce, static files come hashed
and compressed from the app server, /healthz answers the load balancer, logs are JSON lines
without personal data."""

import importlib.util
import io
import json
import logging
import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from catalog.supply import record_supply
from tests.factories import ADDRESS
from tests.helpers import add_to_basket, check_out_cash_on_delivery, deliver, log_in

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def production_env(tmp_path, **extra) -> dict:
    """The environment README's "Production" section documents (DEBUG off, HTTPS behind the proxy)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DEBUG", "VAR_DIR")}
    env.update(DEBUG="0", HTTPS="1", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="shop.example.cn",
               CSRF_TRUSTED_ORIGINS="https://shop.example.cn", DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
               REDIS_URL="redis://127.0.0.1:6379/13", VAR_DIR=str(tmp_path), STATIC_ROOT=str(tmp_path / "static"),
               DJANGO_SETTINGS_MODULE="config.settings")
    env.update(extra)
    return env


def manage(env, *args):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)


def test_check_deploy_finds_nothing_with_the_documented_production_settings(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_https_brings_a_year_of_hsts_and_secure_cookies(tmp_path):
    code = ("from django.conf import settings as s; print('SETTINGS', s.SECURE_HSTS_SECONDS, "
            "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
            "s.SECURE_SSL_REDIRECT, s.SESSION_ENGINE)")
    out = manage(production_env(tmp_path), "shell", "-c", code).stdout.split("SETTINGS", 1)[1].split()
    assert int(out[0]) >= 365 * 24 * 3600
    assert out[1:6] == ["True"] * 5
    assert out[6] == "django.contrib.sessions.backends.cached_db"  # in Redis and the database (Redis away)
    without = manage(production_env(tmp_path, HTTPS="0"), "check", "--deploy", "--fail-level", "WARNING")
    assert without.returncode != 0 and "W004" in without.stderr + without.stdout


class Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inline, self.handlers = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type") not in ("application/json",):
            self.inline.append(attrs.get("nonce"))
        self.handlers += [f"<{tag} {name}>" for name in attrs if name.startswith("on")]


def assert_scripts_carry_the_nonce(response):
    assert response.status_code == 200, response
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    script_src = policy.split("script-src")[1].split(";")[0]
    # The site's static files and the nonce: never the whole origin, whose /media/ users upload to.
    assert "http://testserver/static/ 'nonce-" in script_src and "'unsafe-inline'" not in script_src
    assert "'self'" not in script_src
    scripts = Scripts()
    scripts.feed(response.content.decode())
    assert scripts.inline and all(found == nonce for found in scripts.inline), scripts.inline
    assert scripts.handlers == [], scripts.handlers


def test_every_inline_script_carries_the_responses_nonce_and_no_element_a_handler(client, county, stories_index):
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=5,
                  unit_price="68")
    buyer_pages = ["/", reverse("catalogue:index"), county.honey.get_absolute_url(), reverse("basket:summary"),
                   reverse("search:search") + "?q=蜂蜜", reverse("guest-order-lookup")]
    for url in buyer_pages:
        assert_scripts_carry_the_nonce(client.get(url))
    log_in(client, county.buyer)
    add_to_basket(client, county.honey, 1)
    response = check_out_cash_on_delivery(client)
    order = county.buyer.orders.get()
    for url in (reverse("customer:order", kwargs={"order_number": order.number}), reverse("customer:profile-view")):
        assert_scripts_carry_the_nonce(client.get(url))
    assert response.status_code == 200
    log_in(client, county.clerk)
    assert_scripts_carry_the_nonce(client.get(reverse("logistics-dashboard:hub")))


def test_the_pay_page_lets_only_stripe_in_besides_the_site(client, county, fake_stripe):
    from tests.paying import start_paying, stock_honey

    stock_honey(county)
    attempt = start_paying(client, county)
    response = client.get(reverse("payments:pay", kwargs={"key": attempt.idempotency_key}))
    assert_scripts_carry_the_nonce(response)
    policy = response["Content-Security-Policy"]
    assert "https://js.stripe.com" in policy and "https://api.stripe.com" in policy
    assert "https://js.stripe.com" not in client.get("/")["Content-Security-Policy"]


@pytest.mark.parametrize("cache_location, healthy", [("redis://127.0.0.1:6379/15", True),
                                                      ("redis://127.0.0.1:1/0", False)])
def test_healthz_tells_the_load_balancer_whether_database_redis_and_storage_answer(client, cache_location, healthy):
    caches = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": cache_location}}
    with override_settings(REDIS_URL=cache_location, CACHES=caches):
        # By address, over plain HTTP: as a load balancer asks.
        response = client.get("/healthz", HTTP_HOST="10.0.0.7")
    body = response.json()
    assert response.status_code == (200 if healthy else 503)
    assert body["checks"]["database"] == "ok" and body["checks"]["storage"] == "ok"
    assert body["checks"]["redis"] == ("ok" if healthy else "failing")
    assert response["Cache-Control"] == "no-store"


def test_static_files_come_hashed_and_compressed_from_the_app_server(tmp_path, collected_static):
    env = production_env(tmp_path, HTTPS="0", STATIC_ROOT=str(collected_static))
    manifest = json.loads((collected_static / "staticfiles.json").read_text())["paths"]
    hashed = manifest["shop/shop.css"]
    assert (collected_static / (hashed + ".gz")).exists() and (collected_static / (hashed + ".br")).exists()
    code = ("from django.test import Client; c = Client(HTTP_HOST='shop.example.cn'); "
            f"r = c.get('/static/{hashed}', HTTP_ACCEPT_ENCODING='br'); "
            "print(r.status_code, r['Cache-Control'].replace(' ', ''), r.get('Content-Encoding'))")
    out = manage(env, "shell", "-c", "print('RESULT'); " + code)
    status, cache_control, encoding, *_ = out.stdout.split("RESULT", 1)[1].split()
    assert status == "200" and "max-age=315360000" in cache_control and encoding == "br", out.stdout + out.stderr


@pytest.fixture
def json_log():
    """What the platform logs, through the production JSON formatter."""
    from pythonjsonlogger.json import JsonFormatter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s",
                                       rename_fields={"message": "event", "name": "logger"}))
    loggers = [logging.getLogger(name) for name in ("config", "core", "households", "catalog", "logistics",
                                                     "settlement", "shop", "aftersales", "county", "station", "cms")]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    yield stream
    for logger in loggers:
        logger.removeHandler(handler)


def test_checkout_hub_steps_settlement_and_refunds_log_one_json_event_a_line_without_personal_data(
        client, county, json_log, staff_user):
    from shop.payments.refunds import refund_order

    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=5,
                  unit_price="68")
    log_in(client, county.buyer)
    add_to_basket(client, county.honey, 2)
    check_out_cash_on_delivery(client)
    order = county.buyer.orders.get()
    deliver(order)
    refund_order(order, quantities={order.lines.get().pk: 1}, reason="瓶子破了", by=staff_user)
    events = [json.loads(line) for line in json_log.getvalue().splitlines()]
    names = [e["event"] for e in events]
    for expected in ("checkout.order_placed", "hub.run_loaded", "hub.run_at_hub", "hub.dispatched", "hub.delivered",
                     "settlement.booked", "refund.recorded"):
        assert expected in names, names
    assert any(e.get("order") == str(order.number) for e in events if e["event"] == "checkout.order_placed")
    text = json_log.getvalue()
    for personal in (ADDRESS["phone_number"], ADDRESS["first_name"], ADDRESS["line1"], county.buyer.email,
                     county.yu.head_name):
        assert personal not in text


def test_errors_go_to_sentry_when_a_dsn_is_set_and_carry_no_personal_data(tmp_path):
    """A local stand-in for Sentry's ingest endpoint receives what the SDK sends."""
    import gzip
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    import brotli

    received = []

    class Ingest(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (the standard library's name)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            elif self.headers.get("Content-Encoding") == "br":
                body = brotli.decompress(body)
            received.append(body.decode("utf-8", "replace"))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Ingest)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    dsn = f"http://publickey@127.0.0.1:{server.server_port}/1"
    code = ("import sentry_sdk\n"
            "try:\n    raise RuntimeError('hub step failed for order 100123')\n"
            "except RuntimeError:\n    sentry_sdk.capture_exception()\n"
            "sentry_sdk.flush(5)")
    result = manage(production_env(tmp_path, HTTPS="0", SENTRY_DSN=dsn), "shell", "-c", code)
    server.shutdown()
    assert result.returncode == 0, result.stderr
    assert any("hub step failed for order 100123" in body for body in received)
    assert not any('"ip_address"' in body or '"email"' in body for body in received)


def test_make_serve_starts_the_worker_and_the_scheduler_on_the_projects_celery_app(tmp_path):
    """`make serve` once named a Celery app that had moved: the worker died on start and took the
    web server with it. Each Celery command it runs must find the app and its tasks."""
    spec = importlib.util.spec_from_file_location("serve", ROOT / "tools" / "serve.py")
    serve = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(serve)
    commands = serve.processes({})
    celery = [cmd for cmd in commands.values() if Path(cmd[0]).name == "celery"]
    assert {cmd[3] for cmd in celery} == {"worker", "beat"}
    for cmd in celery:
        # The same program and app (-A ...), asked for its report instead of starting.
        out = subprocess.run([*cmd[:3], "report"],
                             cwd=ROOT, env=production_env(tmp_path), capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stdout + out.stderr
        assert "AFTERSALES_CLAIM_HOURS: 48" in out.stdout  # the project's settings, read through the app
