"""Pieces of published pages that every storefront page shows (the stories link, a village's
story on its product pages, the latest stories), cached under a version that moves whenever a
page is published, unpublished, moved or deleted (cms.receivers), so that none of them is stale for
longer than a cache round trip. The cache is Redis when REDIS_URL is set (shared by every app
server), else this process's memory, where CACHE_SECONDS bounds what another process changed."""

from django.core.cache import cache

from core.versions import Version

PAGES_VERSION = Version("cms:pages-version")
CACHE_SECONDS = 600


def pages_version() -> int:
    return PAGES_VERSION.current()


def cached(name: str, compute):
    """compute(), kept until the pages change; None results are kept too (no story yet). The
    value is kept with the version it was computed under, so that the key itself does not move
    and a page can read it together with the version (config.cache reads both in one round trip)."""
    version = pages_version()
    kept = cache.get(f"cms:{name}")
    if kept is not None and kept[0] == version:
        return kept[1]
    value = compute()
    cache.set(f"cms:{name}", (version, value), CACHE_SECONDS)
    return value
