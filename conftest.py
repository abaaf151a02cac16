"""Fixtures shared by the whole suite. Users follow healthchecks' convention:
alice (national administrator), bob (coordinator of Antioquia), charlie (coordinator of
Cundinamarca, the outsider for Antioquia's data), and one user per other role."""

import pytest
from django.core.cache import caches

from core.roles import Role
from core.tests.factories import ensure_territories, login, make_user, territory

# Browser fixtures (browser_context, browser_page) for every app's Playwright tests.
pytest_plugins = ["core.tests.browser"]


def _clear_own_keys(self) -> None:
    """Delete only this test process's keys (its KEY_PREFIX)."""
    client = self._cache.get_client(write=True)
    stale = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
    if stale:
        client.delete(*stale)


@pytest.fixture(autouse=True, scope="session")
def _cache_clear_stays_in_this_process():
    """Django's RedisCache.clear() is FLUSHDB: in one test process it emptied the other
    process's keys too (a rate-limit counter in the middle of its loop: the 21st request got
    200). The test processes share the Redis database, so in tests clear() deletes only this
    process's keys."""
    from django.core.cache.backends.redis import RedisCache

    original = RedisCache.clear
    RedisCache.clear = _clear_own_keys
    yield
    RedisCache.clear = original


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rate-limit counters and used challenge tokens of
    earlier tests in the same process must not leak in (a counter full at 10:59 and empty at
    11:00 made a test depend on the clock). Only this run's keys go: other test processes
    share the Redis database."""
    caches["default"].clear()


@pytest.fixture
def still_rate_limit_clock(monkeypatch):
    """django-ratelimit counts per fixed window (a clock minute or hour): a loop of requests that
    crosses a window edge is split in two and never reaches the limit. Hold its clock still, and
    keep its counter in the cache for the whole test: the counter's lifetime is the window in real
    seconds, which a slow loop on a loaded machine can outlast."""
    import types

    import django_ratelimit.core

    now = django_ratelimit.core.time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", types.SimpleNamespace(time=lambda: now))
    monkeypatch.setattr(django_ratelimit.core, "EXPIRATION_FUDGE", 3600)


@pytest.fixture
def territories(db):
    ensure_territories()


@pytest.fixture
def antioquia(territories):
    return territory("05")


@pytest.fixture
def cundinamarca(territories):
    return territory("25")


@pytest.fixture
def medellin(territories):
    return territory("05001")


@pytest.fixture
def bogota(territories):
    return territory("11001")


@pytest.fixture
def alice(db):
    return make_user("alice", Role.NATIONAL_ADMIN)


@pytest.fixture
def bob(antioquia):
    return make_user("bob", Role.REGIONAL_COORDINATOR, territories=[antioquia])


@pytest.fixture
def charlie(cundinamarca):
    return make_user("charlie", Role.REGIONAL_COORDINATOR, territories=[cundinamarca])


@pytest.fixture
def reader(db):
    return make_user("reader", Role.READ_ONLY)


@pytest.fixture
def nobody(db):
    """An authenticated user with no role."""
    return make_user("nobody")


@pytest.fixture
def login_as(client):
    def _login(user):
        login(client, user)
        return client

    return _login
