"""Pieces of published pages that every storefront page shows (the stories link, a village's
story on its product pages, the latest stories), cached under a version that moves whenever a
page is published, unpublished, moved or deleted (cms.apps), so that none of them is stale for
longer than a cache round trip. The cache is Redis when REDIS_URL is set (shared by every app
server), else this process's memory, where CACHE_SECONDS bounds what another process changed."""

import time

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "cms:pages-version"
CACHE_SECONDS = 600


def pages_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.set(VERSION_KEY, version, None)
    return version


def cached(name: str, compute):
    """compute(), kept until the pages change; None results are kept too (no story yet). The
    value is kept with the version it was computed under, so that the key itself does not move
    and a page can read it together with the version (shop.cache reads both in one round trip)."""
    version = pages_version()
    kept = cache.get(f"cms:{name}")
    if kept is not None and kept[0] == version:
        return kept[1]
    value = compute()
    cache.set(f"cms:{name}", (version, value), CACHE_SECONDS)
    return value


def forget_pages(**kwargs) -> None:
    # Now, for this transaction's own reads, and again when it commits: what another request kept
    # in between was read without the uncommitted change.
    def bump():
        cache.set(VERSION_KEY, time.time_ns(), None)

    bump()
    transaction.on_commit(bump)
