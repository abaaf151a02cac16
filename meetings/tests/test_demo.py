"""The demo data: two meetings with commitments at every status, once."""

from __future__ import annotations

import pytest

from core.demo_accounts import DEMO_USERS
from core.models import Territory
from core.roles import Role
from core.tests.factories import make_user
from meetings.demo import seed
from meetings.models import Commitment, Meeting

pytestmark = pytest.mark.django_db


def _demo_users():
    for username, _first, _last, role, departments in DEMO_USERS:
        make_user(username, Role(role), territories=list(Territory.objects.filter(code__in=departments, depth=1)))


def test_it_seeds_commitments_at_every_status_once(territories):
    _demo_users()
    seed()
    seed()
    statuses = sorted(set(Commitment.objects.values_list("status", flat=True)))
    assert (Meeting.objects.count(), statuses) == (2, ["cumplido", "en_curso", "pendiente", "vencido"])


def test_it_does_nothing_without_the_demo_users(territories):
    seed()
    assert not Meeting.objects.exists()
