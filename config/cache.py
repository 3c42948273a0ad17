"""Django's cache backends, each value read at most once per request.

A storefront page reads the same handful of keys from several places (the catalogue, timetable
and pages versions, the header's chips, the nearest province): on Redis each read is a network
round trip. While a request is served (config.middleware.CacheMemoMiddleware) the backend remembers
what it read or wrote, and the middleware asks for the keys every page reads in one get_many.
Outside a request (commands, tasks) it is the plain backend. A write in the request updates what
it remembers; a write by another process is seen by the next request.

Redis that cannot be reached degrades the cache, it does not break the site: every command then
answers as a cache that holds nothing (a read misses, a write is dropped), without waiting for
Redis again for `RETRY_SECONDS` after a failure; then the next command tries it again, and the
site is back on its cache by itself. Keys written while Redis was away are deleted when it is
back, so that nothing stale (a session saved meanwhile to the database) is read from it.
"""

from __future__ import annotations

import logging
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

_memo: ContextVar[dict | None] = ContextVar("cache_memo", default=None)
_MISSING = object()
logger = logging.getLogger(__name__)
RETRY_SECONDS = 5
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


@contextmanager
def memo_per_request():
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


class MemoMixin:
    def _memo_key(self, key, version):
        # Per backend instance (two caches may hold the same key); the backend validates the key
        # when it asks.
        return id(self), self.make_key(key, version=version)

    def get(self, key, default=None, version=None):
        memo = _memo.get()
        if memo is None:
            return super().get(key, default, version)
        k = self._memo_key(key, version)
        if k in memo:
            value = memo[k]
        else:
            value = memo[k] = super().get(key, _MISSING, version)
        return default if value is _MISSING else value

    def get_many(self, keys, version=None):
        memo = _memo.get()
        if memo is None:
            return super().get_many(keys, version)
        keys = list(keys)
        wanted = [key for key in keys if self._memo_key(key, version) not in memo]
        found = super().get_many(wanted, version) if wanted else {}
        for key in wanted:
            memo[self._memo_key(key, version)] = found.get(key, _MISSING)
        out = {}
        for key in keys:
            value = memo[self._memo_key(key, version)]
            if value is not _MISSING:
                out[key] = value
        return out

    def _remember(self, key, value, version):
        memo = _memo.get()
        if memo is not None:
            memo[self._memo_key(key, version)] = value

    def _forget(self, key, version):
        memo = _memo.get()
        if memo is not None:
            memo.pop(self._memo_key(key, version), None)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        result = super().set(key, value, timeout, version)
        self._remember(key, value, version)
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        added = super().add(key, value, timeout, version)
        if added:
            self._remember(key, value, version)
        else:  # another value is there already: read it when asked
            self._forget(key, version)
        return added

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        failed = super().set_many(data, timeout, version)
        for key, value in data.items():
            self._remember(key, value, version)
        for key in failed or ():
            self._forget(key, version)
        return failed

    def delete(self, key, version=None):
        self._forget(key, version)
        return super().delete(key, version)

    def delete_many(self, keys, version=None):
        keys = list(keys)
        for key in keys:
            self._forget(key, version)
        return super().delete_many(keys, version)

    def incr(self, key, delta=1, version=None):
        self._forget(key, version)
        return super().incr(key, delta, version)

    def decr(self, key, delta=1, version=None):
        self._forget(key, version)
        return super().decr(key, delta, version)

    def clear(self):
        memo = _memo.get()
        if memo is not None:
            for key in [key for key in memo if key[0] == id(self)]:
                del memo[key]
        return super().clear()


class ReusedClients(RedisCacheClient):
    """Django's Redis client makes a new redis.Redis (and its table of 80 reply parsers) for every
    command; one per connection pool serves as well (redis-py's clients are thread-safe).

    It also degrades when Redis cannot be reached (see the module's docstring)."""

    _down_until = 0.0
    _lock = threading.Lock()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._missed: set = set()  # keys written while Redis was away

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = getattr(pool, "_django_client", None)
        if client is None:
            client = pool._django_client = self._client(connection_pool=pool)
        return client

    def _call(self, name, fallback, *args, written=(), **kwargs):
        if time.monotonic() < self._down_until:
            self._missed.update(written)
            return fallback
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except UNREACHABLE as exc:
            with self._lock:
                if time.monotonic() >= self._down_until:
                    logger.warning("cache.redis_unreachable", extra={"error": str(exc)[:200]})
                self._down_until = time.monotonic() + RETRY_SECONDS
                self._missed.update(written)
            return fallback
        if self._missed:
            missed, self._missed = self._missed, set()
            self._call("delete_many", None, list(missed), written=list(missed))
            logger.warning("cache.redis_back", extra={"stale_keys": len(missed)})
        return result

    def get(self, key, default):
        return self._call("get", default, key, default)

    def get_many(self, keys):
        return self._call("get_many", {}, keys)

    def set(self, key, value, timeout):
        return self._call("set", None, key, value, timeout, written=[key])

    def add(self, key, value, timeout):
        return self._call("add", False, key, value, timeout, written=[key])

    def touch(self, key, timeout):
        return self._call("touch", False, key, timeout)

    def set_many(self, data, timeout):
        return self._call("set_many", None, data, timeout, written=list(data))

    def delete(self, key):
        return self._call("delete", False, key, written=[key])

    def delete_many(self, keys):
        return self._call("delete_many", None, keys, written=list(keys))

    def has_key(self, key):
        return self._call("has_key", False, key)

    def incr(self, key, delta):
        result = self._call("incr", _MISSING, key, delta, written=[key])
        if result is _MISSING:
            raise ValueError("Key not found (the cache is unreachable)")
        return result

    def clear(self):
        return self._call("clear", False)


class MemoRedisCache(MemoMixin, RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients


class DegradingRedisCache(RedisCache):
    """Django's Redis cache, degrading when Redis is away (the sessions' cache)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients


class MemoLocMemCache(MemoMixin, LocMemCache):
    pass
