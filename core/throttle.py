"""Counting tries in a window, in the shared cache: every try counts before it is answered, so a
burst of parallel tries cannot slip past a check made before counting. Share the cache between
app servers (REDIS_URL) in production, or each one counts alone."""

import time

from django.core.cache import cache


def count_try(key: str, *, window: int) -> int:
    """Count one try under `key`; returns the tries in the current window, this one included."""
    if cache.add(key, 0, window):
        cache.set(f"{key}:since", time.time(), window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        cache.set(f"{key}:since", time.time(), window)
        return 1


def tries(key: str) -> int:
    """The tries counted under `key` in the current window."""
    return cache.get(key) or 0


def seconds_left(key: str, *, window: int) -> int:
    """Seconds until the window of `key` ends, at least a minute (the whole window if unknown)."""
    since = cache.get(f"{key}:since")
    return window if since is None else max(60, int(since + window - time.time()))
