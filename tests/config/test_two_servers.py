"""Two app servers (gunicorn, DEBUG off) on two ports against one PostgreSQL database and one Redis,
as production runs N of them behind a load balancer: a buyer signed in on one is signed in on the
other, the basket is the same, and a product saved by one process is current on the other."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from catalog.supply import record_supply
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
REDIS = os.environ.get("TWO_SERVERS_REDIS_URL", "redis://127.0.0.1:6379/12")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def servers(tmp_path, collected_static):
    """Two gunicorn servers with the production settings on the test database."""
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DEBUG", "VAR_DIR")}
    env.update(DEBUG="0", SECRET_KEY="two-servers-test-key-" + "x" * 40, ALLOWED_HOSTS="127.0.0.1",
               DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
               REDIS_URL=REDIS, VAR_DIR=str(tmp_path), STATIC_ROOT=str(collected_static), WEB_CONCURRENCY="1",
               LOG_LEVEL="warning", DJANGO_SETTINGS_MODULE="config.settings")
    ports, processes = [free_port(), free_port()], []
    for port in ports:
        processes.append(subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.conf.py", "--bind",
             f"127.0.0.1:{port}"], cwd=ROOT, env={**env, "BIND": f"127.0.0.1:{port}"},
            stdout=subprocess.DEVNULL, stderr=open(tmp_path / f"server-{port}.log", "w")))
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    deadline = time.monotonic() + 60
    for url in urls:
        while True:
            try:
                if requests.get(f"{url}/healthz", timeout=10).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):  # the worker is still loading the app
                pass
            assert time.monotonic() < deadline, "the app servers did not start"
            time.sleep(0.5)
    yield urls, env
    for process in processes:
        process.terminate()
        process.wait(timeout=30)


def csrf(session, url):
    session.get(url)
    return session.cookies.get("csrftoken")


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="one database for two servers: PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_app_servers_share_sessions_baskets_and_saved_goods(county, stories_index, servers):
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=5,
                  unit_price="68")
    (one, two), env = servers
    # The servers check passwords with production's hashers (the suite's own is a fast MD5).
    county.buyer.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    county.buyer.save(update_fields=["password"])
    buyer = requests.Session()  # one browser; the load balancer sends it to either server

    token = csrf(buyer, f"{one}/accounts/login/")
    signed_in = buyer.post(f"{one}/accounts/login/", data={
        "csrfmiddlewaretoken": token, "login-username": county.buyer.email, "login-password": PASSWORD,
        "login_submit": "1"}, headers={"Referer": f"{one}/accounts/login/"}, allow_redirects=False)
    assert signed_in.status_code == 302
    account = buyer.get(f"{two}/accounts/profile/", allow_redirects=False)
    assert account.status_code == 200 and county.buyer.email in account.text  # signed in there too

    token = csrf(buyer, f"{one}{county.honey.get_absolute_url()}")
    added = buyer.post(f"{one}/basket/add/{county.honey.pk}/", data={"csrfmiddlewaretoken": token, "quantity": "2"},
                       headers={"Referer": f"{one}{county.honey.get_absolute_url()}"}, allow_redirects=False)
    assert added.status_code == 302
    basket = buyer.get(f"{two}/basket/").text
    assert "新青村椴树蜂蜜" in basket and 'value="2"' in basket

    # Both servers have the product page in the shared cache; a process of the platform saves the
    # product (as the dashboard of either server would): the other server shows the new title at once.
    for url in (one, two):
        assert "新青村椴树蜂蜜" in requests.get(f"{url}{county.honey.get_absolute_url()}").text
    saved = subprocess.run([sys.executable, "manage.py", "shell", "-c",
                            "from oscar.core.loading import get_model; "
                            f"p = get_model('catalogue', 'Product').objects.get(pk={county.honey.pk}); "
                            "p.title = '新青村椴树蜂蜜（新蜜）'; p.save()"], cwd=ROOT, env=env, capture_output=True,
                           text=True, timeout=120)
    assert saved.returncode == 0, saved.stderr
    for url in (one, two):
        assert "新青村椴树蜂蜜（新蜜）" in requests.get(f"{url}{county.honey.get_absolute_url()}").text
