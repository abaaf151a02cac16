import pytest

from core.roles import Role
from core.tests.factories import make_user
from electoral.tests.factories import ElectionFactory, build_geography


@pytest.fixture
def secretary(territories):
    """Secretaría electoral, national scope."""
    return make_user("secretary", Role.ELECTORAL)


@pytest.fixture
def secretary2(territories):
    return make_user("secretary2", Role.ELECTORAL)


@pytest.fixture
def secretary3(territories):
    return make_user("secretary3", Role.ELECTORAL)


@pytest.fixture
def sec_antioquia(antioquia):
    """Secretaría electoral scoped to Antioquia."""
    return make_user("sec_antioquia", Role.ELECTORAL, territories=[antioquia])


@pytest.fixture
def geo(medellin, bogota):
    return build_geography(medellin, bogota)


@pytest.fixture
def election(territories):
    return ElectionFactory(name="Concejo 2027")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Member counts of the analysis are cached: each test starts without them."""
    from django.core.cache import cache

    cache.clear()
    yield
