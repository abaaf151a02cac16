import pytest

from carnets.tests.factories import CardDesignFactory
from core.roles import Role
from core.tests.factories import make_user
from militancia.tests.factories import MemberFactory


@pytest.fixture
def design(db):
    return CardDesignFactory()


@pytest.fixture
def carla(db):
    """Card team, national scope."""
    return make_user("carla", Role.CARDS)


@pytest.fixture
def member_antioquia(medellin):
    return MemberFactory(territory=medellin)


@pytest.fixture
def member_bogota(bogota):
    return MemberFactory(territory=bogota)
