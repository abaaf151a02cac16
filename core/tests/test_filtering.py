"""core.filtering.filter_by: only the filters the user filled in narrow the list."""

import pytest

from core.filtering import filter_by
from core.models import Territory
from core.tests.factories import ensure_territories

pytestmark = pytest.mark.django_db

LOOKUPS = {"name": "name__icontains", "kind": "kind"}


@pytest.fixture(autouse=True)
def _territories():
    ensure_territories()


def test_empty_filters_leave_the_list_whole():
    everything = Territory.objects.all()

    assert filter_by(everything, {"name": "", "kind": None}, LOOKUPS).count() == everything.count()


def test_each_filled_filter_applies_its_lookup():
    found = filter_by(Territory.objects.all(), {"name": "medell", "kind": Territory.Kind.MUNICIPALITY}, LOOKUPS)

    assert list(found.values_list("code", flat=True)) == ["05001"]


def test_filters_without_a_lookup_are_ignored():
    everything = Territory.objects.all()

    assert filter_by(everything, {"page": "3"}, LOOKUPS).count() == everything.count()
