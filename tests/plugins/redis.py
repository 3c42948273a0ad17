"""The shared cache on the Redis server CI runs, and a spy on the commands a page sends it."""

import os

import pytest

# The Redis server CI runs (127.0.0.1:6379); tests use a database of their own on it.
REDIS_TESTS_URL = os.environ.get("REDIS_TESTS_URL", "redis://127.0.0.1:6379/15")
REDIS_COMMANDS = ("get", "get_many", "set", "set_many", "add", "delete", "delete_many", "incr")


@pytest.fixture
def round_trips(monkeypatch):
    """The commands sent to Redis, as (command, keys)."""
    from config.cache import ReusedClients

    sent = []
    for name in REDIS_COMMANDS:
        original = getattr(ReusedClients, name)

        def spy(self, *args, _original=original, _name=name, **kwargs):
            sent.append((_name, args[0]))
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(ReusedClients, name, spy)
    return sent


@pytest.fixture
def shop_on_redis(round_trips):
    """The shop's cache on Redis, as in production (the suite's default is this process's memory)."""
    from django.core.cache import cache
    from django.test import override_settings

    with override_settings(CACHES={"default": {"BACKEND": "config.cache.MemoRedisCache", "LOCATION": REDIS_TESTS_URL}}):
        cache.clear()
        yield
        cache.clear()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the category links, page pieces and provinces)."""
    from django.core.cache import cache

    cache.clear()
    yield


class OwnRedis:
    """A redis-server of the test's own on a free loopback port, which the test may stop and start."""

    def __init__(self, tmp_path):
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.dir = tmp_path
        self.process = None

    def start(self):
        import subprocess
        import time

        import redis

        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.dir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                redis.Redis.from_url(self.url).ping()
                return self
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@pytest.fixture
def own_redis(tmp_path):
    server = OwnRedis(tmp_path).start()
    yield server
    server.stop()
