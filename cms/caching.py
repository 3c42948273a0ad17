"""Pieces of published pages that every storefront page shows (the stories link, a village's
story on its product pages, the latest stories), cached under a version that moves whenever a
page is published, unpublished, moved or deleted (cms.apps), so that none of them is stale for
longer than a cache round trip. The cache is Redis when REDIS_URL is set (shared by every app
server), else this process's memory, where CACHE_SECONDS bounds what another process changed."""

import time

from django.core.cache import cache

VERSION_KEY = "cms:pages-version"
CACHE_SECONDS = 600


def pages_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.set(VERSION_KEY, version, None)
    return version


def cached(name: str, compute):
    """compute(), kept until the pages change; None results are kept too (no story yet)."""
    key = f"cms:{name}:{pages_version()}"
    hit = cache.get(key, default=cache)  # the cache object itself marks a miss
    if hit is cache:
        hit = compute()
        cache.set(key, hit, CACHE_SECONDS)
    return hit


def forget_pages(**kwargs) -> None:
    cache.set(VERSION_KEY, time.time_ns(), None)
