import pytest

from campaigns.tests.factories import make_campaign, make_contact, make_list, make_turf
from core.roles import Role
from core.tests.factories import make_user
from electoral.tests.factories import build_geography


@pytest.fixture
def geo(medellin, bogota):
    return build_geography(medellin, bogota)


@pytest.fixture
def place(geo):
    return geo["places"]["05001-P1"]


@pytest.fixture
def volunteer(antioquia):
    """A field volunteer of Antioquia."""
    return make_user("vol_antioquia", Role.FIELD_VOLUNTEER, territories=[antioquia])


@pytest.fixture
def other_volunteer(antioquia):
    return make_user("vol_otro", Role.FIELD_VOLUNTEER, territories=[antioquia])


@pytest.fixture
def campaign(antioquia):
    return make_campaign(antioquia)


@pytest.fixture
def turf(campaign, medellin, place):
    return make_turf(campaign, medellin, place, target_count=10)


@pytest.fixture
def contacts(medellin, place):
    return [make_contact(medellin, place) for _ in range(3)]


@pytest.fixture
def walk_list(turf, contacts, volunteer):
    return make_list(turf, contacts, volunteer)
