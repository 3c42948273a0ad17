"""A page asks the shared cache (Redis) for each value at most once, and for what every page reads
in one round trip; what a request writes it reads back, and another server's write is seen by the
next request. Against the Redis server CI runs (127.0.0.1:6379), in a database of its own."""

import pytest

from config.cache import MemoRedisCache, memo_per_request
from tests.plugins.redis import REDIS_TESTS_URL


@pytest.fixture
def redis_cache():
    backend = MemoRedisCache(REDIS_TESTS_URL, {})
    backend.clear()
    yield backend
    backend.clear()


def test_a_request_asks_for_each_value_once(redis_cache, round_trips):
    redis_cache.set("honey-price", 98)
    round_trips.clear()
    with memo_per_request():
        assert [redis_cache.get("honey-price") for _ in range(3)] == [98, 98, 98]
        assert redis_cache.get("no-such-key", "none") == "none"
        assert redis_cache.get("no-such-key") is None  # a miss is remembered too
        assert redis_cache.get_many(["honey-price", "crab-price"]) == {"honey-price": 98}
    assert [command for command, _keys in round_trips] == ["get", "get", "get_many"]
    assert list(round_trips[2][1]) == [redis_cache.make_key("crab-price")]  # only what it had not read


def test_what_a_request_writes_it_reads_back(redis_cache):
    with memo_per_request():
        assert redis_cache.get("version") is None
        redis_cache.set("version", 2)
        assert redis_cache.get("version") == 2
        assert redis_cache.add("version", 3) is False and redis_cache.get("version") == 2
        assert redis_cache.get_or_set("chips", lambda: ["蜂蜜"]) == ["蜂蜜"]
        assert redis_cache.get("chips") == ["蜂蜜"]
        redis_cache.delete("version")
        assert redis_cache.get("version") is None
        redis_cache.set("count", 1)
        assert redis_cache.incr("count") == 2 and redis_cache.get("count") == 2


def test_another_servers_write_is_seen_by_the_next_request(redis_cache):
    other_server = MemoRedisCache(REDIS_TESTS_URL, {})
    redis_cache.set("version", 1)
    with memo_per_request():
        assert redis_cache.get("version") == 1
        with memo_per_request():  # the other server's request, at the same time
            other_server.set("version", 2)
        assert redis_cache.get("version") == 1  # one request sees one catalogue
    with memo_per_request():
        assert redis_cache.get("version") == 2
    assert redis_cache.get("version") == 2  # outside a request: no memory at all


def test_two_caches_do_not_share_what_they_remember(redis_cache):
    other = MemoRedisCache(REDIS_TESTS_URL, {"KEY_PREFIX": "other"})
    with memo_per_request():
        redis_cache.set("k", "default's")
        other.set("k", "other's")
        assert (redis_cache.get("k"), other.get("k")) == ("default's", "other's")
