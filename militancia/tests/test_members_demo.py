import io

import pytest

from militancia.demo import seed
from militancia.models import DuplicateCandidate, Member

pytestmark = pytest.mark.django_db


def test_the_demo_seed_is_realistic_and_idempotent(territories):
    seed(stdout=io.StringIO(), members=400)
    members = Member.objects.filter(source_ref="demo")
    assert members.count() >= 400
    assert members.values("territory__parent").distinct().count() >= 10  # spread over departments
    sample = members.exclude(search_name="").first()
    assert Member.objects.search(sample.search_name).filter(pk=sample.pk).exists()
    assert DuplicateCandidate.objects.exists()
    before = members.count()
    seed(stdout=io.StringIO(), members=400)
    assert Member.objects.filter(source_ref="demo").count() == before
