import pytest

from core.models import Territory
from core.services import territories_load_divipola

pytestmark = pytest.mark.django_db


def test_it_loads_every_department_and_municipality(territories):
    assert Territory.objects.filter(kind=Territory.Kind.COUNTRY).count() == 1
    assert Territory.objects.departments().count() == 33
    assert Territory.objects.municipalities().count() == 1122


def test_it_is_idempotent(territories):
    before = list(Territory.objects.values_list("pk", "path", "name").order_by("pk"))
    result = territories_load_divipola()
    assert result["created"] == 0
    assert result["updated"] == 0
    assert list(Territory.objects.values_list("pk", "path", "name").order_by("pk")) == before


def test_it_keeps_leading_zeros_and_materialized_paths(medellin, antioquia):
    assert medellin.code == "05001"
    assert medellin.path == "CO/05/05001/"
    assert medellin.is_within(antioquia)
    assert medellin.label == "Medellín (Antioquia)"


def test_subtree_is_one_prefix_match(antioquia, bogota):
    subtree = Territory.objects.subtree([antioquia])
    assert subtree.filter(kind=Territory.Kind.MUNICIPALITY).count() == 125
    assert bogota not in subtree
    assert "LIKE" in str(subtree.query)
