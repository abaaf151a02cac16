"""Test processes share one Redis database: clearing the cache in one must not empty another's."""

from django.core.cache import cache


def test_clearing_the_cache_keeps_other_processes_keys():
    client = cache._cache.get_client(write=True)
    client.set("another-test-process:1:rate-limit-counter", 7)
    cache.set("mine", 1)
    try:
        cache.clear()
        assert cache.get("mine") is None
        assert client.get("another-test-process:1:rate-limit-counter") == b"7"
    finally:
        client.delete("another-test-process:1:rate-limit-counter")
