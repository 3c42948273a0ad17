"""Benchmark the pages people use most: queries per request and time per request.

Run on the demo county (`make demo` first, or `DEBUG=1 python manage.py load_demo`):

    make bench            # or: DEBUG=1 .venv/bin/python tools/benchmark_pages.py [--repeat 20]

It uses Django's test client in-process (no network), so the numbers are the application's own
cost: the first request of each page also pays for thumbnails and caches, and is reported apart.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from oscar.core.loading import get_model  # noqa: E402


def pages():
    Product = get_model("catalogue", "Product")
    product = Product.objects.filter(origin_village__name="新青村").order_by("pk").first()
    User = get_user_model()
    return [
        ("home", None, "/"),
        ("catalogue", None, "/catalogue/"),
        ("product", None, product.get_absolute_url()),
        ("village story", None, "/stories/xinqing/"),
        ("search 蜂蜜", None, "/search/?q=蜂蜜"),
        ("cadre households", User.objects.get(username="cadre"), "/cadre/"),
        ("hub runs", User.objects.get(username="hub"), "/dashboard/logistics/runs/"),
        ("supply lots", User.objects.get(username="coordinator"), "/dashboard/supply/"),
    ]


def measure(client, url, repeat):
    with CaptureQueriesContext(connection) as first_queries:
        start = time.perf_counter()
        response = client.get(url)
        first = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    times, queries = [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - start)
        queries.append(len(captured))
    return len(first_queries), first, max(queries), statistics.median(times), statistics.quantiles(times, n=20)[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    print(f"{'page':<18} {'queries':>7} {'median ms':>10} {'p95 ms':>8}   first: {'queries':>7} {'ms':>7}")
    for name, user, url in pages():
        client = Client()
        if user is not None:
            client.force_login(user)
        q_first, t_first, q, median, p95 = measure(client, url, args.repeat)
        print(f"{name:<18} {q:>7} {median * 1000:>10.1f} {p95 * 1000:>8.1f}   "
              f"first: {q_first:>7} {t_first * 1000:>7.1f}")
    search_words(args.repeat)


def search_words(repeat):
    """The words buyers use (tools/bench_compare.py's list): hits, queries and median ms of /search/."""
    from catalog.searching import ranked_ids, within
    from tools.bench_compare import SEARCH_WORDS

    Product = get_model("catalogue", "Product")
    print(f"\n{'search':<18} {'hits':>7} {'queries':>7} {'median ms':>10}")
    client = Client()
    for word in SEARCH_WORDS:
        _q_first, _t_first, q, median, _p95 = measure(client, f"/search/?q={word}", repeat)
        browsable = Product.objects.browsable()
        hits = within(browsable, ranked_ids(word, among=browsable)).count()
        print(f"{word:<18} {hits:>7} {q:>7} {median * 1000:>10.1f}")


if __name__ == "__main__":
    main()
