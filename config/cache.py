"""Django's cache backends, each value read at most once per request.

A storefront page reads the same handful of keys from several places (the catalogue, timetable
and pages versions, the header's chips, the nearest province): on Redis each read is a network
round trip. While a request is served (config.middleware.CacheMemoMiddleware) the backend remembers
what it read or wrote, and the middleware asks for the keys every page reads in one get_many.
Outside a request (commands, tasks) it is the plain backend. A write in the request updates what
it remembers; a write by another process is seen by the next request.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

_memo: ContextVar[dict | None] = ContextVar("cache_memo", default=None)
_MISSING = object()


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
    command; one per connection pool serves as well (redis-py's clients are thread-safe)."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = getattr(pool, "_django_client", None)
        if client is None:
            client = pool._django_client = self._client(connection_pool=pool)
        return client


class MemoRedisCache(MemoMixin, RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients


class MemoLocMemCache(MemoMixin, LocMemCache):
    pass
